import type { CaseRecordsService, CaseSubmission } from '../libs/records/case-records.service';
import type { LedgerService } from '../libs/records/ledger.service';

/** Aid-case activities: thin wrappers over the records and ledger services (which hold the idempotent writes). */
export function createCaseActivities({
  cases,
  ledger,
}: {
  cases: CaseRecordsService;
  ledger: LedgerService;
}) {
  return {
    recordCaseSubmitted: (s: CaseSubmission) => cases.recordSubmitted(s),
    setCaseStatus: (c: Parameters<CaseRecordsService['setStatus']>[0]) => cases.setStatus(c),
    startNotice: (c: { caseId: string; workflowId: string; round: number }) => cases.startNotice(c),
    recordObjection: (o: Parameters<CaseRecordsService['recordObjection']>[0]) => cases.recordObjection(o),
    recordFollowUp: (f: Parameters<CaseRecordsService['recordFollowUp']>[0]) => cases.recordFollowUp(f),
    reserveFunds: (r: Parameters<LedgerService['reserve']>[0]) => ledger.reserve(r),
    async releaseFunds(r: { caseId: string; workflowId: string; reason: string }): Promise<void> {
      await ledger.release(r);
    },
    postPayment: (p: Parameters<LedgerService['pay']>[0]) => ledger.pay(p),
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
