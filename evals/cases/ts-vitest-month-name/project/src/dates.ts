const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The English name of a date's month. */
export function monthName(date: Date): string {
  return MONTHS[date.getMonth() + 1] ?? 'unknown';
}
