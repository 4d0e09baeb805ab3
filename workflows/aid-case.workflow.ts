import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { createCaseActivities } from '../activities/cases.activities';
import { Objections, runApprovalChain, runPublicNotice, type FundsStep } from './approvals';
import { REFUSALS, TaskBoard, Withdrawn, proxyTaskActivities } from './human-tasks';
import { statusRecorder } from './status';
import { FailureType } from '../libs/domain/errors';

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

export { objectionSignal, type Objection } from './approvals';

export const aidCaseStateQuery = defineQuery<AidCaseState>('state');
/**
 * Sent with the start (update-with-start): answers once the case row exists and its first
 * approval task is open, so the API's answer and the approver's inbox agree.
 */
export const caseRecordedUpdate = defineUpdate<{ caseNo: string }>('caseRecorded');

const caseActs = proxyActivities<ReturnType<typeof createCaseActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [FailureType.NotFound],
  },
});
const taskActs = proxyTaskActivities();

const DAY = 24 * 60 * 60 * 1000;

/** Patch ids (docs/architecture.md, "Changing a workflow"): code paths added after histories were recorded. */
export const AID_CASE_PATCHES = {
  /** The workflow records 'paid' itself (the ledger no longer writes the case's row). */
  paidRecorded: 'aid-case-records-paid-status',
  /**
   * Fewer activity round trips on the request path (issue 15), decided once at the start of a case:
   * one submitCase activity records the case, its status pending_approval and opens the first
   * approval task (the chain's first ask takes that task): one activity before the caseRecorded
   * Update answers instead of three; an approval is completed and the next stage's task opened by
   * one completeTaskAndOpenNext activity instead of two.
   */
  fewerRoundTrips: 'aid-case-fewer-round-trips',
} as const;

/**
 * Aid case (`aid-case:<caseId>`): application → approval chain routed by amount (four-eyes, return
 * for rework, reminders and escalation; the budget is reserved at the first approval, or finance
 * tops up / rejects) → public notice where policy requires it (an objection sends it back to the
 * chain) → finance confirms payment within the reservation's life (one ledger entry) → follow-up
 * visit N days later → closed. Every row is written by activities; the workflow keeps ids and flags.
 */
export async function aidCaseWorkflow(input: AidCaseInput): Promise<{ status: AidCaseStatus }> {
  const { workflowId } = workflowInfo();
  const caseId = input.caseId;
  const status = statusRecorder<AidCaseStatus, [closed?: boolean, details?: Record<string, unknown>]>(
    'submitted',
    (next, closed = false, details = {}) =>
      caseActs.setCaseStatus({ caseId, workflowId, status: next, closed, details }),
  );
  const fewer = patched(AID_CASE_PATCHES.fewerRoundTrips);
  const board = new TaskBoard(
    taskActs,
    { type: 'aid_case', id: caseId, workflowId },
    () => status.current,
    fewer ? { completeAndOpen: caseActs.completeTaskAndOpenNext } : {},
  );
  const objections = new Objections(() => status.current === 'in_notice');
  let stageCode: string | undefined;
  let caseNo: string | undefined = undefined;
  const approvers: string[] = [];
  let fundsReserved = false;
  let paying = false;

  setHandler(aidCaseStateQuery, () => ({
    status: status.current,
    stage: board.openTasks().find((t) => t.kind === 'approval')?.stage ?? stageCode,
    openTasks: board.openTasks(),
    approvers,
    objections: objections.count,
  }));
  setHandler(caseRecordedUpdate, async () => {
    await condition(() => caseNo !== undefined && board.open.size > 0);
    return { caseNo: caseNo! };
  });
  board.handleWithdraw(
    'case',
    ['submitted', 'pending_approval', 'returned', 'awaiting_funds', 'in_notice'],
    () => status.current,
  );

  const submission = { ...input, applicantKind: input.applicantKind ?? 'worker', workflowId } as const;
  let pendingRecorded = false;
  let plan: Awaited<ReturnType<typeof caseActs.recordCaseSubmitted>>;
  if (fewer) {
    const submitted = await caseActs.submitCase({ ...submission, round: board.rounds });
    plan = submitted;
    if (submitted.firstTask) board.preopen(submitted.firstTask, submitted.firstTask);
    status.mark('pending_approval'); // written by submitCase
    pendingRecorded = true;
  } else {
    plan = await caseActs.recordCaseSubmitted(submission);
  }
  caseNo = plan.caseNo;

  const release = (reason: string) =>
    fundsReserved ? caseActs.releaseFunds({ caseId, workflowId, reason }) : Promise.resolve();
  const end = async (final: AidCaseStatus, details?: Record<string, unknown>) => {
    await status.record(final, true, details);
    board.rest();
    await condition(allHandlersFinished);
    return { status: final };
  };

  // The first approval reserves the amount, so no later stage approves money the budget does not
  // have. When the budget cannot cover it the approval stands, the approver hears 'awaiting_funds'
  // (the API answers 422) and finance must top up or reject before the next stage.
  const funds: FundsStep = {
    reserveAt: 'first',
    reserve: async () => {
      const r = await caseActs.reserveFunds({
        caseId,
        workflowId,
        programCode: input.programCode,
        year: plan.year,
        amountFen: input.amountFen,
      });
      fundsReserved = r.ok;
      return r.ok;
    },
    isReserved: () => fundsReserved,
    payload: { amountFen: input.amountFen, programCode: input.programCode, year: plan.year },
    onAwaiting: () => status.record('awaiting_funds'),
    onReserved: () => status.record('pending_approval'),
  };

  /** Approval chain, then the public notice; an objection sends the case back to the chain. */
  const approve = async (): Promise<{ rejected: string } | 'approved'> => {
    for (;;) {
      if (pendingRecorded)
        pendingRecorded = false; // the first time round: submitCase wrote it
      else await status.record('pending_approval');
      approvers.length = 0;
      const objection = objections.last;
      const verdict = await runApprovalChain(board, {
        stages: plan.stages,
        excluded: plan.excluded,
        subject: objection ? { objection } : {},
        rework: {
          assigneeId: input.createdBy,
          onReturned: (stage, d) =>
            status.record('returned', false, { stage: stage.code, comment: d.comment }),
          onResubmitted: () => status.record('pending_approval'),
        },
        onApprove: async (stage, d) => {
          stageCode = stage.code;
          approvers.push(d.actor.userId);
        },
        funds,
        openNextWithDecision: fewer,
      });
      if ('withdrawn' in verdict) throw new Withdrawn();
      if ('rejected' in verdict) {
        return {
          rejected:
            verdict.stage === 'funds'
              ? `finance rejected: ${verdict.comment ?? ''}`
              : `rejected at stage ${verdict.stage}: ${verdict.comment ?? ''}`,
        };
      }
      if (!plan.noticeRequired) return 'approved';
      const notice = await runPublicNotice(board, {
        objections,
        start: () => caseActs.startNotice({ caseId, workflowId, round: board.nextRound() }),
        onStarted: () => status.mark('in_notice'),
        record: (objection) => caseActs.recordObjection({ caseId, workflowId, objection }),
      });
      if ('passed' in notice) return 'approved';
      // back to the chain with the objection attached; the reservation stays until a decision
    }
  };

  /** Finance confirms the payment within the reservation's life; false when it expired. */
  const pay = async (): Promise<boolean> => {
    await status.record('awaiting_payment');
    const payment = board.ask({
      kind: 'payment',
      stage: 'payment',
      candidateRole: 'finance',
      decisions: ['done'],
      commentRequiredFor: [],
      payload: { amountFen: input.amountFen },
      deadlines: true,
      onDecision: async (d) => {
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
      },
    });
    if (!(await condition(() => paying, plan.reservationExpiryDays * DAY))) {
      board.open.clear();
      await taskActs.cancelOpenTasks({ workflowId });
      await caseActs.releaseFunds({ caseId, workflowId, reason: 'expired: not paid in time' });
      return false;
    }
    await payment;
    if (patched(AID_CASE_PATCHES.paidRecorded)) await status.record('paid');
    else status.mark('paid');
    return true;
  };

  /** The follow-up visit N days after payment. */
  const followUp = async (): Promise<void> => {
    board.rest();
    await sleep(plan.followUpDays * DAY);
    await status.record('follow_up');
    const visit = await board.ask({
      kind: 'follow_up',
      stage: 'follow_up',
      candidateRole: 'caseworker',
      decisions: ['done'],
      commentRequiredFor: [],
      deadlines: false,
    });
    await caseActs.recordFollowUp({
      caseId,
      workflowId,
      outcome: visit.outcome ?? { comment: visit.comment ?? '' },
    });
  };

  try {
    const verdict = await approve();
    if (verdict !== 'approved') {
      await release(verdict.rejected);
      return await end('rejected', { reason: verdict.rejected });
    }
    if (!(await pay())) return await end('expired', { afterDays: plan.reservationExpiryDays });
    await followUp();
    return await end('closed');
  } catch (err) {
    if (!(err instanceof Withdrawn)) throw err;
    await release('withdrawn');
    await taskActs.cancelOpenTasks({ workflowId });
    await status.record('withdrawn', true);
    await condition(allHandlersFinished);
    return { status: 'withdrawn' };
  }
}
