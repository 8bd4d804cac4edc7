/** The name to show: the profile's nickname when there is one, else the account name. */
export function displayName(user) {
  return user.profile.nickname || user.name;
}
