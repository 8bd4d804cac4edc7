import { total } from '../src/cart.js';

describe('total', () => {
  it('is 0 for an empty cart', () => {
    expect(total([])).toBe(0);
  });

  it('multiplies price by quantity', () => {
    expect(total([{ price: 2, qty: 3 }, { price: 1, qty: 1 }])).toBe(7);
  });
});
