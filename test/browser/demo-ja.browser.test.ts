import { mkdirSync } from 'node:fs';
import type { Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { englishRuns } from '../locales/english-words.js';
import { clickThrough, hasChromium, screenshot } from './chromium.js';
import { demoInChromium } from './demo-in-chromium.js';

// The demo in a Japanese browser (Chromium with locale ja-JP, so Accept-Language: ja-JP,ja): every
// scenario, clicked through, is in Japanese on every page it shows (the demo's own pages, the pages
// aadErrorHandler draws, the simulated Entra ID's sign-in and consent pages), and the header's
// language switch overrides the browser. With UPDATE_README_IMAGES=1 the pages are saved as
// docs/images/ja-*.png.

const title = hasChromium ? 'the demo in a Japanese Chromium' : 'the demo in a Japanese Chromium: /usr/bin/chromium is not installed';
const RUN = /^(?:ブラウザーで実行|Run in the browser)$/;
const CALL_AS_API = 'API として呼び出す';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const SCENARIOS = ['mfa', 'consent', 'admin-consent', 'expired-refresh-token', 'throttling', 'bad-client-secret', 'ca-blocked', 'declined-consent', 'redirect-loop'];

/**
 * Runs in the browser: the page's language, and its visible text outside code, pre, and spans marked
 * translate="no" (protocol values and names echoed as they are), one string per text node.
 */
const READ_PAGE = `(() => {
  const skip = 'code, pre, kbd, [translate="no"], script, style, title';
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement && !node.parentElement.closest(skip) && node.data.trim() !== '') texts.push(node.data.trim());
  }
  return { lang: document.documentElement.lang, title: document.title, texts };
})()`;

describe.skipIf(!hasChromium)(title, () => {
  const session = demoInChromium({ locale: 'ja-JP' });

  async function run(scenario: string): Promise<Response> {
    await session.page.goto(`${session.demo.url}/`);
    return clickThrough(session.page, session.page.locator(`#${scenario}`).getByRole('button', { name: RUN }));
  }

  const text = (selector: string): Promise<string> => session.page.locator(selector).first().innerText();

  /** The page is in Japanese: <html lang="ja">, Japanese in its title and text, and no run of three English words. */
  async function expectJapanese(where: string): Promise<void> {
    const read = await session.page.evaluate<{ lang: string; title: string; texts: string[] }>(READ_PAGE);
    expect(read.lang, `${where}: <html lang>`).toBe('ja');
    expect(read.title, `${where}: <title>`).toMatch(JAPANESE);
    expect(read.texts.join(''), where).toMatch(JAPANESE);
    expect(read.texts.flatMap((chunk) => englishRuns(chunk).map((found) => `"${found}" in "${chunk}"`)), where).toEqual([]);
    await screenshot(session.page, `ja-step-${where.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
  }

  /** The step is on the simulated Entra ID, in Japanese. */
  async function onSimulator(where: string): Promise<void> {
    expect(new URL(session.page.url()).origin, where).toBe(session.demo.simulatorUrl);
    await expectJapanese(where);
  }

  /** From the demo's sign-in route page (checked) on to the simulated Entra ID's page (checked). */
  async function throughSignInRoute(where: string): Promise<void> {
    expect(new URL(session.page.url()).pathname, where).toBe('/auth/signin');
    await expectJapanese(`${where}: sign-in route`);
    await clickThrough(session.page, session.page.locator('#continue'));
    await onSimulator(`${where}: simulated sign-in`);
  }

  async function backInTheApp(where: string): Promise<void> {
    expect(await text('[data-field="outcome"]'), where).toBe('アプリに戻りました: トークンの呼び出しは成功しました');
    await expectJapanese(`${where}: back in the app`);
  }

  /** Saves the page in test-results/browser/ and, on request, `selector`'s part of it in docs/images/. */
  async function keep(name: string, selector: string | null = '.user-page'): Promise<void> {
    await screenshot(session.page, name);
    if (process.env['UPDATE_README_IMAGES'] === '1') {
      mkdirSync('docs/images', { recursive: true });
      if (selector) await session.page.locator(selector).screenshot({ path: `docs/images/${name}.png` });
      else await session.page.screenshot({ path: `docs/images/${name}.png` });
    }
  }

  it('the home page and the glossary in Japanese', async () => {
    await session.page.goto(`${session.demo.url}/`);
    await expectJapanese('home');
    expect(await session.page.locator('article.scenario h2').allInnerTexts()).toEqual([
      '多要素認証が必要 (クレーム チャレンジ)',
      '同意されていない',
      '管理者の同意が必要',
      '更新トークンの有効期限切れ',
      'スロットル (Retry-After 付きの 429)',
      'クライアント シークレットが正しくない',
      '条件付きアクセスによるブロック',
      'ユーザーが同意を拒否',
      'リダイレクト ループ',
    ]);
    expect(await session.page.getByRole('button', { name: RUN }).count()).toBe(SCENARIOS.length);
    expect(await session.page.getByRole('button', { name: CALL_AS_API }).count()).toBe(SCENARIOS.length);
    await keep('ja-demo-home', null);
    await clickThrough(session.page, session.page.locator('#glossary-link'));
    await expectJapanese('glossary');
    expect(await text('dt#conditional-access')).toBe('条件付きアクセス');
  });

  it('MFA: sign-in route, simulated sign-in and the way back, all in Japanese', async () => {
    await run('mfa');
    expect(await text('h1')).toBe('aadErrorHandler がブラウザーをアプリのサインイン ルートに送りました');
    await throughSignInRoute('mfa');
    expect(await text('h1')).toBe('サインイン');
    expect(await text('[data-field="login_hint"]')).toBe('adele@contoso.onmicrosoft.com');
    await screenshot(session.page, 'ja-simulated-sign-in');
    await clickThrough(session.page, session.page.getByRole('button', { name: 'サインイン' }));
    await backInTheApp('mfa');
  });

  it('consent: the permissions prompt in Japanese', async () => {
    await run('consent');
    await throughSignInRoute('consent');
    expect(await text('h1')).toBe('要求されているアクセス許可');
    await clickThrough(session.page, session.page.getByRole('button', { name: 'サインイン' }));
    await backInTheApp('consent');
  });

  it('sends the browser language: the admin-consent page in Japanese, with Content-Language, then the approval and the way back', async () => {
    const response = await run('admin-consent');
    expect(response.status()).toBe(403);
    expect(await response.request().headerValue('accept-language')).toMatch(/^ja-JP/);
    expect(await response.headerValue('content-language')).toBe('ja');
    expect(await text('.user-page h1')).toBe('このアプリには管理者の同意が必要です');
    expect(await session.page.locator('.user-page').getAttribute('lang')).toBe('ja');
    expect(await session.page.locator('#admin-consent').innerText()).toBe('管理者の方: 内容を確認して同意する');
    expect(await text('.user-page')).toContain('相関 ID');
    expect(await text('aside.developer h2')).toBe('開発者向け: Decision');
    await expectJapanese('admin consent: the handler page');
    await keep('ja-admin-consent');
    await clickThrough(session.page, session.page.locator('#admin-consent'));
    await onSimulator('admin consent: simulated approval');
    expect(await text('h1')).toBe('要求されているアクセス許可 — 組織の代理として承諾');
    await clickThrough(session.page, session.page.getByRole('button', { name: '承諾' }));
    expect(await text('[data-field="outcome"]')).toBe('管理者がアプリを承認しました');
    await expectJapanese('admin consent: approved');
    await clickThrough(session.page, session.page.locator('#sign-in-again'));
    expect(await text('h1')).toBe('ユーザーがリンクからアプリのサインイン ルートを開きました');
    expect(await session.page.locator('ol.timeline li').last().innerText()).toContain('「もう一度サインインして同じ呼び出しを実行する」リンク');
    await throughSignInRoute('admin consent, again');
    await clickThrough(session.page, session.page.getByRole('button', { name: 'サインイン' }));
    await backInTheApp('admin consent');
  });

  it('admin consent declined by the administrator, in Japanese', async () => {
    await run('admin-consent');
    await clickThrough(session.page, session.page.locator('#admin-consent'));
    const response = await clickThrough(session.page, session.page.getByRole('button', { name: 'キャンセル' }));
    expect(response.status()).toBe(403);
    await expectJapanese('admin consent declined');
  });

  it('expired refresh token: the login hint on a Japanese sign-in page', async () => {
    await run('expired-refresh-token');
    await throughSignInRoute('expired refresh token');
    await clickThrough(session.page, session.page.getByRole('button', { name: 'サインイン' }));
    await backInTheApp('expired refresh token');
  });

  it('the throttling page in Japanese, with the wait', async () => {
    const response = await run('throttling');
    expect(response.status()).toBe(503);
    const seconds = await response.headerValue('retry-after');
    expect(await text('.user-page h1')).toBe('一時的にサインインできません');
    expect(await text('[data-field="retry-after"]')).toBe(`${seconds} 秒後にもう一度お試しください。`);
    await expectJapanese('throttling');
    await keep('ja-throttling');
  });

  it('the bad-client-secret page in Japanese, with the developer panel and the timeline', async () => {
    const response = await run('bad-client-secret');
    expect(response.status()).toBe(500);
    expect(await session.page.locator('ol.timeline li').count()).toBe(2);
    await expectJapanese('bad client secret');
  });

  it('the Conditional Access block page in Japanese', async () => {
    const response = await run('ca-blocked');
    expect(response.status()).toBe(403);
    expect(await text('.user-page h1')).toBe('組織の設定により、このサインインはブロックされています');
    expect(await text('.user-page')).toContain('条件付きアクセス');
    await expectJapanese('Conditional Access block');
    await keep('ja-policy-block');
  });

  it('declined consent: Cancel on the Japanese permissions page ends on a Japanese page', async () => {
    await run('declined-consent');
    await throughSignInRoute('declined consent');
    const response = await clickThrough(session.page, session.page.getByRole('button', { name: 'キャンセル' }));
    expect(response.status()).toBe(403);
    expect(await session.page.locator('#try-again').innerText()).toBe('もう一度サインインする');
    await expectJapanese('declined consent');
  });

  it('the redirect-loop page in Japanese', async () => {
    await run('redirect-loop');
    for (const round of [1, 2]) {
      await throughSignInRoute(`loop, round ${round}`);
      const response = await clickThrough(session.page, session.page.getByRole('button', { name: 'サインイン' }));
      if (round === 2) expect(response.status()).toBe(500);
    }
    expect(await text('.user-page h1')).toBe('サインインの失敗が続いています');
    expect(await session.page.locator('#try-again').innerText()).toBe('もう一度サインインする');
    await expectJapanese('redirect loop');
    await keep('ja-loop');
  });

  it.each(SCENARIOS)('%s called as an API: the demo page around the raw answer is in Japanese', async (scenario) => {
    await session.page.goto(`${session.demo.url}/`);
    await clickThrough(session.page, session.page.locator(`#${scenario}`).getByRole('button', { name: CALL_AS_API }));
    expect(await text('h1')).toBe('同じエラーへのプログラム向けの応答');
    await expectJapanese(`${scenario} as an API`);
    // The demo's call asks in the reader's language, so the problem+json is the handler's Japanese.
    expect(await text('[data-field="request"]')).toContain('\nAccept-Language: ja');
    expect(await text('[data-field="headers"]')).toContain('content-language: ja');
    const body = JSON.parse(await text('[data-field="body"]')) as { title: string; detail: string };
    expect(body.title).toMatch(JAPANESE);
    expect(body.detail).toMatch(JAPANESE);
  });

  it('the language switch overrides the browser, for the demo and the simulator, and "browser language" follows it again', async () => {
    await session.page.goto(`${session.demo.url}/`);
    await clickThrough(session.page, session.page.locator('nav.language').getByRole('link', { name: 'English' }));
    expect(await session.page.locator('html').getAttribute('lang')).toBe('en');
    expect(await text('h1')).toBe('Every Entra ID token failure, one next step');
    await run('admin-consent');
    expect(await text('.user-page h1')).toBe('An administrator must approve this app');
    await run('mfa');
    await clickThrough(session.page, session.page.locator('#continue'));
    expect(new URL(session.page.url()).searchParams.get('ui_locales')).toBe('en');
    expect(await text('h1')).toBe('Sign in');
    await session.page.goto(`${session.demo.url}/`);
    await clickThrough(session.page, session.page.locator('nav.language').getByRole('link', { name: 'browser language' }));
    expect(await session.page.locator('html').getAttribute('lang')).toBe('ja');
    await run('admin-consent');
    expect(await text('.user-page h1')).toBe('このアプリには管理者の同意が必要です');
  });
});
