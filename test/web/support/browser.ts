/**
 * Debian's Chromium, driven by playwright-core through `executablePath`:
 * nothing is downloaded. `QMON_CHROMIUM` names another binary.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string {
  const path = process.env.QMON_CHROMIUM ?? CANDIDATES.find((candidate) => existsSync(candidate));
  if (!path || !existsSync(path))
    throw new Error(
      'no Chromium: run `bash scripts/setup.sh` as root (it runs `apt-get install chromium`), or set QMON_CHROMIUM to a Chromium binary',
    );
  return path;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Tests run as root, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 60_000,
  });
}

/** Where the tests write a screenshot of each page (gitignored). */
export const SCREENSHOT_DIR = fileURLToPath(
  new URL('../../../.cache/screenshots/', import.meta.url),
);

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png` });
}

/**
 * Errors the page throws, and what the browser refuses (a CSP violation). A
 * failed request is not one: the page shows a refusal to the user itself.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text()))
      errors.push(message.text());
  });
  return errors;
}
