import type { Browser, Page } from 'playwright-core';
import { incomeWindow } from '../../libs/domain/income-window';
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
 * Issue 11, first "Done when" point, in Chromium through the console only: an admin creates a
 * grassroots unit (组织架构) and a caseworker and a branch chair for it (用户管理); both change their
 * initial password at first login (修改密码); the caseworker registers a member (职工管理), builds the
 * household with members, incomes and expenses, corrects an expense by a reversing entry (家庭信息),
 * opens a file whose category comes from that data (建立档案); the new branch chair approves it from
 * the inbox (待办 → 任务页). The database is only read, for the assertions.
 */
let stack: TestStack;
let browser: Browser;
let base: string;
let page: Page;

const first17 = '37010219820614031';
const NATIONAL_ID = first17 + nationalIdCheckChar(first17);

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

const dialog = () => page.getByRole('dialog');

/**
 * `choose`, then waits until the select shows the option; a click that lands while the dropdown is
 * still opening (seen under load: the dialog then stayed open on a missing field) is retried.
 */
async function pick(label: string, option: string): Promise<void> {
  const shown = dialog()
    .locator('.ant-form-item', { has: page.getByLabel(label, { exact: true }) })
    .filter({ hasText: option });
  const listed = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option });
  await choose(page, label, option);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (
      await shown
        .first()
        .waitFor({ timeout: 5_000 })
        .then(
          () => true,
          () => false,
        )
    )
      return;
    if (await listed.count()) await listed.first().click();
    else await choose(page, label, option);
  }
  throw new Error(`${label}: ${option} was never selected`);
}

/** Signs in with the temporary password, is held on 修改密码, and sets a password of their own. */
async function firstLogin(username: string, temporary: string, chosen: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(temporary);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/change-password');
  await page.getByTestId('pw-forced').waitFor();
  await page.getByLabel('当前密码').fill(temporary);
  await page.getByLabel('新密码', { exact: true }).fill(chosen);
  await page.getByLabel('确认新密码').fill(chosen);
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL('**/inbox');
  const row = await stack.db.query(`SELECT must_change_password FROM users WHERE username = $1`, [username]);
  expect(row.rows[0].must_change_password).toBe(false);
}

test('first day in the console: new unit, new accounts, member and household, corrected expense, file approved by the new chair', async () => {
  const w = incomeWindow(new Date());

  // 1. the admin adds 第三分厂工会 under the enterprise union in 组织架构
  await login(page, 'admin');
  await page.goto('/admin/org-units');
  await page.getByTestId('org-ENT-01').click();
  await page.getByRole('button', { name: '新增下级单位' }).click();
  await pick('单位类型', '基层工会');
  await dialog().getByLabel('单位编码').fill('G-03');
  await dialog().getByLabel('单位名称').fill('第三分厂工会');
  await dialog().getByRole('button', { name: '提交' }).click();
  await dialog().waitFor({ state: 'hidden' });
  await see(page.getByTestId('org-G-03'), '第三分厂工会');
  expect(
    await stack.count(
      `SELECT 1 FROM org_units c JOIN org_units p ON p.id = c.parent_id
        WHERE c.code = 'G-03' AND p.code = 'ENT-01' AND c.kind = 'grassroots_unit' AND c.active`,
    ),
  ).toBe(1);
  await screenshot(page, 'first-day-org-tree');

  // 2. a caseworker and a branch chair for it in 用户管理
  await page.getByRole('menuitem', { name: '用户管理' }).click();
  await page.waitForURL('**/admin/users');
  for (const [username, name, role] of [
    ['sun.gan', '孙干事', '工会干部'],
    ['zhou.zhuxi', '周主席', '基层工会主席'],
  ] as const) {
    await page.getByRole('button', { name: '新建用户' }).click();
    await dialog().getByLabel('用户名').fill(username);
    await dialog().getByLabel('姓名').fill(name);
    await pick('所属单位', '第三分厂工会');
    await pick('角色', role);
    await page.keyboard.press('Escape');
    await dialog().getByLabel('初始密码').fill('Temp-pass-003');
    await dialog().getByRole('button', { name: '保存' }).click();
    await dialog().waitFor({ state: 'hidden' });
    const row = page.locator('tr', { hasText: username });
    await see(row, '待改密');
    await see(row, '第三分厂工会');
  }
  await screenshot(page, 'first-day-users');
  const grants = await stack.db.query(
    `SELECT u.username, g.role, o.code FROM user_grants g JOIN users u ON u.id = g.user_id JOIN org_units o ON o.id = g.org_unit_id
      WHERE u.username IN ('sun.gan', 'zhou.zhuxi') ORDER BY u.username`,
  );
  expect(grants.rows).toEqual([
    { username: 'sun.gan', role: 'caseworker', code: 'G-03' },
    { username: 'zhou.zhuxi', role: 'branch_chair', code: 'G-03' },
  ]);
  await logout(page);

  // 3. the caseworker's first login: 修改密码, then 职工管理
  await firstLogin('sun.gan', 'Temp-pass-003', 'Sun-own-pass-2026');
  await page.goto('/members');
  await page.getByRole('button', { name: '登记职工' }).click();
  await dialog().getByLabel('工号').fill('G3-0001');
  await dialog().getByLabel('姓名').fill('郑卫东');
  await pick('所在单位', '第三分厂工会');
  await dialog().getByLabel('身份证号码').fill(NATIONAL_ID);
  await dialog().getByRole('button', { name: '提交' }).click();
  const row = page.getByRole('row', { name: /G3-0001/ });
  await see(row, '郑卫东');

  // 4. the household, two members, three months of income, a yearly medical expense
  await row.getByRole('button', { name: '建立家庭信息' }).click();
  await pick('所在地区（低保标准）', '山东省');
  await dialog().getByLabel('家庭住址').fill('济南市示范区三厂宿舍5号');
  await dialog().getByRole('button', { name: '提交' }).click();
  await page.waitForURL('**/households/*');
  await see(page.getByTestId('household-size'), '家庭人口 1 人');
  for (const m of [
    { name: '王丽', relation: '配偶', health: '乳腺癌术后化疗' },
    { name: '郑小北', relation: '子女', health: '' },
  ]) {
    await page.getByRole('button', { name: '添加成员' }).click();
    await dialog().getByLabel('姓名').fill(m.name);
    await pick('与职工关系', m.relation);
    if (m.health) await dialog().getByLabel('健康状况（加密）').fill(m.health);
    await dialog().getByRole('button', { name: '提交' }).click();
    await dialog().waitFor({ state: 'hidden' });
  }
  await see(page.getByTestId('household-size'), '家庭人口 3 人');
  // 13,000 yuan in each of the last three complete months: 39,000 yuan in the window
  for (const month of w.months.slice(-3)) {
    await page.getByRole('button', { name: '登记收入' }).click();
    await dialog().getByLabel('月份').fill(month);
    await dialog().getByLabel('收入来源').fill('工资');
    await dialog().getByLabel('金额（元）').fill('13000');
    await dialog().getByRole('button', { name: '提交' }).click();
    await dialog().waitFor({ state: 'hidden' });
  }
  // the medical bill typed with a zero missing: 300 instead of 3,000 yuan
  await page.getByRole('button', { name: '登记支出' }).click();
  await dialog().getByLabel('年度').fill(String(w.expenseYear));
  await pick('支出类别', '医疗');
  await dialog().getByLabel('金额（元）').fill('300');
  await dialog().getByLabel('说明').fill('化疗费');
  await dialog().getByRole('button', { name: '提交' }).click();
  await dialog().waitFor({ state: 'hidden' });
  // (39,000 − 300) ÷ 12 ÷ 3 = 1,075.00 yuan: above the 低保 of 1,062 → 相对困难
  await see(page.getByTestId('preview-per-capita'), '1,075.00 元');
  await see(page.getByTestId('preview-category'), '相对困难');

  // 5. corrected by a reversing entry with the reason
  const expenses = page.locator('.ant-card', { hasText: '年度支出' });
  await expenses
    .getByRole('row', { name: /300\.00/ })
    .getByRole('button', { name: '更正' })
    .click();
  await dialog().getByLabel('原因').fill('录入错误：少录了一个0');
  await dialog().getByLabel('正确金额（元，可不填）').fill('3000');
  await dialog().getByRole('button', { name: '提交' }).click();
  await see(expenses, '已冲销');
  await see(expenses, '冲销：录入错误：少录了一个0');
  // (39,000 − 3,000) ÷ 12 ÷ 3 = 1,000.00 yuan < 低保 1,062 → 深度困难
  await see(page.getByTestId('preview-per-capita'), '1,000.00 元');
  await see(page.getByTestId('preview-category'), '深度困难');
  await screenshot(page, 'first-day-household');
  const worker = await stack.db.query(
    `SELECT w.id, w.household_id, o.code FROM workers w JOIN org_units o ON o.id = w.org_unit_id WHERE w.employee_no = 'G3-0001'`,
  );
  expect(worker.rows[0].code).toBe('G-03');
  const expenseRows = await stack.db.query(
    `SELECT amount_fen::bigint::int AS amount FROM household_expenses WHERE household_id = $1`,
    [worker.rows[0].household_id],
  );
  expect(expenseRows.rows.map((r) => r.amount).sort((a, b) => a - b)).toEqual([-30_000, 30_000, 300_000]);

  // 6. 建立档案: the preview shows the same figures; the five clears and the visit; submitted
  await page.goto('/files/new');
  await choose(page, '职工', '郑卫东');
  await page.getByLabel('因病').check();
  await see(page.getByTestId('preview-per-capita'), '1,000.00 元');
  await see(page.getByTestId('category-preview'), '1,062.00 元');
  await page.getByLabel('家庭住址清').fill('济南市示范区三厂宿舍5号');
  await page.getByLabel('家庭状况清').fill('三口人，妻子患病，孩子上初中');
  await page.getByLabel('经济收入清').fill('本人工资');
  await page.getByLabel('致困原因清').fill('因病致困');
  await page.getByLabel('当前急需解决的问题清').fill('化疗费用');
  await page.getByLabel('走访日期').fill('2026-11-25');
  await page.getByLabel('走访日期').press('Tab');
  await page.getByLabel('走访人').fill('孙干事');
  await page.getByLabel('走访记录').fill('入户走访，情况属实');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await see(
    page.getByRole('alert').or(page.getByRole('status')),
    /档案 HF-\d{4}-\d+ 已建立并提交审批/,
    60_000,
  );
  const file = await stack.db.query(
    `SELECT id, file_no, status, category, category_inputs FROM hardship_files WHERE worker_id = $1`,
    [worker.rows[0].id],
  );
  expect(file.rows[0]).toMatchObject({ status: 'pending_approval', category: 'deep' });
  expect(file.rows[0].category_inputs).toMatchObject({
    members: 3,
    annualIncomeFen: 3_900_000,
    annualRigidExpensesFen: 300_000,
    perCapitaMonthlyFen: 100_000,
    dibaoFen: 106_200,
  });
  await logout(page);

  // 7. the new branch chair's first login, then the inbox and the task page
  await firstLogin('zhou.zhuxi', 'Temp-pass-003', 'Zhou-own-pass-2026');
  const inboxRow = page.locator('tr', { hasText: '基层工会主席审批' });
  await see(inboxRow, '第三分厂工会');
  await screenshot(page, 'first-day-inbox');
  await inboxRow.getByRole('link').first().click();
  await page.waitForURL('**/tasks/*');
  await see(page.getByTestId('file-section'), '深度困难');
  await see(page.getByTestId('policy-figures'), '低保');
  // the household's members with their relation in Chinese (the section showed the raw code 'spouse')
  const members = page.getByTestId('household-section');
  await see(members.locator('tr', { hasText: '王*' }), '配偶');
  await see(members.locator('tr', { hasText: '郑**' }), '子女');
  expect(await members.textContent()).not.toMatch(/spouse|child/);
  await page.getByLabel('意见').fill('情况属实，同意');
  await screenshot(page, 'first-day-task');
  await page.getByRole('button', { name: '提交审批' }).click();
  await confirmDialog(page); // the confirmation restating the decision
  await see(page.getByTestId('decided'), '同意');

  // 8. the file moves on to the company union's stage, with the inputs unchanged
  const stages = async () =>
    (
      await stack.db.query(
        `SELECT stage, status, decision FROM tasks WHERE subject_id = $1 AND type = 'approval' ORDER BY created_at`,
        [file.rows[0].id],
      )
    ).rows;
  for (let i = 0; i < 150 && (await stages()).length < 2; i++) await new Promise((r) => setTimeout(r, 200));
  expect(await stages()).toEqual([
    { stage: 'grassroots', status: 'completed', decision: 'approve' },
    { stage: 'union', status: 'open', decision: null },
  ]);
  const after = await stack.db.query(`SELECT status, category_inputs FROM hardship_files WHERE id = $1`, [
    file.rows[0].id,
  ]);
  expect(after.rows[0]).toEqual({
    status: 'pending_approval',
    category_inputs: file.rows[0].category_inputs,
  });
  const decider = await stack.db.query(
    `SELECT u.username FROM tasks t JOIN users u ON u.id = t.actor_id WHERE t.subject_id = $1 AND t.stage = 'grassroots'`,
    [file.rows[0].id],
  );
  expect(decider.rows[0].username).toBe('zhou.zhuxi');
});
