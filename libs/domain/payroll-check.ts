/**
 * HR payroll cross-check (多部门联合审核): HR shares each member's monthly payroll income with the
 * union. A file whose declared household income is below the payroll income of its own members by
 * more than the policy's threshold gets a discrepancy flag, and the next re-assessment opens a
 * re-check visit for it.
 *
 * The months compared are the complete months of the income window (the 12 complete months before
 * the check) for which HR sent payroll for at least one member of the household; the declared
 * income is the household's recorded income of those same months.
 *
 * Pure: the payroll import's set-based SQL (libs/hr-imports/hr-imports.sql.ts) applies the same
 * comparison with integers (100 × gap > percent × payroll).
 */
import type { HrCrossCheckPolicy } from './policy-types';

export interface PayrollComparison {
  /** Months compared (payroll present for a member). */
  months: number;
  /** Household income declared for those months (fen). */
  declaredFen: number;
  /** Payroll income of the household's members for those months (fen). */
  payrollFen: number;
}

/** True when the declared income is below the payroll by more than the threshold. */
export function isPayrollDiscrepancy(c: PayrollComparison, policy: HrCrossCheckPolicy): boolean {
  if (c.months <= 0 || c.payrollFen <= 0) return false;
  const gap = c.payrollFen - c.declaredFen;
  return 100 * gap > policy.gapThresholdPercent * c.payrollFen;
}
