import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { aadErrorFromResponse } from '../../src/express/downstream.js';
import { decodeClaims } from '../../src/parse/claims.js';
import { parseWwwAuthenticate } from '../../src/parse/www-authenticate.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { BAD_SECRET_BODY, CA_CLAIMS, CONSENT_BODY, EXPIRED_GRANT_BODY, MFA_BODY, TRACE } from '../fixtures/entra-inputs.js';
import { AUTHORITY, CLIENT_ID, fakeAuthority } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, EXPRESS_VERSIONS, locationQuery, newMsal, tokenFails } from './helpers.js';

// Every action, answered to a browser and to an API caller, on Express 4 and 5, for failures raised by
// real msal-node flows against the faked authority.

const AUTHORIZE = `${AUTHORITY}/oauth2/v2.0/authorize`;

beforeEach(() => fakeAuthority());

describe.each(EXPRESS_VERSIONS)('aadErrorHandler on %s', (_name, express, forwardsAsync) => {
  const build = (handler = {}) => createApp(express, forwardsAsync, { handler: { scopes: ['User.Read'], ...handler } });

  describe('reauthenticate', () => {
    it('redirects a browser to the sign-in route with returnTo', async () => {
      const { app } = build();
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).get('/token/refresh_token?tab=2').set('Accept', BROWSER).expect(302);
      expect(res.headers['location']).toMatch(/^\/auth\/signin\?/);
      const query = locationQuery(res.headers['location']);
      expect(query.get('returnTo')).toBe('/token/refresh_token?tab=2');
      expect(query.has('claims')).toBe(false);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('answers an API caller with 401, a Bearer invalid_token challenge and problem+json', async () => {
      const { app } = build();
      const sent = tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).post('/token/refresh_token').set('Accept', 'application/json').expect(401);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.headers['www-authenticate']).toBe(`Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/v2.0/authorize", error="invalid_token"`);
      expect(res.body).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401, action: 'reauthenticate', code: 'AADSTS70008', correlationId: sent.correlationId, traceId: TRACE });
      expect(sent.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('names the client ID and the authority read from msal in the challenge', async () => {
      const msal = newMsal();
      const { app } = createApp(express, forwardsAsync, { handler: { msal } });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).post('/token/refresh_token').expect(401);
      expect(res.headers['www-authenticate']).toBe(`Bearer realm="", authorization_uri="${AUTHORIZE}", client_id="${CLIENT_ID}", error="invalid_token"`);
    });
  });

  describe('claims_challenge', () => {
    it('redirects a browser to sign-in carrying the claims', async () => {
      const { app } = build();
      tokenFails(400, MFA_BODY);
      const res = await request(app).get('/token/on_behalf_of').set('Accept', BROWSER).expect(302);
      const query = locationQuery(res.headers['location']);
      expect(JSON.parse(decodeClaims(query.get('claims') ?? undefined)!)).toEqual(JSON.parse(CA_CLAIMS));
      expect(query.get('returnTo')).toBe('/token/on_behalf_of');
    });

    it("answers an API caller with Microsoft's documented claims challenge", async () => {
      const { app } = build({ clientId: CLIENT_ID, authority: AUTHORITY });
      tokenFails(400, MFA_BODY);
      const res = await request(app).post('/token/on_behalf_of').expect(401);
      const encoded = Buffer.from(CA_CLAIMS).toString('base64');
      expect(res.headers['www-authenticate']).toBe(
        `Bearer realm="", authorization_uri="${AUTHORIZE}", client_id="${CLIENT_ID}", error="insufficient_claims", claims="${encoded}"`,
      );
      const [challenge] = parseWwwAuthenticate(res.headers['www-authenticate']!);
      expect(decodeClaims(challenge!.params['claims'])).toBe(JSON.stringify(JSON.parse(CA_CLAIMS)));
      expect(res.body).toMatchObject({ status: 401, action: 'claims_challenge', code: 'AADSTS50076', claims: encoded });
    });
  });

  describe('consent', () => {
    it('redirects a browser to sign-in with prompt=consent', async () => {
      const { app } = build();
      tokenFails(400, CONSENT_BODY);
      const res = await request(app).get('/token/on_behalf_of').set('Accept', BROWSER).expect(302);
      expect(locationQuery(res.headers['location']).get('prompt')).toBe('consent');
    });

    it('answers an API caller with 403 insufficient_scope naming the scopes', async () => {
      const { app } = build();
      tokenFails(400, CONSENT_BODY);
      const res = await request(app).post('/token/on_behalf_of').expect(403);
      expect(res.headers['www-authenticate']).toBe(`Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/v2.0/authorize", error="insufficient_scope", scope="User.Read"`);
      expect(res.body).toMatchObject({ status: 403, action: 'consent', adminConsent: false, scope: 'User.Read', code: 'AADSTS65001' });
    });
  });

  describe('admin-only consent', () => {
    for (const code of [90094, 90095]) {
      it(`shows a browser the administrator page with the tenant's admin-consent link for AADSTS${code}`, async () => {
        const { app } = build({ clientId: CLIENT_ID, authority: AUTHORITY });
        const sent = tokenFails(400, entraErrorBody(code, { error: 'invalid_grant' }));
        const res = await request(app).get('/token/auth_code').set('Accept', BROWSER).expect(403);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.text).toContain('An administrator must approve this app');
        expect(res.text).toContain(`https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/adminconsent?client_id=${CLIENT_ID}`);
        expect(res.text).toContain(`<dt>Correlation ID</dt><dd>${sent.correlationId}</dd>`);
        expect(res.headers['location']).toBeUndefined();
      });
    }

    it('uses the v2.0 admin-consent form when scopes and a redirect URI are known', async () => {
      const { app } = build({ clientId: CLIENT_ID, authority: AUTHORITY, redirectUri: 'https://app.contoso.com/auth/redirect', scopes: ['openid', 'https://graph.microsoft.com/Mail.Read'] });
      tokenFails(400, entraErrorBody(90094, { error: 'invalid_grant' }));
      const res = await request(app).get('/token/on_behalf_of').set('Accept', BROWSER).expect(403);
      const expected = `${AUTHORITY}/v2.0/adminconsent?client_id=${CLIENT_ID}&amp;scope=https%3A%2F%2Fgraph.microsoft.com%2FMail.Read&amp;redirect_uri=https%3A%2F%2Fapp.contoso.com%2Fauth%2Fredirect`;
      expect(res.text).toContain(expected);
    });

    it('treats 65001 as admin-only when an override says user consent is disabled in the tenant', async () => {
      const { app } = build({ clientId: CLIENT_ID, overrides: { codes: { 65001: { adminConsent: true, fixBy: 'admin' } } } });
      tokenFails(400, CONSENT_BODY);
      const page = await request(app).get('/token/on_behalf_of').set('Accept', BROWSER).expect(403);
      expect(page.text).toContain('An administrator must approve this app');
      tokenFails(400, CONSENT_BODY);
      const api = await request(app).post('/token/on_behalf_of').expect(403);
      expect(api.body).toMatchObject({ action: 'consent', adminConsent: true, adminConsentUrl: `https://login.microsoftonline.com/common/adminconsent?client_id=${CLIENT_ID}` });
    });
  });

  describe('retry', () => {
    // msal-node 7 keeps no response headers on its ServerError, so an upstream Retry-After reaches the
    // handler only from a raw token-endpoint call; the app here makes one with fetch.
    const rawTokenCall = (handler = {}) =>
      createApp(express, forwardsAsync, {
        handler,
        routes: (app, route) =>
          app.all(
            '/raw-token',
            route(async () => {
              const response = await fetch(`${AUTHORITY}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) });
              throw (await aadErrorFromResponse(response)) ?? new Error(`unexpected ${response.status}`);
            }),
          ),
      }).app;

    it('shows a browser a 503 page with the upstream Retry-After', async () => {
      tokenFails(503, entraErrorBody(90033, { error: 'temporarily_unavailable' }), { 'Retry-After': '7' });
      const res = await request(rawTokenCall()).get('/raw-token').set('Accept', BROWSER).expect(503);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.text).toContain('Sign-in is temporarily unavailable');
      expect(res.text).toContain('Try again in 7 seconds');
    });

    it('answers an API caller with 503, Retry-After and problem+json', async () => {
      tokenFails(503, entraErrorBody(90033, { error: 'temporarily_unavailable' }), { 'Retry-After': '7' });
      const res = await request(rawTokenCall()).post('/raw-token').expect(503);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.body).toMatchObject({ status: 503, action: 'retry', retryAfter: 7, code: 'AADSTS90033' });
    });

    it('caps an upstream delay at maxRetryAfterSeconds', async () => {
      tokenFails(429, entraErrorBody(90055, { error: 'temporarily_unavailable' }), { 'Retry-After': '3600' });
      const res = await request(rawTokenCall({ maxRetryAfterSeconds: 120 })).post('/raw-token').expect(503);
      expect(res.headers['retry-after']).toBe('120');
    });

    it('answers a 503 from msal-node with retryAfterSeconds, as msal keeps no delay', async () => {
      const { app } = build({ retryAfterSeconds: 9 });
      tokenFails(503, entraErrorBody(90033, { error: 'temporarily_unavailable' }), { 'Retry-After': '7' });
      const res = await request(app).post('/token/client_credentials').expect(503);
      expect(res.headers['retry-after']).toBe('9');
      expect(res.body).toMatchObject({ status: 503, action: 'retry', retryAfter: 9 });
    });

    it('defaults to 5 s for a server error that named no delay', async () => {
      const { app } = build();
      tokenFails(500, entraErrorBody(70012, { error: 'server_error' }));
      const res = await request(app).get('/token/client_credentials').set('Accept', BROWSER).expect(503);
      expect(res.headers['retry-after']).toBe('5');
    });

    it('answers a 429 from msal-node with 60 s, the throttling msal then applies', async () => {
      const { app } = build();
      tokenFails(429, entraErrorBody(90055, { error: 'temporarily_unavailable' }));
      const res = await request(app).post('/token/client_credentials').expect(503);
      expect(res.headers['retry-after']).toBe('60');
    });

    it("answers msal-node's throttled replay with 60 s too", async () => {
      const { app } = build();
      tokenFails(429, entraErrorBody(90055, { error: 'temporarily_unavailable' }));
      await request(app).post('/token/client_credentials').expect(503);
      const replay = await request(app).post('/token/client_credentials').expect(503);
      expect(replay.headers['retry-after']).toBe('60');
      expect(replay.body).toMatchObject({ action: 'retry', code: 'AADSTS90055' });
    });
  });

  describe('fail', () => {
    it('shows a browser a 500 page for an app configuration error, with the correlation ID', async () => {
      const { app } = build();
      const sent = tokenFails(401, BAD_SECRET_BODY);
      const res = await request(app).get('/token/client_credentials').set('Accept', BROWSER).expect(500);
      expect(res.text).toContain('This app is not set up correctly');
      expect(res.text).toContain(`<dt>Correlation ID</dt><dd>${sent.correlationId}</dd>`);
      expect(res.text).toContain('AADSTS7000215');
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    });

    it('shows a browser a 403 page for a Conditional Access block', async () => {
      const { app } = build();
      tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant' }));
      const res = await request(app).get('/token/auth_code').set('Accept', BROWSER).expect(403);
      expect(res.text).toContain('<h1>Your organization&#39;s settings block this sign-in</h1>');
    });

    it('answers an API caller with 500 problem+json for a configuration error', async () => {
      const { app } = build();
      const sent = tokenFails(401, BAD_SECRET_BODY);
      const res = await request(app).post('/token/client_credentials').expect(500);
      expect(res.headers['www-authenticate']).toBeUndefined();
      expect(res.body).toMatchObject({ status: 500, title: 'Internal Server Error', action: 'fail', code: 'AADSTS7000215', correlationId: sent.correlationId });
    });

    it('adds a challenge to a 401 page an override asked for', async () => {
      const { app } = build({ overrides: { codes: { 70008: { action: 'fail', status: 401 } } } });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).get('/token/refresh_token').set('Accept', BROWSER).expect(401);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    it('answers an API caller with 403 problem+json for a policy block', async () => {
      const { app } = build();
      tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant' }));
      const res = await request(app).post('/token/on_behalf_of').expect(403);
      expect(res.body).toMatchObject({ status: 403, action: 'fail', code: 'AADSTS53003' });
    });
  });

  describe('choosing browser or API behaviour', () => {
    it.each([
      ['a HEAD navigation', 'head', BROWSER, 302],
      ['a GET asking for JSON', 'get', 'application/json', 401],
      ['a GET accepting anything (fetch, curl)', 'get', '*/*', 401],
      ['a POST from a browser form', 'post', BROWSER, 401],
      ['a DELETE', 'delete', BROWSER, 401],
    ] as const)('treats %s by its method and Accept header', async (_label, method, accept, status) => {
      const { app } = build();
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(app)[method]('/token/refresh_token').set('Accept', accept).expect(status);
    });

    it('forces browser behaviour with mode web_app', async () => {
      const { app } = build({ mode: 'web_app' });
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(app).post('/token/refresh_token').set('Accept', 'application/json').expect(302);
    });

    it('forces API behaviour with mode web_api and does not vary on Accept', async () => {
      const { app } = build({ mode: 'web_api' });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).get('/token/refresh_token').set('Accept', BROWSER).expect(401);
      // Only the language is negotiated (the default locale: 'auto').
      expect(res.headers['vary']).toBe('Accept-Language');
    });

    it('varies on Accept in auto mode', async () => {
      const { app } = build();
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).post('/token/refresh_token').expect(401);
      expect(res.headers['vary']).toBe('Accept, Accept-Language');
    });
  });
});
