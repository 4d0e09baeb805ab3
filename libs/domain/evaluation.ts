/**
 * Effect evaluation (帮扶效果评估): the arithmetic of the figures. Per file: per-capita monthly
 * income (the income window's total ÷ its 12 months ÷ household members, rounded down to the fen),
 * whole months from activation to exit. Per group (unit, category, cause): averages and ratios of
 * the sums the SQL computes set-based (libs/evaluation/evaluation.sql.ts).
 *
 * Pure and deterministic (no I/O).
 */
import { INCOME_WINDOW_MONTHS } from './income-window';

export const EVALUATION_GROUPINGS = ['unit', 'category', 'cause'] as const;
export type EvaluationGrouping = (typeof EVALUATION_GROUPINGS)[number];

/** Per-capita monthly income in fen: the window's total ÷ 12 months ÷ members, rounded down. */
export function perCapitaMonthlyFen(windowTotalFen: number, members: number): number {
  if (members <= 0) return 0;
  return Math.floor(windowTotalFen / INCOME_WINDOW_MONTHS / members);
}

/** The same figure in SQL (integer division of non-negative integers rounds down). */
export function perCapitaMonthlySql(windowTotalFen: string, members: string): string {
  return `(CASE WHEN ${members} > 0 THEN (${windowTotalFen}) / (${INCOME_WINDOW_MONTHS} * ${members}) ELSE 0 END)`;
}

/** Whole months from `from` to `to` (China dates): 2026-01-31 → 2026-02-28 is 0, → 2026-03-31 is 2. */
export function wholeMonthsBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = to.split('-').map(Number) as [number, number, number];
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

/** The same figure in SQL for two `date` expressions (PostgreSQL's age() counts whole months alike). */
export function wholeMonthsBetweenSql(from: string, to: string): string {
  return `(extract(year FROM age(${to}, ${from})) * 12 + extract(month FROM age(${to}, ${from})))::int`;
}

/** A mean of integer fen, rounded half up to the fen; null when there is nothing to average. */
export function meanFen(sumFen: number, n: number): number | null {
  if (n <= 0) return null;
  return Math.floor((sumFen * 2 + n) / (2 * n));
}

/** A mean to one decimal (months to exit), rounded half up; null when there is nothing to average. */
export function meanTenths(sum: number, n: number): number | null {
  if (n <= 0) return null;
  return Math.floor((sum * 20 + n) / (2 * n)) / 10;
}

/** The sums the SQL returns for a group of evaluated files. */
export interface EvaluationSums {
  /** Evaluated files (the latest evaluation of each file in the year). */
  files: number;
  households: number;
  exits: number;
  relapses: number;
  incomeBeforeSumFen: number;
  incomeAfterSumFen: number;
  monthsToExitSum: number;
  measuresTotal: number;
  measuresDone: number;
  jobsFound: number;
  keptInSchool: number;
  aidFen: number;
  /** Aid paid to the households of the exited files. */
  aidExitedFen: number;
}

export interface EvaluationFigures extends EvaluationSums {
  avgIncomeBeforeFen: number | null;
  avgIncomeAfterFen: number | null;
  /** Average per-capita income change, after − before. */
  avgIncomeChangeFen: number | null;
  avgMonthsToExit: number | null;
  /** Relapses per exit, in percent with one decimal. */
  relapseRatePercent: number | null;
  aidPerHouseholdFen: number | null;
  aidPerExitFen: number | null;
}

/** A group's figures from its sums. */
export function evaluationFigures(s: EvaluationSums): EvaluationFigures {
  const before = meanFen(s.incomeBeforeSumFen, s.files);
  const after = meanFen(s.incomeAfterSumFen, s.files);
  return {
    ...s,
    avgIncomeBeforeFen: before,
    avgIncomeAfterFen: after,
    avgIncomeChangeFen: meanFen(s.incomeAfterSumFen - s.incomeBeforeSumFen, s.files),
    avgMonthsToExit: meanTenths(s.monthsToExitSum, s.exits),
    relapseRatePercent: meanTenths(s.relapses * 100, s.exits),
    aidPerHouseholdFen: meanFen(s.aidFen, s.households),
    aidPerExitFen: meanFen(s.aidExitedFen, s.exits),
  };
}

/** Whether the yearly evaluation of active files is due on `date` (China): from the policy's month on. */
export function annualEvaluationDue(date: string, annualMonth: number): boolean {
  return Number(date.slice(5, 7)) >= annualMonth;
}
