import type { Browser, Page } from 'playwright-core';
import { incomeWindow } from '../../libs/domain/income-window';
import { nationalIdCheckChar } from '../../libs/domain/national-id';
import { choose, launchBrowser, login, newPage, screenshot, see, serve } from '../support/browser';
import { TestStack } from '../support/stack';

/** Org tree, members and households, and a file whose category comes from that data, in Chromium. */
let stack: TestStack;
let browser: Browser;
let base: string;
let page: Page;

const first17 = '37010219860512003';
const NATIONAL_ID = first17 + nationalIdCheckChar(first17);
const BAD_ID = first17 + (nationalIdCheckChar(first17) === '1' ? '2' : '1');

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

const dialog = () => page.getByRole('dialog');
const submitDialog = async () => {
  await dialog().getByRole('button', { name: '提交' }).click();
};

describe('web console: org tree, members, households', () => {
  test('admin adds a unit in the org tree; deactivating a unit with open work is refused in Chinese with the rule', async () => {
    await login(page, 'admin');
    await page.goto('/admin/org-units');
    await page.getByTestId('org-G-01').click();
    await page.getByRole('button', { name: '新增下级单位' }).click();
    await choose(page, '单位类型', '班组');
    await dialog().getByLabel('单位编码').fill('T-01-9');
    await dialog().getByLabel('单位名称').fill('一分厂新建班');
    await submitDialog();
    await see(page.getByTestId('org-T-01-9'), '一分厂新建班');
    expect(
      await stack.count(
        `SELECT 1 FROM org_units c JOIN org_units p ON p.id = c.parent_id WHERE c.code = 'T-01-9' AND p.code = 'G-01' AND c.kind = 'team'`,
      ),
    ).toBe(1);

    await page.getByTestId('org-G-01').click();
    await page.getByRole('button', { name: '停用' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await see(page.getByTestId('api-error'), '该单位尚有未办结事项，不能停用');
    expect(await stack.count(`SELECT 1 FROM org_units WHERE NOT active`)).toBe(0);
    await screenshot(page, 'org-tree');
  });

  test('a caseworker registers a member and household, enters members, incomes and expenses, corrects an expense, and opens a file whose category comes from that data', async () => {
    const w = incomeWindow(new Date());
    await login(page, 'caseworker');
    await page.goto('/members');
    await page.getByRole('button', { name: '登记职工' }).click();
    await dialog().getByLabel('工号').fill('E1009');
    await dialog().getByLabel('姓名').fill('钱多多');
    await choose(page, '所在单位', '一分厂检修班');
    await dialog().getByLabel('身份证号码').fill(BAD_ID);
    await submitDialog();
    await see(dialog().getByTestId('api-error'), '身份证号码校验码错误');
    expect(await stack.count(`SELECT 1 FROM workers WHERE employee_no = 'E1009'`)).toBe(0);
    await dialog().getByLabel('身份证号码').fill(NATIONAL_ID);
    await submitDialog();
    const row = page.getByRole('row', { name: /E1009/ });
    await see(row, '钱多多');

    await row.getByRole('button', { name: '建立家庭信息' }).click();
    await choose(page, '所在地区（低保标准）', '山东省');
    await dialog().getByLabel('家庭住址').fill('济南市示范区幸福路9号');
    await submitDialog();
    await page.waitForURL('**/households/*');
    await see(page.getByTestId('household-size'), '家庭人口 1 人');

    for (const m of [
      { name: '李秀梅', relation: '配偶', health: '尿毒症，每周透析三次' },
      { name: '钱小雨', relation: '子女', health: '' },
    ]) {
      await page.getByRole('button', { name: '添加成员' }).click();
      await dialog().getByLabel('姓名').fill(m.name);
      await choose(page, '与职工关系', m.relation);
      if (m.health) await dialog().getByLabel('健康状况（加密）').fill(m.health);
      await submitDialog();
      await dialog().waitFor({ state: 'hidden' });
    }
    await see(page.getByTestId('household-size'), '家庭人口 3 人');

    // 12,000 yuan in each of the last three complete months: 36,000 yuan in the income window
    for (const month of w.months.slice(-3)) {
      await page.getByRole('button', { name: '登记收入' }).click();
      await dialog().getByLabel('月份').fill(month);
      await dialog().getByLabel('收入来源').fill('工资');
      await dialog().getByLabel('金额（元）').fill('12000');
      await submitDialog();
      await dialog().waitFor({ state: 'hidden' });
    }
    // a medical expense typed ten times too large, then corrected by a reversing entry
    await page.getByRole('button', { name: '登记支出' }).click();
    await dialog().getByLabel('年度').fill(String(w.expenseYear));
    await choose(page, '支出类别', '医疗');
    await dialog().getByLabel('金额（元）').fill('60000');
    await dialog().getByLabel('说明').fill('透析费');
    await submitDialog();
    await dialog().waitFor({ state: 'hidden' });
    const expenses = page.locator('.ant-card', { hasText: '年度支出' });
    await expenses
      .getByRole('row', { name: /60,000\.00/ })
      .getByRole('button', { name: '更正' })
      .click();
    await dialog().getByLabel('原因').fill('录入错误：多录了一个0');
    await dialog().getByLabel('正确金额（元，可不填）').fill('6000');
    await submitDialog();
    await see(expenses, '已冲销');
    await see(expenses, '冲销：录入错误：多录了一个0');
    // (36,000 − 6,000) ÷ 12 ÷ 3 = 833.33 yuan < 低保 1,062 → 深度困难
    await see(page.getByTestId('preview-per-capita'), '833.33 元');
    await see(page.getByTestId('preview-category'), '深度困难');
    await screenshot(page, 'household-editor');
    const worker = await stack.db.query(`SELECT id, household_id FROM workers WHERE employee_no = 'E1009'`);
    const hid = worker.rows[0].household_id as string;
    const rows = await stack.db.query(
      `SELECT amount_fen::bigint::int AS amount, reverses_id IS NOT NULL AS reversal FROM household_expenses WHERE household_id = $1 ORDER BY created_at, amount_fen`,
      [hid],
    );
    expect(rows.rows.map((r) => r.amount).sort((a, b) => a - b)).toEqual([-6_000_000, 600_000, 6_000_000]);
    expect(await stack.count(`SELECT 1 FROM household_members WHERE household_id = $1`, [hid])).toBe(2);

    await page.goto('/files/new');
    await choose(page, '职工', '钱多多');
    await page.getByLabel('因病').check();
    await see(page.getByTestId('preview-per-capita'), '833.33 元');
    await see(page.getByTestId('category-preview'), '低保标准');
    await see(page.getByTestId('category-preview'), '1,062.00 元');
    await page.getByLabel('家庭住址清').fill('济南市示范区幸福路9号');
    await page.getByLabel('家庭状况清').fill('三口之家，妻子透析');
    await page.getByLabel('经济收入清').fill('本人工资');
    await page.getByLabel('致困原因清').fill('因病');
    await page.getByLabel('当前急需解决的问题清').fill('透析费用');
    await page.getByLabel('走访日期').fill('2026-11-20');
    await page.getByLabel('走访日期').press('Tab');
    await page.getByLabel('走访人').fill('李干事');
    await page.getByLabel('走访记录').fill('入户核实');
    await screenshot(page, 'open-file-preview');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await see(
      page.getByRole('alert').or(page.getByRole('status')),
      /档案 HF-\d{4}-\d+ 已建立并提交审批/,
      60_000,
    );
    const file = await stack.db.query(
      `SELECT category, category_inputs FROM hardship_files WHERE worker_id = $1 AND status = 'pending_approval'`,
      [worker.rows[0].id],
    );
    expect(file.rows[0].category).toBe('deep');
    expect(file.rows[0].category_inputs).toMatchObject({
      members: 3,
      annualIncomeFen: 3_600_000,
      annualRigidExpensesFen: 600_000,
      perCapitaMonthlyFen: 83_333,
    });
  });

  test('opening a file for a household with no income record in the window asks for the evidence note', async () => {
    await login(page, 'caseworker');
    await page.goto('/files/new');
    await choose(page, '职工', '郑海涛');
    await see(page.getByTestId('preview-gaps'), '统计期内无收入记录');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await see(page.locator('.ant-form-item-explain-error'), '请输入情况说明（依据缺失时必填）');
    expect(
      await stack.count(
        `SELECT 1 FROM hardship_files f JOIN workers w ON w.id = f.worker_id WHERE w.employee_no = 'E1003'`,
      ),
    ).toBe(0);
  });

  test('registering the same person in another enterprise shows the "registered elsewhere" rule in Chinese, without the place', async () => {
    await stack.db.query(
      `WITH e AS (INSERT INTO org_units (code, name_zh, name_en, kind, parent_id, path)
                  SELECT 'E-07', '示范机械公司工会', 'Machinery Union', 'enterprise_union', id, 'pending' FROM org_units WHERE parent_id IS NULL
                  RETURNING id, parent_id)
       UPDATE org_units o SET path = p.path || '.' || o.id FROM e, org_units p WHERE o.id = e.id AND p.id = e.parent_id`,
    );
    await stack.db.query(
      `INSERT INTO users (username, display_name, password_hash, roles, org_unit_id, is_demo)
       SELECT 'cw-e7', '机械干部', password_hash, ARRAY['caseworker'], (SELECT id FROM org_units WHERE code = 'E-07'), true
         FROM users WHERE username = 'caseworker'`,
    );
    await login(page, 'cw-e7');
    await page.goto('/members');
    await page.getByRole('button', { name: '登记职工' }).click();
    await dialog().getByLabel('工号').fill('M7-001');
    await dialog().getByLabel('姓名').fill('钱多多');
    await choose(page, '所在单位', '示范机械公司工会');
    await dialog().getByLabel('身份证号码').fill(NATIONAL_ID);
    await submitDialog();
    const err = dialog().getByTestId('api-error');
    await see(err, '此人已在其他单位登记，请联系县总工会核实');
    const text = (await err.textContent()) ?? '';
    expect(text).not.toContain('一分厂');
    expect(text).not.toContain('E1009');
  });
});
