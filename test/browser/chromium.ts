import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';

// Debian's Chromium driven by playwright-core (which downloads no browser of its own). CI installs it
// with `apt-get install -y --no-install-recommends chromium`; without it the browser tests skip.

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

// Without the background-networking flags Chromium keeps trying to reach Google's services, which a
// machine with no outside network refuses, many times over.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const SCREENSHOTS = join(process.cwd(), 'test-results', 'browser');

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh, throwaway profile; `locale` sets its language (and Accept-Language). */
export async function launchChromium(options: { readonly locale?: string } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'aad-demo-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    ...(options.locale ? { locale: options.locale } : {}),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot under test-results/browser/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Clicks and waits for the page the browser finally lands on (redirects followed); returns that
 * document's response, so a test can check the status and headers the user's browser received.
 */
export async function clickThrough(page: Page, target: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().isNavigationRequest() && candidate.frame() === page.mainFrame() && (candidate.status() < 300 || candidate.status() >= 400)),
    target.click(),
  ]);
  await page.waitForLoadState('domcontentloaded');
  return response;
}
