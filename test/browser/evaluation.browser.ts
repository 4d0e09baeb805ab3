import type { Browser } from 'playwright-core';
import { Workbook } from 'exceljs';
import { generateReassessmentFiles } from '../../libs/database/seed-reassessment';
import { chinaDate } from '../../libs/domain/calendar';
import {
  choose,
  confirmDialog,
  launchBrowser,
  login,
  newPage,
  screenshot,
  see,
  serve,
  waitUntil,
} from '../support/browser';
import { TestStack } from '../support/stack';

/**
 * 帮扶计划 and 帮扶效果评估 in the console: a caseworker makes a file's help plan from the suggested
 * measures on the file page and records an outcome; the union chair's evaluation page draws its two
 * charts (SVG with bars) and the table, and the XLSX export downloads.
 */
let stack: TestStack;
let browser: Browser;
let base: string;
let fileId: string;
const year = Number(chinaDate(new Date()).slice(0, 4));

beforeAll(async () => {
  stack = await TestStack.start();
  base = await serve(stack);
  browser = await launchBrowser();
  await generateReassessmentFiles(stack.db, { n: 8, tag: 'EVB', unitCodes: ['G-01'] });
  const { rows } = await stack.db.query<{ id: string }>(
    `SELECT id FROM hardship_files WHERE file_no LIKE 'HF-R-EVB-%' ORDER BY file_no LIMIT 1`,
  );
  fileId = rows[0]!.id;
  await stack.db.query(`UPDATE hardship_files SET causes = ARRAY['unemployment'] WHERE id = $1`, [fileId]);
  // two of the files exited yesterday (to have exits and months to exit in the figures)
  await stack.db.query(
    `UPDATE hardship_files SET status = 'closed', close_reason = 'exit', closed_at = now() - interval '1 day'
      WHERE file_no IN (SELECT file_no FROM hardship_files WHERE file_no LIKE 'HF-R-EVB-%' ORDER BY file_no DESC LIMIT 2)`,
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a caseworker makes the help plan from the suggestions on the file page and records an outcome', async () => {
  const page = await newPage(browser, base);
  try {
    await login(page, 'caseworker');
    await page.goto(`/files/${fileId}`);
    const card = page.getByTestId('help-plan');
    // unemployment: employment and training suggested by the default policy
    await see(card.getByTestId('help-plan-suggestions'), '就业帮扶');
    await see(card.getByTestId('help-plan-suggestions'), '技能培训');
    await card.getByRole('button', { name: '制订帮扶计划' }).click();
    const measures = card.getByTestId('help-plan-measures');
    await see(measures, '推荐就业岗位');
    await see(measures, '计划中');
    const row = measures.locator('tr', { hasText: '就业帮扶' });
    await row.getByRole('button', { name: '登记成效' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '保存' }).click();
    await see(measures.locator('tr', { hasText: '就业帮扶' }), '实现就业');
    await screenshot(page, 'help-plan-file');
    const { rows } = await stack.db.query(
      `SELECT m.kind, m.outcome, t.status FROM help_measures m JOIN tasks t ON t.id = m.task_id WHERE m.file_id = $1 ORDER BY m.kind`,
      [fileId],
    );
    expect(rows).toEqual([
      { kind: 'employment', outcome: 'job_found', status: 'completed' },
      { kind: 'training', outcome: null, status: 'open' },
    ]);
    // the training measure's task, from the owner's inbox: done by choosing its outcome
    await page.goto('/inbox');
    const inboxRow = page.locator('tr', { hasText: '帮扶措施' }).first();
    await inboxRow.getByRole('link').first().click();
    await page.waitForURL('**/tasks/*');
    await choose(page, '成效', '已达成');
    await page.getByRole('button', { name: '提交审批' }).click();
    await confirmDialog(page);
    await see(page.getByTestId('decided'), '办结');
    const { rows: after } = await stack.db.query(
      `SELECT m.status, m.outcome, t.status AS task FROM help_measures m JOIN tasks t ON t.id = m.task_id WHERE m.file_id = $1 AND m.kind = 'training'`,
      [fileId],
    );
    expect(after).toEqual([{ status: 'done', outcome: 'achieved', task: 'completed' }]);
  } finally {
    await page.context().close();
  }
}, 180_000);

test('the evaluation page draws its charts and table, and the XLSX export downloads', async () => {
  const admin = await stack.login('admin');
  await stack
    .http()
    .post('/api/evaluation/run')
    .set({ authorization: `Bearer ${admin}` })
    .send({ date: `${year}-12-15` })
    .expect(200);
  const page = await newPage(browser, base);
  try {
    await login(page, 'union-chair');
    await page.goto('/evaluation');
    await see(page.locator('h1, h2, h3, h4').filter({ hasText: '帮扶效果评估' }), '帮扶效果评估');
    const groups = page.getByTestId('evaluation-groups');
    await see(groups, '合计');
    for (const id of ['evaluation-income-chart', 'evaluation-outcome-chart']) {
      // the chart is an SVG with drawn shapes (bars), not an empty frame
      await waitUntil(page, `document.querySelectorAll('[data-testid="${id}"] svg path').length > 3`);
      const box = await page.getByTestId(id).locator('svg').first().boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(100);
    }
    expect(await page.locator('[data-testid="evaluation-income-chart"] svg').first().textContent()).toContain(
      '帮扶前人均月收入',
    );
    await screenshot(page, 'evaluation');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('evaluation-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`evaluation-${year}-unit.xlsx`);
    const chunks: Buffer[] = [];
    for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
    const wb = new Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('汇总')!;
    expect(sheet.getRow(1).values).toContain('帮扶前人均月收入（元）');
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('合计');
    // the union chair sees every evaluated file of the enterprise: the 8 generated here at least
    expect(Number(sheet.getRow(sheet.rowCount).getCell(2).value)).toBeGreaterThanOrEqual(8);
  } finally {
    await page.context().close();
  }
}, 180_000);
