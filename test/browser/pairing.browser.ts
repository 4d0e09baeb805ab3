import type { Browser, Page } from 'playwright-core';
import { chinaDate } from '../../libs/domain/calendar';
import { addDays } from '../../libs/domain/loan';
import { launchBrowser, login, newPhonePage, screenshot, see, serve, widths } from '../support/browser';
import { TestStack } from '../support/stack';

/**
 * 结对帮扶 in the console: the pairing leader sees the overdue visit on the inbox, logs the visit on a
 * 390 px phone screen, and the visit appears while the next due date moves on by the interval.
 */
let stack: TestStack;
let browser: Browser;
let base: string;
let page: Page;
const today = chinaDate(new Date());
/** A date as the Chinese console shows it (2027年3月3日). */
const zh = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

beforeAll(async () => {
  stack = await TestStack.start();
  base = await serve(stack);
  browser = await launchBrowser();
  const admin = await stack.login('admin');
  const ids = new Map(
    (
      await stack.db.query<{ k: string; id: string }>(
        `SELECT code AS k, id FROM households UNION ALL SELECT username, id FROM users`,
      )
    ).rows.map((r) => [r.k, r.id]),
  );
  // 吴秀兰's household (relative hardship: a visit every 90 days) paired with 赵总 95 days ago:
  // the first visit was due 5 days ago
  await stack
    .http()
    .post('/api/pairings')
    .set({ authorization: `Bearer ${admin}` })
    .send({ householdId: ids.get('H-0002'), leaderId: ids.get('leader'), startDate: addDays(today, -95) })
    .expect(201);
}, 180_000);

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await stack?.stop();
});

test('a pairing leader logs a visit on a 390 px screen: it appears and the next due date moves', async () => {
  page = await newPhonePage(browser, base);
  await login(page, 'leader');
  // the inbox shows the overdue visit (我的结对：待走访)
  await page.goto('/inbox');
  const due = page.getByTestId('due-visits');
  await see(due, 'H-0002');
  await see(due, '逾期');
  await due.getByRole('link', { name: /H-0002/ }).click();
  await page.waitForURL('**/pairing');

  const card = page.getByTestId('my-pairing').filter({ hasText: 'H-0002' });
  await see(card.getByTestId('next-due'), zh(addDays(today, -5)));
  await card.getByRole('button', { name: '登记走访' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('.ant-segmented').getByText('电话', { exact: true }).click();
  await dialog.getByLabel('了解到的情况').fill('吴秀兰腰椎手术后在家休养，行动不便');
  await dialog.getByLabel('提供的帮助').fill('联系社区送餐');
  // the form fits the phone: nothing wider than the screen
  const w = await widths(page);
  expect(w.scroll).toBeLessThanOrEqual(w.client);
  await screenshot(page, 'pairing-visit-390');
  await dialog.getByRole('button', { name: '保存走访记录' }).click();
  await see(page.getByRole('status'), '已登记 H-0002 户的走访');

  // the next visit is due 90 days after this one; the visit is listed under the card
  await see(card.getByTestId('next-due'), zh(addDays(today, 90)));
  await see(card.getByTestId('visit-state'), '按期');
  await see(card.getByTestId('visit-row'), '吴秀兰腰椎手术后在家休养');
  await see(card.getByTestId('visit-row'), '电话');
  const after = await widths(page);
  expect(after.scroll).toBeLessThanOrEqual(after.client);
  await screenshot(page, 'pairing-visit-logged-390');

  const rows = (
    await stack.db.query<{ form: string; enc: Buffer; visited_on: string }>(
      `SELECT v.form, v.findings_enc AS enc, to_char(v.visited_on, 'YYYY-MM-DD') AS visited_on
         FROM pairing_visits v JOIN households h ON h.id = v.household_id WHERE h.code = 'H-0002'`,
    )
  ).rows;
  expect(rows.map((r) => [r.form, r.visited_on])).toEqual([['phone', today]]);
  expect(rows[0]!.enc.toString('utf8')).not.toContain('腰椎');
}, 180_000);

test('the coverage tab shows the units’ counts to a union chair (desktop)', async () => {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
  });
  const p = await context.newPage();
  p.setDefaultTimeout(30_000);
  try {
    await login(p, 'union-chair');
    await p.goto('/pairing');
    await p.getByRole('tab', { name: '覆盖情况' }).click();
    const total = p.getByTestId('coverage-total');
    // H-0001 (the seeded pairing, on time) and H-0002 (visited today)
    await see(total, /结对户数\s*2/);
    await see(total, /按期走访\s*2/);
    await see(p.locator('.ant-table'), '一分厂检修班');
    await screenshot(p, 'pairing-coverage');
  } finally {
    await context.close();
  }
}, 120_000);
