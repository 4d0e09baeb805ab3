import type { LoansRepository, LoanSubmission } from '../libs/loans/loans.repository';
import type { LoanScheduleRepository } from '../libs/loans/schedule.repository';
import type { LoanServicingRepository } from '../libs/loans/servicing.repository';

/** Loan activities: thin wrappers over the loan repositories (which hold the idempotent writes). */
export function createLoanActivities({
  loans,
  schedule,
  servicing,
}: {
  loans: LoansRepository;
  schedule: LoanScheduleRepository;
  servicing: LoanServicingRepository;
}) {
  return {
    recordLoanSubmitted: (s: LoanSubmission) => loans.recordSubmitted(s),
    async setLoanStatus(c: Parameters<LoansRepository['recordStatus']>[0]): Promise<void> {
      await loans.recordStatus(c);
    },
    reserveLoanFunds: (r: Parameters<LoansRepository['reserveFunds']>[0]) => loans.reserveFunds(r),
    releaseLoanFunds: (r: { loanId: string; workflowId: string; reason: string }) => loans.releaseFunds(r),
    disburseLoan: (d: Parameters<LoansRepository['disburse']>[0]) => loans.disburse(d),
    loanSnapshot: (c: { loanId: string }) => schedule.snapshot(c),
    /** The payoff of an approved early full repayment, posted by the workflow (idempotent by key). */
    async postLoanRepayment(r: Parameters<LoansRepository['postRepayment']>[0]) {
      return loans.postRepayment(r);
    },
    collectionHold: (c: { loanId: string }) => servicing.collectionHold(c),
    startCollectionPause: (p: Parameters<LoanServicingRepository['startPause']>[0]) =>
      servicing.startPause(p),
    endCollectionPause: (p: Parameters<LoanServicingRepository['endPause']>[0]) => servicing.endPause(p),
    recordLoanReminder: (r: Parameters<LoanServicingRepository['recordReminder']>[0]) =>
      servicing.recordReminder(r),
    closeReminderTasks: (c: { workflowId: string; taskIds: string[] }) => servicing.closeReminderTasks(c),
    recordLadderStep: (s: Parameters<LoanServicingRepository['recordLadderStep']>[0]) =>
      servicing.recordLadderStep(s),
    rescheduleLoan: (r: Parameters<LoanScheduleRepository['reschedule']>[0]) => schedule.reschedule(r),
    writeOffLoan: (w: Parameters<LoansRepository['writeOff']>[0]) => loans.writeOff(w),
    recordLoanRequest: (r: Parameters<LoansRepository['recordRequest']>[0]) => loans.recordRequest(r),
  };
}

export type LoanActivities = ReturnType<typeof createLoanActivities>;
