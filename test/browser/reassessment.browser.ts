import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, newPage, screenshot, see, serve } from '../support/browser';
import { TestStack } from '../support/stack';

/** The re-assessment pages in Chromium: an admin starts a quarter and watches its progress live. */
let stack: TestStack;
let browser: Browser;
let base: string;
let page: Page;

beforeAll(async () => {
  stack = await TestStack.start();
  base = await serve(stack);
  browser = await launchBrowser();
  page = await newPage(browser, base);
}, 180_000);

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await stack?.stop();
});

test('an admin starts a quarter’s campaign; the page shows its progress live, then the outcome counts and the stored report', async () => {
  // campaign workflow ids are per quarter and the Temporal dev server is shared by every suite of
  // the run (reassessment.e2e starts 2031Q1): a quarter of this stack's own, far in the future
  const hex = /[0-9a-f]{4}/.exec(stack.taskQueue.split('_').pop()!)![0];
  const quarter = `${5000 + (parseInt(hex, 16) % 4000)}Q${1 + (parseInt(hex, 16) % 4)}`;
  const id = `reassessment:${quarter}`;
  const active = await stack.count(`SELECT 1 FROM hardship_files WHERE status = 'active'`);
  expect(active).toBeGreaterThan(0);
  await login(page, 'admin');
  await page
    .getByRole('link', { name: '动态复核' })
    .or(page.getByRole('menuitem', { name: '动态复核' }))
    .first()
    .click();
  await page.waitForURL('**/reassessments');
  await page.getByLabel('季度').fill(quarter);
  await page.getByRole('button', { name: '发起复核' }).click();
  await see(page.getByRole('status'), id);

  // the list polls while a campaign runs: without a reload it reaches every active file
  const progress = page.getByTestId(`progress-${id}`);
  await progress.waitFor();
  await see(progress, `已复核 ${active} / ${active} 户`, 120_000);
  await see(page.locator('tr', { hasText: quarter }), '已完成', 60_000);
  const row = page.locator('tr', { hasText: quarter });
  const api = await stack
    .http()
    .get(`/api/reassessments/${id}`)
    .set('Authorization', `Bearer ${await stack.login('admin')}`)
    .expect(200);
  const outcomes = api.body.outcomes as Record<string, number>;
  await see(row, `无变化 ${outcomes.unchanged}`);
  await see(row, `建议脱困 ${outcomes.exit_proposed}`);
  await see(row, `资料过期 ${outcomes.stale}`);
  await screenshot(page, 'campaigns');

  // the campaign page: progress at 100 %, counts per outcome, the report per org unit and category
  await row.getByRole('link', { name: quarter }).click();
  await page.waitForURL('**/reassessments/*');
  await see(page.getByTestId(`progress-${id}`), `已复核 ${active} / ${active} 户`);
  await see(page.locator('body'), '复核报告 · 按单位');
  await see(page.locator('body'), '复核报告 · 按类别');
  const units = api.body.report.byOrgUnit as Array<{ orgUnitName: string; total: number }>;
  expect(units.reduce((n, u) => n + u.total, 0)).toBe(active);
  for (const u of units) await see(page.locator('tr', { hasText: u.orgUnitName }), String(u.total));
  await screenshot(page, 'campaign');
});
