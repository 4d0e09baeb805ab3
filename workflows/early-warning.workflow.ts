import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createLifecycleActivities } from '../activities/lifecycle.activities';
import { REFUSALS, TaskBoard, Withdrawn, proxyTaskActivities } from './human-tasks';
import { FailureType } from '../libs/domain/errors';

export interface EarlyWarningInput {
  eventId: string;
  /** Carried over continue-as-new once the outreach is done. */
  outreachTaskId?: string | null;
  outreachDone?: boolean;
}

export type EarlyWarningStatus = 'open' | 'closed';

export interface EarlyWarningState {
  status: EarlyWarningStatus;
  outreachTaskId: string | null;
  outreachDone: boolean;
  openTasks: Array<{ taskId: string; kind: string; candidateRoles: string[] }>;
}

export const earlyWarningStateQuery = defineQuery<EarlyWarningState>('earlyWarningState');
/** Answers once the outreach task is open (the API's POST waits on it: update-with-start). */
export const outreachOpenedUpdate = defineUpdate<{
  outreachTaskId: string | null;
  status: EarlyWarningStatus;
}>('outreachOpened');
/** The closing note is written by the API before this Update (it may hold health details: not in history). */
export const closeEarlyWarningUpdate = defineUpdate<
  { status: EarlyWarningStatus },
  [{ actor: { userId: string; displayName: string; roles: string[] } }]
>('closeEarlyWarning');

const CLOSER_ROLES = ['caseworker', 'branch_chair', 'union_chair', 'admin'];

const acts = proxyActivities<ReturnType<typeof createLifecycleActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [FailureType.NotFound],
  },
});
const taskActs = proxyTaskActivities();

/**
 * Early-warning event (预警事件), `early-warning:<eventId>`: opens an outreach task (走访慰问) for the
 * worker's caseworker — or, without one, the unit's grassroots chair — due after the policy's
 * working days; when due the candidates are reminded, after the grace period it is escalated one
 * level up (never closed by itself). Completing the task records the outreach; the event stays
 * open (loan collection stays paused during a hospitalisation) until it is closed with a note.
 * Closing before the outreach cancels the task.
 */
export async function earlyWarningWorkflow(
  input: EarlyWarningInput,
): Promise<{ status: EarlyWarningStatus }> {
  const { workflowId } = workflowInfo();
  const eventId = input.eventId;
  const board = new TaskBoard(taskActs, { type: 'early_warning', id: eventId, workflowId }, () => status);
  let status: EarlyWarningStatus = 'open';
  let outreachTaskId: string | null = input.outreachTaskId ?? null;
  let outreachDone = input.outreachDone ?? false;
  let closeRequest: { actor: { userId: string } } | undefined;

  setHandler(earlyWarningStateQuery, () => ({
    status,
    outreachTaskId,
    outreachDone,
    openTasks: [...board.open.values()].map((t) => ({
      taskId: t.taskId,
      kind: t.kind,
      candidateRoles: t.candidateRoles,
    })),
  }));
  setHandler(outreachOpenedUpdate, async () => {
    await condition(() => outreachTaskId !== null || status === 'closed');
    return { outreachTaskId, status };
  });
  setHandler(
    closeEarlyWarningUpdate,
    async (c) => {
      closeRequest = { actor: c.actor };
      if (!outreachDone) board.abort();
      await condition(() => status === 'closed');
      return { status };
    },
    {
      validator: (c: { actor: { roles: string[] } }) => {
        if (status !== 'open' || closeRequest) {
          throw ApplicationFailure.create({
            type: REFUSALS.stale,
            message: 'this early warning is already closed',
            nonRetryable: true,
          });
        }
        if (!c.actor.roles.some((r: string) => CLOSER_ROLES.includes(r))) {
          throw ApplicationFailure.create({
            type: REFUSALS.forbidden,
            message: 'only a caseworker, a chair or an administrator may close an early warning',
            nonRetryable: true,
          });
        }
      },
    },
  );

  if (!outreachDone) {
    const plan = await acts.planOutreach({ eventId });
    if (plan.status === 'closed') {
      status = 'closed';
      await condition(allHandlersFinished);
      return { status };
    }
    try {
      const asking = board.ask({
        kind: 'outreach',
        stage: 'outreach',
        candidateRole: plan.candidateRole,
        escalateTo: plan.escalateTo,
        assigneeId: plan.assigneeId,
        decisions: ['done'],
        commentRequiredFor: [],
        payload: { eventKind: plan.kind, policyVersion: plan.policyVersion },
        round: 0,
        deadlines: true,
        dueWorkingDays: plan.dueWorkingDays,
      });
      await condition(() => board.open.size > 0 || board.aborted);
      const taskId = [...board.open.keys()][0];
      if (taskId) {
        await acts.linkOutreachTask({ eventId, workflowId, taskId });
        outreachTaskId = taskId;
      }
      const d = await asking;
      await acts.recordOutreach({ eventId, workflowId, actorId: d.actor.userId, comment: d.comment ?? null });
      outreachDone = true;
      board.rest();
    } catch (err) {
      if (!(err instanceof Withdrawn)) throw err;
      await taskActs.cancelOpenTasks({ workflowId });
    }
  }

  await condition(() => closeRequest !== undefined || workflowInfo().continueAsNewSuggested);
  if (!closeRequest) {
    await condition(allHandlersFinished);
    await continueAsNew<typeof earlyWarningWorkflow>({ eventId, outreachTaskId, outreachDone });
  }
  await acts.closeEarlyWarning({
    eventId,
    workflowId,
    actorId: closeRequest!.actor.userId,
  });
  status = 'closed';
  board.rest();
  await condition(allHandlersFinished);
  return { status };
}
