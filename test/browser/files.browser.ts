import { piiCipherFromEnv } from '../../libs/security/pii-provider';
import type { Browser, Page } from 'playwright-core';
import { choose, launchBrowser, login, newPage, screenshot, see, serve } from '../support/browser';
import { TestStack } from '../support/stack';

/** Caseworker pages, the hardship-file task page and the audited ID reveal, in Chromium. */
let stack: TestStack;
let browser: Browser;
let base: string;
let page: Page;
let worker: { id: string; householdId: string };

beforeAll(async () => {
  stack = await TestStack.start();
  base = await serve(stack);
  browser = await launchBrowser();
  const cw = await stack.login('caseworker');
  const res = await stack.http().get('/api/workers').set('Authorization', `Bearer ${cw}`).expect(200);
  worker = (res.body.items as Array<{ id: string; employeeNo: string; householdId: string }>).find(
    (w) => w.employeeNo === 'E1003',
  )!;
  // 郑海涛's household (5 people): 3,000 yuan a month in wages, 6,000 yuan of medical costs this year
  const year = new Date().getFullYear();
  for (let m = 1; m <= 10; m++) {
    await stack
      .http()
      .post(`/api/households/${worker.householdId}/incomes`)
      .set('Authorization', `Bearer ${cw}`)
      .send({ month: `${year}-${String(m).padStart(2, '0')}`, source: '工资', amountFen: 300_000 })
      .expect(201);
  }
  await stack
    .http()
    .post(`/api/households/${worker.householdId}/expenses`)
    .set('Authorization', `Bearer ${cw}`)
    .send({ year, kind: 'medical', amountFen: 600_000, note: '母亲慢性病' })
    .expect(201);
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

async function waitForTask(username: string, subjectId: string): Promise<string> {
  const token = await stack.login(username);
  for (let i = 0; i < 80; i++) {
    const res = await stack
      .http()
      .get('/api/tasks?status=open')
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

const filesOf = () => stack.count(`SELECT 1 FROM hardship_files WHERE worker_id = $1`, [worker.id]);

describe('web console: hardship files', () => {
  let fileId: string;

  test('the open-a-file form will not submit without the five clears and the visit; complete, it opens the file and sends it to approval', async () => {
    await login(page, 'caseworker');
    await page.goto('/files/new');
    await page.getByRole('button', { name: '提交' }).click();
    for (const field of [
      '职工',
      '致困原因',
      '家庭住址清',
      '家庭状况清',
      '经济收入清',
      '致困原因清',
      '当前急需解决的问题清',
      '走访日期',
      '走访人',
      '走访记录',
    ])
      // pickers say 请选择, text boxes 请输入
      await see(
        page.locator('.ant-form-item-explain-error'),
        `${['职工', '致困原因', '走访日期'].includes(field) ? '请选择' : '请输入'}${field}`,
      );
    expect(await filesOf()).toBe(0);

    await choose(page, '职工', '郑海涛');
    await page.getByLabel('因病').check();
    await page.getByLabel('家庭住址清').fill('济南市示范区幸福路3号，自有住房一套');
    await page.getByLabel('家庭状况清').fill('五口之家：本人、妻子、两个孩子上学、母亲常年患病');
    await page.getByLabel('经济收入清').fill('仅本人工资，月均 3,000 元');
    await page.getByLabel('致困原因清').fill('母亲慢性病医疗支出大');
    await page.getByLabel('当前急需解决的问题清').fill('母亲住院费用');
    await page.getByLabel('走访日期').fill('2026-11-20');
    await page.getByLabel('走访日期').press('Tab'); // (Enter would submit the form)
    await page.getByLabel('走访人').fill('李干事、王主席');
    await page.getByLabel('走访记录').fill('入户核实，家中陈设简陋，母亲卧床');
    await page.getByRole('button', { name: '提交' }).click();
    await see(
      page.getByRole('alert').or(page.getByRole('status')),
      /档案 HF-\d{4}-\d+ 已建立并提交审批/,
      60_000,
    );

    const r = await stack.db.query(`SELECT id, five_clears, visit FROM hardship_files WHERE worker_id = $1`, [
      worker.id,
    ]);
    expect(r.rows).toHaveLength(1);
    fileId = r.rows[0].id;
    expect(r.rows[0].five_clears.urgentNeed).toBe('母亲住院费用');
    // the visit notes are health details: stored encrypted (notesEnc), never as plain text
    const { notesEnc, ...visit } = r.rows[0].visit as { notesEnc: string };
    expect(visit).toEqual({ date: '2026-11-20', visitors: ['李干事', '王主席'] });
    expect(JSON.stringify(r.rows[0].visit)).not.toContain('母亲卧床');
    expect(piiCipherFromEnv(process.env).decrypt(Buffer.from(notesEnc, 'base64'))).toBe(
      '入户核实，家中陈设简陋，母亲卧床',
    );
  });

  test('a caseworker attaches a scan on the file page (a wrong type is refused with the rule); the approver downloads it from the task page, audited', async () => {
    const scan = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('收入证明扫描件 of 郑海涛', 'utf8'),
      Buffer.alloc(4096, 7),
    ]);
    await login(page, 'caseworker');
    await page.goto(`/files/${fileId}`);
    const card = page.getByTestId('attachments');
    await see(card, '暂无附件');
    // a type the API does not accept: the rule in Chinese, nothing stored
    await page
      .getByLabel('上传附件')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await see(card.getByTestId('api-error'), '文件格式不正确；允许：PDF');
    expect(await stack.count(`SELECT 1 FROM attachments WHERE subject_id = $1`, [fileId])).toBe(0);

    await page
      .getByLabel('上传附件')
      .setInputFiles({ name: '收入证明.png', mimeType: 'image/png', buffer: scan });
    await see(card.getByTestId('attachment-uploaded'), '已上传：收入证明.png');
    await see(card.getByTestId('attachment'), '收入证明.png');
    await see(card.getByTestId('attachment'), '李干事');
    expect(await stack.count(`SELECT 1 FROM attachments WHERE subject_id = $1`, [fileId])).toBe(1);
    await see(page.locator('.ant-timeline'), '上传附件'); // the page's timeline reloaded
    await screenshot(page, 'file-attachments');
    await page.getByRole('button', { name: '退出登录' }).click();

    const taskId = await waitForTask('branch-chair', fileId);
    await login(page, 'branch-chair');
    await page.goto(`/tasks/${taskId}`);
    const onTask = page.getByTestId('attachments');
    await see(onTask.getByTestId('attachment'), '收入证明.png');
    expect(await page.getByLabel('上传附件').count()).toBe(0); // the task page lists, it does not upload
    const reads = () =>
      stack.count(
        `SELECT 1 FROM audit_log a JOIN attachments x ON x.id::text = a.entity_id
          WHERE a.action = 'attachment.read' AND x.subject_id = $1`,
        [fileId],
      );
    expect(await reads()).toBe(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      onTask.getByRole('link', { name: '收入证明.png' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('收入证明.png');
    const chunks: Buffer[] = [];
    for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(scan)).toBe(true);
    expect(await reads()).toBe(1);
  });

  test('the grassroots chair’s task page shows the five clears, the household and the policy figures behind the category', async () => {
    const taskId = await waitForTask('branch-chair', fileId);
    await login(page, 'branch-chair');
    await page.goto(`/tasks/${taskId}`);
    await see(page.getByTestId('file-section'), '深度困难');
    await see(page.locator('body'), '母亲慢性病医疗支出大');
    const figures = page.getByTestId('policy-figures');
    await see(figures, '1,062.00 元'); // 低保 of Shandong in policy version 1
    await see(figures, '30,000.00 元'); // ten months of wages
    await see(figures, '6,000.00 元'); // rigid (medical) expenses
    await see(figures, '400.00 元'); // (30,000 − 6,000) ÷ 12 ÷ 5 people
    await see(page.getByTestId('household-section'), '工资');
    await see(page.getByTestId('timeline'), /.+/);
    await see(page.getByTestId('attachment'), '收入证明.png');
    await screenshot(page, 'task-file');
  });

  test('ID numbers are masked; the union chair’s explicit “show” reveals one and writes an audit row; a caseworker cannot', async () => {
    const audits = () =>
      stack.count(`SELECT 1 FROM audit_log WHERE action = 'pii.read' AND entity_id = $1`, [worker.id]);
    await login(page, 'caseworker');
    await page.goto(`/files/${fileId}`);
    await see(page.getByTestId('national-id'), '3701**********0030');
    expect(await page.getByRole('button', { name: '显示' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '退出登录' }).click();

    await login(page, 'union-chair');
    await page.goto(`/files/${fileId}`);
    await see(page.getByTestId('national-id'), '3701**********0030');
    expect(await audits()).toBe(0);
    await page.getByRole('button', { name: '显示' }).click();
    await see(page.getByTestId('national-id'), '370103198501120030');
    await see(page.locator('body'), '查看已记入审计日志');
    expect(await audits()).toBe(1);
  });

  test('a caseworker posts an early-warning event: it is listed, and the outreach task is in the inbox', async () => {
    await login(page, 'caseworker');
    await page.goto('/early-warnings');
    await choose(page, '职工', '郑海涛');
    await choose(page, '事件类型', '住院');
    await page.getByLabel('发生日期').fill('2026-11-20');
    await page.getByLabel('发生日期').press('Tab'); // (Enter would submit the form)
    await page.getByLabel('备注').fill('突发心梗住院');
    await page.getByRole('button', { name: '提交' }).click();
    await see(page.getByRole('status'), '预警已登记，走访待办已生成');
    const row = page.locator('tr', { hasText: '郑海涛' });
    await see(row, '住院');
    await see(row, '2026年11月20日');
    const ew = await stack.db.query(
      `SELECT id, kind, occurred_on::text AS on, note_enc IS NOT NULL AS noted FROM early_warning_events WHERE worker_id = $1`,
      [worker.id],
    );
    expect(ew.rows).toEqual([
      expect.objectContaining({ kind: 'hospitalisation', on: '2026-11-20', noted: true }),
    ]);
    await see(row, '已记录（保密）'); // the note itself is never listed
    // the outreach task the event opened is in the caseworker's inbox
    await page.getByRole('menuitem', { name: '待办' }).click();
    await page.waitForURL('**/inbox');
    await see(page.locator('tbody tr'), '预警走访');
  });
});
