import { describe, expect, it } from 'vitest';
import { aadErrorHandler } from '../../src/express/handler.js';
import type { AadErrorHandlerOptions } from '../../src/express/options.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { BROWSER, exchange, header, headerProblems } from './helpers.js';

// The hostile inputs here reach the handler as raw bodies, snapshots and text; `trustText: true` lets each
// one reach the answer paths under test. The trust boundary itself is tested in test/express/trust-boundary.test.ts.

// Header injection: CR, LF, NUL and quotes planted in everything upstream or a client controls — error
// fields, claims, scopes, correlation IDs, downstream headers, hook results — and every header the
// handler sets (Location, WWW-Authenticate, Retry-After, Set-Cookie, Content-Type) checked on the wire.

const NASTY = ['\r\nSet-Cookie: pwned=1', '\nX-Injected: 1', '\r', '\u0000', '"', '\\"', '", error="invalid_token', '\u2028\u0085', '\uD800', 'a\r\n\r\n<html>'];
const AUTHORITY = 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47';

type Planting = readonly [where: string, make: (nasty: string) => unknown, options?: AadErrorHandlerOptions];

function msal(name: string, fields: object, extra: Record<string, unknown> = {}): Error {
  const body = fields as Record<string, unknown>;
  return Object.assign(new Error(`${String(body['error'])}: ${String(body['error_description'])}`), { name, errorCode: body['error'], errorMessage: body['error_description'], subError: body['suberror'] ?? '', ...extra });
}

const PLANTINGS: Planting[] = [
  ['the OAuth error value', (n) => ({ ...entraErrorBody(50076), error: `invalid_grant${n}` })],
  ['the suberror', (n) => entraErrorBody(50076, { suberror: `basic_action${n}` })],
  ['the description', (n) => entraErrorBody(65001, { message: `consent ${n} needed`, suberror: 'consent_required' })],
  ['the correlation and trace IDs', (n) => ({ ...entraErrorBody(70008), correlation_id: `7c9e2d4f${n}`, trace_id: `0b5c${n}`, timestamp: `2025-01-23${n}` })],
  ['an error_codes entry', (n) => ({ ...entraErrorBody(70008), error_codes: [`70008${n}`, 50076] })],
  ['claims JSON with control characters', (n) => entraErrorBody(50076, { suberror: 'basic_action', claims: JSON.stringify({ access_token: { acrs: { essential: true, value: `c1${n}` } } }) })],
  ['claims that are not JSON', (n) => ({ ...entraErrorBody(50076, { suberror: 'basic_action' }), claims: `{"access_token":${n}` })],
  ['the MSAL error fields', (n) => msal('InteractionRequiredAuthError', entraErrorBody(50076, { suberror: 'basic_action' }), { correlationId: `id${n}`, claims: `{"id_token":{"x":"${n.replace(/["\\]/g, '')}"}}`, subError: `basic_action${n}` })],
  ['a downstream challenge’s scope', (n) => ({ status: 403, headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="Mail.Read ${n.replace(/["\\]/g, '\\$&')}"` }, body: '' }), { overrides: { rule: (d) => (d.error === 'insufficient_scope' ? { action: 'consent' } : undefined) } }],
  ['a downstream challenge’s claims and authorization_uri', (n) => ({ status: 401, headers: { 'www-authenticate': `Bearer realm="", authorization_uri="https://x${n.replace(/["\\]/g, '\\$&')}", error="insufficient_claims", claims="${Buffer.from(`{"access_token":{"nbf":{"essential":true,"value":"1${n.replace(/["\\]/g, '')}"}}}`).toString('base64')}"` }, body: '' })],
  ['downstream Retry-After and request IDs', (n) => ({ status: 429, headers: { 'retry-after': `5${n}`, 'retry-after-ms': `1${n}`, 'client-request-id': `c${n}`, 'x-ms-request-id': `r${n}` }, body: entraErrorBody(50196, { error: 'temporarily_unavailable' }) })],
  ['the signed-in account’s hints', () => entraErrorBody(70008), { account: () => ({ username: `adele@contoso.com\r\nX: 1`, loginHint: `hint\u0000"`, tenantId: 'x\r\n' }) }],
  ['onDecision’s scopes, claims and delay', () => entraErrorBody(50076, { suberror: 'basic_action' }), { onDecision: (d) => ({ scopes: [`User.Read\r\nX: 1`, '\uD800'], retryAfterMs: Number.NaN, claims: d.claims === null ? null : `{"a":"\r\n"}`, correlationId: 'x\r\ny' }) }],
  ['the admin-consent link from a function', () => entraErrorBody(90094), { clientId: 'c', adminConsentUrl: () => 'https://login.microsoftonline.com/common/adminconsent?client_id=c\r\nSet-Cookie: x=1' }],
  ['the authorize URL msal returns', () => entraErrorBody(70008), { msal: { getAuthCodeUrl: async () => `${AUTHORITY}/oauth2/v2.0/authorize?x=1\r\nSet-Cookie: x=1` }, authority: AUTHORITY, redirectUri: 'https://app.contoso.example/auth/redirect' }],
];

const REQUESTS = [
  ['a browser', { headers: { accept: BROWSER } }],
  ['an API caller', { headers: { accept: 'application/json' } }],
  ['a browser with a forged guard cookie', { headers: { accept: BROWSER, cookie: 'aad_loop_guard=MTIzNA.forged\r\nX: 1; __Host-aad_loop_guard="\u0000"' } }],
] as const;

describe.each(PLANTINGS.map((planting) => [planting[0], planting] as const))('CR/LF/NUL/quotes planted in %s', (_where, [, make, options = {}]) => {
  it.each(REQUESTS)('never reach a header sent to %s', async (_who, spec) => {
    for (const nasty of NASTY) {
      for (const exposeDetails of [false, true]) {
        const answer = await exchange(aadErrorHandler({ trustText: true, ...options, exposeDetails, clientId: options.clientId ?? 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c' }), make(nasty), spec);
        expect(answer.passedOn, `${JSON.stringify(nasty)}: the failure was answered`).toEqual([]);
        expect(headerProblems(answer), JSON.stringify(nasty)).toEqual([]);
        // A planted name may survive inside a sanitised value; it must never start a header line.
        expect(answer.head).not.toMatch(/^(?:Set-Cookie: pwned|X-Injected|X: 1)/im);
      }
    }
  });
});

describe('each header the handler sets', () => {
  it('Location carries the claims as base64url and escapes everything else', async () => {
    const answer = await exchange(aadErrorHandler({ trustText: true, allowedScopes: ['Mail.Read'], account: () => ({ username: 'a\u00e9b@contoso.com' }) }), { status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="Mail.Read \uD800 a\tb"' }, body: '' }, { headers: { accept: BROWSER } });
    expect(answer.status).toBe(302);
    expect(header(answer, 'location')).toMatch(/^\/auth\/signin\?returnTo=%2Fprofile&prompt=consent&scopes=Mail\.Read$/);
  });

  it('WWW-Authenticate quotes every param and keeps the challenge parseable', async () => {
    const answer = await exchange(aadErrorHandler({ trustText: true, clientId: 'c' }), { status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="A \\"B\\" C\\\\"' }, body: '' }, { headers: { accept: 'application/json' } });
    expect(headerProblems(answer)).toEqual([]);
  });

  it('Retry-After is whole seconds when onDecision returns a delay that is not a number (regression: "Retry-After: NaN")', async () => {
    for (const retryAfterMs of [Number.NaN, Number.POSITIVE_INFINITY, -5, '12' as unknown as number]) {
      const handler = aadErrorHandler({ trustText: true, onDecision: () => ({ retryAfterMs }), retryAfterSeconds: 7 });
      const answer = await exchange(handler, { status: 503, headers: {}, body: entraErrorBody(90055, { error: 'temporarily_unavailable' }) }, { headers: { accept: 'application/json' } });
      expect(answer.status).toBe(503);
      expect(header(answer, 'retry-after')).toMatch(/^[1-9]\d*$/);
    }
  });

  it('Set-Cookie holds only the signed guard value', async () => {
    const answer = await exchange(aadErrorHandler({ trustText: true }), entraErrorBody(70008), { headers: { accept: BROWSER, cookie: 'aad_loop_guard=AAAA.BBBB; other=1' } });
    // The count, and the per-browser ID it is signed over.
    expect(answer.headers.get('set-cookie')).toHaveLength(2);
    expect(headerProblems(answer)).toEqual([]);
  });

  it('Content-Type is one of two constants', async () => {
    const api = await exchange(aadErrorHandler({ trustText: true }), entraErrorBody(7000215), { headers: { accept: 'application/json' } });
    const page = await exchange(aadErrorHandler({ trustText: true }), entraErrorBody(7000215), { headers: { accept: BROWSER } });
    expect(header(api, 'content-type')).toBe('application/problem+json; charset=utf-8');
    expect(header(page, 'content-type')).toBe('text/html; charset=utf-8');
  });

  it('a lone surrogate in a downstream scope still gets the browser its redirect (regression: encodeURIComponent threw)', async () => {
    const handler = aadErrorHandler({ trustText: true, allowedScopes: ['Mail.Read'], overrides: { rule: (d) => (d.error === 'insufficient_scope' ? { action: 'consent' } : undefined) } });
    const answer = await exchange(handler, { status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="Mail.Read \uDC00"' }, body: '' }, { url: '/inbox\uD800', headers: { accept: BROWSER } });
    expect(answer.passedOn).toEqual([]);
    expect(answer.status).toBe(302);
    expect(header(answer, 'location')).toContain('returnTo=%2Finbox%EF%BF%BD');
    expect(header(answer, 'location')).toContain('scopes=Mail.Read');
  });
});
