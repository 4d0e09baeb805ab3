import type { LoansRepository, LoanSubmission } from '../libs/loans/loans.repository';

/** Loan activities: thin wrappers over LoansRepository (which holds the idempotent writes). */
export function createLoanActivities({ loans }: { loans: LoansRepository }) {
  return {
    recordLoanSubmitted: (s: LoanSubmission) => loans.recordSubmitted(s),
    async setLoanStatus(c: Parameters<LoansRepository['recordStatus']>[0]): Promise<void> {
      await loans.recordStatus(c);
    },
    reserveLoanFunds: (r: Parameters<LoansRepository['reserveFunds']>[0]) => loans.reserveFunds(r),
    releaseLoanFunds: (r: { loanId: string; workflowId: string; reason: string }) => loans.releaseFunds(r),
    disburseLoan: (d: Parameters<LoansRepository['disburse']>[0]) => loans.disburse(d),
    loanSnapshot: (c: { loanId: string }) => loans.snapshot(c),
    /** The payoff of an approved early full repayment, posted by the workflow (idempotent by key). */
    async postLoanRepayment(r: Parameters<LoansRepository['postRepayment']>[0]) {
      return loans.postRepayment(r);
    },
    collectionHold: (c: { loanId: string }) => loans.collectionHold(c),
    startCollectionPause: (p: Parameters<LoansRepository['startPause']>[0]) => loans.startPause(p),
    endCollectionPause: (p: Parameters<LoansRepository['endPause']>[0]) => loans.endPause(p),
    recordLoanReminder: (r: Parameters<LoansRepository['recordReminder']>[0]) => loans.recordReminder(r),
    closeReminderTasks: (c: { workflowId: string; taskIds: string[] }) => loans.closeReminderTasks(c),
    recordLadderStep: (s: Parameters<LoansRepository['recordLadderStep']>[0]) => loans.recordLadderStep(s),
    rescheduleLoan: (r: Parameters<LoansRepository['reschedule']>[0]) => loans.reschedule(r),
    writeOffLoan: (w: Parameters<LoansRepository['writeOff']>[0]) => loans.writeOff(w),
    recordLoanRequest: (r: Parameters<LoansRepository['recordRequest']>[0]) => loans.recordRequest(r),
  };
}

export type LoanActivities = ReturnType<typeof createLoanActivities>;
