export function displayName(customer) {
  return customer.company ? `${customer.company} (${customer.name})` : customer.name;
}
