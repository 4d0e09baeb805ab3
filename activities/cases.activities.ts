import type { CasesRepository, CaseSubmission } from '../libs/cases/cases.repository';
import type { LedgerRepository } from '../libs/ledger/ledger.repository';

/** Aid-case activities: thin wrappers over the records and ledger services (which hold the idempotent writes). */
export function createCaseActivities({
  cases,
  ledger,
}: {
  cases: CasesRepository;
  ledger: LedgerRepository;
}) {
  return {
    recordCaseSubmitted: (s: CaseSubmission) => cases.recordSubmitted(s),
    async setCaseStatus(c: Parameters<CasesRepository['recordStatus']>[0]): Promise<void> {
      await cases.recordStatus(c);
    },
    startNotice: (c: { caseId: string; workflowId: string; round: number }) => cases.startNotice(c),
    recordObjection: (o: Parameters<CasesRepository['recordObjection']>[0]) => cases.recordObjection(o),
    recordFollowUp: (f: Parameters<CasesRepository['recordFollowUp']>[0]) => cases.recordFollowUp(f),
    reserveFunds: (r: Parameters<CasesRepository['reserveFunds']>[0]) => cases.reserveFunds(r),
    async releaseFunds(r: { caseId: string; workflowId: string; reason: string }): Promise<void> {
      await ledger.release(r);
    },
    postPayment: (p: Parameters<LedgerRepository['pay']>[0]) => ledger.pay(p),
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
