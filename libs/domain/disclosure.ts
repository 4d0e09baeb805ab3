/**
 * Public disclosure (公开): how a recipient's name is shown on a notice (张*明: the first and last
 * characters kept, the rest masked; two-character names keep the first: 李*), and the dates of a
 * quarter. No ID numbers are ever part of a disclosure.
 *
 * Pure and deterministic (no I/O).
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.length ? '*' : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** First and last day of a quarter (China dates). */
export function quarterDates(year: number, quarter: 1 | 2 | 3 | 4): { from: string; to: string } {
  const first = (quarter - 1) * 3 + 1;
  const last = first + 2;
  const days = new Date(Date.UTC(year, last, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(days)}` };
}
