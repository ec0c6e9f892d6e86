import { mkdirSync, readdirSync } from 'node:fs';
import type { Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID } from '../../examples/web-app/server.mjs';
import { clickThrough, hasChromium, screenshot, SCREENSHOTS } from './chromium.js';
import { demoInChromium } from './demo-in-chromium.js';

// `npm run demo` in a real browser: every scenario is clicked through as a newcomer would, and what the
// user sees is checked. Screenshots land in test-results/browser/. With UPDATE_README_IMAGES=1 the
// README's two screenshots in docs/images/ are refreshed too.

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The demo's narrative, step by step (issue 12: it must say what really happened, in order).
const decided = (action: string, code: string, rule: string, api = false): string =>
  `aadErrorHandler got an Entra ID failure${api ? ' for an API caller' : ''} and decided: ${action} (${code}), by the ${rule} rule`;
const answeredWithPage = (kind: string, status: number): string => `It answered the browser with the “${kind}” page (HTTP ${status}) instead of a redirect`;
const redirected = (request: string): string => `It redirected the browser to your sign-in route, which built the Entra ID sign-in request${request}`;
const followedLink = (link: string): string => `The user followed the “${link}” link to your sign-in route (no redirect from aadErrorHandler), which built the Entra ID sign-in request`;
const SIGNED_IN = 'The simulated Entra ID signed the user in and sent the browser back with a code; the redirect URI redeemed it with msal-node';
const GOT_TOKEN = 'The same route ran the same msal-node call again and got a token (from msal-node’s cache, filled by the sign-in)';
const ADMIN_APPROVED = 'An administrator opened the approval link and accepted the permissions for the organization; the simulated Entra ID sent them back with admin_consent=True';
const HINT = ' and login_hint=adele@contoso.onmicrosoft.com';
const MFA_DECIDED = decided('claims_challenge', 'AADSTS50076', 'claims');
const MFA_REDIRECT = redirected(` with the claims challenge${HINT}`);
const LOOP_STOPPED = 'The redirect-loop guard counted the third sign-in redirect within five minutes and answered with its page (HTTP 500) instead';
/** Runs in the browser: each protocol word whose characters lie on more than one line. */
const SPLIT_WORDS_IN_PAGE = `(words) => {
  const split = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of words) {
      for (let at = node.data.indexOf(word); at !== -1; at = node.data.indexOf(word, at + 1)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        if (new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1) split.push(word);
      }
    }
  }
  return split;
}`;
/** Protocol words that a narrow column must never split across two lines. */
const PROTOCOL_WORDS = ['insufficient_claims', 'insufficient_scope', 'invalid_grant', 'invalid_token', 'authorization_uri', 'client_id', 'login_hint', 'domain_hint', 'access_token', 'consent_required', 'basic_action', 'bad_token', 'temporarily_unavailable', 'admin_consent'];
const title = hasChromium
  ? 'the demo in Chromium'
  : 'the demo in Chromium: /usr/bin/chromium is not installed (apt-get install -y --no-install-recommends chromium)';

if (!hasChromium) console.warn(`SKIPPED ${title}`);

describe.skipIf(!hasChromium)(title, () => {
  const session = demoInChromium();

  async function start(scenario: string, button: 'Run in the browser' | 'Call as API'): Promise<Response> {
    await session.page.goto(`${session.demo.url}/`);
    return clickThrough(session.page, session.page.locator(`#${scenario}`).getByRole('button', { name: button }));
  }

  const text = (selector: string): Promise<string> => session.page.locator(selector).first().innerText();

  /** The page's "What happened" list, and a check that the eyebrow's step number is its length. */
  async function steps(): Promise<string[]> {
    const items = await session.page.locator('ol.timeline li').allInnerTexts();
    const eyebrow = (await session.page.locator('.eyebrow').first().textContent()) ?? '';
    if (!eyebrow.includes('called as an API')) expect(eyebrow, 'the eyebrow counts the steps so far').toContain(` · step ${items.length} · `);
    return items;
  }

  /** From the demo's sign-in route page on to the simulated Entra ID's page. */
  async function continueToSignIn(): Promise<void> {
    await clickThrough(session.page, session.page.locator('#continue'));
    expect(new URL(session.page.url()).origin).toBe(session.demo.simulatorUrl);
  }

  it('lists every scenario on the home page', async () => {
    const response = await session.page.goto(`${session.demo.url}/`);
    expect(response?.status()).toBe(200);
    const names = await session.page.locator('article.scenario h2').allInnerTexts();
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
    expect(await session.page.getByRole('button', { name: 'Call as API' }).count()).toBe(9);
    await screenshot(session.page, 'home');
    if (process.env['UPDATE_README_IMAGES'] === '1') {
      mkdirSync('docs/images', { recursive: true });
      await session.page.screenshot({ path: 'docs/images/demo-home.png' });
    }
  });

  it('opens each card in plain words and keeps a glossary one click away', async () => {
    await session.page.goto(`${session.demo.url}/`);
    const first = await session.page.locator('article.scenario').first().locator('p.summary').innerText();
    expect(first).toMatch(/^Your organization wants a second sign-in factor/);
    expect(await session.page.locator('article.scenario p.summary').count()).toBe(9);
    await clickThrough(session.page, session.page.locator('#glossary-link'));
    expect(new URL(session.page.url()).pathname).toBe('/glossary');
    for (const term of ['invalid_grant', 'suberror', 'claims', 'acrs', 'cae']) expect(await session.page.locator(`dt#${term}`).count(), term).toBe(1);
    expect(await text('dt#cae')).toBe('CAE (Continuous Access Evaluation)');
    expect(await session.page.locator('header nav a', { hasText: 'Glossary' }).getAttribute('href')).toBe('/glossary');
    await screenshot(session.page, 'glossary');
  });

  it.each([1280, 390])('never splits a protocol word across lines at %i px wide', async (width) => {
    /** Protocol words whose letters land on more than one line (run in the page: this project has no DOM types). */
    const splitWords = (): Promise<string[]> => session.page.evaluate(`(${SPLIT_WORDS_IN_PAGE})(${JSON.stringify(PROTOCOL_WORDS)})`);
    await session.page.setViewportSize({ width, height: 900 });
    try {
      await session.page.goto(`${session.demo.url}/`);
      expect(await splitWords(), 'home').toEqual([]);
      await start('mfa', 'Call as API');
      expect(await splitWords(), 'MFA as an API').toEqual([]);
      await start('admin-consent', 'Call as API');
      expect(await splitWords(), 'admin consent as an API').toEqual([]);
      await start('mfa', 'Run in the browser');
      expect(await splitWords(), 'the sign-in route').toEqual([]);
      await screenshot(session.page, `narrow-${width}`);
    } finally {
      await session.page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('MFA: the redirect carries the claims, the sign-in page shows them, and the new token satisfies them', async () => {
    await start('mfa', 'Run in the browser');
    expect(session.page.url()).toContain(`${session.demo.url}/auth/signin?returnTo=%2Fscenarios%2Fmfa%2Frun%2F`);
    expect(JSON.parse(await text('[data-field="redirect-claims"]'))).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
    expect(await text('h1')).toBe('aadErrorHandler sent the browser to your sign-in route');
    expect(await steps()).toEqual([MFA_DECIDED, MFA_REDIRECT]);
    await screenshot(session.page, 'mfa-1-sign-in-route');
    if (process.env['UPDATE_README_IMAGES'] === '1') await session.page.screenshot({ path: 'docs/images/demo-claims.png' });
    await continueToSignIn();
    const received = JSON.parse(await text('[data-field="claims"]')) as { access_token: Record<string, unknown> };
    expect(received.access_token['acrs']).toEqual({ essential: true, value: 'c1' });
    expect(await text('[data-field="login_hint"]')).toBe('adele@contoso.onmicrosoft.com');
    await screenshot(session.page, 'mfa-2-simulated-sign-in');
    const back = await clickThrough(session.page, session.page.getByRole('button', { name: 'Sign in' }));
    expect(back.status()).toBe(200);
    expect(await text('[data-field="outcome"]')).toBe('Back in the app: the token call succeeded');
    expect(await session.page.locator('dd', { hasText: /^c1$/ }).count()).toBe(1);
    expect(await steps()).toEqual([MFA_DECIDED, MFA_REDIRECT, SIGNED_IN, GOT_TOKEN]);
    await screenshot(session.page, 'mfa-3-back-in-the-app');
  });

  it('consent: the sign-in page is asked for consent and the user comes back signed in', async () => {
    await start('consent', 'Run in the browser');
    expect(new URL(session.page.url()).searchParams.get('prompt')).toBe('consent');
    await continueToSignIn();
    expect(await text('h1')).toBe('Permissions requested');
    expect(await text('[data-field="prompt"]')).toBe('consent');
    await screenshot(session.page, 'consent-1-permissions');
    await clickThrough(session.page, session.page.getByRole('button', { name: 'Sign in' }));
    expect(await text('[data-field="outcome"]')).toBe('Back in the app: the token call succeeded');
    expect(await steps()).toEqual([decided('consent', 'AADSTS65001', 'suberror'), redirected(` with prompt=consent${HINT}`), SIGNED_IN, GOT_TOKEN]);
    await screenshot(session.page, 'consent-2-back-in-the-app');
  });

  it('admin consent: a 403 page with the tenant admin-consent link, which the simulator honours', async () => {
    const response = await start('admin-consent', 'Run in the browser');
    expect(response.status()).toBe(403);
    expect(await text('h1')).toBe('An administrator must approve this app');
    const link = new URL((await session.page.locator('#admin-consent').getAttribute('href')) ?? '');
    expect(`${link.origin}${link.pathname}`).toBe(`${session.demo.simulatorUrl}/${TENANT}/v2.0/adminconsent`);
    expect(link.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(link.searchParams.get('scope')).toBe('https://graph.microsoft.com/.default');
    expect(link.searchParams.get('redirect_uri')).toBe(`${session.demo.url}/auth/admin-consent`);
    await screenshot(session.page, 'admin-consent-1-page');
    await clickThrough(session.page, session.page.locator('#admin-consent'));
    expect(await text('[data-field="client_id"]')).toBe(CLIENT_ID);
    await screenshot(session.page, 'admin-consent-2-simulated-approval');
    await clickThrough(session.page, session.page.getByRole('button', { name: 'Accept' }));
    expect(await text('[data-field="outcome"]')).toBe('An administrator approved the app');
    expect(await session.page.locator('dd', { hasText: /^True$/ }).count()).toBe(1);
    const adminPage = [decided('consent', 'AADSTS90094', 'code'), answeredWithPage('admin_consent', 403)];
    expect(await steps()).toEqual([...adminPage, ADMIN_APPROVED]);
    await screenshot(session.page, 'admin-consent-3-approved');
    // The way back opens the sign-in route (the user's tokens predate the approval): no 302 from the handler.
    await clickThrough(session.page, session.page.locator('#sign-in-again'));
    expect(await text('h1')).toBe('The user opened your sign-in route from a link');
    expect(await session.page.locator('main').innerText()).not.toContain('302');
    const linkStep = followedLink('Sign in again and run the same call');
    expect(await steps()).toEqual([...adminPage, ADMIN_APPROVED, linkStep]);
    await continueToSignIn();
    await clickThrough(session.page, session.page.getByRole('button', { name: 'Sign in' }));
    expect(await text('[data-field="outcome"]')).toBe('Back in the app: the token call succeeded');
    expect(await steps()).toEqual([...adminPage, ADMIN_APPROVED, linkStep, SIGNED_IN, GOT_TOKEN]);
    await screenshot(session.page, 'admin-consent-4-back-in-the-app');
  });

  it('admin consent declined: the administrator who cancels gets a page for the organization, not "sign in again and accept"', async () => {
    await start('admin-consent', 'Run in the browser');
    await clickThrough(session.page, session.page.locator('#admin-consent'));
    const response = await clickThrough(session.page, session.page.getByRole('button', { name: 'Cancel' }));
    expect(response.status()).toBe(403);
    expect(new URL(session.page.url()).pathname).toBe('/auth/admin-consent');
    expect(await text('h1')).toBe('The app was not approved for your organization');
    expect(await text('.user-page')).toContain('only an administrator can approve the app');
    expect(await text('.user-page')).not.toContain('Sign in again and accept');
    expect(await session.page.locator('#try-again').count()).toBe(0);
    expect(await session.page.locator('#admin-consent').count()).toBe(1);
    expect(await steps()).toEqual([decided('consent', 'AADSTS90094', 'code'), answeredWithPage('admin_consent', 403), decided('fail', 'AADSTS65004', 'code'), answeredWithPage('admin_declined', 403)]);
    await screenshot(session.page, 'admin-consent-declined');
  });

  it('expired refresh token: the sign-in page gets the login hint and no prompt', async () => {
    await start('expired-refresh-token', 'Run in the browser');
    const query = new URL(session.page.url()).searchParams;
    expect([query.get('login_hint'), query.get('domain_hint'), query.get('prompt')]).toEqual(['adele@contoso.onmicrosoft.com', 'organizations', null]);
    await continueToSignIn();
    expect(await text('[data-field="login_hint"]')).toBe('adele@contoso.onmicrosoft.com');
    await clickThrough(session.page, session.page.getByRole('button', { name: 'Sign in' }));
    expect(await text('[data-field="outcome"]')).toBe('Back in the app: the token call succeeded');
    expect(await steps()).toEqual([decided('reauthenticate', 'AADSTS700082', 'suberror'), redirected(HINT), SIGNED_IN, GOT_TOKEN]);
    await screenshot(session.page, 'expired-refresh-token');
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
    expect(await steps()).toEqual([decided('retry', 'AADSTS90055', 'transport'), answeredWithPage('retry', 503)]);
    await screenshot(session.page, 'throttling');
  });

  it('bad client secret: a 500 page for the developer, with the code and correlation ID', async () => {
    const response = await start('bad-client-secret', 'Run in the browser');
    expect(response.status()).toBe(500);
    expect(await text('h1')).toBe('This app is not set up correctly');
    expect(await session.page.locator('.user-page dd', { hasText: /^AADSTS7000215$/ }).count()).toBe(1);
    expect(await text('[data-field="correlation-id"]')).toMatch(GUID);
    expect(await steps()).toEqual([decided('fail', 'AADSTS7000215', 'code'), answeredWithPage('error', 500)]);
    await screenshot(session.page, 'bad-client-secret');
  });

  it('Conditional Access block: a 403 page for the administrator, with no redirect', async () => {
    const response = await start('ca-blocked', 'Run in the browser');
    expect(response.status()).toBe(403);
    expect(new URL(session.page.url()).pathname).toMatch(/^\/scenarios\/ca-blocked\/run\//);
    expect(await text('h1')).toBe("Your organization's settings block this sign-in");
    expect(await text('[data-field="correlation-id"]')).toMatch(GUID);
    expect(await steps()).toEqual([decided('fail', 'AADSTS53003', 'code'), answeredWithPage('error', 403)]);
    await screenshot(session.page, 'ca-blocked');
  });

  it('declined consent: Cancel on the permissions page ends on a friendly page, not another redirect', async () => {
    await start('declined-consent', 'Run in the browser');
    await continueToSignIn();
    expect(await text('h1')).toBe('Permissions requested');
    const response = await clickThrough(session.page, session.page.getByRole('button', { name: 'Cancel' }));
    expect(response.status()).toBe(403);
    expect(new URL(session.page.url()).pathname).toBe('/auth/redirect');
    expect(new URL(session.page.url()).searchParams.get('error')).toBe('access_denied');
    expect(await text('h1')).toBe('Permission was not granted');
    expect(await session.page.locator('#try-again').innerText()).toBe('Sign in again');
    expect(await session.page.locator('.user-page dd', { hasText: /^AADSTS65004$/ }).count()).toBe(1);
    expect(await steps()).toEqual([decided('consent', 'AADSTS65001', 'suberror'), redirected(` with prompt=consent${HINT}`), decided('fail', 'AADSTS65004', 'code'), answeredWithPage('declined', 403)]);
    await screenshot(session.page, 'declined-consent');
  });

  it('redirect loop: two sign-in round trips go through, the third failure is stopped by the loop guard', async () => {
    await start('redirect-loop', 'Run in the browser');
    const round = [MFA_DECIDED, MFA_REDIRECT];
    for (const [index, roundNumber] of [1, 2].entries()) {
      expect(new URL(session.page.url()).pathname, `round ${roundNumber}`).toBe('/auth/signin');
      // Round 2's page is step 5, not "step 2 of 3": the count follows the timeline.
      expect(await steps()).toEqual(index === 0 ? round : [...round, SIGNED_IN, ...round]);
      await continueToSignIn();
      const response = await clickThrough(session.page, session.page.getByRole('button', { name: 'Sign in' }));
      if (roundNumber === 2) expect(response.status()).toBe(500);
    }
    expect(await text('h1')).toBe('Sign-in keeps failing');
    expect(await steps()).toEqual([...round, SIGNED_IN, ...round, SIGNED_IN, MFA_DECIDED, LOOP_STOPPED]);
    expect(await text('.user-page')).toContain('we stopped instead of trying again');
    await screenshot(session.page, 'redirect-loop');
  });

  describe('call as API', () => {
    const expected: ReadonlyArray<readonly [scenario: string, status: number, header: string | null, step: string]> = [
      ['mfa', 401, 'error="insufficient_claims"', decided('claims_challenge', 'AADSTS50076', 'claims', true)],
      ['consent', 403, 'error="insufficient_scope"', decided('consent', 'AADSTS65001', 'suberror', true)],
      ['admin-consent', 403, 'error="insufficient_scope"', decided('consent', 'AADSTS90094', 'code', true)],
      ['expired-refresh-token', 401, 'error="invalid_token"', decided('reauthenticate', 'AADSTS700082', 'suberror', true)],
      ['throttling', 503, null, decided('retry', 'AADSTS90055', 'transport', true)],
      ['bad-client-secret', 500, null, decided('fail', 'AADSTS7000215', 'code', true)],
      ['ca-blocked', 403, null, decided('fail', 'AADSTS53003', 'code', true)],
      ['declined-consent', 403, null, decided('fail', 'AADSTS65004', 'code', true)],
      ['redirect-loop', 401, 'error="insufficient_claims"', decided('claims_challenge', 'AADSTS50076', 'claims', true)],
    ];

    it.each(expected)('%s answers the program with %i and problem+json', async (scenario, status, challenge, step) => {
      await start(scenario, 'Call as API');
      expect(await steps()).toEqual([step]);
      expect(await text('[data-field="status-line"]')).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      const headers = await text('[data-field="headers"]');
      expect(headers).toContain('content-type: application/problem+json; charset=utf-8');
      if (challenge) expect(headers).toContain(challenge);
      const body = JSON.parse(await text('[data-field="body"]')) as Record<string, unknown>;
      expect(body).toMatchObject({ type: 'about:blank', status });
      expect(body['correlationId']).toMatch(GUID);
      if (scenario === 'mfa') expect(JSON.parse(await text('[data-field="challenge-claims"]'))).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
      if (scenario === 'throttling') expect(Number(await text('[data-field="api-retry-after"]'))).toBe(body['retryAfter']);
      if (scenario === 'admin-consent') {
        // One answer, one sign-in host: the admin-consent link is on the authority the challenge names.
        const authorizationUri = /authorization_uri="([^"]+)"/.exec(headers)?.[1] ?? '';
        expect(body).toMatchObject({ adminConsent: true, adminConsentUrl: expect.stringContaining(`https://login.entra-sim.test/${TENANT}/v2.0/adminconsent?`) });
        expect(new URL(String(body['adminConsentUrl'])).origin).toBe(new URL(authorizationUri).origin);
        expect(await session.page.locator('main').innerText()).not.toContain(session.demo.simulatorUrl);
      }
      await screenshot(session.page, `api-${scenario}`);
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
