import type { Browser, Page } from 'playwright-core';
import { choose, launchBrowser, login, logout, newPage, screenshot, see, serve } from '../support/browser';
import { TestStack } from '../support/stack';

/**
 * Accounts and audit in Chromium: an admin creates a user in 用户管理; the user logs in and is sent
 * to 修改密码 before anything else; an ID reveal shows up in the auditor's 审计日志 and the logins in
 * 登录日志.
 */
let stack: TestStack;
let browser: Browser;
let base: string;
let page: Page;
const savedTtl = process.env.JWT_EXPIRES_IN;

beforeAll(async () => {
  // access tokens of 65 s: the console renews each 5 s after it is issued, all through this test
  process.env.JWT_EXPIRES_IN = '65s';
  stack = await TestStack.start();
  base = await serve(stack);
  browser = await launchBrowser();
  page = await newPage(browser, base);
}, 180_000);

afterAll(async () => {
  if (savedTtl === undefined) delete process.env.JWT_EXPIRES_IN;
  else process.env.JWT_EXPIRES_IN = savedTtl;
  await page?.context().close();
  await browser?.close();
  await stack?.stop();
});

test('an admin creates a user; the user must change the password at first login; the auditor sees the audit log', async () => {
  // the admin creates a caseworker for 第二分厂工会
  await login(page, 'admin');
  await page.getByRole('menuitem', { name: '用户管理' }).click();
  await page.waitForURL('**/admin/users');
  await see(page.locator('tbody'), 'branch-chair');
  await page.getByRole('button', { name: '新建用户' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('用户名').fill('wang.gan');
  await dialog.getByLabel('姓名').fill('王干事');
  await choose(page, '所属单位', '第二分厂工会');
  await choose(page, '角色', '工会干部');
  await page.keyboard.press('Escape');
  await dialog.getByLabel('初始密码').fill('Temp-pass-777');
  await screenshot(page, 'users-new');
  await dialog.getByRole('button', { name: '保存' }).click();
  const row = page.locator('tr', { hasText: 'wang.gan' });
  await see(row, '待改密');
  await see(row, '第二分厂工会');
  await screenshot(page, 'users');
  const created = await stack.db.query(
    `SELECT must_change_password, roles FROM users WHERE username = 'wang.gan'`,
  );
  expect(created.rows[0]).toEqual({ must_change_password: true, roles: ['caseworker'] });
  // a second role in another unit: also branch chair of 第一分厂工会
  await row.getByRole('button', { name: '编辑用户' }).click();
  await dialog.getByRole('button', { name: '添加' }).click();
  await choose(page, '所属单位 1', '第一分厂工会');
  await choose(page, '角色 1', '基层工会主席');
  await dialog.getByRole('button', { name: '保存' }).click();
  await see(row, '基层工会主席 @ 第一分厂工会');
  const grants = await stack.db.query(
    `SELECT g.role, o.code FROM user_grants g JOIN users u ON u.id = g.user_id JOIN org_units o ON o.id = g.org_unit_id
      WHERE u.username = 'wang.gan' ORDER BY g.role`,
  );
  expect(grants.rows).toEqual([
    { role: 'branch_chair', code: 'G-01' },
    { role: 'caseworker', code: 'G-02' },
  ]);
  await logout(page);

  // the new user signs in and lands on 修改密码, whatever page they ask for
  await page.goto('/login');
  await page.getByLabel('用户名').fill('wang.gan');
  await page.getByLabel('密码').fill('Temp-pass-777');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/change-password');
  await page.getByTestId('pw-forced').waitFor();
  await page.goto('/files');
  await page.waitForURL('**/change-password');
  await page.getByLabel('当前密码').fill('Temp-pass-777');
  await page.getByLabel('新密码', { exact: true }).fill('short');
  await page.getByLabel('确认新密码').fill('short');
  await page.getByRole('button', { name: '保存' }).click();
  await see(page.getByTestId('api-error'), '密码长度不足');
  await page.getByLabel('新密码', { exact: true }).fill('Wang-own-pass-1');
  await page.getByLabel('确认新密码').fill('Wang-own-pass-1');
  await screenshot(page, 'change-password');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL('**/inbox');
  const changed = await stack.db.query(`SELECT must_change_password FROM users WHERE username = 'wang.gan'`);
  expect(changed.rows[0].must_change_password).toBe(false);
  await logout(page);

  // a sensitive read happens: the union chair reveals an ID number (through the API)
  const worker = (await stack.db.query(`SELECT id FROM workers WHERE employee_no = 'E1001'`)).rows[0]
    .id as string;
  await stack
    .http()
    .get(`/api/workers/${worker}/national-id`)
    .set('Authorization', `Bearer ${await stack.login('union-chair')}`)
    .expect(200);

  // the auditor finds it in 审计日志 (sensitive reads only), and the logins in 登录日志
  await login(page, 'auditor');
  await page.getByRole('menuitem', { name: '审计日志' }).click();
  await page.waitForURL('**/audit');
  const table = page.getByTestId('audit-table');
  await see(table, '创建账户');
  await see(table, '修改密码');
  await page.getByText('仅敏感信息查阅').click();
  await page.getByRole('button', { name: '搜索' }).click();
  await see(table, '查看敏感信息');
  await see(table, '张主席（公司工会）');
  await see(table, `worker:${worker.slice(0, 8)}`);
  await screenshot(page, 'audit-log');
  await page.getByRole('menuitem', { name: '登录日志' }).click();
  await page.waitForURL('**/audit/logins');
  const logins = page.getByTestId('login-table');
  await see(logins.locator('tr', { hasText: 'wang.gan' }), '登录成功');
  await screenshot(page, 'login-log');
  // the auditor has no 用户管理 entry and cannot change anything
  expect(await page.getByRole('menuitem', { name: '用户管理' }).count()).toBe(0);

  // the console renewed its short access tokens with single-use refresh tokens (no reuse, no logout)
  await page.waitForTimeout(7_000);
  await page.getByRole('menuitem', { name: '审计日志' }).click();
  await see(page.getByTestId('audit-table'), '查看敏感信息');
  const renewed = await stack.count(
    `SELECT 1 FROM refresh_tokens r JOIN auth_sessions s ON s.id = r.session_id JOIN users u ON u.id = s.user_id
      WHERE u.username = 'auditor' AND r.used_at IS NOT NULL`,
  );
  expect(renewed).toBeGreaterThan(0);
  expect(await stack.count(`SELECT 1 FROM audit_log WHERE action = 'auth.refresh_reused'`)).toBe(0);
});
