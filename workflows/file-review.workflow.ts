import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  defineQuery,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { createReassessmentActivities } from '../activities/reassessment.activities';
import type { createTaskActivities } from '../activities/tasks.activities';
import { addMonths, isCloseReason, type CloseReason } from '../libs/domain/reassessment';
import { workflowIds } from '../libs/temporal/ids';
import { closeFileSignal, hardshipFileWorkflow } from './hardship-file.workflow';
import { runApprovalChain } from './approvals';
import { TaskBoard } from './human-tasks';
import { FailureType } from '../libs/domain/errors';

/** Workflow time: inside the Temporal sandbox `Date` is the deterministic time of the workflow task. */
const workflowNow = (): number => new Date().getTime();

const retry = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;
const reActs = proxyActivities<ReturnType<typeof createReassessmentActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { ...retry, nonRetryableErrorTypes: [FailureType.NotFound] },
});
const taskActs = proxyActivities<ReturnType<typeof createTaskActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { ...retry, nonRetryableErrorTypes: [FailureType.NotFound, FailureType.InvalidAssignee] },
});

/** The shared task activities, except that a re-check task is due after the policy's recheckDueDays. */
const recheckTaskActs: typeof taskActs = {
  openTask: reActs.openRecheckTask,
  completeTask: taskActs.completeTask,
  assignTask: taskActs.assignTask,
  remindTask: taskActs.remindTask,
  escalateTask: taskActs.escalateTask,
  cancelOpenTasks: taskActs.cancelOpenTasks,
};

export interface FileReviewState {
  status: string;
  openTasks: Array<{ taskId: string; kind: string; stage: string; candidateRoles: string[] }>;
  reopenedFileId: string | null;
}

export const fileReviewStateQuery = defineQuery<FileReviewState>('state');

function stateOf(board: TaskBoard, status: () => string, reopened: () => string | null) {
  setHandler(fileReviewStateQuery, () => ({
    status: status(),
    openTasks: board.openTasks(),
    reopenedFileId: reopened(),
  }));
}

/**
 * Closes an active file with a reason: through its registration workflow when that is running
 * (so its status and search attribute follow), directly in the records otherwise.
 */
async function closeFile(fileId: string, reason: CloseReason, by: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(workflowIds.hardshipFile(fileId)).signal(closeFileSignal, { reason, by });
  } catch {
    await reActs.closeFileDirectly({ fileId, workflowId: workflowInfo().workflowId, reason });
  }
}

export interface RecheckInput {
  fileId: string;
  campaignId: string;
  /** recheck: data stale → a re-check visit (task type 'recheck_visit'); escalation: fell into deep hardship. */
  kind: 'recheck' | 'escalation';
  outcome: string;
}

/**
 * A re-check visit (复核走访) for a file whose data is stale, or an escalation for a file that fell
 * into deep hardship: one task for a person, reminded when due and escalated a level up after as
 * long again. 'done' records the visit; an outcome `closeReason` (moved, retired, deceased,
 * unreachable) closes the file with that reason.
 */
export async function fileRecheckWorkflow(input: RecheckInput): Promise<{ status: string }> {
  const { workflowId } = workflowInfo();
  const recheck = input.kind === 'recheck';
  let status = 'open';
  const board = new TaskBoard(
    recheck ? recheckTaskActs : taskActs,
    { type: 'hardship_file', id: input.fileId, workflowId },
    () => status,
  );
  stateOf(
    board,
    () => status,
    () => null,
  );
  const d = await board.ask({
    kind: recheck ? 'recheck_visit' : 'reassessment_escalation',
    stage: recheck ? 'recheck' : 'escalation',
    candidateRole: recheck ? 'caseworker' : 'branch_chair',
    escalateTo: recheck ? 'branch_chair' : 'union_chair',
    decisions: ['done'],
    commentRequiredFor: [],
    payload: { campaignId: input.campaignId, outcome: input.outcome },
    deadlines: true,
  });
  await reActs.recordVisit({ fileId: input.fileId, workflowId, kind: input.kind });
  const reason = d.outcome?.closeReason;
  if (isCloseReason(reason) && reason !== 'exit') {
    await closeFile(input.fileId, reason, d.actor.userId);
    status = `closed_${reason}`;
  } else {
    status = 'done';
  }
  board.rest();
  await condition(allHandlersFinished);
  return { status };
}

export interface ExitInput {
  fileId: string;
  campaignId: string;
  policyVersion: number;
}

/**
 * Exit (解困脱困): approval stages (union chair by default; the caseworker and the pairing leader may
 * not approve) → the file closes with reason 'exit' → follow-up visits at +3, +6 and +12 months
 * (policy) on durable timers. A relapse (返困) reported at a follow-up (`outcome.relapse: true`)
 * reopens the household's file through the registration workflow, linked by reopened_from.
 */
export async function fileExitWorkflow(
  input: ExitInput,
): Promise<{ status: string; reopenedFileId: string | null }> {
  const { workflowId } = workflowInfo();
  let status = 'pending_approval';
  const board = new TaskBoard(
    taskActs,
    { type: 'hardship_file', id: input.fileId, workflowId },
    () => status,
  );
  let reopenedFileId: string | null = null;
  stateOf(
    board,
    () => status,
    () => reopenedFileId,
  );

  const plan = await reActs.exitPlan({ fileId: input.fileId });
  const verdict = await runApprovalChain(board, {
    kind: 'exit_approval',
    stages: plan.stages,
    excluded: plan.excluded,
    subject: { campaignId: input.campaignId, policyVersion: input.policyVersion },
  });
  if (!('approved' in verdict)) {
    status = 'rejected';
    board.rest();
    await condition(allHandlersFinished);
    return { status, reopenedFileId };
  }
  const approvers = verdict.approvers;

  await closeFile(input.fileId, 'exit', approvers[approvers.length - 1] ?? 'system');
  const closedAt = workflowNow();
  status = 'following_up';
  board.rest();

  for (const months of plan.followUpMonths) {
    const at = addMonths(closedAt, months);
    if (at > workflowNow()) await sleep(at - workflowNow());
    const d = await board.ask({
      kind: 'exit_follow_up',
      stage: `follow_up_${months}m`,
      candidateRole: 'caseworker',
      decisions: ['done'],
      commentRequiredFor: [],
      payload: { monthsAfterExit: months, campaignId: input.campaignId },
      deadlines: false,
    });
    await reActs.recordVisit({ fileId: input.fileId, workflowId, kind: `exit_follow_up_${months}m` });
    if (d.outcome?.relapse === true) {
      const fileId = uuid4();
      await startChild(hardshipFileWorkflow, {
        workflowId: workflowIds.hardshipFile(fileId),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [
          {
            fileId,
            workerId: plan.workerId,
            causes: plan.causes,
            createdBy: d.actor.userId,
            reopenedFrom: input.fileId,
          },
        ],
      });
      reopenedFileId = fileId;
      status = 'relapsed';
      board.rest();
      break;
    }
    board.rest();
  }
  if (status !== 'relapsed') status = 'followed_up';
  await condition(allHandlersFinished);
  return { status, reopenedFileId };
}
