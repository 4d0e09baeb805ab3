import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { CaseActivities, TaskActivities } from '../../activities';
import { addWorkingDays, chinaDate, toExceptionMap } from '../../libs/domain/calendar';
import { noticePeriodEnd } from '../../libs/domain/notice';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { routeStages } from '../../libs/domain/routing';
import type { CasePlan } from '../../libs/cases/cases.repository';
import {
  aidCaseStateQuery,
  aidCaseWorkflow,
  decideUpdate,
  objectionSignal,
  withdrawUpdate,
} from '../../workflows';
import { recordHistory, recordStartedWorkflows } from '../support/histories';
import { refusal, taskBoardHelpers } from '../support/task-board';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';

/**
 * The aid-case workflow alone on the time-skipping test server; activities are recorded in memory
 * (typed against the factories, so a changed signature fails to compile).
 * The approval chain's own outcomes (return and resubmit, escalation, four-eyes, funds top-up) are
 * tested once, in approvals.workflow.test.ts; this suite tests what the aid case adds around it.
 */
let env: TestWorkflowEnvironment;
let flushHistories: (() => Promise<void>) | undefined;
let bundle: WorkflowBundleWithSourceMap;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger((process.env.TEST_LOG_LEVEL as 'WARN') ?? 'WARN') });
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  env = await TestWorkflowEnvironment.createTimeSkipping({
    ...(path ? { server: { executable: { type: 'existing-path', path } } } : undefined),
    client: { dataConverter: dataConverterFromEnv() },
  });
  flushHistories = recordStartedWorkflows(env.client, 'aid-case');
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
}, 120_000);

afterAll(async () => {
  await flushHistories?.();
  await env?.teardown();
});

interface Options {
  amountFen?: number;
  program?: string;
  noticeRequired?: boolean;
  /** reserveFunds answers ok only from this attempt on (1 = first). */
  fundsOkFromAttempt?: number;
  deadlines?: { dueInMs: number; graceMs: number } | null;
  noticeMs?: number;
  excluded?: CasePlan['excluded'];
}

function fakeActivities(o: Options = {}) {
  const log = {
    statuses: [] as string[],
    tasks: [] as Array<{ taskId: string; kind: string; stage: string; candidateRole: string }>,
    completed: [] as Array<{ taskId: string; decision: string }>,
    reminded: [] as string[],
    escalated: [] as Array<{ taskId: string; toRole: string }>,
    reserveCalls: 0,
    released: [] as string[],
    payments: [] as string[],
    objections: 0,
    followUps: 0,
    cancelled: 0,
  };
  let n = 0;
  const amountFen = o.amountFen ?? 150_000;
  const cases: CaseActivities = {
    // set below, over these fakes
    submitCase: undefined as unknown as CaseActivities['submitCase'],
    completeTaskAndOpenNext: undefined as unknown as CaseActivities['completeTaskAndOpenNext'],
    async recordCaseSubmitted(s) {
      return {
        caseNo: 'AC-TEST-000001',
        policyVersion: 1,
        stages: routeStages(DEFAULT_POLICY, s.programCode, s.amountFen),
        excluded: o.excluded ?? [{ userId: 'u-caseworker', reason: 'caseworker' }],
        noticeRequired: o.noticeRequired ?? false,
        followUpDays: 30,
        reservationExpiryDays: 60,
        year: 2026,
      };
    },
    async setCaseStatus(c) {
      log.statuses.push(c.status);
    },
    async startNotice() {
      return { endsAt: new Date().toISOString(), durationMs: o.noticeMs ?? 7 * DAY };
    },
    async recordObjection() {
      log.objections++;
    },
    async recordFollowUp() {
      log.followUps++;
    },
    async reserveFunds() {
      log.reserveCalls++;
      return log.reserveCalls >= (o.fundsOkFromAttempt ?? 1)
        ? { ok: true as const, fundSource: 'union_funds' }
        : { ok: false as const, availableFen: amountFen - 1 };
    },
    async releaseFunds(r) {
      log.released.push(r.reason);
    },
    async postPayment(p) {
      log.payments.push(p.reference);
      return { posted: true };
    },
  };
  const tasks: TaskActivities = {
    async openTask(t) {
      const taskId = `t${++n}-${t.kind}-${t.stage}`;
      log.tasks.push({ taskId, kind: t.kind, stage: t.stage, candidateRole: t.candidateRole });
      const d = o.deadlines === undefined ? null : o.deadlines;
      return {
        taskId,
        dueInMs: t.withDeadline && d ? d.dueInMs : null,
        graceMs: t.withDeadline && d ? d.graceMs : null,
      };
    },
    async completeTask(c) {
      log.completed.push({ taskId: c.taskId, decision: c.decision });
    },
    async assignTask() {},
    async remindTask(r) {
      log.reminded.push(r.taskId);
    },
    async escalateTask(e) {
      log.escalated.push({ taskId: e.taskId, toRole: e.toRole });
    },
    async cancelOpenTasks() {
      log.cancelled++;
    },
  };
  // the submission's three writes in one activity, as activities/cases.activities.ts composes them
  cases.submitCase = async ({ round, ...s }) => {
    const plan = await cases.recordCaseSubmitted(s);
    await cases.setCaseStatus({ caseId: s.caseId, workflowId: s.workflowId, status: 'pending_approval' });
    const stage = plan.stages[0]!;
    const opened = await tasks.openTask({
      subjectType: 'aid_case',
      subjectId: s.caseId,
      workflowId: s.workflowId,
      kind: 'approval',
      stage: stage.code,
      candidateRole: stage.candidateRole,
      assigneeId: null,
      payload: {},
      round,
      withDeadline: true,
    });
    return { ...plan, firstTask: { kind: 'approval' as const, stage: stage.code, round, ...opened } };
  };
  cases.completeTaskAndOpenNext = async ({ next, ...completion }) => {
    await tasks.completeTask(completion);
    return tasks.openTask(next);
  };
  return { acts: { ...cases, ...tasks }, log };
}

async function withWorker<T>(
  acts: CaseActivities & TaskActivities,
  fn: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = `wf-test-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({
    dataConverter: dataConverterFromEnv(),
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: acts,
  });
  return worker.runUntil(fn(taskQueue));
}

const users = {
  chair: { userId: 'u-chair', displayName: '王主席', roles: ['branch_chair'] },
  union: { userId: 'u-union', displayName: '张主席', roles: ['union_chair'] },
  leader: { userId: 'u-leader', displayName: '赵总', roles: ['leader'] },
  finance: { userId: 'u-fin', displayName: '陈会计', roles: ['finance'] },
  caseworker: { userId: 'u-caseworker', displayName: '李干事', roles: ['caseworker'] },
  admin: { userId: 'u-admin', displayName: '管理员', roles: ['admin', 'branch_chair', 'union_chair'] },
};

const started: string[] = [];

// Workflows a test leaves waiting (on a person or a timer) are ended, so their timers do not hold
// the shared time-skipping clock in later tests.
afterEach(async () => {
  for (const id of started.splice(0)) {
    await env.client.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => undefined);
  }
});

async function start(taskQueue: string, id: string, o: Options = {}) {
  started.push(`aid-case:${id}`);
  return env.client.workflow.start(aidCaseWorkflow, {
    taskQueue,
    workflowId: `aid-case:${id}`,
    args: [
      {
        caseId: id,
        workerId: 'w-1',
        programCode: o.program ?? 'illness',
        amountFen: o.amountFen ?? 150_000,
        reason: '住院',
        createdBy: 'u-caseworker',
      },
    ],
  });
}

const { openTask, decide } = taskBoardHelpers(aidCaseStateQuery);

test('above 2,000 yuan: grassroots → union → leader, funds reserved, paid once, follow-up 30 days later, closed', async () => {
  const { acts, log } = fakeActivities({ amountFen: 300_000 });
  await withWorker(acts, async (tq) => {
    const h = await start(tq, 'c-all-stages', { amountFen: 300_000 });
    expect(
      (await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots')).status,
    ).toBe('pending_approval');
    await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union');
    expect((await decide(h, { decision: 'approve', actor: users.leader }, 'approval', 'leader')).status).toBe(
      'awaiting_payment',
    );
    // a payment needs its reference
    const noRef = await refusal(
      decide(h, { decision: 'done', actor: users.finance, outcome: {} }, 'payment'),
    );
    expect(noRef.type).toBe('InvalidDecision');
    await decide(h, { decision: 'done', actor: users.finance, outcome: { reference: 'BANK-1' } }, 'payment');
    const before = await env.currentTimeMs();
    await openTask(h, 'follow_up').catch(() => undefined); // not yet: it waits 30 days
    await env.sleep('30 days');
    await decide(
      h,
      { decision: 'done', actor: users.caseworker, outcome: { outcome: '已康复返岗' } },
      'follow_up',
    );
    expect(await h.result()).toEqual({ status: 'closed' });
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(30 * DAY);
    // fewer round trips (patch aid-case-fewer-round-trips): the submission is one activity that also
    // opens the first task; each approval but the last completes its task and opens the next stage's
    const types = ((await h.fetchHistory()).events ?? [])
      .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
      .filter((t): t is string => !!t);
    expect(types.slice(0, 5)).toEqual([
      'submitCase',
      'reserveFunds',
      'completeTaskAndOpenNext',
      'completeTaskAndOpenNext',
      'completeTask',
    ]);
    expect(types).not.toContain('recordCaseSubmitted');
    await recordHistory(env.client, 'aid-case-all-stages', h.workflowId);
  });
  expect(log.tasks.filter((t) => t.kind === 'approval').map((t) => t.stage)).toEqual([
    'grassroots',
    'union',
    'leader',
  ]);
  expect(log.reserveCalls).toBe(1);
  expect(log.payments).toEqual(['BANK-1']);
  expect(log.followUps).toBe(1);
  expect(log.statuses.at(-1)).toBe('closed');
}, 120_000);

test('reject at stage 2: the reservation made at the first approval is released', async () => {
  const { acts, log } = fakeActivities();
  await withWorker(acts, async (tq) => {
    const h = await start(tq, 'c-reject-2');
    await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots');
    await decide(h, { decision: 'reject', comment: '收入超过标准', actor: users.union }, 'approval', 'union');
    expect(await h.result()).toEqual({ status: 'rejected' });
    await recordHistory(env.client, 'aid-case-reject', h.workflowId);
  });
  expect(log.reserveCalls).toBe(1);
  expect(log.released).toHaveLength(1);
  expect(log.statuses.at(-1)).toBe('rejected');
});

test('an objection during public notice sends the case back to review; the reservation is released when it is then rejected', async () => {
  const { acts, log } = fakeActivities({ noticeRequired: true, noticeMs: 7 * DAY });
  await withWorker(acts, async (tq) => {
    const h = await start(tq, 'c-objection');
    await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots');
    await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union');
    for (let i = 0; i < 100 && (await h.query(aidCaseStateQuery)).status !== 'in_notice'; i++)
      await new Promise((r) => setTimeout(r, 25));
    await h.signal(objectionSignal, { by: '匿名职工', text: '该户另有商铺出租' });
    // back to review from the first stage, the objection attached
    await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots');
    await decide(h, { decision: 'reject', comment: '异议属实', actor: users.union }, 'approval', 'union');
    expect(await h.result()).toEqual({ status: 'rejected' });
  });
  expect(log.objections).toBe(1);
  expect(log.reserveCalls).toBe(1);
  expect(log.released).toHaveLength(1);
  expect(log.tasks.filter((t) => t.stage === 'grassroots')).toHaveLength(2);
});

test('public notice of 5 working days across a weekend and a holiday, then payment', async () => {
  // a holiday on the first weekday after today makes the notice span a weekend and a holiday
  const today = chinaDate(new Date());
  const holiday = addWorkingDays(today, 1, toExceptionMap([]));
  const ex = toExceptionMap([{ date: holiday, isWorkday: false, name: '测试假日' }]);
  const noticeMs = noticePeriodEnd(new Date(), 5, ex).getTime() - Date.now();
  expect(noticeMs).toBeGreaterThan(7 * DAY); // 5 working days + a weekend + a holiday
  const { acts, log } = fakeActivities({ noticeRequired: true, noticeMs });
  await withWorker(acts, async (tq) => {
    const h = await start(tq, 'c-notice');
    await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots');
    await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union');
    const t0 = await env.currentTimeMs();
    await env.sleep(noticeMs - 60 * 60 * 1000);
    expect((await h.query(aidCaseStateQuery)).status).toBe('in_notice');
    await env.sleep(2 * 60 * 60 * 1000);
    await openTask(h, 'payment');
    expect((await env.currentTimeMs()) - t0).toBeGreaterThanOrEqual(noticeMs);
  });
  expect(log.statuses).toContain('awaiting_payment');
});

test('budget too small and finance rejects: the case ends rejected without a reservation', async () => {
  const { acts, log } = fakeActivities({ fundsOkFromAttempt: 99 });
  await withWorker(acts, async (tq) => {
    const h = await start(tq, 'c-budget-reject');
    await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots');
    await decide(h, { decision: 'reject', comment: '本年度预算已用完', actor: users.finance }, 'funds');
    expect(await h.result()).toEqual({ status: 'rejected' });
  });
  expect(log.released).toEqual([]);
});

test('two concurrent decisions on one task: exactly one is accepted', async () => {
  const { acts, log } = fakeActivities();
  await withWorker(acts, async (tq) => {
    const h = await start(tq, 'c-race');
    const taskId = await openTask(h, 'approval', 'grassroots');
    const results = await Promise.allSettled([
      h.executeUpdate(decideUpdate, { args: [{ taskId, decision: 'approve', actor: users.chair }] }),
      h.executeUpdate(decideUpdate, {
        args: [{ taskId, decision: 'reject', comment: '不同意', actor: users.chair }],
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(((refused.reason as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(
      'StaleTask',
    );
  });
  expect(log.completed).toHaveLength(1);
});

test('withdrawal after the final approval releases the reservation and cancels the open tasks', async () => {
  const { acts, log } = fakeActivities({ noticeRequired: true });
  await withWorker(acts, async (tq) => {
    const h = await start(tq, 'c-withdraw');
    await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots');
    await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union');
    const nope = await refusal(
      h.executeUpdate(withdrawUpdate, { args: [{ reason: 'x', actor: users.finance }] }),
    );
    expect(nope.type).toBe('DecisionForbidden');
    expect(
      await h.executeUpdate(withdrawUpdate, { args: [{ reason: '职工主动撤回', actor: users.caseworker }] }),
    ).toEqual({ status: 'withdrawn' });
    expect(await h.result()).toEqual({ status: 'withdrawn' });
  });
  expect(log.released).toEqual(['withdrawn']);
  expect(log.cancelled).toBe(1);
});

test('an approved amount not paid within the policy period is released and the case expires', async () => {
  const { acts, log } = fakeActivities();
  await withWorker(acts, async (tq) => {
    const h = await start(tq, 'c-expire');
    await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots');
    await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union');
    await openTask(h, 'payment');
    await env.sleep(59 * DAY);
    expect((await h.query(aidCaseStateQuery)).status).toBe('awaiting_payment');
    await env.sleep(2 * DAY);
    expect(await h.result()).toEqual({ status: 'expired' });
  });
  expect(log.released).toEqual(['expired: not paid in time']);
  expect(log.cancelled).toBe(1);
  expect(log.payments).toEqual([]);
});
