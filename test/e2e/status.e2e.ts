import { randomUUID } from 'node:crypto';
import { CasesRepository } from '../../libs/cases/cases.repository';
import { FilesRepository } from '../../libs/files/files.repository';
import { LedgerRepository } from '../../libs/ledger/ledger.repository';
import { TestStack } from '../support/stack';

/**
 * One status write per subject (recordStatus): the row and its timeline event together, once. The
 * ledger posts money only; the case's 'paid' (paid_at, payment reference) comes with its status.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await TestStack.start();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test("a case's payment writes ledger rows only; recording 'paid' (twice) stamps the case once from the ledger", async () => {
  const cases = stack.worker.get(CasesRepository);
  const ledger = stack.worker.get(LedgerRepository);
  const [w] = (await stack.db.query<{ id: string }>(`SELECT id FROM workers WHERE employee_no = 'E1002'`))
    .rows;
  const [u] = (await stack.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'caseworker'`))
    .rows;
  const [f] = (await stack.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'finance'`)).rows;
  const caseId = randomUUID();
  const workflowId = `aid-case:${caseId}`;
  const plan = await cases.recordSubmitted({
    caseId,
    workflowId,
    workerId: w!.id,
    programCode: 'hospital_visit',
    amountFen: 30_000,
    reason: '住院探望',
    createdBy: u!.id,
    applicantKind: 'worker',
  });
  const reserved = await cases.reserveFunds({
    caseId,
    workflowId,
    programCode: 'hospital_visit',
    year: plan.year,
    amountFen: 30_000,
  });
  expect(reserved.ok).toBe(true);
  const row = async () =>
    (
      await stack.db.query<{
        status: string;
        paid: boolean;
        payment_reference: string | null;
        fund_source: string;
      }>(
        `SELECT status, paid_at IS NOT NULL AS paid, payment_reference, fund_source FROM aid_cases WHERE id = $1`,
        [caseId],
      )
    ).rows[0]!;
  expect((await row()).fund_source).toBe(reserved.ok ? reserved.fundSource : null);

  await cases.recordStatus({ caseId, workflowId, status: 'awaiting_payment' });
  expect(await ledger.pay({ caseId, workflowId, reference: 'BANK-STATUS-1', actorId: f!.id })).toEqual({
    posted: true,
  });
  // the ledger did not touch the case
  expect(await row()).toMatchObject({ status: 'awaiting_payment', paid: false, payment_reference: null });

  const events = () =>
    stack.count(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'case.status'`, [caseId]);
  const before = await events();
  expect(await cases.recordStatus({ caseId, workflowId, status: 'paid' })).toBe(true);
  expect(
    await cases.recordStatus({ caseId, workflowId, status: 'paid', details: { reference: 'OTHER' } }),
  ).toBe(false);
  expect(await row()).toMatchObject({ status: 'paid', paid: true, payment_reference: 'BANK-STATUS-1' });
  expect(await events()).toBe(before + 1);
});

test('closing a file only from the statuses given: a file not active is left alone, an active one closes once', async () => {
  const files = stack.worker.get(FilesRepository);
  const { rows } = await stack.db.query<{ id: string; workflow_id: string; status: string }>(
    `SELECT id, workflow_id, status FROM hardship_files ORDER BY (status = 'active') DESC, file_no LIMIT 1`,
  );
  const file = rows[0]!;
  expect(file.status).toBe('active');
  const close = () =>
    files.recordStatus({
      fileId: file.id,
      workflowId: file.workflow_id,
      status: 'closed',
      reason: 'moved',
      from: ['active'],
    });
  expect(await close()).toBe(true);
  expect(await close()).toBe(false);
  expect(
    await files.recordStatus({
      fileId: file.id,
      workflowId: file.workflow_id,
      status: 'in_notice',
      from: ['active'],
    }),
  ).toBe(false);
  const [after] = (
    await stack.db.query<{ status: string; close_reason: string }>(
      `SELECT status, close_reason FROM hardship_files WHERE id = $1`,
      [file.id],
    )
  ).rows;
  expect(after).toEqual({ status: 'closed', close_reason: 'moved' });
});
