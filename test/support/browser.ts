import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../libs/database/seed';
import { webConsoleDir } from '../../apps/api/src/web/web-console';
import type { TestStack } from './stack';

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH; playwright-core downloads nothing. */
export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(p)) {
    throw new Error(
      `no Chromium at ${p}: install Debian's (apt-get install -y chromium fonts-wqy-microhei) or set CHROMIUM_PATH`,
    );
  }
  return p;
}

/** Where the tests write their screenshots (git-ignored; docs/web-console.md names it). */
export const SCREENSHOT_DIR = path.resolve(
  process.env.BANGFU_SCREENSHOT_DIR ?? path.join(__dirname, '..', '..', 'test-results', 'screenshots'),
);

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(path.join(webConsoleDir(), 'index.html'))) {
    throw new Error(`the web console is not built (${webConsoleDir()}): run "npm run build" first`);
  }
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // root in CI containers: Chromium's sandbox needs user namespaces it may not have
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
}

/** Lets the stack's API listen on a free loopback port and returns its base URL. */
export async function serve(stack: TestStack): Promise<string> {
  await stack.app.listen(0, '127.0.0.1');
  const addr = stack.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${addr.port}`;
}

export async function newPage(browser: Browser, base: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 960 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/inbox');
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL('**/login');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // fonts settle before the picture (charts draw without animation)
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** Picks an option of the antd Select labelled `label` by its visible text. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

/**
 * Waits until `locator` shows `text` (playwright-core has no retrying expect); fails the test with
 * the locator and the text when it never does.
 */
export async function see(locator: Locator, text: string | RegExp, timeout = 30_000): Promise<void> {
  try {
    await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
  } catch (err) {
    const shown = await locator
      .first()
      .textContent({ timeout: 1_000 })
      .catch(() => '(nothing)');
    throw new Error(
      `expected ${String(locator)} to show ${String(text)}; it shows: ${shown}\n${String(err)}`,
    );
  }
}

/** Fen as the console shows it in Chinese: 1,234.50 元. */
export function fenToYuanText(fen: number): string {
  const whole = Math.trunc(Math.abs(fen) / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}${whole}.${String(Math.abs(fen) % 100).padStart(2, '0')} 元`;
}

/** One screenshot of the all-pages tour: which page, as whom, in which language and size. */
export interface TourShot {
  role: string;
  page: string;
  lang: 'zh' | 'en';
  size: 'desktop' | 'phone';
  file: string;
  /** The page was wider than the viewport (horizontal scroll). */
  overflow: boolean;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/**
 * test-results/screenshots/index.html: the tour as a grid (one row per role and page; Chinese and
 * English, desktop 1440×900 and phone 390×844 side by side; pages that scroll sideways marked), then
 * every other screenshot the browser tests wrote.
 */
export function writeScreenshotIndex(tourShots?: TourShot[]): string {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // the tour's list is kept beside its pictures, so any browser suite can rewrite the index
  const manifest = path.join(SCREENSHOT_DIR, 'tour', 'manifest.json');
  if (tourShots) {
    fs.mkdirSync(path.dirname(manifest), { recursive: true });
    fs.writeFileSync(manifest, JSON.stringify(tourShots, null, 1));
  }
  const tour: TourShot[] =
    tourShots ??
    (fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as TourShot[]) : []);
  const cols: Array<[TourShot['lang'], TourShot['size']]> = [
    ['zh', 'desktop'],
    ['en', 'desktop'],
    ['zh', 'phone'],
    ['en', 'phone'],
  ];
  const rows = new Map<string, Map<string, TourShot>>();
  for (const s of tour) {
    const key = `${s.role} · ${s.page}`;
    if (!rows.has(key)) rows.set(key, new Map());
    rows.get(key)!.set(`${s.lang}-${s.size}`, s);
  }
  const inTour = new Set(tour.map((s) => s.file));
  const others = fs
    .readdirSync(SCREENSHOT_DIR, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.png') && !inTour.has(f))
    .sort();
  const img = (f: string, cls = '') =>
    `<a href="${esc(f)}"><img class="${cls}" src="${esc(f)}" loading="lazy" alt="${esc(f)}"></a>`;
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>bangfu 控制台截图 / console screenshots</title>
<style>
body{font-family:system-ui,sans-serif;margin:16px;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:6px;vertical-align:top}
th{background:#f5f5f5;position:sticky;top:0}
img{max-width:340px;max-height:520px;display:block;object-fit:cover;object-position:top}
img.phone{max-width:160px}
.overflow{outline:3px solid #cf1322}
figure{display:inline-block;margin:6px;vertical-align:top}figcaption{font-size:12px;max-width:340px}
</style></head><body>
<h1>bangfu 控制台截图 · console screenshots</h1>
<p>${tour.length} tour screenshots (every page per role; 中文 / English; desktop 1440×900, phone 390×844)
and ${others.length} more from the browser tests. A red frame marks a page wider than the viewport.</p>
<table><thead><tr><th>role · page</th>${cols.map(([l, s]) => `<th>${l} · ${s}</th>`).join('')}</tr></thead><tbody>
${[...rows.entries()]
  .map(
    ([key, m]) =>
      `<tr><th>${esc(key)}</th>${cols
        .map(([l, s]) => {
          const shot = m.get(`${l}-${s}`);
          return `<td>${shot ? img(shot.file, `${s}${shot.overflow ? ' overflow' : ''}`) : '—'}</td>`;
        })
        .join('')}</tr>`,
  )
  .join('\n')}
</tbody></table>
<h2>From the feature tests</h2>
${others.map((f) => `<figure>${img(f)}<figcaption>${esc(f)}</figcaption></figure>`).join('\n')}
</body></html>
`;
  const file = path.join(SCREENSHOT_DIR, 'index.html');
  fs.writeFileSync(file, html);
  return file;
}

/** The page's width against the viewport's: `scrollWidth <= clientWidth` means no sideways scroll. */
export async function widths(page: Page): Promise<{ scroll: number; client: number }> {
  return (await page.evaluate(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  )) as { scroll: number; client: number };
}

/** A page at 390×844 like a phone (touch, mobile viewport), Chinese, China time. */
export async function newPhonePage(browser: Browser, base: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

/**
 * Confirms the open confirmation dialog (decisions, repayments): waits until the dialog has finished
 * opening, then presses its primary button (default label 确认提交).
 */
export async function confirmDialog(page: Page, label = '确认提交'): Promise<void> {
  const dialog = page.locator('.ant-modal-confirm').last();
  await dialog.waitFor({ state: 'visible' });
  // antd's zoom-in motion: the dialog moves (and a click may land on its wrapper) until it ends
  await waitUntil(
    page,
    "!document.querySelector('.ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-enter, .ant-zoom-appear-active, .ant-zoom-enter-active')",
  );
  await dialog.getByRole('button', { name: label }).click();
}

/**
 * Polls a page expression until it is truthy. `page.waitForFunction` compiles its predicate with
 * `new Function` inside the page, which the console's Content-Security-Policy (no 'unsafe-eval')
 * refuses; `page.evaluate` goes through the DevTools protocol and is not subject to it.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
