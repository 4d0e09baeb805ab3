import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createCaseActivities } from '../activities/cases.activities';
import {
  CaseStatus,
  Decision,
  GRASSROOTS_STAGE,
  OpenTaskView,
  statusAfterDecision,
  validateDecision,
} from '../libs/domain/aid-case';
import { CaseStatusKey } from '../libs/temporal/search-attributes';

export interface AidCaseInput {
  caseId: string;
  workerId: string;
  programCode: string;
  amountFen: number;
  reason: string;
  createdBy: string;
}

export interface DecideInput {
  taskId: string;
  decision: Decision;
  comment?: string;
  actor: { userId: string; displayName: string; roles: string[] };
}

export interface DecideResult {
  taskId: string;
  decision: Decision;
  status: CaseStatus;
}

export interface AidCaseState {
  status: CaseStatus;
  openTask?: OpenTaskView;
}

/** Error types the API maps to HTTP statuses (409 stale, 403 forbidden, 400 invalid). */
export const DECISION_REFUSAL_TYPES = {
  stale: 'StaleTask',
  forbidden: 'DecisionForbidden',
  invalid: 'InvalidDecision',
} as const;

export const decideUpdate = defineUpdate<DecideResult, [DecideInput]>('decide');
export const aidCaseStateQuery = defineQuery<AidCaseState>('state');
/**
 * Sent with the start (update-with-start): answers once the case row exists and its first
 * approval task is open, so the API's answer and the approver's inbox agree.
 */
export const caseRecordedUpdate = defineUpdate<{ caseNo: string }>('caseRecorded');

const acts = proxyActivities<ReturnType<typeof createCaseActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['NotFound'] },
});

/**
 * Aid case (`aid-case:<caseId>`): application → approval stage (grassroots chair) → decision.
 * Every row it stands for is written by activities; the workflow keeps only ids and the status.
 */
export async function aidCaseWorkflow(input: AidCaseInput): Promise<{ status: CaseStatus }> {
  const { workflowId } = workflowInfo();
  let status: CaseStatus = 'submitted';
  let openTask: OpenTaskView | undefined;
  let decided: DecideResult | undefined;
  let caseNo: string | undefined = undefined;
  // Search attributes are kept current only when the starter set them (the API does; tests on the
  // time-skipping server, which has no custom attributes, do not).
  const indexed = workflowInfo().typedSearchAttributes.get(CaseStatusKey) !== undefined;
  const setStatus = (next: CaseStatus) => {
    status = next;
    if (indexed) upsertSearchAttributes([{ key: CaseStatusKey, value: status }]);
  };

  setHandler(aidCaseStateQuery, () => ({ status, openTask }));
  setHandler(caseRecordedUpdate, async () => {
    await condition(() => caseNo !== undefined && status !== 'submitted');
    return { caseNo: caseNo! };
  });

  setHandler(
    decideUpdate,
    async (d) => {
      const task = openTask!;
      openTask = undefined; // a second decision on the same task is now stale
      const next = statusAfterDecision(d.decision);
      await acts.recordDecision({
        caseId: input.caseId,
        workflowId,
        taskId: task.taskId,
        decision: d.decision,
        comment: d.comment ?? null,
        actor: d.actor,
        status: next,
      });
      setStatus(next);
      decided = { taskId: task.taskId, decision: d.decision, status };
      return decided;
    },
    {
      validator: (d) => {
        const refusal = validateDecision(openTask, d);
        if (refusal) {
          throw ApplicationFailure.create({
            type: DECISION_REFUSAL_TYPES[refusal.kind],
            message: refusal.message,
            nonRetryable: true,
          });
        }
      },
    },
  );

  const recorded = await acts.recordCaseSubmitted({ ...input, workflowId });
  caseNo = recorded.caseNo;
  const stage = GRASSROOTS_STAGE;
  const { taskId } = await acts.openApprovalTask({
    caseId: input.caseId,
    workflowId,
    stage: stage.code,
    candidateRole: stage.candidateRole,
  });
  setStatus('pending_approval');
  openTask = { taskId, candidateRole: stage.candidateRole };

  await condition(() => decided !== undefined);
  await condition(allHandlersFinished);
  return { status };
}
