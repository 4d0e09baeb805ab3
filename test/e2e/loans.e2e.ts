/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies */
import { Workbook } from 'exceljs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../libs/config/env';
import { LoanServicingRepository } from '../../libs/loans/servicing.repository';
import { NotificationDelivery } from '../../libs/notifications/delivery';
import { OutboxRepository } from '../../libs/notifications/outbox.repository';
import { RepaymentImportsService } from '../../apps/api/src/loans/repayment-imports.service';
import { TestStack } from '../support/stack';

/** Loans end to end: real API, real worker, Temporal dev server, real PostgreSQL. */
let stack: TestStack;
const tokens: Record<string, string> = {};
const workerIds = new Map<string, string>();

beforeAll(async () => {
  // the worker's relay stays out of the way: these tests drive relayOnce() themselves
  process.env.NOTIFY_POLL_MS = String(60 * 60 * 1000);
  stack = await TestStack.start();
  for (const u of ['caseworker', 'branch-chair', 'union-chair', 'leader', 'finance'])
    tokens[u] = await stack.login(u);
  const res = await stack.http().get('/api/workers').set(auth('caseworker')).expect(200);
  for (const w of (res.body as { items: Array<{ id: string; employeeNo: string }> }).items)
    workerIds.set(w.employeeNo, w.id);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  delete process.env.NOTIFY_POLL_MS;
});

const auth = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });

async function inbox(u: string, subjectId: string, type?: string): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const res = await stack.http().get('/api/tasks?status=open').set(auth(u)).expect(200);
    const t = (res.body.items as any[]).find((x) => x.subjectId === subjectId && (!type || x.type === type));
    if (t) return t;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no open ${type ?? ''} task for ${subjectId} in ${u}'s inbox`);
}

/** The oldest unpaid due date kept on the loan row (loans.oldest_unpaid_due). */
async function oldestUnpaid(loanId: string): Promise<string | null> {
  const r = await stack.db.query<{ d: string | null }>(
    `SELECT to_char(oldest_unpaid_due, 'YYYY-MM-DD') AS d FROM loans WHERE id = $1`,
    [loanId],
  );
  return r.rows[0]!.d;
}

function decide(u: string, taskId: string, body: Record<string, unknown>) {
  return stack.http().post(`/api/tasks/${taskId}/decision`).set(auth(u)).send(body);
}

/** Applies, approves through the inbox (grassroots → union), disburses: an active loan. */
async function activeLoan(employeeNo: string, amountFen = 120_000, termMonths = 12): Promise<any> {
  const created = await stack
    .http()
    .post('/api/loans')
    .set(auth('caseworker'))
    .send({ workerId: workerIds.get(employeeNo), amountFen, termMonths, purpose: '家中急用' });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const id = created.body.id as string;
  expect(created.body).toMatchObject({ status: 'pending_approval', workflowId: `loan:${id}` });
  expect(created.body.loanNo).toMatch(/^LN-\d{4}-\d{6}$/);
  const t1 = await inbox('branch-chair', id, 'approval');
  expect(t1.subjectType).toBe('loan');
  expect(t1.caseNo).toBe(created.body.loanNo);
  await decide('branch-chair', t1.id, { decision: 'approve' }).expect(200);
  const t2 = await inbox('union-chair', id, 'approval');
  expect((await decide('union-chair', t2.id, { decision: 'approve' }).expect(200)).body.status).toBe(
    'awaiting_disbursement',
  );
  const pay = await inbox('finance', id, 'disbursement');
  expect(
    (
      await decide('finance', pay.id, {
        decision: 'done',
        outcome: { reference: `DISB-${id.slice(0, 8)}` },
      }).expect(200)
    ).body.status,
  ).toBe('active');
  return (await stack.http().get(`/api/loans/${id}`).set(auth('finance')).expect(200)).body;
}

describe('chronic-borrower gate', () => {
  test('a borrower with an overdue loan is refused (422 naming the loan); only the union chair can override, with a reason', async () => {
    const workerId = workerIds.get('E1001')!; // seeded with an overdue loan
    const [seeded] = (
      await stack.db.query<{ id: string; loan_no: string }>(
        `SELECT l.id, l.loan_no FROM loans l JOIN workers w ON w.id = l.worker_id WHERE w.employee_no = 'E1001'`,
      )
    ).rows;
    const body = { workerId, amountFen: 100_000, termMonths: 6, purpose: '孩子住院' };
    const refused = await stack.http().post('/api/loans').set(auth('caseworker')).send(body).expect(422);
    expect(refused.body).toMatchObject({
      code: 'CHRONIC_BORROWER',
      blockingLoanId: seeded!.id,
      blockingLoanNo: seeded!.loan_no,
      blockingReason: 'overdue',
    });
    expect(refused.body.details[0]).toMatchObject({ field: 'workerId', rule: 'chronic_borrower' });
    // a caseworker cannot override
    await stack
      .http()
      .post('/api/loans')
      .set(auth('caseworker'))
      .send({ ...body, override: { reason: '特殊情况' } })
      .expect(403);
    // an override needs a reason
    await stack
      .http()
      .post('/api/loans')
      .set(auth('union-chair'))
      .send({ ...body, override: {} })
      .expect(400);
    expect(await stack.count(`SELECT 1 FROM loans WHERE worker_id = $1`, [workerId])).toBe(1);
    // the union chair overrides with a recorded reason
    const ok = await stack
      .http()
      .post('/api/loans')
      .set(auth('union-chair'))
      .send({ ...body, override: { reason: '孩子重病住院，工会主席特批' } })
      .expect(201);
    const detail = await stack.http().get(`/api/loans/${ok.body.id}`).set(auth('union-chair')).expect(200);
    expect(detail.body.overrideReason).toBe('孩子重病住院，工会主席特批');
    const override = (detail.body.timeline as any[]).find((e) => e.type === 'loan.chronic_override');
    expect(override).toMatchObject({
      data: { blockingLoanId: seeded!.id, reason: '孩子重病住院，工会主席特批' },
    });
    expect(override.label.zh).toContain('特批');
  });

  test('amount and term outside the policy are refused naming the field', async () => {
    const workerId = workerIds.get('E1003')!;
    const r1 = await stack
      .http()
      .post('/api/loans')
      .set(auth('caseworker'))
      .send({ workerId, amountFen: 10_000_000, termMonths: 12, purpose: 'x' })
      .expect(422);
    expect(r1.body.details[0]).toMatchObject({ field: 'amountFen', rule: 'loan_amount_range' });
    const r2 = await stack
      .http()
      .post('/api/loans')
      .set(auth('caseworker'))
      .send({ workerId, amountFen: 100_000, termMonths: 36, purpose: 'x' })
      .expect(422);
    expect(r2.body.details[0]).toMatchObject({ field: 'termMonths', rule: 'loan_term_range' });
  });
});

test('a repayment of everything through the API: the ledger row first, then the signal; the workflow ends the loan repaid', async () => {
  const l = await activeLoan('E1002', 60_000, 6);
  await stack
    .http()
    .post(`/api/loans/${l.id}/repayments`)
    .set(auth('finance'))
    .send({ amountFen: 60_000, paidOn: '2026-12-01', reference: 'PAYOFF-E1002' })
    .expect(201);
  const result = (await stack.temporal.workflow.getHandle(l.workflowId).result()) as { status: string };
  expect(result).toEqual({ status: 'repaid' });
  const after = await stack.http().get(`/api/loans/${l.id}`).set(auth('finance')).expect(200);
  expect(after.body).toMatchObject({ status: 'repaid', outstandingFen: 0 });
  expect(after.body.schedule.every((i: any) => i.status === 'paid')).toBe(true);
}, 60_000);

describe('a loan through the API', () => {
  let loan: any;
  beforeAll(async () => {
    loan = await activeLoan('E1003', 120_000, 12);
  }, 120_000);

  test('disbursed from the loan fund: one disbursement entry, the reservation released, a 12-month schedule in fen', async () => {
    expect(loan.status).toBe('active');
    expect(loan.schedule).toHaveLength(12);
    expect(loan.schedule.reduce((n: number, i: any) => n + i.amountFen, 0)).toBe(120_000);
    expect(loan.schedule[0]).toMatchObject({ seq: 1, amountFen: 10_000, paidFen: 0, status: 'due' });
    const kinds = (
      await stack.db.query<{ kind: string }>(
        `SELECT kind FROM ledger_entries WHERE loan_id = $1 ORDER BY id`,
        [loan.id],
      )
    ).rows.map((r) => r.kind);
    expect(kinds).toEqual(['reservation', 'loan_disbursement', 'release']);
    // the disbursement's transaction set the oldest unpaid due date on the loan row
    expect(await oldestUnpaid(loan.id)).toBe(loan.schedule[0].dueDate);
    const list = await stack
      .http()
      .get(`/api/loans?workerId=${workerIds.get('E1003')}`)
      .set(auth('finance'))
      .expect(200);
    expect(list.body.items[0]).toMatchObject({
      id: loan.id,
      employeeNo: 'E1003',
      workerName: '郑海涛',
      outstandingFen: 120_000,
      nextDueDate: loan.schedule[0].dueDate,
      daysOverdue: 0,
    });
  });

  test('ten concurrent posts with one Idempotency-Key → one ledger row; the same key with another amount → 422', async () => {
    const post = (amountFen: number) =>
      stack
        .http()
        .post(`/api/loans/${loan.id}/repayments`)
        .set(auth('finance'))
        .set('Idempotency-Key', 'payroll-2026-12-E1003')
        .send({ amountFen, paidOn: '2026-12-15', reference: 'PAYROLL-2026-12-E1003' });
    const results = await Promise.all(Array.from({ length: 10 }, () => post(15_000)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    expect(
      await stack.count(`SELECT 1 FROM ledger_entries WHERE loan_id = $1 AND kind = 'loan_repayment'`, [
        loan.id,
      ]),
    ).toBe(1);
    const conflict = await post(16_000).expect(422);
    expect(conflict.body.details[0]).toMatchObject({ field: 'amountFen', rule: 'same_amount' });
    const after = await stack.http().get(`/api/loans/${loan.id}`).set(auth('finance')).expect(200);
    expect(after.body.outstandingFen).toBe(105_000);
    // applied oldest first: instalment 1 paid, 5,000 on instalment 2
    expect(after.body.schedule.slice(0, 2).map((i: any) => [i.paidFen, i.status])).toEqual([
      [10_000, 'paid'],
      [5_000, 'partial'],
    ]);
    // the repayment's transaction moved the oldest unpaid due date to instalment 2
    expect(await oldestUnpaid(loan.id)).toBe(loan.schedule[1].dueDate);
    // more than is outstanding is refused
    const over = await stack
      .http()
      .post(`/api/loans/${loan.id}/repayments`)
      .set(auth('finance'))
      .send({ amountFen: 105_001, paidOn: '2026-12-16', reference: 'TOO-MUCH' })
      .expect(422);
    expect(over.body.details[0]).toMatchObject({ field: 'amountFen', rule: 'not_above_outstanding' });
  });

  test('a payroll file imported twice → the second import reports duplicates and adds no ledger row', async () => {
    const csv =
      '\uFEFF工号,借款编号,金额,日期,流水号\r\n' +
      `E1003,${loan.loanNo},100.00,2027-01-15,PR-2027-01-E1003\r\n` +
      `E1003,${loan.loanNo},50.5,2027-02-15,PR-2027-02-E1003\r\n` +
      `E1001,${loan.loanNo},100.00,2027-02-15,PR-WRONG-PERSON\r\n` +
      `E1003,LN-NOPE,100.00,2027-02-15,PR-NO-LOAN\r\n` +
      `E1003,${loan.loanNo},abc,2027-02-15,PR-BAD-AMOUNT\r\n`;
    const run = async () => {
      const res = await stack
        .http()
        .post('/api/repayment-imports')
        .set(auth('finance'))
        .attach('file', Buffer.from(csv, 'utf8'), 'payroll-2027-01.csv')
        .expect(202);
      await stack.app.get(RepaymentImportsService).running.get(res.body.id);
      return (
        await stack.http().get(`/api/repayment-imports/${res.body.id}`).set(auth('finance')).expect(200)
      ).body;
    };
    const first = await run();
    expect(first).toMatchObject({
      status: 'done',
      totalRows: 5,
      processedRows: 5,
      accepted: 2,
      duplicate: 0,
      rejected: 3,
    });
    expect(first.rows.map((r: any) => [r.rowNo, r.outcome, r.amountFen])).toEqual([
      [2, 'accepted', 10_000],
      [3, 'accepted', 5_050],
      [4, 'rejected', 10_000],
      [5, 'rejected', 10_000],
      [6, 'rejected', null],
    ]);
    expect(first.rows[2].reason).toMatch(/employeeNo/);
    expect(first.rows[3].reason).toMatch(/loanNo/);
    expect(first.rows[4].reason).toMatch(/amount/);
    const before = await stack.count(`SELECT 1 FROM ledger_entries WHERE loan_id = $1`, [loan.id]);
    const second = await run();
    expect(second).toMatchObject({ status: 'done', accepted: 0, duplicate: 2, rejected: 3 });
    expect(await stack.count(`SELECT 1 FROM ledger_entries WHERE loan_id = $1`, [loan.id])).toBe(before);
    // an XLSX file with the same reference but another amount is rejected, not applied
    const wb = new Workbook();
    const ws = wb.addWorksheet('扣款');
    ws.addRow(['employeeNo', 'loanNo', 'amount', 'paidOn', 'reference']);
    ws.addRow(['E1003', loan.loanNo, 99, new Date(Date.UTC(2027, 0, 15)), 'PR-2027-01-E1003']);
    ws.addRow(['E1003', loan.loanNo, 20.25, '2027-03-15', 'PR-2027-03-E1003']);
    const xbuf = Buffer.from(await wb.xlsx.writeBuffer());
    const x = await stack
      .http()
      .post('/api/repayment-imports')
      .set(auth('finance'))
      .attach('file', xbuf, 'payroll-2027-03.xlsx')
      .expect(202);
    await stack.app.get(RepaymentImportsService).running.get(x.body.id);
    const xr = (
      await stack.http().get(`/api/repayment-imports/${x.body.id}`).set(auth('finance')).expect(200)
    ).body;
    expect(xr.rows.map((r: any) => [r.outcome, r.amountFen])).toEqual([
      ['rejected', 9_900],
      ['accepted', 2_025],
    ]);
    expect(xr.rows[0].reason).toMatch(/same_amount|different amount/);
    // not a csv or xlsx
    await stack
      .http()
      .post('/api/repayment-imports')
      .set(auth('finance'))
      .attach('file', Buffer.from('x'), 'payroll.txt')
      .expect(400);
  });

  test('finance views: aging, statement, balances, budget vs actual, reconciliation, exports', async () => {
    const aging = await stack.http().get('/api/finance/aging').set(auth('finance')).expect(200);
    expect(aging.body.buckets.map((b: any) => b.bucket)).toEqual([
      'current',
      '1-30',
      '31-60',
      '61-90',
      '90+',
    ]);
    const sum = aging.body.buckets.reduce((n: number, b: any) => n + b.outstandingFen, 0);
    expect(sum).toBe(aging.body.totalOutstandingFen);
    const outstanding = await stack.db.query<{ n: string }>(
      `SELECT sum(amount_fen - repaid_fen - written_off_fen)::text AS n FROM loans WHERE status IN ('active','overdue','defaulted')`,
    );
    expect(aging.body.totalOutstandingFen).toBe(Number(outstanding.rows[0]!.n));
    // the seeded overdue loan (3 instalments overdue) is past 30 days: at risk
    expect(aging.body.portfolioAtRiskFen).toBeGreaterThan(0);
    const csv = await stack.http().get('/api/finance/aging?format=csv').set(auth('finance')).expect(200);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="aging-.*\.csv"/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('账龄 Bucket');
    const xlsx = await stack
      .http()
      .get('/api/finance/balances?format=xlsx')
      .set(auth('finance'))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    expect(String(wb.worksheets[0]!.getRow(1).getCell(1).value)).toContain('资金来源');

    const st = await stack
      .http()
      .get(`/api/finance/statements/${workerIds.get('E1003')}`)
      .set(auth('finance'))
      .expect(200);
    expect(st.body.entries[0]).toMatchObject({
      kind: 'loan_disbursement',
      amountFen: 120_000,
      balanceFen: 120_000,
    });
    expect(st.body.balanceFen).toBe(loan.amountFen - 15_000 - 10_000 - 5_050 - 2_025);
    // 32,075 fen repaid covers instalments 1–3: the statement shows instalment 4 as the oldest unpaid
    expect(st.body.loans.find((l: any) => l.id === loan.id)).toMatchObject({
      oldestUnpaidDue: loan.schedule[3].dueDate,
      daysOverdue: 0,
    });
    expect(await oldestUnpaid(loan.id)).toBe(loan.schedule[3].dueDate);

    const bal = await stack.http().get('/api/finance/balances').set(auth('finance')).expect(200);
    const mutual = (bal.body.items as any[]).find((b) => b.code === 'mutual_aid');
    expect(mutual.availableFen).toBe(
      mutual.allocatedFen - mutual.reservedFen - mutual.paidFen + mutual.repaidFen,
    );
    expect(mutual.repaidFen).toBeGreaterThanOrEqual(15_000 + 10_000 + 5_050 + 2_025);

    const year = new Date().getFullYear();
    const bva = await stack
      .http()
      .get(`/api/finance/budget-vs-actual?year=${year}`)
      .set(auth('finance'))
      .expect(200);
    const loanFund = (bva.body.rows as any[]).filter((r) => r.programCode === 'loan_fund');
    expect(loanFund).toHaveLength(12);
    expect(loanFund.reduce((n, r) => n + r.budgetFen, 0)).toBe(20_000_000);

    const rec = await stack.http().get('/api/finance/reconciliation').set(auth('finance')).expect(200);
    expect(rec.body.checks.filter((c: any) => !c.ok)).toEqual([]);
    expect(rec.body.ok).toBe(true);
    // a cache that disagrees with the ledger is reported
    await stack.db.query(`UPDATE loans SET repaid_fen = repaid_fen + 1 WHERE id = $1`, [loan.id]);
    const bad = await stack.http().get('/api/finance/reconciliation').set(auth('finance')).expect(200);
    expect(bad.body.checks.find((c: any) => c.code === 'loan_repaid_matches_ledger')).toMatchObject({
      ok: false,
      count: 1,
    });
    await stack.db.query(`UPDATE loans SET repaid_fen = repaid_fen - 1 WHERE id = $1`, [loan.id]);

    // aging, PAR and statements read the oldest unpaid due date kept on the loan row: one corrupted
    // row (a write that bypassed the repositories) moves this current loan to 90+ and PAR …
    const kept = await oldestUnpaid(loan.id);
    await stack.db.query(`UPDATE loans SET oldest_unpaid_due = current_date - 200 WHERE id = $1`, [loan.id]);
    const skewed = await stack.http().get('/api/finance/aging').set(auth('finance')).expect(200);
    const bucket = (r: any, b: string) => r.buckets.find((x: any) => x.bucket === b);
    expect(bucket(skewed.body, '90+').loans).toBe(bucket(aging.body, '90+').loans + 1);
    expect(skewed.body.portfolioAtRiskFen).toBe(aging.body.portfolioAtRiskFen + loan.amountFen - 32_075);
    const skewedSt = await stack
      .http()
      .get(`/api/finance/statements/${workerIds.get('E1003')}`)
      .set(auth('finance'))
      .expect(200);
    expect(skewedSt.body.loans.find((l: any) => l.id === loan.id).daysOverdue).toBeGreaterThan(90);
    // … and the reconciliation recomputes it from the instalments and reports exactly that loan
    const drift = await stack.http().get('/api/finance/reconciliation').set(auth('finance')).expect(200);
    expect(drift.body.ok).toBe(false);
    const check = drift.body.checks.find((c: any) => c.code === 'loan_oldest_unpaid_matches_instalments');
    expect(check).toMatchObject({ ok: false, count: 1 });
    expect(check.items).toEqual([
      { loanId: loan.id, loanNo: loan.loanNo, storedDueDate: expect.any(String), recomputedDueDate: kept },
    ]);
    expect(drift.body.checks.filter((c: any) => !c.ok).map((c: any) => c.code)).toEqual([
      'loan_oldest_unpaid_matches_instalments',
    ]);
    await stack.db.query(`UPDATE loans SET oldest_unpaid_due = $2 WHERE id = $1`, [loan.id, kept]);
    const healed = await stack.http().get('/api/finance/reconciliation').set(auth('finance')).expect(200);
    expect(healed.body.ok).toBe(true);
  });

  test('a reminder: a notification in the outbox (sent by the relay) and an item in the caseworker’s inbox; collection holds', async () => {
    const records = stack.worker.get(LoanServicingRepository);
    const r = await records.recordReminder({
      loanId: loan.id,
      workflowId: loan.workflowId,
      scheduleVersion: 1,
      seq: 3,
      offsetDays: 7,
      dueDate: loan.schedule[2].dueDate,
      amountDueFen: 10_000,
    });
    const again = await records.recordReminder({
      loanId: loan.id,
      workflowId: loan.workflowId,
      scheduleVersion: 1,
      seq: 3,
      offsetDays: 7,
      dueDate: loan.schedule[2].dueDate,
      amountDueFen: 10_000,
    });
    expect(again.taskId).toBe(r.taskId);
    const task = await inbox('caseworker', loan.id, 'loan_reminder');
    expect(task).toMatchObject({ id: r.taskId, subjectType: 'loan', caseNo: loan.loanNo });
    expect(
      await stack.count(`SELECT 1 FROM notifications WHERE loan_id = $1 AND template LIKE 'loan_reminder%'`, [
        loan.id,
      ]),
    ).toBe(2);
    const sent = await stack.worker.get(NotificationDelivery).relayOnce(100);
    expect(sent.sent).toBeGreaterThanOrEqual(2);
    expect(
      await stack.count(`SELECT 1 FROM notifications WHERE loan_id = $1 AND status = 'sent'`, [loan.id]),
    ).toBe(2);

    // an open hospitalisation event holds collection; closing it releases the hold
    expect(await records.collectionHold({ loanId: loan.id })).toMatchObject({ held: false });
    const ev = await stack.db.query<{ id: string }>(
      `INSERT INTO early_warning_events (worker_id, kind, occurred_on) VALUES ($1, 'hospitalisation', current_date) RETURNING id`,
      [workerIds.get('E1003')],
    );
    expect(await records.collectionHold({ loanId: loan.id })).toEqual({
      held: true,
      reason: 'hospitalisation',
      sourceId: ev.rows[0]!.id,
    });
    await stack.db.query(`UPDATE early_warning_events SET status = 'closed' WHERE id = $1`, [ev.rows[0]!.id]);
    expect(await records.collectionHold({ loanId: loan.id })).toMatchObject({ held: false });
  });

  test('reschedule then write-off through the inbox: a new schedule version (history kept), then the outstanding written off in the ledger', async () => {
    const r = await stack
      .http()
      .post(`/api/loans/${loan.id}/reschedule`)
      .set(auth('caseworker'))
      .send({ termMonths: 18, reason: '收入下降' })
      .expect(202);
    const t = await inbox('union-chair', loan.id, 'reschedule');
    expect(t.id).toBe(r.body.taskId);
    // a second reschedule while one is waiting: 409
    await stack
      .http()
      .post(`/api/loans/${loan.id}/reschedule`)
      .set(auth('caseworker'))
      .send({ termMonths: 12, reason: '再次申请' })
      .expect(409);
    await decide('union-chair', t.id, { decision: 'approve' }).expect(200);
    const after = await stack.http().get(`/api/loans/${loan.id}`).set(auth('finance')).expect(200);
    expect(after.body.scheduleVersion).toBe(2);
    expect(after.body.scheduleHistory.map((v: any) => v.version)).toEqual([1, 2]);
    expect(after.body.schedule).toHaveLength(18);
    expect(after.body.schedule.reduce((n: number, i: any) => n + i.amountFen, 0)).toBe(
      after.body.outstandingFen,
    );
    // the reschedule's transaction moved the oldest unpaid due date to the new schedule's first instalment
    expect(await oldestUnpaid(loan.id)).toBe(after.body.schedule[0].dueDate);

    await stack
      .http()
      .post(`/api/loans/${loan.id}/write-off`)
      .set(auth('caseworker'))
      .send({ reason: '职工去世，家属无力偿还' })
      .expect(202);
    await decide('union-chair', (await inbox('union-chair', loan.id, 'write_off')).id, {
      decision: 'approve',
    }).expect(200);
    await decide('leader', (await inbox('leader', loan.id, 'write_off')).id, { decision: 'approve' }).expect(
      200,
    );
    const done = await stack.http().get(`/api/loans/${loan.id}`).set(auth('finance')).expect(200);
    expect(done.body).toMatchObject({
      status: 'written_off',
      outstandingFen: 0,
      writtenOffFen: after.body.outstandingFen,
    });
    // written off: nothing is unpaid any more
    expect(await oldestUnpaid(loan.id)).toBeNull();
    expect(
      await stack.count(
        `SELECT 1 FROM ledger_entries WHERE loan_id = $1 AND kind = 'loan_write_off' AND amount_fen = $2`,
        [loan.id, after.body.outstandingFen],
      ),
    ).toBe(1);
    // a closed loan takes no more requests
    await stack
      .http()
      .post(`/api/loans/${loan.id}/early-repayment`)
      .set(auth('caseworker'))
      .send({})
      .expect(409);
  });

  test('the SMS gateway channel: a failed send is retried with backoff, then sent', async () => {
    const received: Array<{ to: string; text: string }> = [];
    let fail = true;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (fail) {
          fail = false;
          res.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(body) as { to: string; text: string });
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
      const config = { ...loadConfig(process.env), SMS_GATEWAY_URL: url };
      const outbox = new OutboxRepository(stack.worker.get(DataSource), config);
      const notifications = new NotificationDelivery(outbox, config);
      await stack.db.query(`UPDATE workers SET phone = '13800000000' WHERE employee_no = 'E1003'`);
      const ds = stack.worker.get(DataSource);
      await ds.transaction((em) =>
        outbox.enqueue(em, {
          key: `test-sms-${loan.id}`,
          recipientKind: 'worker',
          recipientId: workerIds.get('E1003')!,
          template: 'loan_overdue_notice',
          subject: '借款逾期通知',
          body: '请尽快还款',
          loanId: loan.id,
        }),
      );
      expect(await notifications.relayOnce()).toEqual({ sent: 0, failed: 1 });
      const [row] = (
        await stack.db.query<{
          channel: string;
          status: string;
          attempts: number;
          last_error: string;
          later: boolean;
        }>(
          `SELECT channel, status, attempts, last_error, next_attempt_at > now() + interval '20 seconds' AS later
             FROM notifications WHERE idempotency_key = $1`,
          [`test-sms-${loan.id}`],
        )
      ).rows;
      expect(row).toEqual({
        channel: 'sms',
        status: 'pending',
        attempts: 1,
        last_error: 'SMS gateway answered 503',
        later: true,
      });
      // not yet due: nothing is sent
      expect(await notifications.relayOnce()).toEqual({ sent: 0, failed: 0 });
      await stack.db.query(`UPDATE notifications SET next_attempt_at = now() WHERE idempotency_key = $1`, [
        `test-sms-${loan.id}`,
      ]);
      expect(await notifications.relayOnce()).toEqual({ sent: 1, failed: 0 });
      expect(received).toEqual([{ to: '13800000000', text: '借款逾期通知\n请尽快还款' }]);
    } finally {
      server.close();
    }
  });
});

test('a hospitalisation reported through the early-warning API pauses the borrower’s loan at once; closing it resumes collection', async () => {
  const l = await activeLoan('E1002', 60_000, 3);
  const waitCount = async (sql: string, want: number) => {
    let n = -1;
    for (let i = 0; i < 150 && n !== want; i++) {
      n = await stack.count(sql, [l.id]);
      if (n !== want) await new Promise((r) => setTimeout(r, 100));
    }
    return n;
  };
  const open = `SELECT 1 FROM loan_collection_pauses WHERE loan_id = $1 AND reason = 'hospitalisation' AND ended_at IS NULL`;
  const ended = `SELECT 1 FROM loan_collection_pauses WHERE loan_id = $1 AND reason = 'hospitalisation' AND ended_at IS NOT NULL`;
  expect(await stack.count(open, [l.id])).toBe(0);
  const ev = await stack
    .http()
    .post('/api/early-warnings')
    .set(auth('union-chair'))
    .send({
      workerId: workerIds.get('E1002'),
      kind: 'hospitalisation',
      occurredOn: new Date().toISOString().slice(0, 10),
    })
    .expect(201);
  // the next instalment is a month away: only the API's signal makes the loan look now
  expect(await waitCount(open, 1)).toBe(1);
  await stack
    .http()
    .post(`/api/early-warnings/${ev.body.id}/close`)
    .set(auth('union-chair'))
    .send({ note: '已出院' })
    .expect(200);
  expect(await waitCount(ended, 1)).toBe(1);
  expect(await stack.count(open, [l.id])).toBe(0);
}, 120_000);
