import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import {
  createCaseActivities,
  createFileActivities,
  createTaskActivities,
  translated,
} from '../../activities';
import { CasesRepository } from '../../libs/cases/cases.repository';
import { FilesRepository } from '../../libs/files/files.repository';
import { LedgerRepository } from '../../libs/ledger/ledger.repository';
import { TasksRepository } from '../../libs/tasks/tasks.repository';
import { aidCaseStateQuery, aidCaseWorkflow, decideUpdate } from '../../workflows';
import { TestStack } from '../support/stack';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';

/**
 * Money moves exactly once: the payment activity commits its ledger entry, then "crashes" before
 * Temporal hears back. Temporal retries it; the retry finds the entry by its idempotency key.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await TestStack.start();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('payment retried after a crash inside the activity → exactly one ledger entry', async () => {
  const ledger = stack.worker.get(LedgerRepository);
  let attempts = 0;
  const activities = translated({
    ...createCaseActivities({
      cases: stack.worker.get(CasesRepository),
      ledger,
      tasks: stack.worker.get(TasksRepository),
    }),
    ...createTaskActivities({ tasks: stack.worker.get(TasksRepository) }),
    ...createFileActivities({ files: stack.worker.get(FilesRepository) }),
    async postPayment(p: Parameters<LedgerRepository['pay']>[0]) {
      attempts++;
      const r = await ledger.pay(p);
      if (attempts === 1) throw new Error('simulated crash after the ledger entry was committed');
      return r;
    },
  });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const taskQueue = `crash-${randomUUID()}`;
  const worker = await Worker.create({
    dataConverter: dataConverterFromEnv(),
    connection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    activities,
  });
  const ids = await stack.db.query<{ username: string; id: string }>(`SELECT username, id FROM users`);
  const user = (u: string) => ids.rows.find((r) => r.username === u)!.id;
  const [w] = (await stack.db.query<{ id: string }>(`SELECT id FROM workers WHERE employee_no = 'E1002'`))
    .rows;
  const caseId = randomUUID();

  await worker.runUntil(async () => {
    const h = await stack.temporal.workflow.start(aidCaseWorkflow, {
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
    const next = async (kind: string) => {
      for (let i = 0; i < 200; i++) {
        const t = (await h.query(aidCaseStateQuery)).openTasks.find((x) => x.kind === kind);
        if (t) return t.taskId;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no ${kind} task`);
    };
    const actor = (u: string, roles: string[]) => ({ userId: user(u), displayName: u, roles });
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
    const paid = await h.executeUpdate(decideUpdate, {
      args: [
        {
          taskId: await next('payment'),
          decision: 'done',
          outcome: { reference: 'BANK-CRASH-1' },
          actor: actor('finance', ['finance']),
        },
      ],
    });
    expect(paid.status).toBe('paid');
  });
  await connection.close();

  expect(attempts).toBe(2);
  expect(
    await stack.count(`SELECT 1 FROM ledger_entries WHERE case_id = $1 AND kind = 'payment'`, [caseId]),
  ).toBe(1);
  expect(
    await stack.count(`SELECT 1 FROM ledger_entries WHERE case_id = $1 AND kind = 'release'`, [caseId]),
  ).toBe(1);
  expect(
    await stack.count(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'funds.paid'`, [caseId]),
  ).toBe(1);
}, 120_000);
