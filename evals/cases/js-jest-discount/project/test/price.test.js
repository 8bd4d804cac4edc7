const { applyDiscount } = require('../src/price');

describe('applyDiscount', () => {
  it('keeps the price without a discount', () => {
    expect(applyDiscount(200, 0)).toBe(200);
  });

  it('takes a percentage off (10 means 10%)', () => {
    expect(applyDiscount(200, 10)).toBe(180);
  });
});
