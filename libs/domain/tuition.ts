/**
 * 金秋助学 (tuition aid): the yearly application window, the school year an application counts in,
 * and the amount by school level — all from policy. Once per child per school year is enforced by a
 * unique index on (household member, school year) (libs/tuition); this file says which school year.
 *
 * Pure and deterministic: imported by Temporal workflow code (no I/O, no Node built-ins).
 */
import type { TuitionPolicy } from './campaign-policy';

export interface TuitionWindow {
  /** First and last day of this year's window (China dates, inclusive). */
  from: string;
  to: string;
  open: boolean;
  /** The school year an application in this window counts in, e.g. "2027-2028". */
  schoolYear: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The window of the year of `today` (a China date YYYY-MM-DD) and whether `today` lies in it. */
export function tuitionWindow(policy: TuitionPolicy, today: string): TuitionWindow {
  const year = Number(today.slice(0, 4));
  const w = policy.window;
  const from = `${year}-${pad(w.fromMonth)}-${pad(w.fromDay)}`;
  const to = `${year}-${pad(w.toMonth)}-${pad(w.toDay)}`;
  return { from, to, open: today >= from && today <= to, schoolYear: `${year}-${year + 1}` };
}

/** The amount for a school level, or null when the policy has no such level. */
export function tuitionAmount(policy: TuitionPolicy, level: string): number | null {
  return policy.levels.find((l) => l.code === level)?.amountFen ?? null;
}
