/**
 * An error the user must fix (bad input, missing permission, expired logs).
 * Its message says what failed, the value, and what to do.
 */
export class UserError extends Error {
  override name = 'UserError';
}
