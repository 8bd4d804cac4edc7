/** The cart's total: each line's price times its quantity. */
export function total(lines) {
  return lines.reduce((sum, line) => sum + line.price, 0);
}
