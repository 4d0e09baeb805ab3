import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createLoanActivities, createTaskActivities, translated } from '../../activities';
import { LoansRepository } from '../../libs/loans/loans.repository';
import { LoanScheduleRepository } from '../../libs/loans/schedule.repository';
import { LoanServicingRepository } from '../../libs/loans/servicing.repository';
import { TasksRepository } from '../../libs/tasks/tasks.repository';
import { decideUpdate, loanRequestUpdate, loanStateQuery, loanWorkflow } from '../../workflows';
import { TestStack } from '../support/stack';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';

/**
 * A repayment moves money exactly once: the payoff activity commits its ledger entry, then "crashes"
 * before Temporal hears back (the worker dies mid-activity). Temporal retries it; the retry finds the
 * entry by its idempotency key and the loan ends repaid with one repayment row.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await TestStack.start();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('early-repayment payoff retried after a crash inside the activity → exactly one ledger row', async () => {
  const loans = stack.worker.get(LoansRepository);
  let attempts = 0;
  const activities = translated({
    ...createLoanActivities({
      loans,
      schedule: stack.worker.get(LoanScheduleRepository),
      servicing: stack.worker.get(LoanServicingRepository),
    }),
    ...createTaskActivities({ tasks: stack.worker.get(TasksRepository) }),
    async postLoanRepayment(r: Parameters<LoansRepository['postRepayment']>[0]) {
      attempts++;
      const result = await loans.postRepayment(r);
      if (attempts === 1) throw new Error('simulated crash after the ledger entry was committed');
      return result;
    },
  });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const taskQueue = `loan-crash-${randomUUID()}`;
  const worker = await Worker.create({
    dataConverter: dataConverterFromEnv(),
    connection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    activities,
  });
  const ids = await stack.db.query<{ username: string; id: string }>(`SELECT username, id FROM users`);
  const user = (u: string) => ids.rows.find((r) => r.username === u)!.id;
  const [w] = (await stack.db.query<{ id: string }>(`SELECT id FROM workers WHERE employee_no = 'E1003'`))
    .rows;
  const loanId = randomUUID();
  const actor = (u: string, roles: string[]) => ({ userId: user(u), displayName: u, roles });

  const result = await worker.runUntil(async () => {
    const h = await stack.temporal.workflow.start(loanWorkflow, {
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
    const next = async (kind: string) => {
      for (let i = 0; i < 200; i++) {
        const t = (await h.query(loanStateQuery)).openTasks.find((x) => x.kind === kind);
        if (t) return t.taskId;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no ${kind} task`);
    };
    await h.executeUpdate(decideUpdate, {
      args: [
        {
          taskId: await next('approval'),
          decision: 'approve',
          actor: actor('branch-chair', ['branch_chair']),
        },
      ],
    });
    await h.executeUpdate(decideUpdate, {
      args: [
        { taskId: await next('approval'), decision: 'approve', actor: actor('union-chair', ['union_chair']) },
      ],
    });
    await h.executeUpdate(decideUpdate, {
      args: [
        {
          taskId: await next('disbursement'),
          decision: 'done',
          outcome: { reference: 'BANK-LOAN-1' },
          actor: actor('finance', ['finance']),
        },
      ],
    });
    const { taskId } = await h.executeUpdate(loanRequestUpdate, {
      args: [{ kind: 'early_repayment', reason: '一次性结清', actor: actor('caseworker', ['caseworker']) }],
    });
    await h.executeUpdate(decideUpdate, {
      args: [
        {
          taskId,
          decision: 'done',
          outcome: { reference: 'PAYOFF-CRASH-1' },
          actor: actor('finance', ['finance']),
        },
      ],
    });
    return h.result();
  });
  await connection.close();

  expect(result).toEqual({ status: 'repaid' });
  expect(attempts).toBe(2);
  expect(
    await stack.count(`SELECT 1 FROM ledger_entries WHERE loan_id = $1 AND kind = 'loan_repayment'`, [
      loanId,
    ]),
  ).toBe(1);
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
}, 180_000);
