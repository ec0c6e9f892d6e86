import { describe, expect, it } from 'vitest';
import { aadErrorHandler } from '../../src/express/handler.js';
import { aadSignInCallback, type SignInCallbackError } from '../../src/express/callback.js';
import { isSafeReturnTo } from '../../src/express/return-to.js';
import { signInRequestFromQuery } from '../../src/express/sign-in.js';
import { decodeSignInState } from '../../src/express/sign-in.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { APP_ORIGIN, BROWSER, exchange, header, resolvedOrigin } from './helpers.js';
import type { IncomingMessage } from 'node:http';

// The hostile inputs here reach the handler as raw bodies, snapshots and text; `trustText: true` lets each
// one reach the answer paths under test. The trust boundary itself is tested in test/express/trust-boundary.test.ts.

// Open redirects: known payloads against `returnTo` (query, request URL, OAuth state) and against every
// redirect the middleware builds (sign-in route, direct authorize URL, admin-consent link). Whatever
// the payload, the browser ends up on this app's origin or on the configured authority.

const AUTHORITY = 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47';
const EVIL = 'evil.example';

/** Payloads that leave the origin in some browser, server or proxy (each must be refused). */
const UNSAFE = [
  `//${EVIL}`, `///${EVIL}`, `////${EVIL}`, `/\\${EVIL}`, `\\\\${EVIL}`, `\\/${EVIL}`, `/\\/${EVIL}`, `//\\${EVIL}`,
  `https://${EVIL}`, `http://${EVIL}`, `HTTPS://${EVIL}`, `https:${EVIL}`, `https:/${EVIL}`, `https:\\\\${EVIL}`, `//${EVIL}/%2F..`, `//${EVIL}@app.contoso.example`,
  `/%2F%2F${EVIL}`, `/%2f%2f${EVIL}`, `/%5C${EVIL}`, `/%5c${EVIL}`, `/%2F%5C${EVIL}`, `/%5C%5C${EVIL}`, `/%252F%252F${EVIL}`, `/%25252F%25252F${EVIL}`, `/%2525252F%2525252F${EVIL}`,
  `/%09/${EVIL}`, `/%0A/${EVIL}`, `/%0D/${EVIL}`, `/%0d%0aLocation:%20https://${EVIL}`, `/%00/${EVIL}`, `/\t/${EVIL}`, `/\n/${EVIL}`, `/\r/${EVIL}`, `/\u0000/${EVIL}`,
  `%2F%2F${EVIL}`, `%5C%5C${EVIL}`, 'javascript:alert(1)', 'JaVaScRiPt:alert(document.domain)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)',
  EVIL, `.${EVIL}`, `@${EVIL}`, ` //${EVIL}`, `\u3000//${EVIL}`, `https://app.contoso.example.${EVIL}`, `https://app.contoso.example@${EVIL}`, '', 'x'.repeat(3000),
];

/** Odd but same-origin paths: accepted or not, they must stay on this origin. */
const ODD_BUT_LOCAL = ['/@evil.example', '/javascript:alert(1)', '/.//evil.example', '/%2e%2e/%2e%2e/admin', '/\u2215\u2215evil.example', '/a?next=//evil.example', '/a#//evil.example', '/%E3%80%82evil.example'];

const NONCE = 'AAAAAAAAAAAAAAAAAAAAAA';
const stateFor = (returnTo: string): string => Buffer.from(JSON.stringify({ v: 1, r: returnTo, n: NONCE }), 'utf8').toString('base64url');

/** A real msal-node-shaped reauthenticate failure (70008, refresh token expired). */
function expiredGrant(): Error {
  const body = entraErrorBody(70008, { error: 'invalid_grant' });
  return Object.assign(new Error(`invalid_grant: ${body.error_description}`), { name: 'InteractionRequiredAuthError', errorCode: 'invalid_grant', errorMessage: body.error_description, subError: '', status: 400 });
}

function returnToOf(location: string | undefined): string {
  expect(location).toMatch(/^\/auth\/signin\?/);
  return new URL(location!, APP_ORIGIN).searchParams.get('returnTo')!;
}

describe('open-redirect payloads', () => {
  it('are at least 40 known ones', () => {
    expect(UNSAFE.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(UNSAFE.map((payload) => [JSON.stringify(payload).slice(0, 60), payload] as const))('%s', (_label, payload) => {
    it('is refused by isSafeReturnTo', () => {
      expect(isSafeReturnTo(payload)).toBe(false);
    });

    it('becomes / in the state signInRequestFromQuery makes, encoded or raw in the query', () => {
      for (const query of [encodeURIComponent(payload), payload.replace(/[\s#&]/g, encodeURIComponent)]) {
        const req = { url: `/auth/signin?returnTo=${query}`, headers: {}, session: {} } as unknown as IncomingMessage;
        const request = signInRequestFromQuery(req, { redirectUri: `${APP_ORIGIN}/auth/redirect` });
        expect(decodeSignInState(request.state)?.returnTo).toBe('/');
      }
    });

    it('becomes / when it is the URL of the request that failed', async () => {
      const answer = await exchange(aadErrorHandler({ trustText: true }), expiredGrant(), { url: payload, headers: { accept: BROWSER } });
      expect(answer.status).toBe(302);
      expect(returnToOf(header(answer, 'location'))).toBe('/');
    });

    it('becomes / when the sign-in route itself fails with it as returnTo', async () => {
      const answer = await exchange(aadErrorHandler({ trustText: true }), expiredGrant(), { url: `/auth/signin?returnTo=${encodeURIComponent(payload)}`, headers: { accept: BROWSER } });
      expect(returnToOf(header(answer, 'location'))).toBe('/');
    });

    it('becomes / when it comes back in the OAuth state of a failed sign-in', async () => {
      expect(decodeSignInState(stateFor(payload))?.returnTo).toBe('/');
      const callback = await callbackError(`error=interaction_required&error_description=AADSTS50076%3A+mfa&state=${stateFor(payload)}`);
      expect(callback.returnTo).toBe('/');
      const redirect = await exchange(aadErrorHandler({ trustText: true }), callback, { url: '/auth/redirect', headers: { accept: BROWSER } });
      expect(returnToOf(header(redirect, 'location'))).toBe('/');
      const declined = await exchange(aadErrorHandler({ trustText: true }), await callbackError(`error=access_denied&error_description=AADSTS65004%3A+declined&state=${stateFor(payload)}`), { url: '/auth/redirect', headers: { accept: BROWSER } });
      expect(declined.status).toBe(403);
      const href = /href="([^"]*)"/.exec(declined.body)?.[1]?.replaceAll('&amp;', '&');
      expect(returnToOf(href)).toBe('/');
    });
  });

  it.each(ODD_BUT_LOCAL)('%j stays on this origin wherever it is used', async (payload) => {
    if (isSafeReturnTo(payload)) expect(resolvedOrigin(payload)).toBe(APP_ORIGIN);
    const answer = await exchange(aadErrorHandler({ trustText: true }), expiredGrant(), { url: payload, headers: { accept: BROWSER } });
    const returnTo = returnToOf(header(answer, 'location'));
    expect(resolvedOrigin(returnTo)).toBe(APP_ORIGIN);
    expect(resolvedOrigin(header(answer, 'location')!)).toBe(APP_ORIGIN);
  });
});

async function callbackError(query: string): Promise<SignInCallbackError> {
  const req = { method: 'GET', url: `/auth/redirect?${query}`, headers: {} } as IncomingMessage;
  return new Promise((resolve) => aadSignInCallback()(req, {} as never, (err) => resolve(err as SignInCallbackError)));
}

describe('the direct authorize redirect', () => {
  const authorizeUrls = [
    `https://${EVIL}/oauth2/v2.0/authorize`, `https://login.microsoftonline.com.${EVIL}/authorize`, `https://login.microsoftonline.com@${EVIL}/authorize`,
    `//${EVIL}/authorize`, `/\\${EVIL}`, `http://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize`, 'javascript:alert(1)',
    `${AUTHORITY}/oauth2/v2.0/authorize?x=1\r\nLocation: https://${EVIL}`, `${AUTHORITY}/oauth2/v2.0/authorize?redirect_uri=\u2028`, `https://login.microsoftonline.com:444/x`, '',
  ];

  it.each(authorizeUrls)('falls back to loginPath when msal returns %j', async (url) => {
    const handler = aadErrorHandler({ trustText: true, msal: { getAuthCodeUrl: async () => url }, authority: AUTHORITY, redirectUri: `${APP_ORIGIN}/auth/redirect` });
    const answer = await exchange(handler, expiredGrant(), { headers: { accept: BROWSER } });
    expect(answer.status).toBe(302);
    expect(header(answer, 'location')).toMatch(/^\/auth\/signin\?returnTo=/);
  });

  it('goes to the authority when msal returns its authorize URL', async () => {
    const url = `${AUTHORITY}/oauth2/v2.0/authorize?client_id=c&state=s`;
    const handler = aadErrorHandler({ trustText: true, msal: { getAuthCodeUrl: async () => url }, authority: AUTHORITY, redirectUri: `${APP_ORIGIN}/auth/redirect` });
    expect(header(await exchange(handler, expiredGrant(), { headers: { accept: BROWSER } }), 'location')).toBe(url);
  });
});

describe('the admin-consent link', () => {
  /** An admin-only consent failure (90094) whose downstream challenge names the payload as a scope. */
  const adminConsent = (scope: string) => ({
    status: 403,
    headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope.replace(/["\\]/g, '\\$&')}"` },
    body: entraErrorBody(90094, { error: 'invalid_grant' }),
  });
  const handler = aadErrorHandler({ trustText: true, clientId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', authority: AUTHORITY, scopes: ['User.Read'], redirectUri: `${APP_ORIGIN}/auth/redirect` });

  it.each(UNSAFE.slice(0, 24))('points at the authority whatever the challenge names as a scope (%j)', async (payload) => {
    for (const spec of [{ headers: { accept: BROWSER } }, { headers: { accept: 'application/json' } }]) {
      const answer = await exchange(handler, adminConsent(`User.Read ${payload}`), spec);
      expect(answer.status).toBe(403);
      const link = spec.headers.accept === BROWSER ? /href="([^"]*)"/.exec(answer.body)?.[1]?.replaceAll('&amp;', '&') : (JSON.parse(answer.body) as { adminConsentUrl?: string }).adminConsentUrl;
      const url = new URL(link!);
      expect(url.origin).toBe('https://login.microsoftonline.com');
      expect(url.pathname).toMatch(/^\/72f988bf-86f1-41af-91ab-2d7cd011db47\/(?:v2\.0\/)?adminconsent$/);
      expect(url.searchParams.get('redirect_uri')).toBe(`${APP_ORIGIN}/auth/redirect`);
    }
  });

  it.each(['javascript:alert(1)', 'data:text/html,x', `//${EVIL}`, `/${EVIL}`, 'vbscript:x', ' https://x'])('is left out when adminConsentUrl gives %j', async (url) => {
    const custom = aadErrorHandler({ trustText: true, clientId: 'c', adminConsentUrl: () => url });
    const answer = await exchange(custom, adminConsent('User.Read'), { headers: { accept: BROWSER } });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain(url.trim());
    expect(answer.body).not.toMatch(/href="(?!\/auth\/signin)/);
  });
});
