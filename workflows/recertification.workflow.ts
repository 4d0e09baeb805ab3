import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createLifecycleActivities } from '../activities/lifecycle.activities';
import { startOfChinaDay } from '../libs/domain/calendar';
import { TaskBoard, Withdrawn, proxyTaskActivities } from './human-tasks';
import { fileClosedSignal } from './subsidy.workflow';
import { FailureType } from '../libs/domain/errors';

export interface RecertificationInput {
  fileId: string;
  /** Carried over continue-as-new: the date of the last round. */
  lastDueOn?: string | null;
}

export interface RecertificationState {
  nextDueOn: string | null;
  lastDueOn: string | null;
  openTasks: Array<{ taskId: string; kind: string; candidateRoles: string[] }>;
}

export const recertificationStateQuery = defineQuery<RecertificationState>('recertificationState');

const acts = proxyActivities<ReturnType<typeof createLifecycleActivities>>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [FailureType.NotFound],
  },
});
const taskActs = proxyTaskActivities();

/**
 * Annual re-certification (年度复核) of one active file, `recertification:<fileId>`: sleeps until
 * the next date by the policy in force (fixed quarter or file anniversary), opens a
 * 'recertification' task for the file's caseworker with the policy's deadline (reminded when due,
 * escalated to the grassroots chair after the grace period), records the outcome (approve =
 * recertified 续认, reject = not recertified 不予续认, comment required), and repeats yearly until the
 * file is closed.
 */
export async function recertificationWorkflow(
  input: RecertificationInput,
): Promise<{ lastDueOn: string | null }> {
  const { workflowId } = workflowInfo();
  const fileId = input.fileId;
  const board = new TaskBoard(taskActs, { type: 'hardship_file', id: fileId, workflowId }, () => '');
  let lastDueOn = input.lastDueOn ?? null;
  let nextDueOn: string | null = null;
  let closed = false;

  setHandler(fileClosedSignal, () => {
    closed = true;
    board.abort();
  });
  setHandler(recertificationStateQuery, () => ({
    nextDueOn,
    lastDueOn,
    openTasks: [...board.open.values()].map((t) => ({
      taskId: t.taskId,
      kind: t.kind,
      candidateRoles: t.candidateRoles,
    })),
  }));

  for (;;) {
    const plan = await acts.planRecertification({ fileId, lastDueOn });
    if (!plan.active || !plan.dueOn || closed) break;
    nextDueOn = plan.dueOn;
    const dueOn = plan.dueOn;
    const waitMs = startOfChinaDay(dueOn).getTime() - new Date().getTime();
    if (waitMs > 0) {
      await condition(() => closed || workflowInfo().continueAsNewSuggested, waitMs);
      if (closed) break;
      if (workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof recertificationWorkflow>({ fileId, lastDueOn });
      }
    }
    const opened = await acts.openRecertification({
      fileId,
      workflowId,
      dueOn,
      mode: plan.mode,
      policyVersion: plan.policyVersion,
    });
    if (!opened.active) break;
    try {
      const asking = board.ask({
        kind: 'recertification',
        stage: 'recertification',
        candidateRole: 'caseworker',
        escalateTo: 'branch_chair',
        assigneeId: plan.caseworkerId,
        decisions: ['approve', 'reject'],
        commentRequiredFor: ['reject'],
        payload: { dueOn, mode: plan.mode, policyVersion: plan.policyVersion },
        round: Number(dueOn.slice(0, 4)),
        deadlines: true,
        dueWorkingDays: plan.dueWorkingDays,
      });
      await condition(() => board.open.size > 0 || board.aborted);
      const taskId = [...board.open.keys()][0];
      if (taskId) await acts.linkRecertificationTask({ fileId, dueOn, taskId });
      const d = await asking;
      await acts.recordRecertification({
        fileId,
        workflowId,
        dueOn,
        outcome: d.decision === 'approve' ? 'recertified' : 'not_recertified',
        actorId: d.actor.userId,
        comment: d.comment ?? null,
      });
      board.rest();
    } catch (err) {
      if (!(err instanceof Withdrawn)) throw err;
      await taskActs.cancelOpenTasks({ workflowId });
      await acts.recordRecertification({
        fileId,
        workflowId,
        dueOn,
        outcome: 'cancelled',
        actorId: null,
        comment: 'file closed',
      });
      break;
    }
    lastDueOn = dueOn;
    nextDueOn = null;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof recertificationWorkflow>({ fileId, lastDueOn });
    }
  }
  board.rest();
  await condition(allHandlersFinished);
  return { lastDueOn };
}
