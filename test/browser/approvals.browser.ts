import type { Browser, Page } from 'playwright-core';
import {
  choose,
  launchBrowser,
  login,
  logout,
  newPage,
  screenshot,
  see,
  serve,
  confirmDialog,
  waitUntil,
} from '../support/browser';
import { TestStack } from '../support/stack';

/**
 * The approval slice in a real browser: Debian's Chromium drives the console served by a real API
 * (TestStack: worker, Temporal dev server, cloned seeded PostgreSQL).
 */
let stack: TestStack;
let browser: Browser;
let base: string;
let page: Page;
const workers = new Map<string, string>();

beforeAll(async () => {
  stack = await TestStack.start();
  base = await serve(stack);
  browser = await launchBrowser();
  const cw = await stack.login('caseworker');
  const res = await stack.http().get('/api/workers').set('Authorization', `Bearer ${cw}`).expect(200);
  for (const w of res.body.items as Array<{ id: string; employeeNo: string }>)
    workers.set(w.employeeNo, w.id);
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

async function fileCaseByApi(
  employeeNo: string,
  program: string,
  amountFen: number,
  reason: string,
): Promise<{ id: string; caseNo: string }> {
  const cw = await stack.login('caseworker');
  const res = await stack
    .http()
    .post('/api/cases')
    .set('Authorization', `Bearer ${cw}`)
    .send({ workerId: workers.get(employeeNo), program, amountFen, reason })
    .expect(201);
  return res.body;
}

async function openTaskId(username: string, caseId: string): Promise<string> {
  const token = await stack.login(username);
  for (let i = 0; i < 60; i++) {
    const res = await stack
      .http()
      .get('/api/tasks?status=open')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const task = (res.body.items as Array<{ id: string; subjectId: string }>).find(
      (t) => t.subjectId === caseId,
    );
    if (task) return task.id;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no open task for case ${caseId} in ${username}'s inbox`);
}

describe('web console: approvals', () => {
  test('a caseworker files an application in the form; the grassroots chair approves it in the browser; it moves to the union chair’s inbox', async () => {
    // caseworker: the application form (labels on every input, amount typed in yuan)
    await login(page, 'caseworker');
    await see(page.getByTestId('whoami'), '工会干部');
    await see(page.getByTestId('whoami'), '第一分厂工会');
    await page.goto('/cases/new');
    await choose(page, '职工', '周建国');
    await choose(page, '救助项目', '大病救助');
    await page.getByLabel('金额（元）').fill('1,234.50');
    await page.getByLabel('理由').fill('妻子住院手术，自付费用较高');
    await page.getByRole('button', { name: '提交' }).click();
    const filed = page.getByRole('status').filter({ hasText: '已提交' });
    await filed.waitFor();
    const caseNo = (await filed.getByRole('link').textContent())!.trim();
    const row = await stack.db.query(`SELECT id, amount_fen::int AS fen FROM aid_cases WHERE case_no = $1`, [
      caseNo,
    ]);
    expect(row.rows[0].fen).toBe(123_450);
    const caseId: string = row.rows[0].id;
    await logout(page);
    await see(page.getByRole('status'), '已退出登录');

    // grassroots chair: the inbox lists it; the task page shows the file behind it
    await openTaskId('branch-chair', caseId); // the workflow has opened the stage task
    // two more applications (吴秀兰), whose stage tasks are made overdue and due within hours
    const late = await fileCaseByApi('E1002', 'illness', 80_000, '住院自付费用');
    const soon = await fileCaseByApi('E1002', 'hospital_visit', 50_000, '住院探望');
    await stack.db.query(`UPDATE tasks SET due_at = now() - interval '2 days' WHERE id = $1`, [
      await openTaskId('branch-chair', late.id),
    ]);
    await stack.db.query(`UPDATE tasks SET due_at = now() + interval '3 hours' WHERE id = $1`, [
      await openTaskId('branch-chair', soon.id),
    ]);
    await login(page, 'branch-chair');
    const inboxRow = page.locator('tr', { hasText: caseNo });
    await inboxRow.waitFor();
    await see(inboxRow, '基层工会主席审批');
    await see(inboxRow, '1,234.50 元');
    const lateRow = page.locator('tr', { hasText: late.caseNo });
    const soonRow = page.locator('tr', { hasText: soon.caseNo });
    await see(lateRow, '已超期');
    await see(soonRow, '即将到期');
    expect(await lateRow.getAttribute('class')).toContain('row-overdue');
    expect(await soonRow.getAttribute('class')).toContain('row-due-soon');
    expect(await inboxRow.textContent()).not.toMatch(/已超期|即将到期/);
    await screenshot(page, 'inbox');
    // the overdue filter asks the API for overdue tasks only
    await page.getByText('只看超期').click();
    await see(page.getByText(/共 \d+ 项待办/), '共 1 项待办');
    await lateRow.waitFor();
    await page.getByRole('button', { name: '重置' }).click();
    await see(page.getByText(/共 \d+ 项待办/), '共 3 项待办');
    // claim and release (Workflow Updates behind the buttons)
    await soonRow.getByRole('button', { name: '认领' }).click();
    await see(soonRow, '我已认领');
    expect(
      await stack.count(`SELECT 1 FROM tasks WHERE subject_id = $1 AND assignee_id IS NOT NULL`, [soon.id]),
    ).toBe(1);
    await soonRow.getByRole('button', { name: '释放' }).click();
    await soonRow.getByRole('button', { name: '认领' }).waitFor();
    expect(
      await stack.count(`SELECT 1 FROM tasks WHERE subject_id = $1 AND assignee_id IS NOT NULL`, [soon.id]),
    ).toBe(0);
    await inboxRow.getByRole('link', { name: /AC-\d{4}-\d+ 周建国/ }).click();
    await page.waitForURL('**/tasks/*');
    await see(page.getByTestId('case-section'), '1,234.50 元');
    await see(page.getByTestId('file-section'), '深度困难');
    await see(page.getByTestId('policy-figures'), '人均月收入');
    await see(page.getByTestId('policy-figures'), '低保');
    await page.getByTestId('household-section').waitFor();
    await see(page.getByTestId('timeline'), '提交');
    await screenshot(page, 'task');

    await page.getByLabel('意见').fill('情况属实，同意');
    await page.getByRole('button', { name: '提交审批' }).click();
    await confirmDialog(page); // the confirmation restating the decision
    await see(page.getByTestId('decided'), '同意');
    await logout(page);

    // union chair: the case is now at the union stage, in their inbox
    await openTaskId('union-chair', caseId);
    await login(page, 'union-chair');
    const next = page.locator('tr', { hasText: caseNo });
    await next.waitFor();
    await see(next, '公司工会审批');
    const tasks = await stack.db.query(
      `SELECT stage, status, decision, comment FROM tasks WHERE subject_id = $1 ORDER BY created_at`,
      [caseId],
    );
    expect(tasks.rows).toEqual([
      { stage: 'grassroots', status: 'completed', decision: 'approve', comment: '情况属实，同意' },
      { stage: 'union', status: 'open', decision: null, comment: null },
    ]);
  });

  test('a refused four-eyes approval shows the API’s reason on the task page', async () => {
    // above 2,000 yuan the leader decides last; the leader is 周建国's household's pairing leader
    const c = await fileCaseByApi('E1001', 'disaster', 300_000, '家中房屋受灾');
    for (const approver of ['branch-chair', 'union-chair']) {
      const taskId = await openTaskId(approver, c.id);
      const token = await stack.login(approver);
      await stack
        .http()
        .post(`/api/tasks/${taskId}/decision`)
        .set('Authorization', `Bearer ${token}`)
        .send({ decision: 'approve' })
        .expect(200);
    }
    const leaderTask = await openTaskId('leader', c.id);
    await login(page, 'leader');
    await page.goto(`/tasks/${leaderTask}`);
    await page.getByRole('button', { name: '提交审批' }).click();
    await confirmDialog(page); // the confirmation restating the decision
    const alert = page.getByTestId('api-error');
    await see(alert, '四眼原则');
    await see(alert, /pairing leader|结对/);
    await screenshot(page, 'task-four-eyes-refused');
    const open = await stack.count(`SELECT 1 FROM tasks WHERE id = $1 AND status = 'open'`, [leaderTask]);
    expect(open).toBe(1);
  });

  test('an expired or invalid session sends the user back to the login page with a message', async () => {
    await login(page, 'branch-chair');
    // (browser-side code as strings: the tests compile without the DOM library)
    await page.evaluate(`(() => {
      const s = JSON.parse(sessionStorage.getItem('bangfu.session'));
      s.token = 'expired.token.value';
      sessionStorage.setItem('bangfu.session', JSON.stringify(s));
    })()`);
    await page.goto('/inbox');
    await page.waitForURL('**/login');
    await see(page.getByRole('status'), '会话已过期，请重新登录');
  });

  test('English is one click away; the choice is kept', async () => {
    await login(page, 'branch-chair');
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
  });

  test('keyboard only: log in with Tab and Enter; every input on every page has a label', async () => {
    await page.goto('/login');
    // the username field takes the focus by itself once the page has rendered
    await waitUntil(page, `document.activeElement?.getAttribute('autocomplete') === 'username'`);
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('bangfu-demo');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/inbox');
    const unlabelled: string[] = [];
    let checked = 0;
    const audit = async (p: Page, paths: string[]) => {
      for (const path of paths) {
        await p.goto(path);
        await p.locator('main h3').first().waitFor();
        const r = await p.evaluate<{ count: number; missing: string[] }>(`(() => {
          const inputs = Array.from(document.querySelectorAll('main input, main textarea, main select'))
            .filter((e) => e.type !== 'hidden');
          const missing = inputs
            .filter((e) => !((e.labels?.length ?? 0) > 0 || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')))
            .map((e) => e.outerHTML.slice(0, 120));
          return { count: inputs.length, missing };
        })()`);
        checked += r.count;
        unlabelled.push(...r.missing.map((m) => `${path}: ${m}`));
      }
    };
    await audit(page, [
      '/inbox',
      '/files',
      '/cases',
      '/early-warnings',
      '/finance/loans',
      '/finance/aging',
      '/finance/statement',
      '/finance/imports',
      '/finance/funds',
      '/reassessments',
      '/admin/org-units',
      '/members',
      '/admin/policy',
      '/admin/calendar',
      '/admin/programs',
      '/admin/roster-import',
      '/admin/payroll-import',
    ]);
    const cw = await newPage(browser, base);
    await login(cw, 'caseworker');
    await audit(cw, ['/files/new', '/cases/new', '/early-warnings', '/members']);
    await cw.context().close();
    expect(unlabelled).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  test('the API serves the console at / and its client-side routes, but never swallows /api, /docs, /health or /metrics', async () => {
    const index = await stack.http().get('/tasks/some-task').set('Accept', 'text/html').expect(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.text).toContain('<div id="root">');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)![1]!;
    const js = await stack.http().get(asset).expect(200);
    expect(js.headers['cache-control']).toContain('immutable');
    const missing = await stack.http().get('/api/no-such-route').set('Accept', 'text/html').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    await stack.http().get('/api/tasks').set('Accept', 'text/html').expect(401);
    const health = await stack.http().get('/health').set('Accept', 'text/html');
    expect(health.headers['content-type']).toMatch(/json/);
    const metrics = await stack.http().get('/metrics').set('Accept', 'text/html').expect(200);
    expect(metrics.text).not.toContain('<div id="root">');
    const docs = await stack.http().get('/docs').set('Accept', 'text/html').redirects(1).expect(200);
    expect(docs.text).not.toContain('<div id="root">');
    expect(docs.text).toContain('swagger');
    await stack.http().get('/assets/no-such-file.js').expect(404);
  });
});
