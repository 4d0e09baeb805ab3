import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  launchBrowser,
  login,
  newPage,
  newPhonePage,
  screenshot,
  serve,
  type TourShot,
  widths,
  writeScreenshotIndex,
} from '../support/browser';
import { TestStack } from '../support/stack';

/**
 * The screenshot tour (issue 12): every page of the console as every demo role sees it, in Chinese
 * and in English, on a desktop (1440×900) and a phone (390×844), written to
 * test-results/screenshots/tour/ with index.html showing them side by side. Each page must show
 * its title (no blank page), exactly one <main>, no raw error; no page scrolls sideways on the
 * phone (`scrollWidth <= clientWidth` at 390 px).
 */
let stack: TestStack;
let browser: Browser;
let base: string;
const tour: TourShot[] = [];
const ids: Record<string, string> = {};

const ROLES: Record<string, string[]> = {
  caseworker: ['caseworker'],
  'branch-chair': ['branch_chair'],
  'union-chair': ['union_chair'],
  leader: ['leader'],
  finance: ['finance'],
  auditor: ['auditor'],
  admin: ['admin'],
};
const FINANCE = ['finance', 'auditor', 'admin', 'union_chair', 'leader'];

/** Pages a role sees (its menu), with ids filled in for the detail pages. */
function pagesFor(roles: string[], taskId: string | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [['inbox', '/inbox']];
  if (taskId) out.push(['task', `/tasks/${taskId}`]);
  if (roles.includes('caseworker'))
    out.push(['open-file', '/files/new'], ['new-case', '/cases/new'], ['follow-ups', '/follow-ups']);
  out.push(
    ['early-warnings', '/early-warnings'],
    ['files', '/files'],
    ['file', `/files/${ids.file}`],
    ['cases', '/cases'],
    ['case', `/cases/${ids.case}`],
  );
  if (roles.some((r) => FINANCE.includes(r)))
    out.push(
      ['loans', '/finance/loans'],
      ['loan', `/finance/loans/${ids.loan}`],
      ['aging', '/finance/aging'],
      ['statement', `/finance/statement/${ids.worker}`],
      ['imports', '/finance/imports'],
      ['funds', '/finance/funds'],
    );
  out.push(['reassessments', '/reassessments']);
  const admin = roles.includes('admin');
  const chair = roles.includes('union_chair');
  if (roles.includes('caseworker'))
    out.push(
      ['members', '/members'],
      ['household', `/households/${ids.household}`],
      ['tuition', '/tuition/new'],
    );
  else if (admin || chair) out.push(['members', '/members']);
  if (admin)
    out.push(
      ['org-units', '/admin/org-units'],
      ['policy', '/admin/policy'],
      ['calendar', '/admin/calendar'],
      ['programs', '/admin/programs'],
    );
  if (admin || chair)
    out.push(
      ['users', '/admin/users'],
      ['roster-import', '/admin/roster-import'],
      ['payroll-import', '/admin/payroll-import'],
    );
  if (admin || roles.includes('auditor')) out.push(['audit', '/audit'], ['logins', '/audit/logins']);
  out.push(['campaigns', '/campaigns']);
  if (admin || chair) out.push(['campaign-new', '/campaigns/new']);
  out.push(
    ['pairing', '/pairing'],
    ['disclosure', '/disclosure'],
    ['evaluation', '/evaluation'],
    ['password', '/change-password'],
  );
  return out;
}

beforeAll(async () => {
  stack = await TestStack.start();
  base = await serve(stack);
  browser = await launchBrowser();
  const cw = await stack.login('caseworker');
  const http = (token: string, path: string) =>
    stack.http().get(path).set('Authorization', `Bearer ${token}`).expect(200);
  const w = (await http(cw, '/api/workers')).body.items as Array<{ id: string; employeeNo: string }>;
  const e1002 = w.find((x) => x.employeeNo === 'E1002')!;
  ids.worker = e1002.id;
  ids.household = (w.find((x) => x.employeeNo === 'E1002') as unknown as { householdId: string }).householdId;
  const c = await stack
    .http()
    .post('/api/cases')
    .set('Authorization', `Bearer ${cw}`)
    .send({ workerId: e1002.id, program: 'illness', amountFen: 300_000, reason: '住院治疗，自付费用高' })
    .expect(201);
  ids.case = c.body.id;
  ids.file = ((await http(cw, '/api/files')).body.items as Array<{ id: string }>)[0]!.id;
  const fin = await stack.login('finance');
  ids.loan = ((await http(fin, '/api/loans')).body.items as Array<{ id: string }>)[0]!.id;
}, 180_000);

afterAll(async () => {
  writeScreenshotIndex(tour);
  await browser?.close();
  await stack?.stop();
});

async function firstTask(username: string): Promise<string | undefined> {
  const token = await stack.login(username);
  for (let i = 0; i < 40; i++) {
    const res = await stack
      .http()
      .get('/api/tasks?status=open&limit=200')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const items = res.body.items as Array<{ id: string; subjectId: string }>;
    const own = items.find((t) => t.subjectId === ids.case) ?? items[0];
    if (own) return own.id;
    if (username !== 'branch-chair') return undefined;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

/** Waits until the page has drawn its content (title, no spinner), then a beat for charts. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('main h3, main .ant-typography h3, main h1').first().waitFor({ timeout: 30_000 });
  await page
    .locator('main .ant-spin-spinning, main .ant-skeleton, [data-testid="page-loading"]')
    .first()
    .waitFor({ state: 'detached', timeout: 30_000 })
    .catch(() => undefined);
  await page.waitForTimeout(300);
}

async function walk(page: Page, username: string, size: TourShot['size'], problems: string[]) {
  const roles = ROLES[username]!;
  const taskId =
    roles.includes('caseworker') || roles.includes('auditor') ? undefined : await firstTask(username);
  await login(page, username);
  for (const lang of ['zh', 'en'] as const) {
    await page.evaluate(`localStorage.setItem('bangfu.lang', '${lang}')`);
    for (const [name, path] of pagesFor(roles, taskId)) {
      await page.goto(path);
      await settled(page);
      if ((await page.locator('main').count()) !== 1) problems.push(`${username} ${name}: not one <main>`);
      const text = (await page.locator('main').innerText()) ?? '';
      if (/\b(VALIDATION_FAILED|BUSINESS_RULE|INTERNAL|undefined|NaN)\b/.test(text))
        problems.push(`${username} ${name} ${lang}: raw code in the page`);
      if (lang === 'en' && /[\u4e00-\u9fff]{2,}/.test(await page.locator('main h3').first().innerText()))
        problems.push(`${username} ${name}: Chinese title in English mode`);
      const { scroll, client } = await widths(page);
      const overflow = scroll > client;
      if (size === 'phone' && overflow)
        problems.push(`${username} ${name} ${lang}: ${scroll}px wide at ${client}px`);
      const file = `tour/${username}__${name}__${lang}__${size}`;
      await screenshot(page, file);
      tour.push({ role: username, page: name, lang, size, file: `${file}.png`, overflow });
    }
  }
}

describe('screenshot tour: every page, every role, zh and en, desktop and phone', () => {
  for (const username of Object.keys(ROLES)) {
    test(`${username}`, async () => {
      const problems: string[] = [];
      const desktop = await newPage(browser, base);
      await desktop.setViewportSize({ width: 1440, height: 900 });
      try {
        await walk(desktop, username, 'desktop', problems);
      } finally {
        await desktop.context().close();
      }
      const phone = await newPhonePage(browser, base);
      try {
        await walk(phone, username, 'phone', problems);
      } finally {
        await phone.context().close();
      }
      expect(problems).toEqual([]);
    }, 600_000);
  }

  test('the index shows every tour picture, zh/en and desktop/phone side by side', () => {
    const file = writeScreenshotIndex(tour);
    const html = fs.readFileSync(file, 'utf8');
    expect(tour.length).toBeGreaterThan(300);
    for (const shot of tour) {
      expect(html).toContain(`src="${shot.file}"`);
      expect(fs.existsSync(path.join(path.dirname(file), shot.file))).toBe(true);
    }
    // one row per role and page, four columns
    const rows = new Set(tour.map((x) => `${x.role} · ${x.page}`));
    expect(tour.length).toBe(rows.size * 4);
  });
});
