import type { Browser, Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { chinaDate } from '../../libs/domain/calendar';
import { addDays } from '../../libs/domain/loan';
import { choose, confirmDialog, launchBrowser, login, screenshot, see, serve } from '../support/browser';
import { TestStack } from '../support/stack';

/** A branch chair confirms a holiday-campaign delivery on a 390 px phone screen, with a photo. */
let stack: TestStack;
let browser: Browser;
let base: string;
let page: Page;

beforeAll(async () => {
  stack = await TestStack.start();
  base = await serve(stack);
  browser = await launchBrowser();
  const [admin, union, finance] = await Promise.all(
    ['admin', 'union-chair', 'finance'].map((u) => stack.login(u)),
  );
  const as = (t: string) => ({ authorization: `Bearer ${t}` });
  const deadline = addDays(chinaDate(new Date()), 10);
  const year = Number(deadline.slice(0, 4));
  await stack
    .http()
    .post('/api/funds/allocations')
    .set(as(finance))
    .set('Idempotency-Key', `campaign-browser-${year}`)
    .send({ fundSource: 'union_funds', program: 'holiday_condolence', year, amountFen: 10_000_000 });
  const [ent] = (await stack.db.query<{ id: string }>(`SELECT id FROM org_units WHERE code = 'ENT-01'`)).rows;
  const created = await stack
    .http()
    .post('/api/campaigns')
    .set(as(admin))
    .send({
      code: '2027-spring-console',
      occasion: 'spring_festival',
      name: '2027年春节送温暖',
      orgUnitId: ent!.id,
      periodStart: chinaDate(new Date()),
      periodEnd: addDays(deadline, 10),
      deliveryDeadline: deadline,
      categories: ['deep', 'relative', 'accident'],
      standards: [
        { category: 'deep', cashFen: 80_000, goods: '米面油一份' },
        { category: 'relative', cashFen: 50_000, goods: null },
        { category: 'accident', cashFen: 50_000, goods: null },
      ],
      fundSource: 'union_funds',
      budgetFen: 1_000_000,
    })
    .expect(201);
  let taskId: string | undefined;
  for (let i = 0; i < 120 && !taskId; i++) {
    const r = await stack.http().get('/api/tasks?status=open').set(as(union)).expect(200);
    taskId = (r.body.items as Array<{ id: string; subjectId: string }>).find(
      (t) => t.subjectId === created.body.id,
    )?.id;
    if (!taskId) await new Promise((r) => setTimeout(r, 250));
  }
  await stack
    .http()
    .post(`/api/tasks/${taskId}/decision`)
    .set(as(union))
    .send({ decision: 'approve' })
    .expect(200);
}, 180_000);

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await stack?.stop();
});

test('a branch chair confirms a delivery on a 390 px screen with a photo: one delivery, one ledger entry', async () => {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await login(page, 'branch-chair');
  await page.goto('/campaigns');
  await page.getByRole('link', { name: '2027年春节送温暖' }).click();
  await page.waitForURL('**/campaigns/2027-spring-console');
  const rows = page.getByTestId('campaign-recipient');
  await see(rows, '周建国');
  const row = rows.filter({ hasText: '周建国' });
  await row.getByRole('button', { name: '确认送达' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('走访人员').fill('王主席、李干事');
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(512)]);
  await dialog
    .locator('input[type=file]')
    .setInputFiles({ name: '入户慰问.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await see(dialog.getByTestId('delivery-photo'), '入户慰问.jpg');
  // the form fits the phone: nothing wider than the screen
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'campaign-delivery-390');
  await dialog.getByRole('button', { name: '确认送达' }).click();
  await see(page.getByRole('status'), '已登记：周建国');
  // the household left the to-visit list and shows under delivered, with its photo
  await page.locator('.ant-segmented').getByText('已送达', { exact: true }).click();
  await see(page.getByTestId('campaign-recipient'), /送达，走访：王主席、李干事 · 有照片/);

  const [d] = (
    await stack.db.query<{ cash: string; attachment: string | null; payments: string }>(
      `SELECT d.cash_fen::text AS cash, a.file_name AS attachment,
              (SELECT count(*) FROM ledger_entries e WHERE e.campaign_id = d.campaign_id AND e.kind = 'payment')::text AS payments
         FROM campaign_deliveries d JOIN workers w ON w.household_id = d.household_id
         LEFT JOIN attachments a ON a.id = d.attachment_id WHERE w.name = '周建国'`,
    )
  ).rows;
  expect(d).toEqual({ cash: expect.stringMatching(/^[1-9]\d*$/), attachment: '入户慰问.jpg', payments: '1' });
}, 180_000);

test('the disclosure page lists the recipients with masked names and prints without menu, filters or ID numbers', async () => {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
  });
  const p = await context.newPage();
  p.setDefaultTimeout(30_000);
  try {
    await login(p, 'auditor');
    await p.goto('/disclosure');
    const table = p.getByTestId('disclosure-recipients');
    await see(table, '周*国');
    await see(table, '节日送温暖');
    await see(p.getByTestId('disclosure-policy'), /依据：帮扶政策第 \d+ 版/);
    expect(await table.textContent()).not.toContain('周建国');
    await p.emulateMedia({ media: 'print' });
    expect(
      await p.evaluate<string>(`getComputedStyle(document.querySelector('.ant-layout-sider')).display`),
    ).toBe('none');
    expect(await p.locator('.no-print').first().isVisible()).toBe(false);
    const printed = (await p.locator('main').first().textContent()) ?? '';
    expect(printed).toContain('周*国');
    expect(printed).not.toMatch(/\d{17}[\dXx]/); // no national ID number anywhere on the notice
    await screenshot(p, 'disclosure-print');
    const pdf = await p.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  } finally {
    await context.close();
  }
}, 180_000);

test('金秋助学: the caseworker sees the window is closed, and within it files an application for a child with the admission letter', async () => {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
  });
  const p = await context.newPage();
  p.setDefaultTimeout(30_000);
  try {
    const month = Number(chinaDate(new Date()).slice(5, 7));
    const closed =
      month < 12
        ? { fromMonth: month + 1, fromDay: 1, toMonth: 12, toDay: 31 }
        : { fromMonth: 1, fromDay: 1, toMonth: 11, toDay: 30 };
    const setWindow = (w: object) =>
      stack.db.query(
        `UPDATE policy_versions SET data = jsonb_set(data, '{tuition,window}', $1::jsonb) WHERE version = (SELECT max(version) FROM policy_versions)`,
        [JSON.stringify(w)],
      );
    await setWindow(closed);
    await login(p, 'caseworker');
    await p.goto('/tuition/new');
    await see(p.getByTestId('tuition-window'), /不在受理期：本年度受理期为 \d{4}年\d+月1日 至/);
    await setWindow({ fromMonth: 1, fromDay: 1, toMonth: 12, toDay: 31 });
    await stack.db.query(
      `INSERT INTO household_members (household_id, name, relation, birth_year) SELECT household_id, '吴小华', '子女', 2008 FROM workers WHERE employee_no = 'E1002'`,
    );
    await p.reload();
    await see(p.getByTestId('tuition-window'), '受理期');
    await choose(p, '职工', '吴秀兰');
    await choose(p, '子女（家庭成员）', '2008');
    await choose(p, '就读阶段', '大学本科');
    await p.getByLabel('学校').fill('山东大学');
    await p.locator('#tuition-letter').setInputFiles({
      name: '录取通知书.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n录取通知书\n%%EOF\n'),
    });
    await p.getByRole('button', { name: '提交' }).click();
    await see(p.getByRole('status'), /已提交，助学金 2,000.00 元/);
    const [row] = (
      await stack.db.query<{ level: string; attachments: string }>(
        `SELECT t.level, (SELECT count(*) FROM attachments a WHERE a.subject_type = 'aid_case' AND a.subject_id = t.case_id)::text AS attachments
           FROM tuition_applications t JOIN household_members m ON m.id = t.household_member_id WHERE m.name = '吴小华'`,
      )
    ).rows;
    expect(row).toEqual({ level: 'undergraduate', attachments: '1' });
  } finally {
    await context.close();
  }
}, 180_000);

test('a union chair defines a campaign in the console: the deadline must lie in the period, the plan is restated before it goes to approval', async () => {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
  });
  const p = await context.newPage();
  p.setDefaultTimeout(30_000);
  try {
    const today = chinaDate(new Date());
    await login(p, 'union-chair');
    await p.goto('/campaigns');
    await p.getByRole('link', { name: '新建活动' }).click();
    await p.waitForURL('**/campaigns/new');
    await p.getByLabel('活动编号').fill('2027-form-console');
    await choose(p, '节日', '元旦');
    await p.getByLabel('活动', { exact: true }).fill('2027年元旦送温暖（控制台）');
    const start = p.getByPlaceholder('开始日期');
    await start.click();
    await start.fill(today);
    await start.press('Enter');
    const end = p.getByPlaceholder('结束日期');
    await end.fill(addDays(today, 20));
    await end.press('Enter');
    // a deadline after the period's end is refused by the form before anything is sent
    const deadline = p.getByLabel('送达截止');
    await deadline.click();
    await deadline.fill(addDays(today, 30));
    await deadline.press('Enter');
    await p.getByLabel('深度困难 慰问金').fill('800');
    await p.getByLabel('深度困难 慰问品').fill('米面油一份');
    await p.getByLabel('相对困难 慰问金').fill('500');
    await choose(p, '资金来源', '工会经费');
    await p.getByLabel('预算').fill('abc');
    await p.getByTestId('campaign-submit').click();
    await see(p.locator('.ant-form-item-explain-error'), '送达截止日须在活动期间内');
    await see(p.locator('.ant-form-item-explain-error'), '“abc”不是有效金额');
    // 意外致困 qualifies (ticked by default) but has no standard yet
    await see(p.locator('.ant-form-item-explain-error'), '该类别在慰问对象中：请填写慰问金或慰问品');
    expect(await stack.count(`SELECT 1 FROM campaigns WHERE code = '2027-form-console'`)).toBe(0);
    await deadline.click();
    await deadline.fill(addDays(today, 10));
    await deadline.press('Enter');
    await p.getByLabel('意外致困 慰问金').fill('500');
    await p.getByLabel('预算').fill('15,000');
    await p.getByTestId('campaign-submit').click();
    await see(p.getByTestId('confirm-campaign'), /送达截止 .*预算 15,000.00 元/);
    await screenshot(p, 'campaign-new-confirm');
    await confirmDialog(p);
    await p.waitForURL('**/campaigns/2027-form-console').catch(async (e: unknown) => {
      throw new Error(`${String(e)}; the page shows: ${await p.locator('main').first().textContent()}`);
    });
    const [row] = (
      await stack.db.query<{ budget: string; deadline: string; standards: unknown; status: string }>(
        `SELECT budget_fen::text AS budget, delivery_deadline::text AS deadline, standards, status
           FROM campaigns WHERE code = '2027-form-console'`,
      )
    ).rows;
    expect(row).toMatchObject({
      budget: '1500000',
      deadline: addDays(today, 10),
      standards: [
        { category: 'deep', cashFen: 80_000, goods: '米面油一份' },
        { category: 'relative', cashFen: 50_000, goods: null },
        { category: 'accident', cashFen: 50_000, goods: null },
      ],
    });
    expect(['pending_approval', 'planned']).toContain(row!.status);
  } finally {
    await context.close();
  }
}, 180_000);
