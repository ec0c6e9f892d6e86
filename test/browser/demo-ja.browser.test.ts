import { mkdirSync } from 'node:fs';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../examples/web-app/server.mjs';
import { clickThrough, hasChromium, launchChromium, screenshot, type Browser } from './chromium.js';

// The demo in a Japanese browser (Chromium with locale ja-JP, so Accept-Language: ja-JP,ja): the
// pages aadErrorHandler draws are in Japanese, and the header's language switch overrides the
// browser. With UPDATE_README_IMAGES=1 the user's part of each page is saved as docs/images/ja-*.png.

const quiet = { log: () => undefined, warn: () => undefined };
const title = hasChromium ? 'the demo in a Japanese Chromium' : 'the demo in a Japanese Chromium: /usr/bin/chromium is not installed';

describe.skipIf(!hasChromium)(title, () => {
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemo({ port: 0, log: quiet });
    browser = await launchChromium({ locale: 'ja-JP' });
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function run(scenario: string): Promise<Response> {
    await page.goto(`${demo.url}/`);
    return clickThrough(page, page.locator(`#${scenario}`).getByRole('button', { name: 'Run in the browser' }));
  }

  const text = (selector: string): Promise<string> => page.locator(selector).first().innerText();

  /** The user's part of the page, in test-results/browser/ and, on request, in docs/images/. */
  async function keep(name: string): Promise<void> {
    await screenshot(page, name);
    if (process.env['UPDATE_README_IMAGES'] === '1') {
      mkdirSync('docs/images', { recursive: true });
      await page.locator('.user-page').screenshot({ path: `docs/images/${name}.png` });
    }
  }

  it('sends the browser language: the admin-consent page in Japanese, with Content-Language', async () => {
    const response = await run('admin-consent');
    expect(response.status()).toBe(403);
    expect(await response.request().headerValue('accept-language')).toMatch(/^ja-JP/);
    expect(await response.headerValue('content-language')).toBe('ja');
    expect(await text('.user-page h1')).toBe('このアプリには管理者の同意が必要です');
    expect(await page.locator('.user-page').getAttribute('lang')).toBe('ja');
    expect(await page.locator('#admin-consent').innerText()).toBe('管理者の方: 内容を確認して同意する');
    expect(await text('.user-page')).toContain('相関 ID');
    await keep('ja-admin-consent');
  });

  it('the Conditional Access block page in Japanese', async () => {
    const response = await run('ca-blocked');
    expect(response.status()).toBe(403);
    expect(await text('.user-page h1')).toBe('組織の設定により、このサインインはブロックされています');
    expect(await text('.user-page')).toContain('条件付きアクセス');
    await keep('ja-policy-block');
  });

  it('the throttling page in Japanese, with the wait', async () => {
    const response = await run('throttling');
    expect(response.status()).toBe(503);
    const seconds = await response.headerValue('retry-after');
    expect(await text('.user-page h1')).toBe('一時的にサインインできません');
    expect(await text('[data-field="retry-after"]')).toBe(`${seconds} 秒後にもう一度お試しください。`);
    await keep('ja-throttling');
  });

  it('the redirect-loop page in Japanese', async () => {
    await run('redirect-loop');
    for (const round of [1, 2]) {
      expect(new URL(page.url()).pathname, `round ${round}`).toBe('/auth/signin');
      await clickThrough(page, page.locator('#continue'));
      const response = await clickThrough(page, page.getByRole('button', { name: 'Sign in' }));
      if (round === 2) expect(response.status()).toBe(500);
    }
    expect(await text('.user-page h1')).toBe('サインインの失敗が続いています');
    expect(await page.locator('#try-again').innerText()).toBe('もう一度サインインする');
    await keep('ja-loop');
  });

  it('the language switch overrides the browser, and "browser language" follows it again', async () => {
    await page.goto(`${demo.url}/`);
    await clickThrough(page, page.locator('nav.language').getByRole('link', { name: 'English' }));
    await run('admin-consent');
    expect(await text('.user-page h1')).toBe('An administrator must approve this app');
    await page.goto(`${demo.url}/`);
    await clickThrough(page, page.locator('nav.language').getByRole('link', { name: 'browser language' }));
    await run('admin-consent');
    expect(await text('.user-page h1')).toBe('このアプリには管理者の同意が必要です');
  });
});
