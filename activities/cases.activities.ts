import type { CasePlan, CasesRepository, CaseSubmission } from '../libs/cases/cases.repository';
import type { LedgerRepository } from '../libs/ledger/ledger.repository';
import type { CompleteTaskInput, OpenTaskInput, TasksRepository } from '../libs/tasks/tasks.repository';

/** The first approval task a submission opens (submitCase): where the approval chain would open it. */
export interface OpenedFirstTask {
  kind: 'approval';
  stage: string;
  round: number;
  taskId: string;
  dueInMs: number | null;
  graceMs: number | null;
}

/** Aid-case activities: thin wrappers over the records and ledger services (which hold the idempotent writes). */
export function createCaseActivities({
  cases,
  ledger,
  tasks,
}: {
  cases: CasesRepository;
  ledger: LedgerRepository;
  tasks: TasksRepository;
}) {
  return {
    recordCaseSubmitted: (s: CaseSubmission) => cases.recordSubmitted(s),
    /**
     * The submission's three writes in one activity (cases from the 'aid-case-fewer-round-trips'
     * patch on): the case row (recordCaseSubmitted), its status pending_approval
     * (setCaseStatus), and the first stage's approval task as the chain's first ask would open it
     * (openTask: same idempotency key from `round`, payload and deadlines). Each write is idempotent,
     * so a retried activity changes nothing. One activity instead of three before the API's answer.
     */
    async submitCase(
      s: CaseSubmission & { round: number },
    ): Promise<CasePlan & { firstTask: OpenedFirstTask | null }> {
      const { round, ...submission } = s;
      const plan = await cases.recordSubmitted(submission);
      await cases.recordStatus({ caseId: s.caseId, workflowId: s.workflowId, status: 'pending_approval' });
      const stage = plan.stages[0];
      if (!stage) return { ...plan, firstTask: null };
      // the payload runApprovalChain (workflows/approvals.ts) gives a stage's task, without a subject
      const opened = await tasks.open({
        subjectType: 'aid_case',
        subjectId: s.caseId,
        workflowId: s.workflowId,
        kind: 'approval',
        stage: stage.code,
        candidateRole: stage.candidateRole,
        assigneeId: null,
        payload: { stageNameZh: stage.nameZh, stageNameEn: stage.nameEn },
        round,
        withDeadline: true,
      });
      return { ...plan, firstTask: { kind: 'approval', stage: stage.code, round, ...opened } };
    },
    /**
     * An approval recorded and the next stage's task opened in one activity (cases from the
     * 'aid-case-fewer-round-trips' patch on): completeTask then openTask, both idempotent.
     */
    async completeTaskAndOpenNext(
      c: CompleteTaskInput & { next: OpenTaskInput },
    ): Promise<{ taskId: string; dueInMs: number | null; graceMs: number | null }> {
      const { next, ...completion } = c;
      await tasks.complete(completion);
      return tasks.open(next);
    },
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
