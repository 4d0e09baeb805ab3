import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { DataSource } from 'typeorm';
import {
  createFileActivities,
  createLifecycleActivities,
  createTaskActivities,
  translated,
} from '../../activities';
import { FilesRepository } from '../../libs/files/files.repository';
import { HouseholdsRepository } from '../../libs/households/households.repository';
import { dueAfterWorkingDays, startOfChinaDay } from '../../libs/domain/calendar';
import { dataSourceOptions } from '../../libs/database/data-source';
import { runMigrations } from '../../libs/database/migrate';
import { seedDemoData, seedReferenceData } from '../../libs/database/seed';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../libs/infra/postgres';
import { AuditRepository } from '../../libs/audit/audit.repository';
import { EarlyWarningsRepository } from '../../libs/lifecycle/early-warnings.repository';
import { LedgerRepository } from '../../libs/ledger/ledger.repository';
import { LifecycleWorkflowsRepository } from '../../libs/lifecycle/lifecycle-workflows.repository';
import { PolicyRepository } from '../../libs/policy/policy.repository';
import { RecertificationsRepository } from '../../libs/lifecycle/recertifications.repository';
import { SubsidiesRepository } from '../../libs/lifecycle/subsidies.repository';
import { TasksRepository } from '../../libs/tasks/tasks.repository';
import { piiCipherFromEnv } from '../../libs/security/pii-provider';
import {
  closeFileUpdate,
  fileOpenedUpdate,
  hardshipFileStateQuery,
  hardshipFileWorkflow,
  decideUpdate,
  earlyWarningWorkflow,
  closeEarlyWarningUpdate,
  fileClosedSignal,
  outreachOpenedUpdate,
  recheckCompletedSignal,
  recertificationStateQuery,
  recertificationWorkflow,
  subsidyWorkflow,
} from '../../workflows';
import { recordHistory, recordStartedWorkflows } from '../support/histories';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';

/**
 * The dynamic-management workflows on the time-skipping test server with their real activities
 * over a real PostgreSQL (embedded, migrated and seeded with the demo data): money is counted in
 * ledger rows, deadlines in task rows.
 */
jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let flushHistories: (() => Promise<void>) | undefined;
let bundle: WorkflowBundleWithSourceMap;
let ds: DataSource;
let dbName: string;
let worker: Worker;
let running: Promise<void>;
let tasks: TasksRepository;
let ledger: LedgerRepository;
let policy: PolicyRepository;
const taskQueue = `lifecycle-test-${process.pid}`;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const serverPath = process.env.TEMPORAL_TEST_SERVER_PATH;
  const serverUrl = process.env.BANGFU_WF_PG_SERVER!;
  dbName = `bangfu_wf_${process.pid}_${Date.now() % 100000}`;
  await ensureDatabase(serverUrl, dbName);
  const url = databaseUrl(serverUrl, dbName);
  await runMigrations(url);
  ds = await new DataSource(dataSourceOptions(url)).initialize();
  await seedReferenceData(ds);
  await seedDemoData(ds, 'test', piiCipherFromEnv(process.env));

  const audit = new AuditRepository(ds);
  policy = new PolicyRepository(ds);
  tasks = new TasksRepository(ds, policy, audit);
  ledger = new LedgerRepository(ds, audit);
  const acts = translated({
    ...createTaskActivities({ tasks }),
    ...createFileActivities({ files: new FilesRepository(ds, policy, audit, new HouseholdsRepository(ds)) }),
    ...createLifecycleActivities({
      subsidies: new SubsidiesRepository(ds, policy, ledger, audit),
      recertifications: new RecertificationsRepository(ds, policy, audit),
      earlyWarnings: new EarlyWarningsRepository(ds, policy, audit),
      lifecycleWorkflows: new LifecycleWorkflowsRepository(ds, policy),
    }),
  });
  env = await TestWorkflowEnvironment.createTimeSkipping({
    ...(serverPath ? { server: { executable: { type: 'existing-path', path: serverPath } } } : undefined),
    client: { dataConverter: dataConverterFromEnv() },
  });
  flushHistories = recordStartedWorkflows(env.client, 'lifecycle');
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
  worker = await Worker.create({
    dataConverter: dataConverterFromEnv(),
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: acts,
  });
  running = worker.run();
});

afterAll(async () => {
  await flushHistories?.();
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running?.catch(() => undefined);
  await env?.teardown();
  await ds?.destroy();
  await dropDatabase(process.env.BANGFU_WF_PG_SERVER!, dbName);
});

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const rows = (await ds.query(sql, params)) as T[];
  return rows[0]!;
}

/** Polls (real time) until the check passes; the workflow's activities run between polls. */
async function eventually<T>(check: () => Promise<T>, what: string, ok: (v: T) => boolean): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 300; i++) {
    last = await check();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
}

/**
 * Waits until a workflow has completed, by describe() — not result(), which on the time-skipping
 * server unlocks time skipping and jumps the shared clock ahead while it waits.
 */
async function completed(workflowId: string): Promise<void> {
  await eventually(
    async () => (await env.client.workflow.getHandle(workflowId).describe()).status.name,
    `${workflowId} completed`,
    (s) => s === 'COMPLETED',
  );
}

async function fileOf(employeeNo: string): Promise<{ id: string; category: string }> {
  return one(
    `SELECT f.id, f.category FROM hardship_files f JOIN workers w ON w.id = f.worker_id WHERE w.employee_no = $1`,
    [employeeNo],
  );
}

const ledgerPayments = async (fileId: string) =>
  Number(
    (
      await one<{ n: string }>(
        `SELECT count(*) AS n FROM ledger_entries WHERE file_id = $1 AND kind = 'payment'`,
        [fileId],
      )
    ).n,
  );
const ledgerFor = async (fileId: string, quarter: string) =>
  Number(
    (
      await one<{ n: string }>(`SELECT count(*) AS n FROM ledger_entries WHERE idempotency_key = $1`, [
        `subsidy:${fileId}:${quarter}`,
      ])
    ).n,
  );
const quarterRow = (fileId: string, quarter: string) =>
  one<{ status: string; reason: string | null; amount_fen: string } | undefined>(
    `SELECT status, reason, amount_fen FROM subsidy_payments WHERE file_id = $1 AND quarter = $2`,
    [fileId, quarter],
  );

/** Opens a re-check visit task for the file the way the re-assessment campaign does (contract). */
async function openRecheck(fileId: string, round: number): Promise<string> {
  const t = await tasks.open({
    subjectType: 'hardship_file',
    subjectId: fileId,
    workflowId: `reassessment:test`,
    kind: 'recheck_visit',
    stage: 'recheck',
    candidateRole: 'caseworker',
    assigneeId: null,
    payload: {},
    round,
    withDeadline: true,
  });
  return t.taskId;
}

async function completeRecheck(fileId: string, taskId: string): Promise<void> {
  const caseworker = await one<{ id: string }>(`SELECT id FROM users WHERE username = 'caseworker'`);
  await tasks.complete({
    taskId,
    subjectType: 'hardship_file',
    subjectId: fileId,
    workflowId: 'reassessment:test',
    stage: 'recheck',
    decision: 'done',
    comment: '已入户复核',
    outcome: null,
    actor: { userId: caseworker.id, displayName: '李干事' },
  });
}

/** Advances workflow time to just after the start (China time) of the given date. */
async function skipTo(date: string, plusMs = HOUR): Promise<void> {
  const now = await env.currentTimeMs();
  const target = startOfChinaDay(date).getTime() + plusMs;
  if (target > now) await env.sleep(target - now);
}

async function allocate(year: number): Promise<void> {
  const finance = await one<{ id: string }>(`SELECT id FROM users WHERE username = 'finance'`);
  await ledger.allocate({
    fundSource: 'union_funds',
    programCode: 'regular_subsidy',
    year,
    amountFen: 10_000_000,
    key: `test-subsidy-${year}`, // a year allocated twice is a no-op
    actorId: finance.id,
  });
}

test('regular subsidy: paid each quarter; an overdue re-check suspends it; completing the re-check pays each suspended quarter exactly once', async () => {
  const file = await fileOf('E1001'); // deep hardship (深度困难): receives a regular subsidy
  expect(file.category).toBe('deep');
  const startYear = new Date(await env.currentTimeMs()).getUTCFullYear();
  for (let y = startYear; y <= startYear + 2; y++) await allocate(y);
  const firstQuarter = `${startYear}Q${Math.ceil((new Date((await env.currentTimeMs()) + 8 * HOUR).getUTCMonth() + 1) / 3)}`;

  const handle = await env.client.workflow.start(subsidyWorkflow, {
    taskQueue,
    workflowId: `subsidy:${file.id}`,
    args: [{ fileId: file.id }],
  });

  // the current quarter is paid at once
  await eventually(
    () => quarterRow(file.id, firstQuarter),
    'first quarter paid',
    (r) => r?.status === 'paid',
  );
  expect(await ledgerFor(file.id, firstQuarter)).toBe(1);

  // a re-check visit opens and is not done in time: by next quarter's start it is overdue
  const recheck = await openRecheck(file.id, 1);
  const q1 = `${startYear + 1}Q1`;
  await skipTo(`${startYear + 1}-01-01`);
  const suspended = await eventually(
    () => quarterRow(file.id, q1),
    `${q1} settled`,
    (r) => r !== undefined,
  );
  expect(suspended).toMatchObject({ status: 'suspended', reason: 'recheck_overdue', amount_fen: '30000' });
  expect(await ledgerFor(file.id, q1)).toBe(0);

  // looked at daily while suspended: still overdue, still nothing paid
  await env.sleep(3 * DAY);
  expect((await quarterRow(file.id, q1))?.status).toBe('suspended');
  expect(await ledgerFor(file.id, q1)).toBe(0);

  // completing the re-check resumes: the suspended quarter is paid, once
  await completeRecheck(file.id, recheck);
  await handle.signal(recheckCompletedSignal); // a completed re-check wakes the subsidy (its daily look would too)
  await eventually(
    () => quarterRow(file.id, q1),
    `${q1} paid`,
    (r) => r?.status === 'paid',
  );
  expect(await ledgerFor(file.id, q1)).toBe(1);

  // signals again and more days: no second payment of anything
  await handle.signal(recheckCompletedSignal);
  await handle.signal(recheckCompletedSignal);
  await env.sleep(5 * DAY);
  expect(await ledgerFor(file.id, q1)).toBe(1);
  expect(await ledgerPayments(file.id)).toBe(2);

  // next quarter, re-check not overdue: paid on time
  const q2 = `${startYear + 1}Q2`;
  await skipTo(`${startYear + 1}-04-01`);
  await eventually(
    () => quarterRow(file.id, q2),
    `${q2} paid`,
    (r) => r?.status === 'paid',
  );

  // another overdue re-check, completed without a signal: the daily look pays it within a day
  const recheck2 = await openRecheck(file.id, 2);
  const q3 = `${startYear + 1}Q3`;
  await skipTo(`${startYear + 1}-07-01`);
  await eventually(
    () => quarterRow(file.id, q3),
    `${q3} suspended`,
    (r) => r?.status === 'suspended',
  );
  await completeRecheck(file.id, recheck2);
  await env.sleep(DAY + HOUR);
  await eventually(
    () => quarterRow(file.id, q3),
    `${q3} paid`,
    (r) => r?.status === 'paid',
  );

  // exactly one ledger row per quarter, each of the policy's amount
  expect(await ledgerPayments(file.id)).toBe(4);
  for (const q of [firstQuarter, q1, q2, q3]) expect(await ledgerFor(file.id, q)).toBe(1);
  const sum = await one<{ s: string }>(
    `SELECT sum(amount_fen) AS s FROM ledger_entries WHERE file_id = $1 AND kind = 'payment'`,
    [file.id],
  );
  expect(Number(sum.s)).toBe(4 * 30_000);

  // the file closes: the workflow ends; nothing more is paid
  await ds.query(`UPDATE hardship_files SET status = 'closed', closed_at = now() WHERE id = $1`, [file.id]);
  await handle.signal(fileClosedSignal);
  await completed(`subsidy:${file.id}`);
  await recordHistory(env.client, 'subsidy-suspend-resume', `subsidy:${file.id}`);
  await skipTo(`${startYear + 1}-10-01`);
  expect(await ledgerPayments(file.id)).toBe(4);
});

test('a quarter suspended when the file closes is never paid', async () => {
  const file = await fileOf('E2001'); // accident-caused: give that category a subsidy in a new policy version
  const current = await policy.current();
  const data = {
    ...current.data,
    subsidy: {
      ...current.data.subsidy,
      amounts: [...current.data.subsidy.amounts, { category: 'accident', amountFenPerQuarter: 40_000 }],
    },
  };
  await ds.query(
    `INSERT INTO policy_versions (version, effective_from, data, note) VALUES ($1, now() - interval '1 minute', $2, 'test')`,
    [current.version + 1, JSON.stringify(data)],
  );
  await openRecheck(file.id, 9);
  const now = new Date((await env.currentTimeMs()) + 8 * HOUR);
  const y = now.getUTCFullYear();
  const next =
    Math.ceil((now.getUTCMonth() + 1) / 3) === 4
      ? `${y + 1}-01-01`
      : `${y}-${String(Math.ceil((now.getUTCMonth() + 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  const handle = await env.client.workflow.start(subsidyWorkflow, {
    taskQueue,
    workflowId: `subsidy:${file.id}`,
    args: [{ fileId: file.id }],
  });
  await skipTo(next);
  const rows = await eventually(
    () =>
      ds.query(
        `SELECT quarter, status, reason, amount_fen FROM subsidy_payments WHERE file_id = $1 ORDER BY quarter`,
        [file.id],
      ) as Promise<Array<{ status: string; reason: string; amount_fen: string }>>,
    'a suspended quarter',
    (r) => r.some((x) => x.status === 'suspended'),
  );
  expect(rows.every((r) => r.amount_fen === '40000')).toBe(true);
  await ds.query(`UPDATE hardship_files SET status = 'closed', closed_at = now() WHERE id = $1`, [file.id]);
  await handle.signal(fileClosedSignal);
  await completed(`subsidy:${file.id}`);
  const after = (await ds.query(`SELECT status, reason FROM subsidy_payments WHERE file_id = $1`, [
    file.id,
  ])) as Array<{
    status: string;
    reason: string;
  }>;
  expect(after.some((r) => r.status === 'suspended')).toBe(false);
  expect(after.filter((r) => r.reason === 'file_not_active').length).toBeGreaterThan(0);
  expect(await ledgerPayments(file.id)).toBe(0);
});

test('early warning: the outreach task is reminded when due and escalated after the grace period, never before', async () => {
  const worker = await one<{ id: string; caseworker_id: string }>(
    `SELECT id, caseworker_id FROM workers WHERE employee_no = 'E1003'`, // no hardship file
  );
  const ev = await one<{ id: string }>(
    `INSERT INTO early_warning_events (worker_id, kind, occurred_on, idempotency_key) VALUES ($1, 'hospitalisation', current_date, 'wf-test-1') RETURNING id`,
    [worker.id],
  );
  await ds.query(`UPDATE early_warning_events SET workflow_id = $2 WHERE id = $1`, [
    ev.id,
    `early-warning:${ev.id}`,
  ]);
  const handle = await env.client.workflow.start(earlyWarningWorkflow, {
    taskQueue,
    workflowId: `early-warning:${ev.id}`,
    args: [{ eventId: ev.id }],
  });
  const opened = await handle.executeUpdate(outreachOpenedUpdate);
  expect(opened.outreachTaskId).toBeTruthy();
  const task = await one<{
    candidate_role: string;
    assignee_id: string;
    due_at: Date;
    created_at: Date;
    subject_type: string;
    type: string;
  }>(`SELECT candidate_role, assignee_id, due_at, created_at, subject_type, type FROM tasks WHERE id = $1`, [
    opened.outreachTaskId,
  ]);
  expect(task).toMatchObject({
    candidate_role: 'caseworker',
    assignee_id: worker.caseworker_id,
    subject_type: 'early_warning',
    type: 'outreach',
  });
  expect(
    (
      await one<{ outreach_task_id: string }>(
        `SELECT outreach_task_id FROM early_warning_events WHERE id = $1`,
        [ev.id],
      )
    ).outreach_task_id,
  ).toBe(opened.outreachTaskId);
  // due 3 working days (policy earlyWarning.outreachDueWorkingDays) after the report, 24:00 China time
  const dueInMs = task.due_at.getTime() - task.created_at.getTime();
  expect(dueInMs).toBeGreaterThan(3 * DAY - DAY);
  const { data } = await policy.current();
  const cal = await policy.calendar();
  const graceMs =
    dueAfterWorkingDays(task.due_at, data.escalationGraceWorkingDays, cal).getTime() - task.due_at.getTime();

  const state = () =>
    one<{ reminded_at: Date | null; escalated_at: Date | null; escalated_role: string | null }>(
      `SELECT reminded_at, escalated_at, escalated_role FROM tasks WHERE id = $1`,
      [opened.outreachTaskId],
    );
  await env.sleep(dueInMs - 2 * HOUR);
  expect((await state()).reminded_at).toBeNull();
  await env.sleep(3 * HOUR);
  await eventually(state, 'reminder', (s) => s.reminded_at !== null);
  expect((await state()).escalated_at).toBeNull();
  await env.sleep(graceMs - 2 * HOUR);
  expect((await state()).escalated_at).toBeNull();
  await env.sleep(3 * HOUR);
  const escalated = await eventually(state, 'escalation', (s) => s.escalated_at !== null);
  expect(escalated.escalated_role).toBe('branch_chair');

  // the caseworker does the outreach: recorded on the event; the event stays open until closed
  await handle.executeUpdate(decideUpdate, {
    args: [
      {
        taskId: opened.outreachTaskId!,
        decision: 'done',
        comment: '已到医院探望',
        actor: { userId: worker.caseworker_id, displayName: '李干事', roles: ['caseworker'] },
      },
    ],
  });
  const done = await one<{ status: string; outreach_done_at: Date | null; outreach_by: string }>(
    `SELECT status, outreach_done_at, outreach_by FROM early_warning_events WHERE id = $1`,
    [ev.id],
  );
  expect(done).toMatchObject({ status: 'open', outreach_by: worker.caseworker_id });
  expect(done.outreach_done_at).not.toBeNull();
  await handle.executeUpdate(closeEarlyWarningUpdate, {
    args: [
      {
        actor: { userId: worker.caseworker_id, displayName: '李干事', roles: ['caseworker'] },
      },
    ],
  });
  await completed(`early-warning:${ev.id}`);
  await recordHistory(env.client, 'early-warning-remind-escalate', `early-warning:${ev.id}`);
  expect(
    (await one<{ status: string }>(`SELECT status FROM early_warning_events WHERE id = $1`, [ev.id])).status,
  ).toBe('closed');
});

test('annual re-certification: a task for the caseworker at the policy date; recertified, next year not recertified (comment required), a closed file cancels the open round', async () => {
  const file = await fileOf('E1002');
  const handle = await env.client.workflow.start(recertificationWorkflow, {
    taskQueue,
    workflowId: `recertification:${file.id}`,
    args: [{ fileId: file.id }],
  });
  const s = await eventually(
    () => handle.query(recertificationStateQuery),
    'a plan',
    (x) => x.nextDueOn !== null,
  );
  const dueOn = s.nextDueOn!;
  expect(dueOn).toMatch(/^\d{4}-10-01$/); // default policy: fixed quarter 4
  await skipTo(dueOn);
  const open = await eventually(
    () => handle.query(recertificationStateQuery),
    'the task',
    (x) => x.openTasks.length > 0,
  );
  const taskId = open.openTasks[0]!.taskId;
  const row = await eventually(
    () =>
      one<{ status: string; task_id: string | null }>(
        `SELECT status, task_id FROM recertifications WHERE file_id = $1 AND due_on = $2`,
        [file.id, dueOn],
      ),
    'the round linked to its task',
    (r) => r.task_id !== null,
  );
  expect(row).toEqual({ status: 'open', task_id: taskId });
  const task = await one<{ type: string; candidate_role: string; assignee_id: string; due_at: Date }>(
    `SELECT type, candidate_role, assignee_id, due_at FROM tasks WHERE id = $1`,
    [taskId],
  );
  expect(task).toMatchObject({ type: 'recertification', candidate_role: 'caseworker' });
  expect(task.due_at).not.toBeNull();
  const cw = await one<{ id: string }>(`SELECT id FROM users WHERE username = 'caseworker'`);
  await handle.executeUpdate(decideUpdate, {
    args: [
      {
        taskId,
        decision: 'approve',
        comment: '情况属实，继续帮扶',
        actor: { userId: cw.id, displayName: '李干事', roles: ['caseworker'] },
      },
    ],
  });
  const next = await eventually(
    () => handle.query(recertificationStateQuery),
    'next round',
    (x) => x.lastDueOn === dueOn && x.nextDueOn !== null,
  );
  expect(next.nextDueOn).toBe(`${Number(dueOn.slice(0, 4)) + 1}-10-01`);
  expect(
    await one<{ status: string; decided_by: string }>(
      `SELECT status, decided_by FROM recertifications WHERE file_id = $1 AND due_on = $2`,
      [file.id, dueOn],
    ),
  ).toEqual({ status: 'recertified', decided_by: cw.id });

  // next year: not recertified needs a comment (refused without one), and is recorded with it
  const round2 = next.nextDueOn!;
  await skipTo(round2);
  const open2 = await eventually(
    () => handle.query(recertificationStateQuery),
    'the second task',
    (x) => x.openTasks.length > 0 && x.nextDueOn === round2,
  );
  const task2 = open2.openTasks[0]!.taskId;
  const caseworker = { userId: cw.id, displayName: '李干事', roles: ['caseworker'] };
  const refused = await handle
    .executeUpdate(decideUpdate, { args: [{ taskId: task2, decision: 'reject', actor: caseworker }] })
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  await handle.executeUpdate(decideUpdate, {
    args: [{ taskId: task2, decision: 'reject', comment: '子女已工作，家庭收入高于低保', actor: caseworker }],
  });
  await eventually(
    () =>
      one<{ status: string; comment: string }>(
        `SELECT status, comment FROM recertifications WHERE file_id = $1 AND due_on = $2`,
        [file.id, round2],
      ),
    'not recertified',
    (r) => r.status === 'not_recertified',
  );

  // the third round's task is open when the file closes: the task is cancelled, the round too
  const round3 = `${Number(round2.slice(0, 4)) + 1}-10-01`;
  await skipTo(round3);
  const open3 = await eventually(
    () => handle.query(recertificationStateQuery),
    'the third task',
    (x) => x.openTasks.length > 0 && x.nextDueOn === round3,
  );
  await ds.query(`UPDATE hardship_files SET status = 'closed', closed_at = now() WHERE id = $1`, [file.id]);
  await handle.signal(fileClosedSignal);
  await completed(`recertification:${file.id}`);
  expect(
    (await one<{ status: string }>(`SELECT status FROM tasks WHERE id = $1`, [open3.openTasks[0]!.taskId]))
      .status,
  ).toBe('cancelled');
  expect(
    (
      await one<{ status: string }>(
        `SELECT status FROM recertifications WHERE file_id = $1 AND due_on = $2`,
        [file.id, round3],
      )
    ).status,
  ).toBe('cancelled');
  await recordHistory(env.client, 'recertification-yearly', `recertification:${file.id}`);
});

test('continued as new with its last quarter, the subsidy workflow does not settle that quarter again and settles the next', async () => {
  const w = await one<{ id: string; household_id: string; org_unit_id: string; caseworker_id: string }>(
    `SELECT id, household_id, org_unit_id, caseworker_id FROM workers WHERE employee_no = 'E2002'`,
  );
  const fileId = (await one<{ id: string }>(`SELECT gen_random_uuid() AS id`)).id;
  await ds.query(
    `INSERT INTO hardship_files (id, file_no, workflow_id, household_id, worker_id, org_unit_id, status, caseworker_id, category, activated_at)
     VALUES ($1, 'HF-TEST-CAN', $2, $3, $4, $5, 'active', $6, 'deep', now())`,
    [fileId, `hardship-file:${fileId}`, w.household_id, w.id, w.org_unit_id, w.caseworker_id],
  );
  const now = new Date((await env.currentTimeMs()) + 8 * HOUR);
  const year = now.getUTCFullYear();
  const q = Math.ceil((now.getUTCMonth() + 1) / 3);
  for (const y of [year, year + 1]) await allocate(y);
  const current = `${year}Q${q}`;
  const next = q === 4 ? `${year + 1}Q1` : `${year}Q${q + 1}`;
  await env.client.workflow.start(subsidyWorkflow, {
    taskQueue,
    workflowId: `subsidy:${fileId}`,
    args: [{ fileId, lastQuarter: current }],
  });
  await env.sleep(HOUR);
  expect(await quarterRow(fileId, current)).toBeUndefined();
  await skipTo(q === 4 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`);
  await eventually(
    () => quarterRow(fileId, next),
    `${next} paid`,
    (r) => r?.status === 'paid',
  );
  expect(await quarterRow(fileId, current)).toBeUndefined();
  expect(await ledgerPayments(fileId)).toBe(1);
  await ds.query(`UPDATE hardship_files SET status = 'closed', closed_at = now() WHERE id = $1`, [fileId]);
  await env.client.workflow.getHandle(`subsidy:${fileId}`).signal(fileClosedSignal);
  await completed(`subsidy:${fileId}`);
});

// Last in this suite: the file's workflow starts its subsidy and re-certification workflows as
// abandoned children that outlive it; afterwards the time-skipping test server (not the real one) no
// longer skips time for workflows started later in the same environment.
test('a file that becomes active gets its subsidy and re-certification workflows at once; closing it ends them', async () => {
  const users = Object.fromEntries(
    ((await ds.query(`SELECT username, id FROM users`)) as Array<{ username: string; id: string }>).map(
      (u) => [u.username, u.id],
    ),
  ) as Record<string, string>;
  const actor = (username: string, roles: string[]) => ({
    userId: users[username]!,
    displayName: username,
    roles,
  });
  const year = new Date(await env.currentTimeMs()).getUTCFullYear(); // earlier tests moved the clock on
  for (const y of [year, year + 1]) await allocate(y);
  const worker = await one<{ id: string }>(`SELECT id FROM workers WHERE employee_no = 'E1003'`);
  const fileId = (await one<{ id: string }>(`SELECT gen_random_uuid() AS id`)).id;
  const h = await env.client.workflow.start(hardshipFileWorkflow, {
    taskQueue,
    workflowId: `hardship-file:${fileId}`,
    args: [{ fileId, workerId: worker.id, causes: ['illness'], createdBy: users.caseworker! }],
  });
  await h.executeUpdate(fileOpenedUpdate);
  // no income records: the home visit confirmed it, so the caseworker's evidence note lets the file go on
  await ds.query(`UPDATE hardship_files SET five_clears = $2, visit = $3, evidence_note = $4 WHERE id = $1`, [
    fileId,
    JSON.stringify({
      address: '幸福路3号',
      family: '五口人',
      income: '无收入',
      cause: '因病',
      urgentNeed: '医疗',
    }),
    JSON.stringify({ date: '2026-11-20' }),
    '入户核实：近一年无任何收入',
  ]);
  const decideOpen = async (kind: string, who: ReturnType<typeof actor>, decision: 'done' | 'approve') => {
    const st = await eventually(
      () => h.query(hardshipFileStateQuery),
      `${kind} task`,
      (x) => x.openTasks.some((t) => t.kind === kind && t.candidateRoles.some((r) => who.roles.includes(r))),
    );
    const t = st.openTasks.find((x) => x.kind === kind)!;
    await h.executeUpdate(decideUpdate, { args: [{ taskId: t.taskId, decision, actor: who }] });
  };
  await decideOpen('investigation', actor('caseworker', ['caseworker']), 'done');
  await decideOpen('approval', actor('branch-chair', ['branch_chair']), 'approve');
  await decideOpen('approval', actor('union-chair', ['union_chair']), 'approve');
  await eventually(
    () => h.query(hardshipFileStateQuery),
    'public notice',
    (x) => x.status === 'in_notice',
  );
  await env.sleep(15 * DAY); // the public notice (5 working days) ends
  await eventually(
    () => h.query(hardshipFileStateQuery),
    'active',
    (x) => x.status === 'active',
  );
  expect(
    (await one<{ category: string }>(`SELECT category FROM hardship_files WHERE id = $1`, [fileId])).category,
  ).toBe('deep');

  const started = await eventually(
    () =>
      ds.query(`SELECT kind FROM file_lifecycle_workflows WHERE file_id = $1 ORDER BY kind`, [
        fileId,
      ]) as Promise<Array<{ kind: string }>>,
    'per-file workflows',
    (r) => r.length === 2,
  );
  expect(started.map((r) => r.kind)).toEqual(['recertification', 'subsidy']);
  await eventually(
    () =>
      one<{ n: string }>(
        `SELECT count(*) AS n FROM subsidy_payments WHERE file_id = $1 AND status = 'paid'`,
        [fileId],
      ),
    'the first quarter paid',
    (r) => r.n === '1',
  );

  await h.executeUpdate(closeFileUpdate, {
    args: [{ reason: 'moved', actor: actor('union-chair', ['union_chair']) }],
  });
  await completed(`hardship-file:${fileId}`);
  expect(
    (await one<{ status: string }>(`SELECT status FROM hardship_files WHERE id = $1`, [fileId])).status,
  ).toBe('closed');
  await completed(`subsidy:${fileId}`);
  await completed(`recertification:${fileId}`);
  expect(await ledgerPayments(fileId)).toBe(1);
});
