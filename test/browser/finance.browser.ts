import type { Browser, Page } from 'playwright-core';
import {
  fenToYuanText,
  launchBrowser,
  login,
  newPage,
  newPhonePage,
  screenshot,
  see,
  serve,
  confirmDialog,
} from '../support/browser';
import { TestStack } from '../support/stack';

/** Finance pages in Chromium: a payroll-deduction import and the aging table it changes. */
let stack: TestStack;
let browser: Browser;
let base: string;
let page: Page;
let finance: string;

interface Aging {
  buckets: Array<{ bucket: string; loans: number; outstandingFen: number }>;
  totalOutstandingFen: number;
}

beforeAll(async () => {
  stack = await TestStack.start();
  base = await serve(stack);
  browser = await launchBrowser();
  finance = await stack.login('finance');
}, 180_000);

beforeEach(async () => {
  page = await newPage(browser, base);
});

afterEach(async () => {
  await page?.context().close();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const api = (path: string) => stack.http().get(path).set('Authorization', `Bearer ${finance}`).expect(200);

/** The aging table's row for `bucket` (its label) as the page shows it. */
const agingRow = (label: string) => page.getByTestId('aging-table').locator('tr', { hasText: label });

test('finance imports a payroll-deduction file: progress, the row-by-row result, and the aging table changes', async () => {
  // 周建国 (E1001) has a demo loan with instalments overdue
  const loans = (await api('/api/loans?q=E1001')).body.items as Array<{
    id: string;
    loanNo: string;
    employeeNo: string;
  }>;
  const loan = loans.find((l) => l.employeeNo === 'E1001')!;
  const detail = (await api(`/api/loans/${loan.id}`)).body as {
    daysOverdue: number;
    schedule: Array<{ amountFen: number; paidFen: number; status: string }>;
  };
  const overdueFen = detail.schedule
    .filter((s) => s.status === 'overdue')
    .reduce((n, s) => n + s.amountFen - s.paidFen, 0);
  expect(overdueFen).toBeGreaterThan(0);
  const before = (await api('/api/finance/aging')).body as Aging;
  const overdueBucket = before.buckets.find((b) => b.bucket !== 'current' && b.loans > 0)!;
  expect(overdueBucket).toBeDefined();

  await login(page, 'finance');
  await page.goto('/finance/aging');
  await see(page.getByTestId('aging-table'), fenToYuanText(before.totalOutstandingFen));
  const bucketLabel = {
    '1-30': '逾期 1–30 天',
    '31-60': '逾期 31–60 天',
    '61-90': '逾期 61–90 天',
    '90+': '逾期 90 天以上',
  }[overdueBucket.bucket]!;
  await see(agingRow(bucketLabel), fenToYuanText(overdueBucket.outstandingFen));
  await screenshot(page, 'aging-before');

  // the payroll file: one good row paying what is overdue, one for a loan that does not exist
  const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const csv =
    '\uFEFF工号,借款编号,金额,日期,流水号\r\n' +
    `E1001,${loan.loanNo},${yuan(overdueFen)},${today},PR-TEST-E1001\r\n` +
    `E1001,LN-0000-999999,100.00,${today},PR-TEST-BAD\r\n`;
  await page.goto('/finance/imports');
  await page.getByLabel('代扣文件（.csv 或 .xlsx）').setInputFiles({
    name: 'payroll-2026-11.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await page.getByRole('button', { name: '上传并导入' }).click();
  const result = page.getByTestId('import-result');
  await see(result, '共 2 行：入账 1，重复 0，拒绝 1', 60_000);
  await see(result, '已完成');
  await see(result.locator('tr', { hasText: 'PR-TEST-E1001' }), '已入账');
  await see(result.locator('tr', { hasText: 'PR-TEST-BAD' }), '拒绝');
  await screenshot(page, 'import');

  // the aging table, as finance sees it now
  const after = (await api('/api/finance/aging')).body as Aging;
  expect(after.totalOutstandingFen).toBe(before.totalOutstandingFen - overdueFen);
  await page.goto('/finance/aging');
  await see(page.getByTestId('aging-table'), fenToYuanText(after.totalOutstandingFen));
  const afterBucket = after.buckets.find((b) => b.bucket === overdueBucket.bucket)!;
  expect(afterBucket.loans).toBe(overdueBucket.loans - 1);
  await see(agingRow(bucketLabel), fenToYuanText(afterBucket.outstandingFen));
  await screenshot(page, 'aging');

  // the export: an .xlsx file (a zip) under the server's file name
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 Excel' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^aging-.*\.xlsx$/);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).subarray(0, 2).toString('latin1')).toBe('PK');
});

test('finance records a repayment on a loan page (one ledger row per reference); fund balances and budget vs actual show the API’s figures', async () => {
  const loans = (await api('/api/loans?q=E1002')).body.items as Array<{
    id: string;
    employeeNo: string;
    outstandingFen: number;
  }>;
  const loan = loans.find((l) => l.employeeNo === 'E1002')!;
  await login(page, 'finance');
  await page.goto(`/finance/loans/${loan.id}`);
  await page.getByLabel('金额（元）').fill('500');
  await page.getByLabel('凭证号').fill('PR-WEB-E1002-1');
  await page.getByRole('button', { name: '提交' }).click();
  await confirmDialog(page); // money is posted after a confirmation
  await see(page.getByRole('status'), '还款已登记');
  const rows = () =>
    stack.count(
      `SELECT 1 FROM ledger_entries WHERE loan_id = $1 AND kind = 'loan_repayment' AND reference = $2`,
      [loan.id, 'PR-WEB-E1002-1'],
    );
  expect(await rows()).toBe(1);
  const after = (await api(`/api/loans/${loan.id}`)).body as { outstandingFen: number };
  expect(after.outstandingFen).toBe(loan.outstandingFen - 50_000);
  await see(page.locator('main'), fenToYuanText(after.outstandingFen));

  const balances = (await api('/api/finance/balances')).body.items as Array<{
    nameZh: string;
    availableFen: number;
  }>;
  const mutual = balances.find((b) => b.nameZh === '职工互助基金')!;
  await page.goto('/finance/funds');
  await see(page.locator('tr', { hasText: '职工互助基金' }), fenToYuanText(mutual.availableFen));
  await page.getByRole('img', { name: '各资金来源余额' }).waitFor();
  await page.getByRole('img', { name: '预算执行情况' }).waitFor();
  await screenshot(page, 'funds');
});

test('a loan application’s approval task shows the loan and the borrower; the grassroots chair approves it in the browser', async () => {
  const cw = await stack.login('caseworker');
  const workers = (await stack.http().get('/api/workers').set('Authorization', `Bearer ${cw}`).expect(200))
    .body.items as Array<{ id: string; employeeNo: string }>;
  const created = await stack
    .http()
    .post('/api/loans')
    .set('Authorization', `Bearer ${cw}`)
    .send({
      workerId: workers.find((w) => w.employeeNo === 'E1003')!.id,
      amountFen: 480_000,
      termMonths: 12,
      purpose: '子女学费',
    })
    .expect(201);
  const loan = created.body as { id: string; loanNo: string };
  const chair = await stack.login('branch-chair');
  let taskId: string | undefined;
  for (let i = 0; i < 80 && !taskId; i++) {
    const r = await stack
      .http()
      .get('/api/tasks?status=open')
      .set('Authorization', `Bearer ${chair}`)
      .expect(200);
    taskId = (r.body.items as Array<{ id: string; subjectId: string }>).find(
      (t) => t.subjectId === loan.id,
    )?.id;
    if (!taskId) await new Promise((r) => setTimeout(r, 250));
  }
  expect(taskId).toBeDefined();
  await login(page, 'branch-chair');
  const row = page.locator('tr', { hasText: loan.loanNo });
  await see(row, '借款');
  await row.getByRole('link', { name: new RegExp(`${loan.loanNo} 郑海涛`) }).click();
  await page.waitForURL('**/tasks/*');
  const section = page.getByTestId('loan-section');
  await see(section, '4,800.00 元');
  await see(section, '子女学费');
  await see(page.locator('main'), '郑海涛');
  await page.getByRole('button', { name: '提交审批' }).click();
  await confirmDialog(page); // the confirmation restating the decision
  await see(page.getByTestId('decided'), '同意');
  const t = await stack.db.query(`SELECT status, decision FROM tasks WHERE id = $1`, [taskId]);
  expect(t.rows[0]).toEqual({ status: 'completed', decision: 'approve' });
});

test('finance adds money to a budget from the funds page: a bad amount is refused in the form, the allocation is restated, posted once', async () => {
  const year = new Date().getFullYear();
  const allocated = async () =>
    Number(
      (
        await stack.db.query<{ s: string }>(
          `SELECT COALESCE(sum(e.amount_fen), 0)::text AS s FROM ledger_entries e JOIN budgets b ON b.id = e.budget_id
            WHERE e.kind = 'allocation' AND b.fund_source = 'union_funds' AND b.program_code = 'illness' AND b.year = $1`,
          [year],
        )
      ).rows[0]!.s,
    );
  const before = await allocated();
  await login(page, 'finance');
  await page.goto('/finance/funds');
  await page.getByRole('button', { name: '追加预算' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('项目').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '大病救助' }).click();
  await dialog.getByLabel('金额').fill('abc');
  await dialog.getByTestId('allocate-submit').click();
  await see(dialog.locator('.ant-form-item-explain-error'), '“abc”不是有效金额');
  await dialog.getByLabel('金额').fill('50,000');
  await dialog.getByTestId('allocate-submit').click();
  await see(
    page.getByTestId('confirm-allocation'),
    `向“工会经费 · 大病救助 · ${year} 年”预算追加 50,000.00 元`,
  );
  await screenshot(page, 'funds-allocate-confirm');
  await confirmDialog(page);
  await see(dialog.getByRole('status'), '已追加 50,000.00 元');
  expect((await allocated()) - before).toBe(5_000_000);
}, 180_000);

test('on a phone the fund-balance chart names every fund source (slanted, none skipped)', async () => {
  const phone = await newPhonePage(browser, base);
  try {
    await login(phone, 'finance');
    const balances = (await api('/api/finance/balances')).body.items as Array<{ nameZh: string }>;
    expect(balances.length).toBeGreaterThan(2);
    await phone.goto('/finance/funds');
    const chart = phone.getByRole('img', { name: '各资金来源余额' });
    await chart.locator('svg').waitFor();
    const shown = await chart.locator('svg text').allTextContents();
    for (const b of balances) expect(shown).toContain(b.nameZh);
  } finally {
    await phone.context().close();
  }
});
