import type { Browser, Page } from 'playwright-core';
import {
  choose,
  launchBrowser,
  login,
  newPage,
  newPhonePage,
  screenshot,
  see,
  serve,
  widths,
  confirmDialog,
  fenToYuanText,
  writeScreenshotIndex,
} from '../support/browser';
import { TestStack } from '../support/stack';

/**
 * Issue 12 in Chromium: refusals in the user's language with amounts in 元, the approver's inbox
 * and task page (subject number and name, household aid, four-eyes, confirmation, next stage),
 * finance (PAR, paused collection, confirmation, template), phone layout at 390×844 without
 * horizontal scroll, and screenshots of the pages per role, language and size with an index.
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
  writeScreenshotIndex(); // this suite's pictures join the index beside the tour's
  await browser?.close();
  await stack?.stop();
});

const phonePage = () => newPhonePage(browser, base);

/** Today in China (the repayment form's default date) as YYYY-MM-DD. */
function dayjsToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** Elements reaching past the right edge of the viewport (the innermost ones), to say what overflows. */
async function pastTheEdge(p: Page): Promise<string[]> {
  return (await p.evaluate(`(() => {
    const w = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= w + 1) continue;
      if ([...el.children].some((c) => c.getBoundingClientRect().right > w + 1)) continue;
      out.push(el.tagName.toLowerCase() + '.' + String(el.className).split(' ').slice(0, 2).join('.') +
        ' right=' + Math.round(r.right) + ' ' + (el.textContent || '').slice(0, 40));
    }
    return out.slice(0, 8);
  })()`)) as string[];
}

/** No horizontal overflow: the page is no wider than the viewport (else: what sticks out). */
async function noSidewaysScroll(p: Page): Promise<void> {
  const { scroll, client } = await widths(p);
  const offenders = scroll > client ? await pastTheEdge(p) : [];
  expect([p.url(), scroll, scroll <= client, offenders]).toEqual([p.url(), scroll, true, []]);
}

async function openTaskId(username: string, subjectId: string): Promise<string> {
  const token = await stack.login(username);
  for (let i = 0; i < 80; i++) {
    const res = await stack
      .http()
      .get('/api/tasks?status=open&limit=200')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const task = (res.body.items as Array<{ id: string; subjectId: string }>).find(
      (t) => t.subjectId === subjectId,
    );
    if (task) return task.id;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no open task for ${subjectId} in ${username}'s inbox`);
}

async function fileCase(employeeNo: string, program: string, amountFen: number) {
  const cw = await stack.login('caseworker');
  const res = await stack
    .http()
    .post('/api/cases')
    .set('Authorization', `Bearer ${cw}`)
    .send({ workerId: workers.get(employeeNo), program, amountFen, reason: '住院治疗' })
    .expect(201);
  return res.body as { id: string; caseNo: string };
}

describe('web console: errors in the user’s language', () => {
  test('a 6,000-yuan illness application is refused in Chinese with 5,000.00 元 (form and API alike)', async () => {
    await login(page, 'caseworker');
    await page.goto('/cases/new');
    await choose(page, '职工', '周建国');
    await choose(page, '救助项目', '大病救助');
    await page.getByLabel('金额（元）').fill('abc');
    await page.getByRole('button', { name: '提交' }).click();
    await see(page.locator('.ant-form-item-explain-error'), '“abc”不是有效金额');
    await page.getByLabel('金额（元）').fill('6000');
    await page.getByRole('button', { name: '提交' }).click();
    await see(page.locator('.ant-form-item-explain-error'), '500.00 元 至 5,000.00 元');
    await screenshot(page, 'issue12-form-amount-range');

    // the API's refusal of the same application, as the console words it (the repayment above
    // the outstanding below is the same path through ErrorAlert): rule + params, no fen
    const cw = await stack.login('caseworker');
    const res = await stack
      .http()
      .post('/api/cases')
      .set('Authorization', `Bearer ${cw}`)
      .send({ workerId: workers.get('E1001'), program: 'illness', amountFen: 600_000, reason: 'x' })
      .expect(422);
    expect(res.body.details[0]).toMatchObject({
      field: 'amountFen',
      rule: 'amount_in_program_range',
      params: { minFen: 50_000, maxFen: 500_000, amountFen: 600_000, program: 'illness' },
    });
    expect(res.body.message).toMatch(/amount must be within/);
  });

  test('a repayment above the outstanding is refused by the form in Chinese with the amounts in 元; a stale page gets the API’s refusal the same way, after a confirmation', async () => {
    const finance = await stack.login('finance');
    const loans = (
      await stack.http().get('/api/loans?q=E1002').set('Authorization', `Bearer ${finance}`).expect(200)
    ).body.items as Array<{ id: string; employeeNo: string; outstandingFen: number }>;
    const loan = loans.find((l) => l.employeeNo === 'E1002')!;
    expect(loan.outstandingFen).toBeGreaterThan(200);
    await login(page, 'finance');
    await page.goto(`/finance/loans/${loan.id}`);
    // the form checks the loan's outstanding before anything is sent or confirmed
    await page.getByLabel('金额（元）').fill('99999');
    await page.getByLabel('凭证号').fill('PR-WEB-ISSUE12-1');
    await page.getByRole('button', { name: '提交' }).click();
    await see(
      page.locator('.ant-form-item-explain-error'),
      `还款金额 99,999.00 元 超过未还余额 ${fenToYuanText(loan.outstandingFen)}`,
    );
    expect(await page.locator('.ant-modal-confirm').count()).toBe(0);
    await screenshot(page, 'issue12-repayment-over-outstanding-form-zh');
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('button', { name: 'Submit' }).click();
    await see(
      page.locator('.ant-form-item-explain-error'),
      'The repayment of ¥99,999.00 is more than the outstanding',
    );
    await page.getByRole('button', { name: 'Switch language' }).click();

    // another clerk posts all but 1.00 元 meanwhile: this page still shows the old outstanding,
    // so the form lets 2.00 元 through and the API's refusal is worded the same way
    await stack
      .http()
      .post(`/api/loans/${loan.id}/repayments`)
      .set('Authorization', `Bearer ${finance}`)
      .set('Idempotency-Key', 'issue12-stale-page')
      .send({ amountFen: loan.outstandingFen - 100, paidOn: dayjsToday(), reference: 'PR-ISSUE12-OTHER' })
      .expect(201);
    await page.getByLabel('金额（元）').fill('2');
    await page.getByRole('button', { name: '提交' }).click();
    await see(page.getByTestId('confirm-repayment'), '2.00 元');
    await confirmDialog(page);
    const alert = page.getByTestId('api-error');
    await see(alert, '还款金额 2.00 元 超过未还余额 1.00 元');
    const text = (await alert.textContent()) ?? '';
    expect(text).not.toMatch(/fen|outstanding|\d{3,} /);
    await screenshot(page, 'issue12-repayment-refused-zh');
    // English: the same refusal in English, amounts as ¥
    await page.getByRole('button', { name: '切换语言' }).click();
    await see(alert, 'The repayment of ¥2.00 is more than the outstanding ¥1.00');
  });
});

describe('web console: forms offer only eligible subjects', () => {
  test('the application form’s worker picker leaves out a worker whose file is still being investigated', async () => {
    const cw = await stack.login('caseworker');
    const all = (
      await stack.http().get('/api/workers?limit=200').set('Authorization', `Bearer ${cw}`).expect(200)
    ).body.items as Array<{ id: string; employeeNo: string; fileStatus: string | null }>;
    const without = all.find((w) => w.fileStatus === null);
    expect(without).toBeTruthy();
    await stack
      .http()
      .post('/api/files')
      .set('Authorization', `Bearer ${cw}`)
      .send({ workerId: without!.id, causes: ['illness'] })
      .expect(201);
    await login(page, 'caseworker');
    await page.goto('/cases/new');
    const picker = page.getByLabel('职工', { exact: true });
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await picker.click();
    await page.keyboard.type('E1001');
    await see(options, 'E1001');
    await picker.fill('');
    await page.keyboard.type(without!.employeeNo);
    await page.locator('.ant-select-dropdown:visible .ant-empty').waitFor();
    expect(await options.count()).toBe(0);
  });
});

describe('web console: the approver’s inbox and task page', () => {
  test('inbox rows say "AC-… 吴秀兰" with program, tabs count; the task page shows household aid, a confirmation and the next stage', async () => {
    const earlier = await fileCase('E1002', 'hospital_visit', 80_000);
    const c = await fileCase('E1002', 'illness', 300_000);
    await openTaskId('branch-chair', c.id);
    await login(page, 'branch-chair');
    await see(page.locator('main'), `${c.caseNo} 吴秀兰`);
    await see(page.locator('main'), '大病救助');
    await see(page.getByTestId('inbox-tabs'), /全部 \(\d+\)/);
    await see(page.getByTestId('inbox-tabs'), /已超期 \(\d+\)/);
    expect(await page.locator('main').count()).toBe(1);
    await screenshot(page, 'issue12-inbox-branch-chair-zh');
    // sorted by due date, overdue and due-soon marked: the earlier case's task overdue, this one due in 6 h
    const [tEarlier, tNow] = await Promise.all([
      openTaskId('branch-chair', earlier.id),
      openTaskId('branch-chair', c.id),
    ]);
    await stack.db.query(`UPDATE tasks SET due_at = now() - interval '2 days' WHERE id = $1`, [tEarlier]);
    await stack.db.query(`UPDATE tasks SET due_at = now() + interval '6 hours' WHERE id = $1`, [tNow]);
    await page.reload();
    const rows = page.locator('main .ant-table-row');
    await see(rows.filter({ hasText: earlier.caseNo }), '已超期');
    await see(rows.filter({ hasText: c.caseNo }), '即将到期');
    const order = await rows.allInnerTexts();
    const at = (no: string) => order.findIndex((text) => text.includes(no));
    expect(at(earlier.caseNo)).toBeGreaterThanOrEqual(0);
    expect(at(earlier.caseNo)).toBeLessThan(at(c.caseNo));
    expect(await rows.filter({ hasText: earlier.caseNo }).getAttribute('class')).toContain('row-overdue');

    const taskId = await openTaskId('branch-chair', c.id);
    await page.goto(`/tasks/${taskId}`);
    await see(page.getByTestId('task-summary'), `${c.caseNo} 吴秀兰`);
    await see(page.getByTestId('household-aid'), earlier.caseNo);
    await see(page.getByTestId('household-aid'), '住院探望');
    await see(page.getByTestId('household-aid'), '800.00 元');
    await page.getByRole('button', { name: '提交审批' }).click();
    await see(page.getByTestId('confirm-decision'), '3,000.00 元');
    await see(page.getByTestId('confirm-decision'), '同意');
    await screenshot(page, 'issue12-task-confirm-zh');
    await confirmDialog(page);
    await see(page.getByTestId('next-stage'), '下一环节：公司工会审批');
    await see(page.getByTestId('next-stage'), '公司工会主席');
    await screenshot(page, 'issue12-task-next-stage-zh');

    // the union chair decides next; then the leader's stage is the next one
    const t2 = await openTaskId('union-chair', c.id);
    const ucPage = page;
    await ucPage.getByRole('button', { name: '退出登录' }).click();
    await login(ucPage, 'union-chair');
    await ucPage.goto(`/tasks/${t2}`);
    await see(ucPage.getByTestId('task-summary'), c.caseNo);
    await ucPage.getByRole('button', { name: '提交审批' }).click();
    await confirmDialog(ucPage);
    await see(ucPage.getByTestId('next-stage'), '下一环节：公司负责人审批');
  });

  test('the pairing leader sees a four-eyes warning before deciding and the server’s refusal in Chinese', async () => {
    const c = await fileCase('E1001', 'illness', 450_000); // above the leader threshold
    const token = async (u: string) => stack.login(u);
    for (const u of ['branch-chair', 'union-chair']) {
      const id = await openTaskId(u, c.id);
      await stack
        .http()
        .post(`/api/tasks/${id}/decision`)
        .set('Authorization', `Bearer ${await token(u)}`)
        .send({ decision: 'approve' })
        .expect(200);
    }
    const leaderTask = await openTaskId('leader', c.id);
    await login(page, 'leader');
    await page.goto(`/tasks/${leaderTask}`);
    await see(page.getByTestId('four-eyes-warning'), '您是该户的结对领导');
    await screenshot(page, 'issue12-task-four-eyes-zh');
    await page.getByRole('button', { name: '提交审批' }).click();
    await confirmDialog(page);
    await see(page.getByTestId('api-error'), '四眼原则：您是该户的结对领导，不能审批');
  });
});

describe('web console: finance', () => {
  test('aging shows PAR1/PAR30/PAR90 with the definition; the import page offers an XLSX template', async () => {
    await login(page, 'finance');
    await page.goto('/finance/aging');
    await see(page.getByTestId('par-cards'), 'PAR1（逾期 1 天及以上）');
    await see(page.getByTestId('par-cards'), 'PAR30（逾期超过 30 天）');
    await see(page.getByTestId('par-cards'), 'PAR90（逾期超过 90 天）');
    await see(page.getByTestId('par-definition'), '风险贷款率');
    await screenshot(page, 'issue12-aging-par-zh');
    await page.goto('/finance/imports');
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('import-template').click(),
    ]);
    expect(dl.suggestedFilename()).toBe('工资代扣导入模板.xlsx');
    const file = await dl.path();
    const { Workbook } = await import('exceljs');
    const wb = new Workbook();
    await wb.xlsx.readFile(file);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['工号', '借款编号', '还款金额', '还款日期', '流水号']);
  });
});

describe('web console: finance pages', () => {
  test('budget vs actual is a programs × months pivot with totals, program names in both languages; the balances chart names available, reserved and paid', async () => {
    await login(page, 'finance');
    await page.goto('/finance/funds');
    const pivot = page.getByTestId('bva-pivot');
    await see(pivot, '大病救助');
    const head = (await pivot.locator('thead').innerText()).replace(/\s+/g, ' ');
    for (const col of ['项目', '1月', '6月', '12月', '实际合计']) expect(head).toContain(col);
    await see(pivot.locator('tr', { hasText: '合计' }), /\d/);
    await see(pivot, '无息借款周转金');
    const chart = page.getByRole('img', { name: '各资金来源余额' });
    await chart.waitFor();
    const legend = (await chart.textContent()) ?? '';
    for (const series of ['可用', '已预留', '已支出']) expect(legend).toContain(series);
    // English: the programs' English names, no code and no Chinese in the pivot's program column
    await page.getByRole('button', { name: '切换语言' }).click();
    await see(pivot, 'Serious illness relief');
    await see(pivot, 'Interest-free loan fund');
    const names = await pivot.locator('tbody tr td:first-child').allInnerTexts();
    expect(names.filter((n) => /[\u4e00-\u9fff]|_/.test(n))).toEqual([]);
  });

  test('a loan whose collection is paused for a hospital stay shows 暂停催收 and why, in the list and on its page', async () => {
    // a loan with its workflow running (the demo's loans have none): applied, approved twice, paid out
    const post = async (user: string, path: string, body: object) =>
      stack
        .http()
        .post(path)
        .set('Authorization', `Bearer ${await stack.login(user)}`)
        .send(body);
    const created = await post('caseworker', '/api/loans', {
      workerId: workers.get('E1002'),
      amountFen: 60_000,
      termMonths: 3,
      purpose: '家中急用',
    });
    expect(created.status).toBe(201);
    const loan = created.body as { id: string; loanNo: string };
    for (const user of ['branch-chair', 'union-chair'])
      expect(
        (await post(user, `/api/tasks/${await openTaskId(user, loan.id)}/decision`, { decision: 'approve' }))
          .status,
      ).toBe(200);
    const pay = await openTaskId('finance', loan.id);
    expect(
      (
        await post('finance', `/api/tasks/${pay}/decision`, {
          decision: 'done',
          outcome: { reference: `DISB-ISSUE12-${loan.loanNo}` },
        })
      ).status,
    ).toBe(200);
    const finance = await stack.login('finance');
    await stack
      .http()
      .post('/api/early-warnings')
      .set('Authorization', `Bearer ${await stack.login('union-chair')}`)
      .send({ workerId: workers.get('E1002'), kind: 'hospitalisation', occurredOn: dayjsToday() })
      .expect(201);
    let reason: string | null = null;
    for (let i = 0; i < 100 && !reason; i++) {
      const l = await stack.http().get(`/api/loans/${loan.id}`).set('Authorization', `Bearer ${finance}`);
      reason = (l.body as { pausedReason: string | null }).pausedReason;
      if (!reason) await new Promise((r) => setTimeout(r, 200));
    }
    expect(reason).toBeTruthy();
    const why = { hospitalisation: '住院', aid_case: '救助申请办理中' }[reason!]!;
    await login(page, 'finance');
    await page.goto('/finance/loans');
    const row = page.locator('main tr', { hasText: loan.loanNo });
    await see(row.getByTestId('loan-paused'), '暂停催收');
    await see(row.getByTestId('loan-paused'), why);
    await page.goto(`/finance/loans/${loan.id}`);
    await see(page.getByTestId('loan-paused'), '暂停催收');
    await see(page.getByTestId('loan-paused'), why);
    await screenshot(page, 'issue12-loan-paused-zh');
  });
});

describe('web console: phone layout at 390×844', () => {
  test('inbox, task, early warnings, files and aging: collapsed menu, cards, no sideways scroll', async () => {
    const c = await fileCase('E1002', 'disaster', 60_000);
    const taskId = await openTaskId('branch-chair', c.id);
    const p = await phonePage();
    try {
      await login(p, 'branch-chair');
      await see(p.locator('main'), c.caseNo);
      await p.getByTestId('inbox-cards').waitFor();
      expect(await p.locator('.ant-layout-sider').count()).toBe(0);
      await noSidewaysScroll(p);
      await screenshot(p, 'issue12-phone-inbox-zh');
      await p.getByTestId('menu-toggle').click();
      await see(p.locator('.ant-drawer'), '困难职工档案');
      await p.locator('.ant-drawer').getByText('待办').click();
      await p.goto(`/tasks/${taskId}`);
      await see(p.getByTestId('task-summary'), c.caseNo);
      await noSidewaysScroll(p);
      await screenshot(p, 'issue12-phone-task-zh');
      for (const path of ['/early-warnings', '/files']) {
        await p.goto(path);
        await p.locator('main h3').first().waitFor();
        await p.waitForLoadState('networkidle');
        await noSidewaysScroll(p);
        await screenshot(p, `issue12-phone${path.replace(/\//g, '-')}-zh`);
      }
      await p.getByRole('button', { name: '退出登录' }).click();
      await login(p, 'finance');
      await p.goto('/finance/aging');
      await p.getByTestId('par-cards').waitFor();
      await noSidewaysScroll(p);
      await screenshot(p, 'issue12-phone-aging-zh');
    } finally {
      await p.context().close();
    }
  });

  test('case, file, loan statement and payroll import pages fit 390 px in Chinese and English', async () => {
    const cw = await stack.login('caseworker');
    const c = await fileCase('E1001', 'hospital_visit', 50_000);
    const worker = (
      await stack
        .http()
        .get(`/api/workers/${workers.get('E1001')}`)
        .set('Authorization', `Bearer ${cw}`)
        .expect(200)
    ).body as { fileId: string | null };
    expect(worker.fileId).toBeTruthy();
    const p = await phonePage();
    try {
      await login(p, 'caseworker');
      for (const lang of ['zh', 'en'] as const) {
        await p.evaluate(`localStorage.setItem('bangfu.lang', '${lang}')`);
        await p.goto(`/cases/${c.id}`);
        await see(p.locator('main h3'), c.caseNo);
        await p.getByTestId('attachments').waitFor();
        await p.waitForLoadState('networkidle');
        await noSidewaysScroll(p);
        await screenshot(p, `issue12-phone-case-${lang}`);
        await p.goto(`/files/${worker.fileId}`);
        await p.getByTestId('household-section').waitFor();
        await p.waitForLoadState('networkidle');
        await noSidewaysScroll(p);
        await screenshot(p, `issue12-phone-file-${lang}`);
      }
      await p.getByRole('button', { name: 'Sign out' }).click();
      await p.waitForURL('**/login');
      await p.evaluate(`localStorage.setItem('bangfu.lang', 'zh')`);
      await login(p, 'finance');
      for (const lang of ['zh', 'en'] as const) {
        await p.evaluate(`localStorage.setItem('bangfu.lang', '${lang}')`);
        await p.goto(`/finance/statement/${workers.get('E1002')}`);
        await see(p.locator('main'), lang === 'zh' ? '吴秀兰' : 'E1002');
        await p.waitForLoadState('networkidle');
        await noSidewaysScroll(p);
        await screenshot(p, `issue12-phone-statement-${lang}`);
        await p.goto('/finance/imports');
        await p.getByTestId('import-template').waitFor();
        await noSidewaysScroll(p);
        await screenshot(p, `issue12-phone-imports-${lang}`);
      }
      // with a result: the row-by-row table is cards, the reasons wrap
      await p.locator('#import-file').setInputFiles({
        name: 'payroll-phone.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('工号,借款编号,还款金额,还款日期,流水号\nE9999,LN-NONE,100.00,2026-12-01,PH-1\n'),
      });
      await p.getByRole('button', { name: 'Upload and import' }).click();
      await p.getByTestId('import-result').waitFor();
      await see(p.getByTestId('import-result'), /Done|完成|Failed|失败/);
      await noSidewaysScroll(p);
      await screenshot(p, 'issue12-phone-imports-result-en');
    } finally {
      await p.context().close();
    }
  });
});

describe('web console: loading states', () => {
  test('a page shows a spinner while its data loads; the claim button spins while its request runs', async () => {
    const c = await fileCase('E1001', 'regular_subsidy', 40_000);
    await openTaskId('branch-chair', c.id);
    await login(page, 'branch-chair');
    // the API's answer is held until the test has seen the loading state
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/cases/*', async (route) => {
      if (route.request().method() === 'GET') await held;
      await route.continue();
    });
    await page.goto(`/cases/${c.id}`);
    await see(page.getByTestId('page-loading'), '加载中');
    await screenshot(page, 'issue12-loading-case-zh');
    release();
    await see(page.locator('main h3'), c.caseNo);
    expect(await page.getByTestId('page-loading').count()).toBe(0);
    await page.unroute('**/api/cases/*');

    let releaseClaim!: () => void;
    const claimHeld = new Promise<void>((r) => (releaseClaim = r));
    await page.route('**/api/tasks/*/action', async (route) => {
      await claimHeld;
      await route.continue();
    });
    await page.goto('/inbox');
    const row = page.locator('main tr', { hasText: c.caseNo });
    await row.getByRole('button', { name: '认领' }).click();
    await row.locator('button.ant-btn-loading').waitFor();
    await screenshot(page, 'issue12-loading-claim-zh');
    releaseClaim();
    await see(row, '释放');
    expect(await row.locator('button.ant-btn-loading').count()).toBe(0);
  });
});
