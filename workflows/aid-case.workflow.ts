import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createCaseActivities } from '../activities/cases.activities';
import type { StageDef } from '../libs/domain/policy-types';
import { CaseStatusKey } from '../libs/temporal/search-attributes';
import { REFUSALS, TaskBoard, Withdrawn, proxyTaskActivities } from './human-tasks';

export { decideUpdate, taskActionUpdate, withdrawUpdate, REFUSALS } from './human-tasks';
export type { DecideInput, DecideResult, TaskActionInput } from './human-tasks';

export type AidCaseStatus =
  | 'submitted'
  | 'pending_approval'
  | 'returned'
  | 'awaiting_funds'
  | 'in_notice'
  | 'awaiting_payment'
  | 'paid'
  | 'follow_up'
  | 'closed'
  | 'rejected'
  | 'withdrawn'
  | 'expired';

export interface AidCaseInput {
  caseId: string;
  workerId: string;
  programCode: string;
  amountFen: number;
  reason: string;
  createdBy: string;
  applicantKind?: 'worker' | 'relative';
  applicantName?: string | null;
  /** The figures the eligibility check used (policy version, file status and category, counts). */
  eligibility?: Record<string, unknown>;
}

export interface AidCaseState {
  status: AidCaseStatus;
  stage?: string;
  openTasks: Array<{ taskId: string; kind: string; stage: string; candidateRoles: string[] }>;
  approvers: string[];
  objections: number;
}

export interface Objection {
  by: string;
  text: string;
}

export const aidCaseStateQuery = defineQuery<AidCaseState>('state');
/**
 * Sent with the start (update-with-start): answers once the case row exists and its first
 * approval task is open, so the API's answer and the approver's inbox agree.
 */
export const caseRecordedUpdate = defineUpdate<{ caseNo: string }>('caseRecorded');
/** An objection raised during the public notice (公示): back to review with the objection attached. */
export const objectionSignal = defineSignal<[Objection]>('objection');

const caseActs = proxyActivities<ReturnType<typeof createCaseActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['NotFound'] },
});
const taskActs = proxyTaskActivities();

/**
 * Aid case (`aid-case:<caseId>`): application → approval stages routed by amount (four-eyes,
 * return for more information, reminders and escalation) → budget reservation at the final
 * approval (or finance tops up / rejects) → public notice where policy requires it (objections
 * send it back to review) → finance confirms payment (one ledger entry) → follow-up visit N days
 * later → closed. Every row is written by activities; the workflow keeps ids and flags.
 */
export async function aidCaseWorkflow(input: AidCaseInput): Promise<{ status: AidCaseStatus }> {
  const { workflowId } = workflowInfo();
  const caseId = input.caseId;
  const board = new TaskBoard(taskActs, { type: 'aid_case', id: caseId, workflowId });
  const indexed = workflowInfo().typedSearchAttributes.get(CaseStatusKey) !== undefined;
  let status: AidCaseStatus = 'submitted';
  let stageCode: string | undefined;
  let caseNo: string | undefined = undefined;
  const approvers: string[] = [];
  const objections: Objection[] = [];
  let objectionsHandled = 0;
  let round = 0;

  const setStatus = async (next: AidCaseStatus, closed = false, details: Record<string, unknown> = {}) => {
    // the row first: whoever waits on this status (an Update) then reads it from the database too
    await caseActs.setCaseStatus({ caseId, workflowId, status: next, closed, details });
    status = next;
    board.status = next;
    if (indexed) upsertSearchAttributes([{ key: CaseStatusKey, value: next }]);
  };

  setHandler(aidCaseStateQuery, () => ({
    status,
    stage: stageCode,
    openTasks: [...board.open.values()].map((t) => ({
      taskId: t.taskId,
      kind: t.kind,
      stage: t.stage,
      candidateRoles: t.candidateRoles,
    })),
    approvers,
    objections: objections.length,
  }));
  setHandler(caseRecordedUpdate, async () => {
    await condition(() => caseNo !== undefined && board.open.size > 0);
    return { caseNo: caseNo! };
  });
  setHandler(objectionSignal, (o) => {
    if (status === 'in_notice') objections.push(o);
  });
  board.handleWithdraw(
    'case',
    ['submitted', 'pending_approval', 'returned', 'awaiting_funds', 'in_notice'],
    () => status,
  );

  const plan = await caseActs.recordCaseSubmitted({
    ...input,
    applicantKind: input.applicantKind ?? 'worker',
    workflowId,
  });
  caseNo = plan.caseNo;
  const stages: StageDef[] = plan.stages;
  let fundsReserved = false;
  let paying = false;

  // The first approval reserves the amount, so no later stage approves money the budget does not
  // have. When the budget cannot cover it the approval stands, the approver hears 'awaiting_funds'
  // (the API answers 422) and finance must top up or reject before the next stage.
  board.beforeDecision = async (task, d) => {
    if (task.kind === 'approval' && d.decision === 'approve' && !fundsReserved) {
      const r = await caseActs.reserveFunds({
        caseId,
        workflowId,
        programCode: input.programCode,
        year: plan.year,
        amountFen: input.amountFen,
      });
      fundsReserved = r.ok;
      return { status: r.ok ? 'approved' : 'awaiting_funds' };
    }
    if (task.kind === 'payment') {
      const reference = typeof d.outcome?.reference === 'string' ? d.outcome.reference.trim() : '';
      if (!reference)
        throw ApplicationFailure.create({
          type: REFUSALS.invalid,
          message: 'outcome.reference (the payment reference) is required',
          nonRetryable: true,
        });
      paying = true; // from here the reservation cannot expire under the payment
      await caseActs.postPayment({ caseId, workflowId, reference, actorId: d.actor.userId });
      return { status: 'paid' };
    }
    return undefined;
  };

  const reject = async (why: string) => {
    if (fundsReserved) await caseActs.releaseFunds({ caseId, workflowId, reason: why });
    await setStatus('rejected', true, { reason: why });
    board.rest();
    await condition(allHandlersFinished);
    return { status: 'rejected' as const };
  };

  const run = async (): Promise<{ status: AidCaseStatus }> => {
    for (;;) {
      // --- approval stages -----------------------------------------------------------------
      await setStatus('pending_approval');
      approvers.length = 0;
      const objection = objections[objectionsHandled - 1];
      for (let i = 0; i < stages.length;) {
        const stage = stages[i]!;
        stageCode = stage.code;
        const d = await board.ask({
          kind: 'approval',
          stage: stage.code,
          candidateRole: stage.candidateRole,
          escalateTo: stages[i + 1]?.candidateRole ?? 'admin',
          decisions: ['approve', 'reject', 'return'],
          excluded: [
            ...plan.excluded,
            ...approvers.map((userId) => ({ userId, reason: 'earlier_approver' as const })),
          ],
          payload: {
            stageNameZh: stage.nameZh,
            stageNameEn: stage.nameEn,
            ...(objection ? { objection } : {}),
          },
          round: round++,
          deadlines: true,
        });
        if (d.decision === 'reject') return reject(`rejected at stage ${stage.code}: ${d.comment ?? ''}`);
        if (d.decision === 'return') {
          await setStatus('returned', false, { stage: stage.code, comment: d.comment });
          await board.ask({
            kind: 'rework',
            stage: stage.code,
            candidateRole: 'caseworker',
            assigneeId: input.createdBy,
            decisions: ['done'],
            commentRequiredFor: [],
            payload: { returnedBy: d.actor.displayName, comment: d.comment },
            round: round++,
            deadlines: false,
          });
          await setStatus('pending_approval');
          continue; // the same stage again
        }
        approvers.push(d.actor.userId);
        i++;
        // --- funds: finance tops up or rejects when the first approval could not reserve ------------
        while (!fundsReserved) {
          await setStatus('awaiting_funds');
          const f = await board.ask({
            kind: 'funds',
            stage: 'funds',
            candidateRole: 'finance',
            decisions: ['approve', 'reject'],
            payload: { amountFen: input.amountFen, programCode: input.programCode, year: plan.year },
            round: round++,
            deadlines: true,
          });
          if (f.decision === 'reject') return reject(`finance rejected: ${f.comment ?? ''}`);
          const r = await caseActs.reserveFunds({
            caseId,
            workflowId,
            programCode: input.programCode,
            year: plan.year,
            amountFen: input.amountFen,
          });
          fundsReserved = r.ok;
          if (fundsReserved) await setStatus('pending_approval');
        }
      }

      // --- public notice -----------------------------------------------------------------------
      if (!plan.noticeRequired) break;
      const notice = await caseActs.startNotice({ caseId, workflowId, round: round++ });
      status = 'in_notice';
      board.status = status;
      if (indexed) upsertSearchAttributes([{ key: CaseStatusKey, value: status }]);
      board.rest();
      const objected = await condition(
        () => objections.length > objectionsHandled || board.aborted,
        notice.durationMs,
      );
      if (board.aborted) throw new Withdrawn();
      if (!objected) break;
      objectionsHandled = objections.length;
      await caseActs.recordObjection({ caseId, workflowId, objection: objections[objectionsHandled - 1]! });
      // back to review with the objection attached; the reservation stays until a decision
    }

    // --- payment: finance confirms within the reservation's life, or the reservation is released ---
    await setStatus('awaiting_payment');
    const payment = board.ask({
      kind: 'payment',
      stage: 'payment',
      candidateRole: 'finance',
      decisions: ['done'],
      commentRequiredFor: [],
      payload: { amountFen: input.amountFen },
      round: round++,
      deadlines: true,
    });
    const inTime = await condition(() => paying, plan.reservationExpiryDays * 24 * 60 * 60 * 1000);
    if (!inTime) {
      board.open.clear();
      await taskActs.cancelOpenTasks({ workflowId });
      await caseActs.releaseFunds({ caseId, workflowId, reason: 'expired: not paid in time' });
      await setStatus('expired', true, { afterDays: plan.reservationExpiryDays });
      board.rest();
      await condition(allHandlersFinished);
      return { status: 'expired' };
    }
    await payment;
    status = 'paid';
    board.status = status;
    if (indexed) upsertSearchAttributes([{ key: CaseStatusKey, value: status }]);

    // --- follow-up visit ---------------------------------------------------------------------
    board.rest();
    await sleep(plan.followUpDays * 24 * 60 * 60 * 1000);
    await setStatus('follow_up');
    const visit = await board.ask({
      kind: 'follow_up',
      stage: 'follow_up',
      candidateRole: 'caseworker',
      decisions: ['done'],
      commentRequiredFor: [],
      round: round++,
      deadlines: false,
    });
    await caseActs.recordFollowUp({
      caseId,
      workflowId,
      outcome: visit.outcome ?? { comment: visit.comment ?? '' },
    });
    await setStatus('closed', true);
    board.rest();
    await condition(allHandlersFinished);
    return { status: 'closed' };
  };

  try {
    return await run();
  } catch (err) {
    if (!(err instanceof Withdrawn)) throw err;
    if (fundsReserved) await caseActs.releaseFunds({ caseId, workflowId, reason: 'withdrawn' });
    await taskActs.cancelOpenTasks({ workflowId });
    await setStatus('withdrawn', true);
    await condition(allHandlersFinished);
    return { status: 'withdrawn' };
  }
}
