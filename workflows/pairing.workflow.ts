import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createPairingActivities } from '../activities/pairing.activities';
import { FailureType } from '../libs/domain/errors';
import { TaskBoard, proxyTaskActivities } from './human-tasks';

type PairingActs = ReturnType<typeof createPairingActivities>;

export type PairingWorkflowStatus = 'waiting' | 'reminded' | 'escalated' | 'finished';

export interface PairingInput {
  pairingId: string;
  /** Set by continue-as-new: what this due date has seen already (no personal data). */
  carry?: { dueOn: string; reminded: boolean; escalationTaskId: string | null; round: number };
}

export interface PairingState {
  status: PairingWorkflowStatus;
  /** The visit due date the workflow is waiting on. */
  dueOn: string | null;
  /** Due dates the leader was reminded of / escalated, in this run. */
  reminded: string[];
  escalated: string[];
  /** Visits signalled in this run. */
  visits: number;
  openTasks: Array<{ taskId: string; kind: string; stage: string; candidateRoles: string[] }>;
}

/** The API logged a visit (the row is written): the schedule starts again from it. */
export const visitLoggedSignal = defineSignal<[{ visitId: string }]>('visitLogged');
/** The API ended the pairing (the row is updated): the workflow finishes. */
export const pairingEndedSignal = defineSignal('pairingEnded');
export const pairingStateQuery = defineQuery<PairingState>('pairingState');

const acts = proxyActivities<PairingActs>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [FailureType.NotFound],
  },
});
const taskActs = proxyTaskActivities();

/** Workflow time: inside the sandbox Date is the deterministic time of the workflow task. */
const now = (): number => new Date().getTime();

/**
 * One pairing (结对帮扶), `pairing:<pairingId>`: the next visit is due by the household's category
 * (libs/domain/pairing.ts, read from the records each turn) → the leader is reminded the policy's
 * days before → a visit still not logged after the due date and the grace days goes to the union
 * chair as an inbox task → a logged visit (signal) starts the schedule again from it (a new run:
 * continue-as-new, so the history stays one due date long over years) → the pairing's end date or
 * its ending (signal) finishes it.
 */
export async function pairingWorkflow(input: PairingInput): Promise<{ status: 'finished'; reason: string }> {
  const { workflowId } = workflowInfo();
  const { pairingId } = input;
  let status: PairingWorkflowStatus = 'waiting';
  let visits = 0;
  let ended = false;
  let wake = false;
  const reminded: string[] = [];
  const escalated: string[] = [];
  let dueOn: string | null = null;
  const board = new TaskBoard(taskActs, { type: 'pairing', id: pairingId, workflowId }, () => status, {
    round: input.carry?.round,
  });
  setHandler(visitLoggedSignal, () => void visits++);
  setHandler(pairingEndedSignal, () => void (ended = true));
  setHandler(pairingStateQuery, () => ({
    status,
    dueOn,
    reminded,
    escalated,
    visits,
    openTasks: board.openTasks(),
  }));

  const finish = async (reason: string) => {
    status = 'finished';
    await acts.finishPairing({ pairingId, workflowId, reason });
    board.rest();
    await condition(allHandlersFinished);
    return { status: 'finished' as const, reason };
  };
  const trackEscalation = (taskId: string) =>
    board.track({
      taskId,
      kind: 'pairing_escalation',
      stage: 'missed_visit',
      candidateRoles: ['union_chair'],
      decisions: ['done'],
      assigneeId: null,
      excluded: [],
      commentRequiredFor: [],
      // the chair has taken it up; the visit is still what the schedule waits for
      onDecision: async () => void (wake = true),
    });

  const s = await acts.loadPairingSchedule({ pairingId });
  if (s.ended) return finish('ended');
  dueOn = s.dueOn;
  const carried = input.carry?.dueOn === s.dueOn ? input.carry : undefined;
  if (carried?.reminded) {
    reminded.push(s.dueOn);
    status = 'reminded';
  }
  if (carried?.escalationTaskId) {
    escalated.push(s.dueOn);
    status = 'escalated';
    trackEscalation(carried.escalationTaskId);
  }

  /** Waits until `atMs` (null: no time) unless a visit is logged or the pairing ends first. */
  const waitUntil = async (atMs: number | null): Promise<'time' | 'visit' | 'ended'> => {
    for (;;) {
      if (ended) return 'ended';
      if (visits > 0) return 'visit';
      const t = Math.min(atMs ?? Infinity, s.endsAtMs ?? Infinity);
      if (t !== Infinity && t - now() <= 0)
        return s.endsAtMs !== null && now() >= s.endsAtMs ? 'ended' : 'time';
      board.rest();
      wake = false;
      const woken = () => ended || visits > 0 || wake || workflowInfo().continueAsNewSuggested;
      if (t === Infinity) await condition(woken);
      else await condition(woken, t - now());
      if (!ended && visits === 0 && workflowInfo().continueAsNewSuggested) await carryOn();
    }
  };
  const carryOn = async (): Promise<never> => {
    await condition(allHandlersFinished);
    const open = board.openTasks()[0];
    return continueAsNew<typeof pairingWorkflow>({
      pairingId,
      carry: {
        dueOn: s.dueOn,
        reminded: reminded.includes(s.dueOn),
        escalationTaskId: open?.taskId ?? null,
        round: board.rounds,
      },
    });
  };

  /**
   * Before acting on a due date, the records are read again: a visit whose signal was lost (the
   * API could not reach Temporal after writing it) or an ending still moves the schedule.
   */
  const stillDue = async (): Promise<'time' | 'visit' | 'ended'> => {
    const fresh = await acts.loadPairingSchedule({ pairingId });
    if (fresh.ended) return 'ended';
    return fresh.dueOn === s.dueOn ? 'time' : 'visit';
  };

  let outcome: 'time' | 'visit' | 'ended' = 'time';
  // 1. The reminder, the policy's days before the due date.
  if (!reminded.includes(s.dueOn) && !escalated.includes(s.dueOn)) {
    outcome = await waitUntil(s.remindAtMs);
    if (outcome === 'time') outcome = await stillDue();
    if (outcome === 'time') {
      if (now() < s.escalateAtMs) await acts.remindPairingLeader({ pairingId, workflowId, dueOn: s.dueOn });
      reminded.push(s.dueOn);
      status = 'reminded';
    }
  }
  // 2. Missed by the grace days: the union chair's inbox.
  if (outcome === 'time' && !escalated.includes(s.dueOn)) {
    outcome = await waitUntil(s.escalateAtMs);
    if (outcome === 'time') outcome = await stillDue();
    if (outcome === 'time') {
      const { taskId } = await acts.escalateMissedVisit({ pairingId, workflowId, dueOn: s.dueOn });
      trackEscalation(taskId);
      escalated.push(s.dueOn);
      status = 'escalated';
    }
  }
  // 3. Then the visit (or the end) is all that is left to wait for.
  if (outcome === 'time') outcome = await waitUntil(null);
  if (outcome === 'ended') return finish(ended || now() < (s.endsAtMs ?? Infinity) ? 'ended' : 'end_date');

  // A visit was logged (its row written, the escalation task closed with it; signalled, or found
  // in the records): the next due date is counted from it, in a fresh run.
  for (const t of board.openTasks()) board.forget(t.taskId);
  await condition(allHandlersFinished);
  return continueAsNew<typeof pairingWorkflow>({ pairingId, carry: undefined });
}
