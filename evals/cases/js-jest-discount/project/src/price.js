/** The price after a percentage discount (10 means 10% off). */
function applyDiscount(price, percent) {
  return price - percent;
}

module.exports = { applyDiscount };
