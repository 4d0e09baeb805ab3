import type { LoanRecordsService, LoanSubmission } from '../libs/records/loan-records.service';

/** Loan activities: thin wrappers over LoanRecordsService (which holds the idempotent writes). */
export function createLoanActivities({ loans }: { loans: LoanRecordsService }) {
  return {
    recordLoanSubmitted: (s: LoanSubmission) => loans.recordSubmitted(s),
    setLoanStatus: (c: Parameters<LoanRecordsService['setStatus']>[0]) => loans.setStatus(c),
    reserveLoanFunds: (r: Parameters<LoanRecordsService['reserveFunds']>[0]) => loans.reserveFunds(r),
    releaseLoanFunds: (r: { loanId: string; workflowId: string; reason: string }) => loans.releaseFunds(r),
    disburseLoan: (d: Parameters<LoanRecordsService['disburse']>[0]) => loans.disburse(d),
    loanSnapshot: (c: { loanId: string }) => loans.snapshot(c),
    /** The payoff of an approved early full repayment, posted by the workflow (idempotent by key). */
    async postLoanRepayment(r: Parameters<LoanRecordsService['postRepayment']>[0]) {
      return loans.postRepayment(r);
    },
    collectionHold: (c: { loanId: string }) => loans.collectionHold(c),
    startCollectionPause: (p: Parameters<LoanRecordsService['startPause']>[0]) => loans.startPause(p),
    endCollectionPause: (p: Parameters<LoanRecordsService['endPause']>[0]) => loans.endPause(p),
    recordLoanReminder: (r: Parameters<LoanRecordsService['recordReminder']>[0]) => loans.recordReminder(r),
    closeReminderTasks: (c: { workflowId: string; taskIds: string[] }) => loans.closeReminderTasks(c),
    recordLadderStep: (s: Parameters<LoanRecordsService['recordLadderStep']>[0]) => loans.recordLadderStep(s),
    rescheduleLoan: (r: Parameters<LoanRecordsService['reschedule']>[0]) => loans.reschedule(r),
    writeOffLoan: (w: Parameters<LoanRecordsService['writeOff']>[0]) => loans.writeOff(w),
    recordLoanRequest: (r: Parameters<LoanRecordsService['recordRequest']>[0]) => loans.recordRequest(r),
  };
}

export type LoanActivities = ReturnType<typeof createLoanActivities>;
