/**
 * The income window (收入统计期) a household's annual income is summed over: the 12 complete calendar
 * months before the assessment date, counted in China Standard Time. The month the assessment falls in
 * is never counted (it has no complete data yet). File registration, the category preview and the
 * quarterly re-assessment all use this one definition: TypeScript callers through `incomeWindow`,
 * SQL through `incomeWindowSql` (the same bounds computed from a timestamptz expression). Expenses are
 * recorded by year; the year that counts with a window is the year of its last month (an assessment
 * in January counts last year's expenses with last year's twelve months).
 *
 * Pure and deterministic: no I/O, no Node built-ins.
 */
import { chinaDate } from './calendar';

/** How many complete months the window holds. */
export const INCOME_WINDOW_MONTHS = 12;

export interface IncomeWindow {
  /** First month counted, 'YYYY-MM' (inclusive). */
  fromMonth: string;
  /** Last month counted, 'YYYY-MM' (inclusive): the month before the assessment date's month. */
  toMonth: string;
  /** Every month counted, oldest first. */
  months: string[];
  /** The year whose expenses (by year) count with this window: the year of its last month. */
  expenseYear: number;
}

function monthIndex(yyyyMm: string): number {
  return Number(yyyyMm.slice(0, 4)) * 12 + Number(yyyyMm.slice(5, 7)) - 1;
}

function monthOf(index: number): string {
  const y = Math.floor(index / 12);
  return `${String(y).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The 12 complete months before `asOf` (China time): asOf 2027-01-15 → 2026-01 … 2026-12. */
export function incomeWindow(asOf: Date): IncomeWindow {
  const current = monthIndex(chinaDate(asOf).slice(0, 7));
  const months = Array.from({ length: INCOME_WINDOW_MONTHS }, (_, i) =>
    monthOf(current - INCOME_WINDOW_MONTHS + i),
  );
  const toMonth = months[months.length - 1]!;
  return { fromMonth: months[0]!, toMonth, months, expenseYear: Number(toMonth.slice(0, 4)) };
}

/** Whether a month ('YYYY-MM' or a 'YYYY-MM-DD' first day) lies in the window. */
export function inIncomeWindow(window: IncomeWindow, month: string): boolean {
  const m = month.slice(0, 7);
  return m >= window.fromMonth && m <= window.toMonth;
}

/**
 * The same window as SQL over a `date` column holding first days of months: `fromDay <= month < toDay`,
 * where `asOf` is an SQL timestamptz expression (a parameter such as `$4::timestamptz` or `now()`).
 */
export function incomeWindowSql(asOf: string): { fromDay: string; toDay: string; expenseYear: string } {
  const thisMonth = `date_trunc('month', (${asOf}) AT TIME ZONE 'Asia/Shanghai')`;
  return {
    fromDay: `(${thisMonth} - interval '${INCOME_WINDOW_MONTHS} months')::date`,
    toDay: `${thisMonth}::date`,
    expenseYear: `extract(year FROM ${thisMonth} - interval '1 month')::int`,
  };
}
