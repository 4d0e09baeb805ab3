import type { Browser, Page } from 'playwright-core';
import { nationalIdCheckChar } from '../../libs/domain/national-id';
import {
  choose,
  confirmDialog,
  launchBrowser,
  login,
  logout,
  newPage,
  screenshot,
  see,
  serve,
} from '../support/browser';
import { TestStack } from '../support/stack';

/**
 * Admin pages in Chromium: the roster import (template, upload, dry-run table, commit, progress),
 * the payroll import that flags a file (the mark in the files list and the block on the file page),
 * and the policy page (publish a new 低保, then the diff between the two versions).
 */
let stack: TestStack;
let browser: Browser;
let base: string;
let page: Page;

beforeAll(async () => {
  stack = await TestStack.start();
  base = await serve(stack);
  browser = await launchBrowser();
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

const id = (first17: string) => first17 + nationalIdCheckChar(first17);

test('roster import page: template, upload, the dry run row by row, commit and progress to done', async () => {
  await login(page, 'admin');
  await page.getByRole('menuitem', { name: '花名册导入' }).click();
  await page.waitForURL('**/admin/roster-import');

  const [template] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '下载模板' }).click(),
  ]);
  expect(template.suggestedFilename()).toBe('roster-template.xlsx');

  const good = id('37010219900101123');
  const csv =
    '\uFEFF工号,姓名,身份证号,性别,所属单位\r\n' +
    `WB001,网页导入甲,${good},男,G-01\r\n` +
    `WB002,网页导入乙,${id('37010219900102123')},女,第二分厂工会\r\n` +
    `WB003,网页导入丙,${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'},男,\r\n`;
  await page.getByLabel('导入文件（.xlsx 或 .csv）').setInputFiles({
    name: 'roster.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await page.getByRole('button', { name: '上传并预检' }).click();
  const card = page.getByTestId('hr-import');
  await see(card, '待确认', 60_000);
  await see(page.getByTestId('count-new'), '新增 2');
  await see(page.getByTestId('count-refused'), '拒绝 1');
  const rows = page.getByTestId('import-rows');
  await see(rows.locator('tr', { hasText: 'WB001' }), '新增');
  await see(rows.locator('tr', { hasText: 'WB003' }), '身份证号无效：校验码不符');
  // nothing is written by the dry run
  expect(await stack.count(`SELECT 1 FROM workers WHERE employee_no LIKE 'WB%'`)).toBe(0);
  await screenshot(page, 'roster-import-preview');

  await page.getByRole('button', { name: '确认导入' }).click();
  await see(card, '已完成', 60_000);
  await see(page.getByTestId('hr-import-progress'), '100%');
  await see(rows.locator('tr', { hasText: 'WB002' }), '新增');
  expect(await stack.count(`SELECT 1 FROM workers WHERE employee_no LIKE 'WB%'`)).toBe(2);
  await screenshot(page, 'roster-import-done');
}, 180_000);

test('payroll import flags a file: the mark in the files list, the block on the file page and on the approver’s task page', async () => {
  const [f] = (
    await stack.db.query<{ file_id: string; file_no: string; household_id: string }>(
      `SELECT f.id AS file_id, f.file_no, f.household_id FROM hardship_files f JOIN workers w ON w.id = f.worker_id
        WHERE w.employee_no = 'E1001' AND f.status = 'active'`,
    )
  ).rows;
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1)).toISOString().slice(0, 7);
  await stack.db.query(
    `INSERT INTO household_incomes (household_id, month, source, amount_fen) VALUES ($1, $2, 'wage', 100000)`,
    [f!.household_id, `${month}-01`],
  );
  await login(page, 'admin');
  await page.goto('/admin/payroll-import');
  await page.getByLabel('导入文件（.xlsx 或 .csv）').setInputFiles({
    name: 'payroll.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`工号,姓名,月份,收入(元)\nE1001,周建国,${month},6000\n`, 'utf8'),
  });
  await page.getByRole('button', { name: '上传并预检' }).click();
  await see(page.getByTestId('hr-import'), '待确认', 60_000);
  await page.getByRole('button', { name: '确认导入' }).click();
  await see(page.getByTestId('hr-import'), '已完成', 60_000);
  await see(page.getByTestId('flagged-files'), '标记收入存疑档案 1 份');

  await page.goto('/files');
  await see(page.locator('tr', { hasText: f!.file_no }), '收入存疑');
  await page.goto(`/files/${f!.file_id}`);
  const block = page.getByTestId('income-discrepancy');
  await see(block, '收入存疑：申报收入低于工资收入');
  await see(block, '6,000.00 元');
  await see(block, '1,000.00 元');
  await screenshot(page, 'income-discrepancy');

  // the approver of an application for this household sees it on the task page
  const cw = await stack.login('caseworker');
  const [w] = (await stack.db.query<{ id: string }>(`SELECT id FROM workers WHERE employee_no = 'E1001'`))
    .rows;
  const created = await stack
    .http()
    .post('/api/cases')
    .set('Authorization', `Bearer ${cw}`)
    .send({ workerId: w!.id, program: 'illness', amountFen: 200_000, reason: '住院治疗' })
    .expect(201);
  const chair = await stack.login('branch-chair');
  let taskId: string | undefined;
  for (let i = 0; i < 120 && !taskId; i++) {
    const res = await stack
      .http()
      .get('/api/tasks?status=open')
      .set('Authorization', `Bearer ${chair}`)
      .expect(200);
    taskId = (res.body.items as Array<{ id: string; subjectId: string }>).find(
      (t) => t.subjectId === created.body.id,
    )?.id;
    if (!taskId) await new Promise((r) => setTimeout(r, 250));
  }
  expect(taskId).toBeDefined();
  await logout(page);
  await login(page, 'branch-chair');
  await page.goto(`/tasks/${taskId}`);
  await see(page.getByTestId('income-discrepancy'), '收入存疑：申报收入低于工资收入');
  await screenshot(page, 'income-discrepancy-task');
}, 180_000);

test('policy page: publishing a new 低保 starts the locality’s re-evaluation, and the diff shows the changed figure', async () => {
  await login(page, 'admin');
  await page.goto('/admin/policy');
  const versions = page.getByTestId('policy-versions');
  await see(versions, 'v1');
  await choose(page, '地区', '山东省');
  await page.getByLabel('新低保标准（元）').fill('1100');
  await page.getByLabel('说明', { exact: true }).fill('2027年山东低保调整');
  await page.getByTestId('publish-dibao').getByRole('button', { name: '发布' }).click();
  const published = page.getByTestId('published');
  await see(published, /已发布政策版本 v\d+/);
  await see(published, /已启动该地区档案的重新评估：reassessment:policy-v\d+/);
  const [{ version }] = (
    await stack.db.query<{ version: number }>(`SELECT max(version) AS version FROM policy_versions`)
  ).rows as Array<{ version: number }>;
  expect(
    await stack.count(`SELECT 1 FROM reassessment_campaigns WHERE id = $1`, [
      `reassessment:policy-v${version}`,
    ]),
  ).toBe(1);
  await see(versions, '2027年山东低保调整');

  // the diff between the previous version and the new one: exactly the changed 低保
  const diff = page.getByTestId('policy-diff');
  const row = diff.locator('tr', { hasText: 'localities[370000].dibaoFenPerPersonMonth' });
  await see(row, '1,062.00 元');
  await see(row, '1,100.00 元');
  expect(await diff.locator('tbody tr').count()).toBe(1);
  await screenshot(page, 'policy-diff');
}, 180_000);

test('calendar page sets a make-up workday; programs page shows the programs and their budgets', async () => {
  await login(page, 'admin');
  await page.goto('/admin/calendar');
  await see(page.getByTestId('calendar-days'), '放假');
  const year = new Date().getFullYear();
  await page.getByRole('radio', { name: '调休上班' }).check();
  await page.getByLabel('名称').fill('测试调休');
  // the date last: Enter in the date field picks it and submits the form
  await page.getByLabel('日期', { exact: true }).fill(`${year}-12-26`);
  await page.keyboard.press('Enter');
  await see(page.getByTestId('calendar-days').locator('tr', { hasText: `${year}-12-26` }), '测试调休');
  const [day] = (
    await stack.db.query<{ is_workday: boolean; source: string }>(
      `SELECT is_workday, source FROM calendar_days WHERE day = $1`,
      [`${year}-12-26`],
    )
  ).rows;
  expect(day).toEqual({ is_workday: true, source: 'admin' });
  await screenshot(page, 'calendar');

  await page.goto('/admin/programs');
  await see(page.getByTestId('programs').locator('tr', { hasText: 'illness' }), '大病救助');
  await see(page.getByTestId('budgets').locator('tr', { hasText: '大病救助' }), '100,000.00 元');
  await screenshot(page, 'programs');
}, 180_000);

test('policy editor: any figure changes from the console (amounts in yuan), restated before a new version is published; the server’s refusal shows in Chinese', async () => {
  await login(page, 'admin');
  await page.goto('/admin/policy');
  const editor = page.getByTestId('policy-editor');
  await editor.getByRole('searchbox').fill('hospital_visit].max');
  const max = editor.getByLabel('programs[hospital_visit].maxAmountFen');
  await see(editor, '1,000.00 元');
  await max.fill('abc');
  await see(editor.getByRole('alert'), '“abc”不是有效金额');
  await page.getByLabel('修改说明').fill('探望慰问上限调整');
  expect(await page.getByTestId('policy-edit-publish').isDisabled()).toBe(true);
  await max.fill('1,200');
  await page.getByTestId('policy-edit-publish').click();
  await see(
    page.getByTestId('policy-changes'),
    'programs[hospital_visit].maxAmountFen：1,000.00 元 → 1,200.00 元',
  );
  await screenshot(page, 'policy-editor-confirm');
  await confirmDialog(page, '发布');
  await see(page.getByTestId('policy-edit-published'), /已发布政策版本 v\d+/);
  const token = await stack.login('caseworker');
  const programs = await stack
    .http()
    .get('/api/programs')
    .set('Authorization', `Bearer ${token}`)
    .expect(200);
  expect(
    (programs.body.items as Array<{ code: string; maxAmountFen: number }>).find(
      (p) => p.code === 'hospital_visit',
    )?.maxAmountFen,
  ).toBe(120_000);

  // a figure the policy check refuses: the server names it, in Chinese, and nothing is published
  const before = await stack.count(`SELECT 1 FROM policy_versions`);
  await editor.getByRole('searchbox').fill('noticeWorkingDays');
  await editor.getByLabel('noticeWorkingDays', { exact: true }).fill('0');
  await page.getByLabel('修改说明').fill('公示期调整');
  await page.getByTestId('policy-edit-publish').click();
  await confirmDialog(page, '发布');
  const refusal = editor.locator('.ant-alert-error');
  await refusal.waitFor();
  const text = (await refusal.textContent()) ?? '';
  // “公示期（工作日）须在 1–N 之间”: the figure's name and its limits, not the server's English
  expect(text).toMatch(/公示期（工作日）须在 1–\d+ 之间/);
  expect(text).not.toMatch(/must|between/);
  expect(await stack.count(`SELECT 1 FROM policy_versions`)).toBe(before);
  await screenshot(page, 'policy-editor-refusal');
}, 180_000);
