import type { LoanStatus } from '../libs/domain/loan';
import type { LoanInput } from './loan/definitions';
import { LoanRun } from './loan/run';

export {
  collectionHoldChangedSignal,
  loanRecordedUpdate,
  loanRequestUpdate,
  loanStateQuery,
  repaymentSignal,
  type LoanCarry,
  type LoanInput,
  type LoanRequest,
  type LoanRequestKind,
  type LoanState,
} from './loan/definitions';

/**
 * Interest-free loan (`loan:<loanId>`): approval stages routed by amount (four-eyes, reminders and
 * escalation) → funds reserved at the final approval → finance disburses (one ledger entry, schedule
 * version 1) → servicing: reminders before each due date, due dates checked against the ledger
 * (partial payments applied oldest first), the overdue ladder (notice, visit, escalation, default
 * with a write-off proposal), collection paused while the borrower is in hospital or has a pending
 * aid case, reschedule / write-off / early repayment through approvals → repaid or written off.
 *
 * A run continued as new carries the loan's plan and goes straight to servicing. The steps live in
 * workflows/loan/run.ts (LoanRun); the events servicing waits for in workflows/loan/events.ts.
 */
export async function loanWorkflow(input: LoanInput): Promise<{ status: LoanStatus }> {
  const loan = new LoanRun(input);
  if (!loan.plan) {
    const ended = await loan.applyAndApprove();
    if (ended) return ended;
    await loan.disburse();
  }
  return loan.service();
}
