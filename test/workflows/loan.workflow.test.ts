import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { LoanActivities, TaskActivities } from '../../activities';
import {
  DEFAULT_LOAN_POLICY,
  addDays,
  buildSchedule,
  chinaDateOf,
  chinaInstant,
  type Instalment,
  type LoanStatus,
} from '../../libs/domain/loan';
import { routeLoanStages, stageDefs } from '../../libs/domain/routing';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import {
  collectionHoldChangedSignal,
  decideUpdate,
  loanRequestUpdate,
  loanStateQuery,
  loanWorkflow,
  repaymentSignal,
  type DecideInput,
} from '../../workflows';
import { recordHistory, recordStartedWorkflows } from '../support/histories';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';

/**
 * The loan workflow alone on the time-skipping test server over 12-month loans. Activities keep an
 * in-memory ledger and loan (typed against the factories, so a changed signature fails to compile);
 * the workflow reads what was paid only from that ledger.
 */
let env: TestWorkflowEnvironment;
let flushHistories: (() => Promise<void>) | undefined;
let bundle: WorkflowBundleWithSourceMap;
const GRACE = DEFAULT_LOAN_POLICY.graceDays;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger((process.env.TEST_LOG_LEVEL as 'WARN') ?? 'WARN') });
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  env = await TestWorkflowEnvironment.createTimeSkipping({
    ...(path ? { server: { executable: { type: 'existing-path', path } } } : undefined),
    client: { dataConverter: dataConverterFromEnv() },
  });
  flushHistories = recordStartedWorkflows(env.client, 'loan');
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
}, 120_000);

afterAll(async () => {
  await flushHistories?.();
  await env?.teardown();
});

interface Fake {
  amountFen: number;
  termMonths: number;
  status: LoanStatus;
  version: number;
  schedules: Map<number, { instalments: Instalment[]; repaidBefore: number }>;
  ledger: Array<{
    key: string;
    reference: string;
    amountFen: number;
    paidOn: string;
    kind: 'repayment' | 'write_off';
  }>;
  hold: 'hospitalisation' | 'aid_case' | null;
}

function fakeActivities(amountFen: number, termMonths: number) {
  const loan: Fake = {
    amountFen,
    termMonths,
    status: 'pending_approval',
    version: 0,
    schedules: new Map(),
    ledger: [],
    hold: null,
  };
  const log = {
    statuses: [] as Array<{ status: LoanStatus; on: string }>,
    reminders: [] as Array<{
      version: number;
      seq: number;
      offset: number;
      on: string;
      amountDueFen: number;
    }>,
    ladder: [] as Array<{ action: string; afterDays: number; on: string; daysOverdue: number }>,
    pauses: [] as Array<{ event: 'start' | 'end'; on: string; reason?: string }>,
    tasks: [] as Array<{ taskId: string; kind: string; stage: string; candidateRole: string }>,
    closedReminderTasks: [] as string[],
    reserved: 0,
    disbursed: 0,
    writeOffs: 0,
    holdChecks: 0,
  };
  const today = async () => chinaDateOf(await env.currentTimeMs());
  const repaid = () => loan.ledger.filter((e) => e.kind === 'repayment').reduce((n, e) => n + e.amountFen, 0);
  const writtenOff = () =>
    loan.ledger.filter((e) => e.kind === 'write_off').reduce((n, e) => n + e.amountFen, 0);
  const outstanding = () => loan.amountFen - repaid() - writtenOff();
  let n = 0;
  const loans: LoanActivities = {
    async recordLoanSubmitted(s) {
      return {
        loanNo: 'LN-TEST-000001',
        policyVersion: 1,
        stages: routeLoanStages(DEFAULT_LOAN_POLICY, DEFAULT_POLICY.stages, s.amountFen),
        rescheduleStages: stageDefs(DEFAULT_POLICY.stages, DEFAULT_LOAN_POLICY.rescheduleStages),
        writeOffStages: stageDefs(DEFAULT_POLICY.stages, DEFAULT_LOAN_POLICY.writeOffStages),
        excluded: [{ userId: 'u-caseworker', reason: 'caseworker' }],
      };
    },
    async setLoanStatus(c) {
      loan.status = c.status;
      log.statuses.push({ status: c.status, on: chinaDateOf(Date.parse(c.asOf!)) });
    },
    async reserveLoanFunds() {
      log.reserved++;
      return { ok: true as const, fundSource: 'mutual_aid' };
    },
    async releaseLoanFunds() {},
    async disburseLoan(d) {
      log.disbursed++;
      loan.version = 1;
      loan.schedules.set(1, {
        instalments: buildSchedule(loan.amountFen, loan.termMonths, chinaDateOf(Date.parse(d.asOf))),
        repaidBefore: 0,
      });
      loan.status = 'active';
      return { posted: true };
    },
    async loanSnapshot() {
      const s = loan.schedules.get(loan.version)!;
      return {
        status: loan.status,
        scheduleVersion: loan.version,
        schedule: s.instalments,
        paidOnScheduleFen: repaid() - s.repaidBefore,
        outstandingFen: outstanding(),
        graceDays: GRACE,
        reminderOffsetsDays: DEFAULT_LOAN_POLICY.reminderOffsetsDays,
        ladder: DEFAULT_LOAN_POLICY.overdueLadder,
      };
    },
    async postLoanRepayment(r) {
      const prior = loan.ledger.find((e) => e.key === r.key);
      if (prior) return { outcome: 'duplicate' as const, entryId: prior.key, outstandingFen: outstanding() };
      loan.ledger.push({
        key: r.key,
        reference: r.reference,
        amountFen: r.amountFen,
        paidOn: r.paidOn,
        kind: 'repayment',
      });
      return { outcome: 'accepted' as const, entryId: r.key, outstandingFen: outstanding() };
    },
    async collectionHold() {
      log.holdChecks++;
      return loan.hold
        ? { held: true, reason: loan.hold, sourceId: 'ew-1' }
        : { held: false, reason: null, sourceId: null };
    },
    async startCollectionPause(p) {
      log.pauses.push({ event: 'start', on: chinaDateOf(Date.parse(p.at)), reason: p.reason });
    },
    async endCollectionPause(p) {
      log.pauses.push({ event: 'end', on: chinaDateOf(Date.parse(p.at)) });
    },
    async recordLoanReminder(r) {
      log.reminders.push({
        version: r.scheduleVersion,
        seq: r.seq,
        offset: r.offsetDays,
        on: await today(),
        amountDueFen: r.amountDueFen,
      });
      return { taskId: `rem-${r.scheduleVersion}-${r.seq}-${r.offsetDays}` };
    },
    async closeReminderTasks(c) {
      log.closedReminderTasks.push(...c.taskIds);
    },
    async recordLadderStep(s) {
      log.ladder.push({
        action: s.step.action,
        afterDays: s.step.afterDays,
        on: await today(),
        daysOverdue: s.daysOverdue,
      });
    },
    async rescheduleLoan(r) {
      const version = loan.version + 1;
      loan.schedules.set(version, {
        instalments: buildSchedule(outstanding(), r.termMonths, chinaDateOf(Date.parse(r.asOf))),
        repaidBefore: repaid(),
      });
      loan.version = version;
      return { version };
    },
    async writeOffLoan() {
      log.writeOffs++;
      const amount = outstanding();
      loan.ledger.push({
        key: 'wo',
        reference: 'write-off',
        amountFen: amount,
        paidOn: await today(),
        kind: 'write_off',
      });
      loan.status = 'written_off';
      return { writtenOffFen: amount };
    },
    async recordLoanRequest() {},
  };
  const tasks: TaskActivities = {
    async openTask(t) {
      const taskId = `t${++n}-${t.kind}-${t.stage}`;
      log.tasks.push({ taskId, kind: t.kind, stage: t.stage, candidateRole: t.candidateRole });
      return { taskId, dueInMs: null, graceMs: null };
    },
    async completeTask() {},
    async assignTask() {},
    async remindTask() {},
    async escalateTask() {},
    async cancelOpenTasks() {},
  };
  return {
    acts: { ...loans, ...tasks },
    log,
    loan,
    schedule: () => loan.schedules.get(loan.version)!.instalments,
  };
}

type Fakes = ReturnType<typeof fakeActivities>;

const users = {
  chair: { userId: 'u-chair', displayName: '王主席', roles: ['branch_chair'] },
  union: { userId: 'u-union', displayName: '张主席', roles: ['union_chair'] },
  leader: { userId: 'u-leader', displayName: '赵总', roles: ['leader'] },
  finance: { userId: 'u-fin', displayName: '陈会计', roles: ['finance'] },
  caseworker: { userId: 'u-caseworker', displayName: '李干事', roles: ['caseworker'] },
};

const started: string[] = [];
afterEach(async () => {
  for (const id of started.splice(0)) {
    await env.client.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => undefined);
  }
});

async function withWorker<T>(f: Fakes, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `loan-test-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({
    dataConverter: dataConverterFromEnv(),
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: f.acts,
  });
  return worker.runUntil(fn(taskQueue));
}

async function start(taskQueue: string, id: string, amountFen: number, termMonths: number) {
  started.push(`loan:${id}`);
  return env.client.workflow.start(loanWorkflow, {
    taskQueue,
    workflowId: `loan:${id}`,
    args: [
      { loanId: id, workerId: 'w-1', amountFen, termMonths, purpose: '子女学费', createdBy: 'u-caseworker' },
    ],
  });
}
type Handle = Awaited<ReturnType<typeof start>>;

async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const openTask = (h: Handle, kind: string, stage?: string) =>
  until(
    `an open ${kind} ${stage ?? ''} task`,
    async () =>
      (await h.query(loanStateQuery)).openTasks.find((t) => t.kind === kind && (!stage || t.stage === stage))
        ?.taskId,
  );

async function decide(h: Handle, kind: string, input: Omit<DecideInput, 'taskId'>, stage?: string) {
  const taskId = await openTask(h, kind, stage);
  return h.executeUpdate(decideUpdate, { args: [{ taskId, ...input }] });
}

const statusIs = (h: Handle, s: LoanStatus) =>
  until(`status ${s}`, async () => (await h.query(loanStateQuery)).status === s);

/** Advances the test server's clock to an instant (no-op when it is already past). */
async function sleepUntil(ms: number): Promise<void> {
  const cur = await env.currentTimeMs();
  if (ms > cur) await env.sleep(ms - cur);
}

/** Approved by both stages and disbursed: the 12-month servicing phase begins. */
async function approveAndDisburse(h: Handle): Promise<void> {
  await decide(h, 'approval', { decision: 'approve', actor: users.chair }, 'grassroots');
  expect((await decide(h, 'approval', { decision: 'approve', actor: users.union }, 'union')).status).toBe(
    'awaiting_disbursement',
  );
  const r = await decide(h, 'disbursement', {
    decision: 'done',
    actor: users.finance,
    outcome: { reference: 'BANK-D1' },
  });
  expect(r.status).toBe('active');
}

async function pay(f: Fakes, h: Handle, amountFen: number, reference: string): Promise<void> {
  const t = await env.currentTimeMs();
  await f.acts.postLoanRepayment({
    loanId: 'x',
    amountFen,
    paidOn: chinaDateOf(t),
    reference,
    key: reference,
    actorId: 'u-fin',
    source: 'api',
  });
  await h.signal(repaymentSignal);
}

const AMOUNT = 480_000; // 4,800 yuan over 12 months: 40,000 fen a month
const MONTHLY = 40_000;

test('12-month loan: reminders 7 and 1 days before due; on-time, late, partial and early payments against the ledger', async () => {
  const f = fakeActivities(AMOUNT, 12);
  await withWorker(f, async (tq) => {
    const h = await start(tq, 'l-payments', AMOUNT, 12);
    await approveAndDisburse(h);
    const s = f.schedule();
    expect(s).toHaveLength(12);
    expect(s.reduce((a, i) => a + i.amountFen, 0)).toBe(AMOUNT);

    // month 1, on time: paid two days before the due date, after the 7-day reminder
    await sleepUntil(chinaInstant(addDays(s[0]!.dueDate, -2), 12));
    await pay(f, h, MONTHLY, 'PAY-1');
    await sleepUntil(chinaInstant(addDays(s[0]!.dueDate, GRACE + 3)));
    expect((await h.query(loanStateQuery)).status).toBe('active');

    // month 2, late: not paid by the due date; overdue after the grace days, a notice the day after
    await sleepUntil(chinaInstant(addDays(s[1]!.dueDate, GRACE + 2), 12));
    await statusIs(h, 'overdue');
    await pay(f, h, MONTHLY, 'PAY-2');
    await statusIs(h, 'active');

    // month 3, partial: half before the due date; the 1-day reminder asks for the rest
    await sleepUntil(chinaInstant(addDays(s[2]!.dueDate, -3), 12));
    await pay(f, h, MONTHLY / 2, 'PAY-3a');
    await sleepUntil(chinaInstant(addDays(s[2]!.dueDate, GRACE + 1), 12));
    await statusIs(h, 'overdue');
    await pay(f, h, MONTHLY / 2, 'PAY-3b');
    await statusIs(h, 'active');

    // month 4, early full repayment: everything outstanding at once, the loan ends repaid
    await sleepUntil(chinaInstant(addDays(s[3]!.dueDate, -10), 12));
    await pay(f, h, AMOUNT - 3 * MONTHLY, 'PAY-EARLY');
    expect(await h.result()).toEqual({ status: 'repaid' });
    await recordHistory(env.client, 'loan-payments', h.workflowId);

    expect(f.log.reminders.map((r) => [r.seq, r.offset, r.on, r.amountDueFen])).toEqual([
      [1, 7, addDays(s[0]!.dueDate, -7), MONTHLY],
      [2, 7, addDays(s[1]!.dueDate, -7), MONTHLY],
      [2, 1, addDays(s[1]!.dueDate, -1), MONTHLY],
      [3, 7, addDays(s[2]!.dueDate, -7), MONTHLY],
      [3, 1, addDays(s[2]!.dueDate, -1), MONTHLY / 2],
    ]);
    // a notice one day into each overdue episode, nothing beyond it (each was cured within days)
    expect(f.log.ladder.map((l) => [l.action, l.on])).toEqual([
      ['notice', addDays(s[1]!.dueDate, GRACE + 1)],
      ['notice', addDays(s[2]!.dueDate, GRACE + 1)],
    ]);
    expect(f.log.statuses.map((x) => x.status)).toEqual([
      'awaiting_disbursement',
      'overdue',
      'active',
      'overdue',
      'active',
      'repaid',
    ]);
    expect(f.log.statuses[1]!.on).toBe(addDays(s[1]!.dueDate, GRACE + 1));
    // reminder inbox items lapse once paid or checked
    expect(f.log.closedReminderTasks).toEqual(
      expect.arrayContaining(['rem-1-1-7', 'rem-1-2-7', 'rem-1-2-1']),
    );
  });
}, 180_000);

test('never repaid: the full overdue ladder (notice +1, visit +15, escalation +30, default +90) and a write-off approved', async () => {
  const f = fakeActivities(AMOUNT, 12);
  await withWorker(f, async (tq) => {
    const h = await start(tq, 'l-ladder', AMOUNT, 12);
    await approveAndDisburse(h);
    const due = f.schedule()[0]!.dueDate;
    await sleepUntil(chinaInstant(addDays(due, GRACE + 16), 12));
    const visit = await openTask(h, 'loan_visit');
    await sleepUntil(chinaInstant(addDays(due, GRACE + 31), 12));
    await openTask(h, 'loan_escalation');
    // the visit is recorded in the inbox while the ladder goes on
    await h.executeUpdate(decideUpdate, {
      args: [{ taskId: visit, decision: 'done', actor: users.caseworker, outcome: { visit: '已入户' } }],
    });
    await sleepUntil(chinaInstant(addDays(due, GRACE + 91), 12));
    await statusIs(h, 'defaulted');
    // default proposes a write-off: company union, then the company leader approve it
    await decide(h, 'write_off', { decision: 'approve', actor: users.union }, 'union');
    await decide(h, 'write_off', { decision: 'approve', actor: users.leader }, 'leader');
    expect(await h.result()).toEqual({ status: 'written_off' });
    await recordHistory(env.client, 'loan-ladder-write-off', h.workflowId);
  });
  expect(f.log.ladder.map((l) => [l.action, l.afterDays, l.daysOverdue])).toEqual([
    ['notice', 1, 1],
    ['visit', 15, 15],
    ['escalate', 30, 30],
    ['default', 90, 90],
  ]);
  const due = f.loan.schedules.get(1)!.instalments[0]!.dueDate;
  expect(f.log.ladder.map((l) => l.on)).toEqual([1, 15, 30, 90].map((d) => addDays(due, GRACE + d)));
  expect(f.log.tasks.filter((t) => t.kind !== 'approval').map((t) => [t.kind, t.candidateRole])).toEqual([
    ['disbursement', 'finance'],
    ['loan_visit', 'caseworker'],
    ['loan_escalation', 'union_chair'],
    ['write_off', 'union_chair'],
    ['write_off', 'leader'],
  ]);
  expect(f.log.writeOffs).toBe(1);
  // once defaulted there are no more reminders
  const defaultedOn = addDays(due, GRACE + 90);
  expect(f.log.reminders.filter((r) => r.on > defaultedOn)).toEqual([]);
  expect(f.log.statuses.map((s) => s.status)).toEqual(['awaiting_disbursement', 'overdue', 'defaulted']);
}, 180_000);

test('reschedule: requested while overdue, approved by the company union, a new schedule from the approval date', async () => {
  const f = fakeActivities(AMOUNT, 12);
  await withWorker(f, async (tq) => {
    const h = await start(tq, 'l-reschedule', AMOUNT, 12);
    await approveAndDisburse(h);
    const s1 = f.schedule();
    await pay(f, h, MONTHLY, 'PAY-1');
    await sleepUntil(chinaInstant(addDays(s1[1]!.dueDate, GRACE + 5), 12));
    await statusIs(h, 'overdue');
    const { taskId } = await h.executeUpdate(loanRequestUpdate, {
      args: [{ kind: 'reschedule', termMonths: 20, reason: '家中变故，收入下降', actor: users.caseworker }],
    });
    expect(taskId).toMatch(/reschedule-union/);
    // the requester cannot approve their own request (four-eyes)
    const refused = await h
      .executeUpdate(decideUpdate, {
        args: [{ taskId, decision: 'approve', actor: { ...users.caseworker, roles: ['union_chair'] } }],
      })
      .then(
        () => 'accepted',
        () => 'refused',
      );
    expect(refused).toBe('refused');
    await h.executeUpdate(decideUpdate, { args: [{ taskId, decision: 'approve', actor: users.union }] });
    await statusIs(h, 'active');
    expect(f.loan.version).toBe(2);
    const s2 = f.schedule();
    expect(s2).toHaveLength(20);
    expect(s2.reduce((a, i) => a + i.amountFen, 0)).toBe(AMOUNT - MONTHLY);
    const approvedOn = addDays(s1[1]!.dueDate, GRACE + 5);
    expect(s2[0]!.dueDate > approvedOn).toBe(true);
    // the new schedule's reminders follow it
    await sleepUntil(chinaInstant(addDays(s2[0]!.dueDate, -1), 12));
    await until('a reminder of version 2', async () =>
      f.log.reminders.some((r) => r.version === 2 && r.offset === 1),
    );
    await pay(f, h, AMOUNT - MONTHLY, 'PAY-ALL');
    expect(await h.result()).toEqual({ status: 'repaid' });
  });
  // the old schedule is kept
  expect(f.loan.schedules.get(1)!.instalments).toHaveLength(12);
  expect(f.log.reminders.filter((r) => r.version === 2).map((r) => r.seq)).toEqual([1, 1]);
}, 180_000);

test('early full repayment through finance: one payoff posted for what the ledger says is outstanding', async () => {
  const f = fakeActivities(AMOUNT, 12);
  await withWorker(f, async (tq) => {
    const h = await start(tq, 'l-early', AMOUNT, 12);
    await approveAndDisburse(h);
    await pay(f, h, 15_000, 'PAY-PART');
    const { taskId } = await h.executeUpdate(loanRequestUpdate, {
      args: [{ kind: 'early_repayment', reason: '一次性结清', actor: users.caseworker }],
    });
    const noRef = await h
      .executeUpdate(decideUpdate, {
        args: [{ taskId, decision: 'done', actor: users.finance, outcome: {} }],
      })
      .then(
        () => 'accepted',
        () => 'refused',
      );
    expect(noRef).toBe('refused');
    await h.executeUpdate(decideUpdate, {
      args: [{ taskId, decision: 'done', actor: users.finance, outcome: { reference: 'PAYOFF-1' } }],
    });
    expect(await h.result()).toEqual({ status: 'repaid' });
  });
  expect(f.loan.ledger.map((e) => [e.reference, e.amountFen])).toEqual([
    ['PAY-PART', 15_000],
    ['PAYOFF-1', AMOUNT - 15_000],
  ]);
}, 120_000);

test('write-off on request: needs both approval stages; a rejection leaves the loan as it was', async () => {
  const f = fakeActivities(AMOUNT, 12);
  await withWorker(f, async (tq) => {
    const h = await start(tq, 'l-writeoff', AMOUNT, 12);
    await approveAndDisburse(h);
    await h.executeUpdate(loanRequestUpdate, {
      args: [{ kind: 'write_off', reason: '职工去世，家庭无力偿还', actor: users.caseworker }],
    });
    await decide(h, 'write_off', { decision: 'reject', comment: '先联系家属', actor: users.union }, 'union');
    await until(
      'the request to settle',
      async () => (await h.query(loanStateQuery)).pendingRequests.length === 0,
    );
    expect((await h.query(loanStateQuery)).status).toBe('active');
    await h.executeUpdate(loanRequestUpdate, {
      args: [{ kind: 'write_off', reason: '家属确认无力偿还', actor: users.caseworker }],
    });
    await decide(h, 'write_off', { decision: 'approve', actor: users.union }, 'union');
    await decide(h, 'write_off', { decision: 'approve', actor: users.leader }, 'leader');
    expect(await h.result()).toEqual({ status: 'written_off' });
  });
  expect(f.log.writeOffs).toBe(1);
  expect(f.loan.ledger).toEqual([expect.objectContaining({ kind: 'write_off', amountFen: AMOUNT })]);
}, 120_000);

test('collection pauses while the borrower is in hospital (signal) and resumes after discharge (daily re-check)', async () => {
  const f = fakeActivities(AMOUNT, 12);
  await withWorker(f, async (tq) => {
    const h = await start(tq, 'l-pause', AMOUNT, 12);
    await approveAndDisburse(h);
    const s = f.schedule();
    // admitted to hospital ten days before the first due date
    await sleepUntil(chinaInstant(addDays(s[0]!.dueDate, -10), 12));
    f.loan.hold = 'hospitalisation';
    await h.signal(collectionHoldChangedSignal);
    await until('the pause', async () => (await h.query(loanStateQuery)).paused);
    // twenty days past the due date: overdue (the due date is still checked), but no reminder, no ladder
    await sleepUntil(chinaInstant(addDays(s[0]!.dueDate, 20), 12));
    expect((await h.query(loanStateQuery)).status).toBe('overdue');
    expect(f.log.reminders.filter((r) => r.seq === 1)).toEqual([]);
    expect(f.log.ladder).toEqual([]);
    // discharged: no signal this time; the daily re-check notices within a day
    f.loan.hold = null;
    await sleepUntil(chinaInstant(addDays(s[0]!.dueDate, 21), 13));
    await until('the resume', async () => !(await h.query(loanStateQuery)).paused);
    // the ladder starts over from the resume: a notice one day later, the visit 15 days later
    await sleepUntil(chinaInstant(addDays(s[0]!.dueDate, 38), 12));
    await pay(f, h, AMOUNT, 'PAY-ALL');
    expect(await h.result()).toEqual({ status: 'repaid' });
    await recordHistory(env.client, 'loan-pause-resume', h.workflowId);
  });
  expect(f.log.pauses.map((p) => p.event)).toEqual(['start', 'end']);
  const s = f.loan.schedules.get(1)!.instalments;
  expect(f.log.pauses[0]).toMatchObject({ on: addDays(s[0]!.dueDate, -10), reason: 'hospitalisation' });
  const resumedOn = f.log.pauses[1]!.on;
  expect(resumedOn >= addDays(s[0]!.dueDate, 20) && resumedOn <= addDays(s[0]!.dueDate, 21)).toBe(true);
  expect(f.log.ladder.map((l) => l.action)).toEqual(['notice', 'visit']);
  expect(f.log.ladder[0]!.on).toBe(addDays(resumedOn, 1));
  expect(f.log.ladder[1]!.on).toBe(addDays(resumedOn, 15));
  // reminders resumed for the next instalment
  expect(f.log.reminders.filter((r) => r.seq === 2).map((r) => r.offset)).toEqual([7, 1]);
}, 180_000);

test('after continue-as-new the loan goes on from what it carries: no approval again, no reminder twice', async () => {
  const f = fakeActivities(AMOUNT, 12);
  const now = await env.currentTimeMs();
  const disbursed = chinaDateOf(now - 25 * 24 * 60 * 60 * 1000);
  const schedule = buildSchedule(AMOUNT, 12, disbursed);
  f.loan.version = 1;
  f.loan.status = 'active';
  f.loan.schedules.set(1, { instalments: schedule, repaidBefore: 0 });
  const plan = await f.acts.recordLoanSubmitted({
    loanId: 'l-carry',
    workflowId: 'loan:l-carry',
    workerId: 'w-1',
    amountFen: AMOUNT,
    termMonths: 12,
    purpose: '子女学费',
    createdBy: 'u-caseworker',
  });
  await withWorker(f, async (tq) => {
    started.push('loan:l-carry');
    const h = await env.client.workflow.start(loanWorkflow, {
      taskQueue: tq,
      workflowId: 'loan:l-carry',
      args: [
        {
          loanId: 'l-carry',
          workerId: 'w-1',
          amountFen: AMOUNT,
          termMonths: 12,
          purpose: '子女学费',
          createdBy: 'u-caseworker',
          carry: {
            plan,
            status: 'active',
            done: ['r:1:1:7'],
            paused: null,
            pauseNo: 0,
            episode: null,
            ladderShiftMs: 0,
            round: 5,
            requestNo: 0,
          },
        },
      ],
    });
    await sleepUntil(chinaInstant(addDays(schedule[0]!.dueDate, -1), 12));
    await until('the 1-day reminder', async () => f.log.reminders.length > 0);
    await pay(f, h, AMOUNT, 'PAY-ALL');
    expect(await h.result()).toEqual({ status: 'repaid' });
  });
  expect(f.log.reminders.map((r) => [r.seq, r.offset])).toEqual([[1, 1]]);
  expect(f.log.tasks).toEqual([]);
  expect(f.log.disbursed).toBe(0);
}, 120_000);
