import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (apt-get install chromium); the page tests skip, saying so, when it is not there. */
export const ChromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumMissing(): string | undefined {
  return existsSync(ChromiumPath)
    ? undefined
    : `chromium is not installed at ${ChromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH): the HTML page tests are skipped`;
}

/**
 * Headless chromium with a fresh profile (its own --user-data-dir: Playwright takes it as the persistent context's
 * folder), nothing in the background that could reach the network.
 */
export async function launchChromium(): Promise<{ browser: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'hivewatch-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: ChromiumPath,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A page of `html`, offline: every request it makes is recorded and refused, every dialog recorded and dismissed.
 */
export async function openOffline(
  browser: BrowserContext,
  html: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; requests: string[]; dialogs: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const dialogs: string[] = [];
  await page.route('**/*', async (route) => {
    requests.push(route.request().url());
    await route.abort();
  });
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.emulateMedia({ colorScheme });
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requests, dialogs };
}
