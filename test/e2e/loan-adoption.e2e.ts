import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { chinaDateOf } from '../../libs/domain/loan';
import { loanStateQuery } from '../../workflows';
import { TestStack } from '../support/stack';

/**
 * The demo loans (libs/database/seed-loans.ts, in the template database as records only) get their
 * `loan:<id>` workflow when the worker starts, in servicing, and behave like any other loan.
 * LOAN_ADOPTION is off by default under NODE_ENV=test (suites clone the same demo loans onto one
 * Temporal server), so this suite turns it on.
 */
let stack: TestStack;
let finance: string;
interface Demo {
  id: string;
  workflowId: string;
  status: string;
  loanNo: string;
  amountFen: number;
  repaidFen: number;
}
const demo: Record<'E1001' | 'E1002', Demo> = {} as never;

beforeAll(async () => {
  process.env.LOAN_ADOPTION = 'on';
  process.env.NOTIFY_POLL_MS = String(60 * 60 * 1000);
  stack = await TestStack.start();
  finance = await stack.login('finance');
  const r = await stack.db.query<Demo & { employeeNo: 'E1001' | 'E1002' }>(
    `SELECT l.id, l.workflow_id AS "workflowId", l.status, l.loan_no AS "loanNo", l.amount_fen::int AS "amountFen",
            l.repaid_fen::int AS "repaidFen", w.employee_no AS "employeeNo"
       FROM loans l JOIN workers w ON w.id = l.worker_id WHERE l.disbursement_reference LIKE 'DEMO-DISB-%'`,
  );
  for (const row of r.rows) demo[row.employeeNo] = row;
}, 180_000);

afterAll(async () => {
  // the suites share one Temporal server: leave no demo-loan workflow of this stack running
  for (const d of Object.values(demo)) {
    await stack.temporal.workflow
      .getHandle(d.workflowId)
      .terminate('test over')
      .catch(() => undefined);
  }
  await stack?.stop();
  delete process.env.LOAN_ADOPTION;
  delete process.env.NOTIFY_POLL_MS;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(100);
  }
  throw new Error(`gave up waiting for ${what}`);
}

const loanStatus = async (id: string) =>
  (await stack.db.query<{ status: string }>(`SELECT status FROM loans WHERE id = $1`, [id])).rows[0]!.status;

test('the seeded demo loans are one current and one overdue record', () => {
  expect(demo.E1002).toMatchObject({ status: 'active' });
  expect(demo.E1001).toMatchObject({ status: 'overdue' });
});

test('after the stack starts, each demo loan has its workflow running on this worker, in servicing', async () => {
  for (const d of Object.values(demo)) {
    const h = stack.temporal.workflow.getHandle(d.workflowId);
    const desc = await h.describe();
    expect(desc.status.name).toBe('RUNNING');
    expect(desc.type).toBe('loanWorkflow');
    expect(desc.taskQueue).toBe(stack.taskQueue);
    const s = await h.query(loanStateQuery);
    expect(s).toMatchObject({ status: d.status, loanNo: d.loanNo });
    // servicing: no approval or disbursement task was opened again
    expect(s.openTasks.filter((t) => ['approval', 'funds', 'disbursement'].includes(t.kind))).toEqual([]);
  }
  // the overdue loan's ladder runs: its first step (the notice) is recorded
  await until('the overdue notice of the demo loan', async () => {
    const r = await stack.db.query(
      `SELECT 1 FROM audit_log WHERE entity_type = 'loan' AND entity_id = $1 AND action = 'loan.ladder' AND details->>'action' = 'notice'`,
      [demo.E1001.id],
    );
    return r.rowCount ? true : undefined;
  });
}, 120_000);

test('a request on a demo loan reaches its workflow (no 409)', async () => {
  const res = await stack
    .http()
    .post(`/api/loans/${demo.E1002.id}/early-repayment`)
    .set({ Authorization: `Bearer ${finance}` })
    .send({ reason: '演示 demo' });
  expect(res.status).toBe(202);
  const s = await stack.temporal.workflow.getHandle(demo.E1002.workflowId).query(loanStateQuery);
  expect(s.pendingRequests).toEqual(['early_repayment']);
}, 60_000);

test('a worker starting again (restart, or a second replica) starts no second run', async () => {
  const before = new Map<string, string>();
  for (const d of Object.values(demo))
    before.set(d.workflowId, (await stack.temporal.workflow.getHandle(d.workflowId).describe()).runId);
  let again: INestApplicationContext | undefined;
  try {
    again = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await again.init(); // runs the start-up adoption again
  } finally {
    await again?.close();
  }
  for (const d of Object.values(demo)) {
    const desc = await stack.temporal.workflow.getHandle(d.workflowId).describe();
    expect(desc.status.name).toBe('RUNNING');
    expect(desc.runId).toBe(before.get(d.workflowId));
    const { count } = await stack.temporal.workflow.count(`WorkflowId = '${d.workflowId}'`);
    expect(count).toBe(1);
  }
}, 120_000);

test('a repayment POSTed for the overdue demo loan is seen by its workflow: paid off, it ends repaid', async () => {
  const d = demo.E1001;
  const outstanding = d.amountFen - d.repaidFen;
  const res = await stack
    .http()
    .post(`/api/loans/${d.id}/repayments`)
    .set({ Authorization: `Bearer ${finance}` })
    .send({ amountFen: outstanding, paidOn: chinaDateOf(Date.now()), reference: 'DEMO-PAYOFF-E1001' });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ duplicate: false, outstandingFen: 0 });
  const h = stack.temporal.workflow.getHandle(d.workflowId);
  expect(await h.result()).toEqual({ status: 'repaid' });
  expect(await loanStatus(d.id)).toBe('repaid');
  // open ladder tasks of the demo loan were closed with it
  const open = await stack.count(`SELECT 1 FROM tasks WHERE workflow_id = $1 AND status = 'open'`, [
    d.workflowId,
  ]);
  expect(open).toBe(0);
}, 120_000);
