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
    setCaseStatus: (c: Parameters<CasesRepository['setStatus']>[0]) => cases.setStatus(c),
    startNotice: (c: { caseId: string; workflowId: string; round: number }) => cases.startNotice(c),
    recordObjection: (o: Parameters<CasesRepository['recordObjection']>[0]) => cases.recordObjection(o),
    recordFollowUp: (f: Parameters<CasesRepository['recordFollowUp']>[0]) => cases.recordFollowUp(f),
    reserveFunds: (r: Parameters<LedgerRepository['reserve']>[0]) => ledger.reserve(r),
    async releaseFunds(r: { caseId: string; workflowId: string; reason: string }): Promise<void> {
      await ledger.release(r);
    },
    postPayment: (p: Parameters<LedgerRepository['pay']>[0]) => ledger.pay(p),
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
