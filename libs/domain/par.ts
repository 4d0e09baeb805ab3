/**
 * Portfolio at risk (PAR): the outstanding principal of loans with an instalment overdue more than
 * N days, as a share of all outstanding principal. PAR1 counts every loan overdue at all, PAR30 those
 * overdue more than 30 days, PAR90 more than 90 days. Read from the aging buckets (loan.ts).
 *
 * Pure: no I/O.
 */
import type { AgingBucket } from './loan';

export const PAR_THRESHOLDS = [1, 30, 90] as const;
export type ParDays = (typeof PAR_THRESHOLDS)[number];

/** The buckets whose loans are overdue more than `days` (PAR1: at least one day). */
const AT_RISK: Record<ParDays, readonly AgingBucket[]> = {
  1: ['1-30', '31-60', '61-90', '90+'],
  30: ['31-60', '61-90', '90+'],
  90: ['90+'],
};

export interface ParFigure {
  days: ParDays;
  loans: number;
  outstandingFen: number;
  /** Share of all outstanding, in percent with two decimals (integer arithmetic on fen). */
  percent: number;
}

export function portfolioAtRisk(
  buckets: ReadonlyArray<{ bucket: AgingBucket; loans: number; outstandingFen: number }>,
): ParFigure[] {
  const total = buckets.reduce((n, b) => n + b.outstandingFen, 0);
  return PAR_THRESHOLDS.map((days) => {
    const at = buckets.filter((b) => AT_RISK[days].includes(b.bucket));
    const fen = at.reduce((n, b) => n + b.outstandingFen, 0);
    return {
      days,
      loans: at.reduce((n, b) => n + b.loans, 0),
      outstandingFen: fen,
      percent: total === 0 ? 0 : Math.round((fen * 10_000) / total) / 100,
    };
  });
}
