import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { PairingActivities, TaskActivities } from '../../activities';
import { chinaDate } from '../../libs/domain/calendar';
import { addDays, chinaInstant } from '../../libs/domain/loan';
import { nextVisitDue, pairingClock, pairingEndsAtMs } from '../../libs/domain/pairing';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { pairingEndedSignal, pairingStateQuery, pairingWorkflow, visitLoggedSignal } from '../../workflows';
import { recordStartedWorkflows } from '../support/histories';
import { refusal, taskBoardHelpers } from '../support/task-board';

/**
 * A pairing (结对帮扶) on the time-skipping test server. The activities keep the pairing in memory
 * the way libs/pairing does (visits, reminders and escalations keyed by the due date) and compute
 * the schedule with the real rule (nextVisitDue, pairingClock in libs/domain/pairing.ts).
 */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let flushHistories: (() => Promise<void>) | undefined;
const DAY = 24 * 60 * 60 * 1000;
const policy = DEFAULT_POLICY.pairing;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  env = await TestWorkflowEnvironment.createTimeSkipping(
    path ? { server: { executable: { type: 'existing-path', path } } } : undefined,
  );
  flushHistories = recordStartedWorkflows(env.client, 'pairing');
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
}, 120_000);

afterAll(async () => {
  await flushHistories?.();
  await env?.teardown();
});

const unionChair = { userId: 'u-union', displayName: '张主席', roles: ['union_chair'] };
const leader = { userId: 'u-leader', displayName: '周总', roles: ['leader'] };

function fakePairing(o: { startOn: string; endOn?: string; category: 'deep' | 'relative' }) {
  const visits: string[] = [];
  let ended = false;
  const log = {
    reminders: [] as Array<{ dueOn: string; at: number }>,
    escalations: [] as Array<{ dueOn: string; at: number }>,
    finished: [] as string[],
    completed: [] as Array<{ taskId: string; decision: string }>,
  };
  const pairing: PairingActivities = {
    async loadPairingSchedule() {
      const lastVisitOn = visits.length ? visits.reduce((a, b) => (a > b ? a : b)) : null;
      const dueOn = nextVisitDue({ startOn: o.startOn, lastVisitOn, categories: [o.category] }, policy);
      const c = pairingClock(dueOn, policy);
      return {
        ended,
        dueOn,
        remindAtMs: c.remindAtMs,
        escalateAtMs: c.escalateAtMs,
        endsAtMs: pairingEndsAtMs(o.endOn ?? null),
      };
    },
    async remindPairingLeader(r) {
      if (!log.reminders.some((x) => x.dueOn === r.dueOn))
        log.reminders.push({ dueOn: r.dueOn, at: Date.now() });
    },
    async escalateMissedVisit(e) {
      if (!log.escalations.some((x) => x.dueOn === e.dueOn))
        log.escalations.push({ dueOn: e.dueOn, at: Date.now() });
      return { taskId: `task-escalation-${e.dueOn}` };
    },
    async finishPairing(f) {
      log.finished.push(f.reason);
    },
  };
  const tasks: TaskActivities = {
    async openTask() {
      throw new Error('the pairing workflow opens no approval task');
    },
    async completeTask(c) {
      log.completed.push({ taskId: c.taskId, decision: c.decision });
    },
    async assignTask() {},
    async remindTask() {},
    async escalateTask() {},
    async cancelOpenTasks() {},
  };
  return {
    acts: { ...pairing, ...tasks },
    log,
    /** The API wrote a visit row (the signal follows). */
    visit: (on: string) => visits.push(on),
    end: () => (ended = true),
  };
}

async function withWorker<T>(
  acts: PairingActivities & TaskActivities,
  fn: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = `wf-pairing-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: acts,
  });
  return worker.runUntil(fn(taskQueue));
}

const { decide, openTask } = taskBoardHelpers(pairingStateQuery);
const today = async () => chinaDate(new Date(await env.currentTimeMs()));
/** Advances the test server's clock to `atMs` (the server skips the time). */
const sleepTo = async (atMs: number) => env.sleep(Math.max(atMs - (await env.currentTimeMs()), 1));
/**
 * The API's signal after it wrote a visit row; waits for the fresh run the visit starts (a query
 * sent to the run that is continuing as new would wait on a run that is gone).
 */
async function signalVisit(h: ReturnType<typeof env.client.workflow.getHandle>) {
  const before = (await h.describe()).runId;
  await h.signal(visitLoggedSignal, { visitId: 'v-1' });
  for (let i = 0; i < 400; i++) {
    if ((await h.describe()).runId !== before) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the visit did not start a new run');
}
/** Polls the workflow's state until it shows this due date (the schedule is read by an activity). */
async function untilDue(
  h: { query: (q: typeof pairingStateQuery) => Promise<{ dueOn: string | null }> },
  dueOn: string,
) {
  for (let i = 0; i < 400; i++) {
    if ((await h.query(pairingStateQuery)).dueOn === dueOn) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the pairing never waited on ${dueOn}`);
}

test('a missed visit is reminded before it is due, escalated to the union chair after the grace days and not before; a visit then restarts the schedule', async () => {
  const startOn = await today();
  const p = fakePairing({ startOn, category: 'deep' });
  const dueOn = addDays(startOn, policy.visitIntervalDays.deep);
  const clock = pairingClock(dueOn, policy);
  await withWorker(p.acts, async (tq) => {
    await env.client.workflow.start(pairingWorkflow, {
      taskQueue: tq,
      workflowId: 'pairing:wf-missed',
      args: [{ pairingId: 'wf-missed' }],
    });
    const h = env.client.workflow.getHandle('pairing:wf-missed');
    await untilDue(h, dueOn);

    // the reminder: 3 days before the due date (09:00 China time), not earlier
    await sleepTo(clock.remindAtMs - 60_000);
    expect(p.log.reminders).toEqual([]);
    await env.sleep(2 * 60_000);
    expect((await h.query(pairingStateQuery)).status).toBe('reminded');
    expect(p.log.reminders.map((r) => r.dueOn)).toEqual([dueOn]);

    // grace − 1 day after the due date: no escalation yet
    await sleepTo(chinaInstant(addDays(dueOn, policy.escalationGraceDays - 1), 12));
    expect(p.log.escalations).toEqual([]);
    // the last grace day, just before midnight: still none
    await sleepTo(clock.escalateAtMs - 60_000);
    expect(p.log.escalations).toEqual([]);
    expect((await h.query(pairingStateQuery)).status).toBe('reminded');
    // the grace days are over: the union chair's inbox
    await env.sleep(2 * 60_000);
    const taskId = await openTask(h, 'pairing_escalation', 'missed_visit');
    expect(p.log.escalations.map((e) => e.dueOn)).toEqual([dueOn]);
    expect((await h.query(pairingStateQuery)).status).toBe('escalated');

    // only a union chair takes it up; the leader may not close it
    expect((await refusal(decide(h, { decision: 'done', actor: leader }, 'pairing_escalation'))).type).toBe(
      'DecisionForbidden',
    );
    await decide(h, { decision: 'done', comment: '已督促结对领导', actor: unionChair }, 'pairing_escalation');
    expect(p.log.completed).toEqual([{ taskId, decision: 'done' }]);

    // the leader visits late: the next visit is due an interval after this visit, reminded again
    const visitedOn = await today();
    p.visit(visitedOn);
    await signalVisit(h);
    const nextDue = addDays(visitedOn, policy.visitIntervalDays.deep);
    await untilDue(h, nextDue);
    const s = await h.query(pairingStateQuery);
    expect(s).toMatchObject({
      dueOn: nextDue,
      status: 'waiting',
      reminded: [],
      escalated: [],
      openTasks: [],
    });
    await sleepTo(pairingClock(nextDue, policy).remindAtMs + 60_000);
    expect(p.log.reminders.map((r) => r.dueOn)).toEqual([dueOn, nextDue]);
    expect(p.log.escalations).toHaveLength(1);

    // the pairing is ended: the workflow finishes
    p.end();
    await h.signal(pairingEndedSignal);
    expect(await h.result()).toEqual({ status: 'finished', reason: 'ended' });
  });
  expect(p.log.finished).toEqual(['ended']);
}, 180_000);

test('a visit logged before the reminder moves the schedule: no reminder or escalation for the old due date', async () => {
  const startOn = await today();
  const p = fakePairing({ startOn, category: 'relative' });
  const firstDue = addDays(startOn, policy.visitIntervalDays.relative);
  await withWorker(p.acts, async (tq) => {
    await env.client.workflow.start(pairingWorkflow, {
      taskQueue: tq,
      workflowId: 'pairing:wf-reset',
      args: [{ pairingId: 'wf-reset' }],
    });
    const h = env.client.workflow.getHandle('pairing:wf-reset');
    await untilDue(h, firstDue);

    // 60 days in, the leader visits (phone call); the API writes the row and signals
    await sleepTo(chinaInstant(addDays(startOn, 60), 10));
    const visitedOn = await today();
    p.visit(visitedOn);
    await signalVisit(h);
    const nextDue = addDays(visitedOn, policy.visitIntervalDays.relative);
    await untilDue(h, nextDue);
    expect((await h.query(pairingStateQuery)).dueOn).toBe(nextDue);

    // past the old due date and its grace days: nothing for it
    await sleepTo(pairingClock(firstDue, policy).escalateAtMs + DAY);
    expect(p.log.reminders).toEqual([]);
    expect(p.log.escalations).toEqual([]);
    // the new due date is reminded in its turn
    await sleepTo(pairingClock(nextDue, policy).remindAtMs + 60_000);
    expect(p.log.reminders.map((r) => r.dueOn)).toEqual([nextDue]);
    p.end();
    await h.signal(pairingEndedSignal);
    expect(await h.result()).toEqual({ status: 'finished', reason: 'ended' });
  });
}, 180_000);

test('the end date finishes the pairing: no reminder after it', async () => {
  const startOn = await today();
  const endOn = addDays(startOn, 10);
  const p = fakePairing({ startOn, endOn, category: 'deep' });
  await withWorker(p.acts, async (tq) => {
    const h = await env.client.workflow.start(pairingWorkflow, {
      taskQueue: tq,
      workflowId: 'pairing:wf-end-date',
      args: [{ pairingId: 'wf-end-date' }],
    });
    expect(await h.result()).toEqual({ status: 'finished', reason: 'end_date' });
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(pairingEndsAtMs(endOn)!);
  });
  expect(p.log.reminders).toEqual([]);
  expect(p.log.escalations).toEqual([]);
  expect(p.log.finished).toEqual(['end_date']);
}, 120_000);

test('a visit whose signal was lost is found in the records before the reminder: nothing is sent for the old due date', async () => {
  const startOn = await today();
  const p = fakePairing({ startOn, category: 'deep' });
  const firstDue = addDays(startOn, policy.visitIntervalDays.deep);
  await withWorker(p.acts, async (tq) => {
    await env.client.workflow.start(pairingWorkflow, {
      taskQueue: tq,
      workflowId: 'pairing:wf-lost-signal',
      args: [{ pairingId: 'wf-lost-signal' }],
    });
    const h = env.client.workflow.getHandle('pairing:wf-lost-signal');
    await untilDue(h, firstDue);
    // the API wrote the visit 20 days in, but could not reach Temporal: no signal
    await sleepTo(chinaInstant(addDays(startOn, 20), 10));
    const visitedOn = await today();
    p.visit(visitedOn);
    // at the old reminder time the workflow reads the records again and moves to the new due date
    const nextDue = addDays(visitedOn, policy.visitIntervalDays.deep);
    await sleepTo(pairingClock(firstDue, policy).remindAtMs + 60_000);
    await untilDue(h, nextDue);
    await sleepTo(pairingClock(firstDue, policy).escalateAtMs + DAY);
    expect(p.log.reminders).toEqual([]);
    expect(p.log.escalations).toEqual([]);
    p.end();
    await h.signal(pairingEndedSignal);
    expect(await h.result()).toEqual({ status: 'finished', reason: 'ended' });
  });
}, 120_000);
