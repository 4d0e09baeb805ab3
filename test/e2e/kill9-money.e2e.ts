import { WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import {
  aidCaseStateQuery,
  aidCaseWorkflow,
  decideUpdate,
  loanRequestUpdate,
  loanStateQuery,
  loanWorkflow,
} from '../../workflows';
import { TestStack } from '../support/stack';
import { TcpProxy } from '../support/tcp-proxy';
import { buildDist, startWorkerProcess, WorkerProcess } from '../support/worker-process';

/**
 * Money moves exactly once when the worker process is killed with -9 (no simulated throw): the
 * real worker runs as its own OS process, talking to Temporal through a proxy the test controls.
 * The payment (or repayment) activity is held on a lock just before its transaction commits; the
 * proxy is frozen so the worker cannot report back; the lock is released, the ledger row commits,
 * and the worker is killed with -9 — committed, but Temporal never heard. A new worker process
 * picks up the retried activity (after its start-to-close timeout), which finds the entry by its
 * idempotency key: one ledger row, one audit row, the workflow carries on. A second payment is
 * killed while still inside its transaction (row written, not committed): PostgreSQL rolls it
 * back and the retry posts the one row.
 */
let stack: TestStack;
let proxy: TcpProxy;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  buildDist();
  stack = await TestStack.start();
  const [host, port] = process.env.TEMPORAL_ADDRESS!.split(':');
  proxy = await TcpProxy.start(host!, Number(port));
}, 600_000);

afterAll(async () => {
  for (const w of workers) await w.stop();
  await proxy?.close();
  await stack?.stop();
}, 60_000);

const taskQueue = `kill9-${randomUUID()}`;
const startWorker = async () => {
  const w = await startWorkerProcess({
    DATABASE_URL: process.env.DATABASE_URL,
    TEMPORAL_ADDRESS: `127.0.0.1:${proxy.port}`,
    TEMPORAL_TASK_QUEUE: taskQueue,
  });
  workers.push(w);
  return w;
};

async function userIds() {
  const ids = await stack.db.query<{ username: string; id: string }>(`SELECT username, id FROM users`);
  const user = (u: string) => ids.rows.find((r) => r.username === u)!.id;
  return { user, actor: (u: string, roles: string[]) => ({ userId: user(u), displayName: u, roles }) };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs `decide` (a money-moving decision) with the worker killed -9 after `ledgerRow` committed
 * and before Temporal heard back; returns the decision's result, answered by the next worker.
 */
async function killMidMoneyMove<T>(
  worker: WorkerProcess,
  decide: () => Promise<T>,
  ledgerRow: () => Promise<number>,
  when: 'after-commit' | 'mid-transaction' = 'after-commit',
): Promise<{ result: T; replacement: WorkerProcess }> {
  // hold the activity's transaction at its audit row (written after the ledger row, same transaction)
  const locker = new PgClient({ connectionString: process.env.DATABASE_URL });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE audit_log IN SHARE MODE');
  const decision = decide();
  decision.catch(() => undefined);
  await until('the money activity to wait on the lock', async () => {
    const r = await stack.db.query(
      `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%audit_log%' AND pid <> $1`,
      [(locker as unknown as { processID: number }).processID],
    );
    return (r.rowCount ?? 0) > 0;
  });
  expect(await ledgerRow()).toBe(0); // not committed yet
  if (when === 'mid-transaction') {
    // killed inside its transaction (ledger row written, not committed): PostgreSQL rolls it back
    await worker.kill9();
    expect(worker.child.signalCode).toBe('SIGKILL');
    await locker.query('ROLLBACK');
    await locker.end();
    await until("the dead worker's transaction to end", async () => {
      const r = await stack.db.query(
        `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%audit_log%'`,
      );
      return (r.rowCount ?? 0) === 0;
    });
    expect(await ledgerRow()).toBe(0);
    const replacement = await startWorker();
    return { result: await decision, replacement };
  }
  proxy.freeze(); // the worker can no longer tell Temporal anything
  await locker.query('ROLLBACK');
  await locker.end();
  await until('the ledger row to commit', async () => (await ledgerRow()) === 1);
  await worker.kill9();
  expect(worker.child.signalCode).toBe('SIGKILL');
  proxy.restore();
  const replacement = await startWorker();
  return { result: await decision, replacement };
}

async function nextTask(
  query: () => Promise<{ openTasks: Array<{ kind: string; taskId: string }> }>,
  kind: string,
) {
  let id: string | undefined;
  await until(`a ${kind} task`, async () => {
    id = (await query()).openTasks.find((x) => x.kind === kind)?.taskId;
    return id !== undefined;
  });
  return id!;
}

test.each([
  ['after the ledger entry committed (Temporal never heard)', 'after-commit', 'E1002'],
  ['inside its transaction (ledger row written, not committed)', 'mid-transaction', 'E1001'],
] as const)(
  'aid payment: worker killed -9 %s → exactly one payment row',
  async (_what, when, employeeNo) => {
    const worker = workers[workers.length - 1] ?? (await startWorker());
    const { user, actor } = await userIds();
    const [w] = (
      await stack.db.query<{ id: string }>(`SELECT id FROM workers WHERE employee_no = $1`, [employeeNo])
    ).rows;
    const caseId = randomUUID();
    const h: WorkflowHandle<typeof aidCaseWorkflow> = await stack.temporal.workflow.start(aidCaseWorkflow, {
      taskQueue,
      workflowId: `aid-case:${caseId}`,
      args: [
        {
          caseId,
          workerId: w!.id,
          programCode: 'hospital_visit',
          amountFen: 30_000,
          reason: '住院探望',
          createdBy: user('caseworker'),
        },
      ],
    });
    const next = (kind: string) => nextTask(() => h.query(aidCaseStateQuery), kind);
    for (const [u, role] of [
      ['branch-chair', 'branch_chair'],
      ['union-chair', 'union_chair'],
    ] as const) {
      await h.executeUpdate(decideUpdate, {
        args: [{ taskId: await next('approval'), decision: 'approve', actor: actor(u, [role]) }],
      });
    }
    const taskId = await next('payment');
    const payments = () =>
      stack.count(`SELECT 1 FROM ledger_entries WHERE case_id = $1 AND kind = 'payment'`, [caseId]);
    const { result, replacement } = await killMidMoneyMove(
      worker,
      () =>
        h.executeUpdate(decideUpdate, {
          args: [
            {
              taskId,
              decision: 'done',
              outcome: { reference: `BANK-KILL9-${when}` },
              actor: actor('finance', ['finance']),
            },
          ],
        }),
      payments,
      when,
    );
    expect(replacement.child.exitCode).toBeNull();
    expect(result.status).toBe('paid');
    expect(await payments()).toBe(1);
    expect(
      await stack.count(`SELECT 1 FROM ledger_entries WHERE case_id = $1 AND kind = 'release'`, [caseId]),
    ).toBe(1);
    expect(
      await stack.count(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'funds.paid'`, [caseId]),
    ).toBe(1);
    process.stdout.write(`\n[kill -9] aid payment, ${when}: ${await payments()} payment ledger row\n`);
  },
  600_000,
);

test('loan repayment: worker killed -9 after the repayment committed → exactly one repayment row', async () => {
  const { user, actor } = await userIds();
  const [w] = (await stack.db.query<{ id: string }>(`SELECT id FROM workers WHERE employee_no = 'E1003'`))
    .rows;
  const loanId = randomUUID();
  const h: WorkflowHandle<typeof loanWorkflow> = await stack.temporal.workflow.start(loanWorkflow, {
    taskQueue,
    workflowId: `loan:${loanId}`,
    args: [
      {
        loanId,
        workerId: w!.id,
        amountFen: 100_000,
        termMonths: 10,
        purpose: '急用',
        createdBy: user('caseworker'),
      },
    ],
  });
  const next = (kind: string) => nextTask(() => h.query(loanStateQuery), kind);
  for (const [u, role] of [
    ['branch-chair', 'branch_chair'],
    ['union-chair', 'union_chair'],
  ] as const) {
    await h.executeUpdate(decideUpdate, {
      args: [{ taskId: await next('approval'), decision: 'approve', actor: actor(u, [role]) }],
    });
  }
  await h.executeUpdate(decideUpdate, {
    args: [
      {
        taskId: await next('disbursement'),
        decision: 'done',
        outcome: { reference: 'BANK-LOAN-KILL9' },
        actor: actor('finance', ['finance']),
      },
    ],
  });
  const { taskId } = await h.executeUpdate(loanRequestUpdate, {
    args: [{ kind: 'early_repayment', reason: '一次性结清', actor: actor('caseworker', ['caseworker']) }],
  });
  const repayments = () =>
    stack.count(`SELECT 1 FROM ledger_entries WHERE loan_id = $1 AND kind = 'loan_repayment'`, [loanId]);
  const worker = workers[workers.length - 1]!;
  await killMidMoneyMove(
    worker,
    () =>
      h.executeUpdate(decideUpdate, {
        args: [
          {
            taskId,
            decision: 'done',
            outcome: { reference: 'PAYOFF-KILL9-1' },
            actor: actor('finance', ['finance']),
          },
        ],
      }),
    repayments,
  );
  expect(await h.result()).toEqual({ status: 'repaid' });
  expect(await repayments()).toBe(1);
  expect(
    await stack.count(`SELECT 1 FROM ledger_entries WHERE loan_id = $1 AND kind = 'loan_disbursement'`, [
      loanId,
    ]),
  ).toBe(1);
  const [l] = (
    await stack.db.query<{ status: string; repaid: string }>(
      `SELECT status, repaid_fen::text AS repaid FROM loans WHERE id = $1`,
      [loanId],
    )
  ).rows;
  expect(l).toEqual({ status: 'repaid', repaid: '100000' });
  expect(
    await stack.count(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'loan.repayment'`, [loanId]),
  ).toBe(1);
  process.stdout.write(`\n[kill -9] loan repayment: ${await repayments()} repayment ledger row\n`);
}, 600_000);
