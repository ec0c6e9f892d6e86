import { mkdirSync, readdirSync } from 'node:fs';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, startDemo, type RunningDemo } from '../../examples/web-app/server.mjs';
import { clickThrough, hasChromium, launchChromium, screenshot, SCREENSHOTS, type Browser } from './chromium.js';

// `npm run demo` in a real browser: every scenario is clicked through as a newcomer would, and what the
// user sees is checked. Screenshots land in test-results/browser/. With UPDATE_README_IMAGES=1 the
// README's two screenshots in docs/images/ are refreshed too.

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const quiet = { log: () => undefined, warn: () => undefined };
const title = hasChromium
  ? 'the demo in Chromium'
  : 'the demo in Chromium: /usr/bin/chromium is not installed (apt-get install -y --no-install-recommends chromium)';

if (!hasChromium) console.warn(`SKIPPED ${title}`);

describe.skipIf(!hasChromium)(title, () => {
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemo({ port: 0, log: quiet });
    browser = await launchChromium();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function start(scenario: string, button: 'Run in the browser' | 'Call as API'): Promise<Response> {
    await page.goto(`${demo.url}/`);
    return clickThrough(page, page.locator(`#${scenario}`).getByRole('button', { name: button }));
  }

  const text = (selector: string): Promise<string> => page.locator(selector).first().innerText();

  /** From the demo's sign-in route page on to the simulated Entra ID's page. */
  async function continueToSignIn(): Promise<void> {
    await clickThrough(page, page.locator('#continue'));
    expect(new URL(page.url()).origin).toBe(demo.simulatorUrl);
  }

  it('lists every scenario on the home page', async () => {
    const response = await page.goto(`${demo.url}/`);
    expect(response?.status()).toBe(200);
    const names = await page.locator('article.scenario h2').allInnerTexts();
    expect(names).toEqual([
      'MFA required (claims challenge)',
      'Consent missing',
      'Admin consent required',
      'Refresh token expired',
      'Throttled (429 with Retry-After)',
      'Bad client secret',
      'Blocked by Conditional Access',
      'User declines consent',
      'Redirect loop',
    ]);
    expect(await page.getByRole('button', { name: 'Call as API' }).count()).toBe(9);
    await screenshot(page, 'home');
    if (process.env['UPDATE_README_IMAGES'] === '1') {
      mkdirSync('docs/images', { recursive: true });
      await page.screenshot({ path: 'docs/images/demo-home.png' });
    }
  });

  it('MFA: the redirect carries the claims, the sign-in page shows them, and the new token satisfies them', async () => {
    await start('mfa', 'Run in the browser');
    expect(page.url()).toContain(`${demo.url}/auth/signin?returnTo=%2Fscenarios%2Fmfa%2Frun%2F`);
    expect(JSON.parse(await text('[data-field="redirect-claims"]'))).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
    await screenshot(page, 'mfa-1-sign-in-route');
    if (process.env['UPDATE_README_IMAGES'] === '1') await page.screenshot({ path: 'docs/images/demo-claims.png' });
    await continueToSignIn();
    const received = JSON.parse(await text('[data-field="claims"]')) as { access_token: Record<string, unknown> };
    expect(received.access_token['acrs']).toEqual({ essential: true, value: 'c1' });
    expect(await text('[data-field="login_hint"]')).toBe('adele@contoso.onmicrosoft.com');
    await screenshot(page, 'mfa-2-simulated-sign-in');
    const back = await clickThrough(page, page.getByRole('button', { name: 'Sign in' }));
    expect(back.status()).toBe(200);
    expect(await text('[data-field="outcome"]')).toBe('Back in the app: the token call succeeded');
    expect(await page.locator('dd', { hasText: /^c1$/ }).count()).toBe(1);
    await screenshot(page, 'mfa-3-back-in-the-app');
  });

  it('consent: the sign-in page is asked for consent and the user comes back signed in', async () => {
    await start('consent', 'Run in the browser');
    expect(new URL(page.url()).searchParams.get('prompt')).toBe('consent');
    await continueToSignIn();
    expect(await text('h1')).toBe('Permissions requested');
    expect(await text('[data-field="prompt"]')).toBe('consent');
    await screenshot(page, 'consent-1-permissions');
    await clickThrough(page, page.getByRole('button', { name: 'Sign in' }));
    expect(await text('[data-field="outcome"]')).toBe('Back in the app: the token call succeeded');
    await screenshot(page, 'consent-2-back-in-the-app');
  });

  it('admin consent: a 403 page with the tenant admin-consent link, which the simulator honours', async () => {
    const response = await start('admin-consent', 'Run in the browser');
    expect(response.status()).toBe(403);
    expect(await text('h1')).toBe('An administrator must approve this app');
    const link = new URL((await page.locator('#admin-consent').getAttribute('href')) ?? '');
    expect(`${link.origin}${link.pathname}`).toBe(`${demo.simulatorUrl}/${TENANT}/v2.0/adminconsent`);
    expect(link.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(link.searchParams.get('scope')).toBe('https://graph.microsoft.com/.default');
    expect(link.searchParams.get('redirect_uri')).toBe(`${demo.url}/auth/admin-consent`);
    await screenshot(page, 'admin-consent-1-page');
    await clickThrough(page, page.locator('#admin-consent'));
    expect(await text('[data-field="client_id"]')).toBe(CLIENT_ID);
    await screenshot(page, 'admin-consent-2-simulated-approval');
    await clickThrough(page, page.getByRole('button', { name: 'Accept' }));
    expect(await text('[data-field="outcome"]')).toBe('An administrator approved the app');
    expect(await page.locator('dd', { hasText: /^True$/ }).count()).toBe(1);
    await screenshot(page, 'admin-consent-3-approved');
  });

  it('expired refresh token: the sign-in page gets the login hint and no prompt', async () => {
    await start('expired-refresh-token', 'Run in the browser');
    const query = new URL(page.url()).searchParams;
    expect([query.get('login_hint'), query.get('domain_hint'), query.get('prompt')]).toEqual(['adele@contoso.onmicrosoft.com', 'organizations', null]);
    await continueToSignIn();
    expect(await text('[data-field="login_hint"]')).toBe('adele@contoso.onmicrosoft.com');
    await clickThrough(page, page.getByRole('button', { name: 'Sign in' }));
    expect(await text('[data-field="outcome"]')).toBe('Back in the app: the token call succeeded');
    await screenshot(page, 'expired-refresh-token');
  });

  it('throttling: a 503 page that tells the user when to come back, with Retry-After', async () => {
    const response = await start('throttling', 'Run in the browser');
    expect(response.status()).toBe(503);
    const retryAfter = Number(await response.headerValue('retry-after'));
    // Entra asked for 30 s; the wrapper measures what is left of msal-node's window, rounded up.
    expect(retryAfter).toBeGreaterThanOrEqual(29);
    expect(retryAfter).toBeLessThanOrEqual(31);
    expect(await text('h1')).toBe('Sign-in is temporarily unavailable');
    expect(await text('[data-field="retry-after"]')).toBe(`Try again in ${retryAfter} seconds.`);
    await screenshot(page, 'throttling');
  });

  it('bad client secret: a 500 page for the developer, with the code and correlation ID', async () => {
    const response = await start('bad-client-secret', 'Run in the browser');
    expect(response.status()).toBe(500);
    expect(await text('h1')).toBe('This app is not set up correctly');
    expect(await page.locator('.user-page dd', { hasText: /^AADSTS7000215$/ }).count()).toBe(1);
    expect(await text('[data-field="correlation-id"]')).toMatch(GUID);
    await screenshot(page, 'bad-client-secret');
  });

  it('Conditional Access block: a 403 page for the administrator, with no redirect', async () => {
    const response = await start('ca-blocked', 'Run in the browser');
    expect(response.status()).toBe(403);
    expect(new URL(page.url()).pathname).toMatch(/^\/scenarios\/ca-blocked\/run\//);
    expect(await text('h1')).toBe("Your organization's settings block this sign-in");
    expect(await text('[data-field="correlation-id"]')).toMatch(GUID);
    await screenshot(page, 'ca-blocked');
  });

  it('declined consent: Cancel on the permissions page ends on a friendly page, not another redirect', async () => {
    await start('declined-consent', 'Run in the browser');
    await continueToSignIn();
    expect(await text('h1')).toBe('Permissions requested');
    const response = await clickThrough(page, page.getByRole('button', { name: 'Cancel' }));
    expect(response.status()).toBe(403);
    expect(new URL(page.url()).pathname).toBe('/auth/redirect');
    expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
    expect(await text('h1')).toBe('Permission was not granted');
    expect(await page.locator('#try-again').innerText()).toBe('Sign in again');
    expect(await page.locator('.user-page dd', { hasText: /^AADSTS65004$/ }).count()).toBe(1);
    await screenshot(page, 'declined-consent');
  });

  it('redirect loop: two sign-in round trips go through, the third failure is stopped by the loop guard', async () => {
    await start('redirect-loop', 'Run in the browser');
    for (const round of [1, 2]) {
      expect(new URL(page.url()).pathname, `round ${round}`).toBe('/auth/signin');
      await continueToSignIn();
      const response = await clickThrough(page, page.getByRole('button', { name: 'Sign in' }));
      if (round === 2) expect(response.status()).toBe(500);
    }
    expect(await text('h1')).toBe('Sign-in keeps failing');
    expect(await text('.user-page')).toContain('we stopped instead of trying again');
    await screenshot(page, 'redirect-loop');
  });

  describe('call as API', () => {
    const expected: ReadonlyArray<readonly [scenario: string, status: number, header: string | null]> = [
      ['mfa', 401, 'error="insufficient_claims"'],
      ['consent', 403, 'error="insufficient_scope"'],
      ['admin-consent', 403, 'error="insufficient_scope"'],
      ['expired-refresh-token', 401, 'error="invalid_token"'],
      ['throttling', 503, null],
      ['bad-client-secret', 500, null],
      ['ca-blocked', 403, null],
      ['declined-consent', 403, null],
      ['redirect-loop', 401, 'error="insufficient_claims"'],
    ];

    it.each(expected)('%s answers the program with %i and problem+json', async (scenario, status, challenge) => {
      await start(scenario, 'Call as API');
      expect(await text('[data-field="status-line"]')).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      const headers = await text('[data-field="headers"]');
      expect(headers).toContain('content-type: application/problem+json; charset=utf-8');
      if (challenge) expect(headers).toContain(challenge);
      const body = JSON.parse(await text('[data-field="body"]')) as Record<string, unknown>;
      expect(body).toMatchObject({ type: 'about:blank', status });
      expect(body['correlationId']).toMatch(GUID);
      if (scenario === 'mfa') expect(JSON.parse(await text('[data-field="challenge-claims"]'))).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
      if (scenario === 'throttling') expect(Number(await text('[data-field="api-retry-after"]'))).toBe(body['retryAfter']);
      if (scenario === 'admin-consent') expect(body).toMatchObject({ adminConsent: true, adminConsentUrl: expect.stringContaining(`${demo.simulatorUrl}/${TENANT}/v2.0/adminconsent?`) });
      await screenshot(page, `api-${scenario}`);
    });
  });

  it('leaves a browser and an API screenshot of every scenario in test-results/browser', () => {
    const files = readdirSync(SCREENSHOTS);
    for (const scenario of ['mfa', 'consent', 'admin-consent', 'expired-refresh-token', 'throttling', 'bad-client-secret', 'ca-blocked', 'declined-consent', 'redirect-loop']) {
      expect(files.some((file) => file.startsWith(scenario) && file.endsWith('.png')), scenario).toBe(true);
      expect(files, scenario).toContain(`api-${scenario}.png`);
    }
  });
});
