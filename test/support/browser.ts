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
