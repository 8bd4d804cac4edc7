import { monthName } from '../src/dates';

describe('monthName', () => {
  it('names January', () => {
    expect(monthName(new Date(2026, 0, 15))).toBe('January');
  });

  it('names December', () => {
    expect(monthName(new Date(2026, 11, 1))).toBe('December');
  });
});
