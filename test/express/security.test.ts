import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { aadErrorHandler } from '../../src/express/handler.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { EXPIRED_GRANT_BODY, MFA_BODY } from '../fixtures/entra-inputs.js';
import { AUTHORITY, CLIENT_ID, fakeAuthority, fakeJwt } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, EXPRESS_VERSIONS, locationQuery, newMsal, recordingLogger, REDIRECT_URI, runFlow, tokenFails } from './helpers.js';

// The security rules, one block each: redirects go only to loginPath or the authority; no
// header value carries CR/LF or an unescaped quote; nothing upstream leaks without exposeDetails; sent
// headers and non-Entra errors go to next(err); the handler never throws.

const SECRET = 'Sup3rS3cretClientValue~abc';
const TOKEN = fakeJwt({ aud: 'https://graph.microsoft.com', oid: 'leak' });
const LEAKY_BODY = entraErrorBody(50076, {
  error: 'invalid_grant',
  suberror: 'basic_action',
  message: `Upstream-only wording with client_secret=${SECRET} and assertion ${TOKEN} that must stay internal.`,
});

/**
 * Sends a request line exactly as written, over a plain socket: supertest and http.request would
 * normalise `//evil.com` or `/\evil.com` (and nock would read them as another host). The socket is
 * not half-closed: Node's server aborts a request whose client sent FIN; `Connection: close` ends it.
 */
function rawGet(app: Express, path: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: ${BROWSER}\r\nConnection: close\r\n\r\n`));
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('error', (error) => server.close(() => reject(error)));
      socket.on('close', () =>
        server.close(() => {
          const head = text.split('\r\n\r\n')[0] ?? '';
          const location = /^location: (.*)$/im.exec(head)?.[1];
          resolve({ status: Number(head.split(' ')[1]), location });
        }),
      );
    });
  });
}

beforeEach(() => fakeAuthority());

describe.each(EXPRESS_VERSIONS)('security rules on %s', (_name, express, forwardsAsync) => {
  /** Every path fails with a real msal-node reauthenticate error, so any request line reaches the handler. */
  const catchAll = (handler = {}) =>
    createApp(express, forwardsAsync, {
      handler,
      routes: (app, route, msal) => void app.use(route(async () => void (await runFlow(msal, 'refresh_token')))),
    });

  describe('redirects go only to loginPath or the configured authority', () => {
    it.each(['//evil.com/x', '/\\evil.com', '/%2F%2Fevil.com', '/%5Cevil.com', '/%252F%252Fevil.com', '/%09/evil.com', '/%0d%0aLocation:%20https://evil.com'])(
      'sends a request for %j back to / after sign-in',
      async (path) => {
        const { app } = catchAll();
        tokenFails(400, EXPIRED_GRANT_BODY);
        const res = await rawGet(app, path);
        expect(res.status).toBe(302);
        expect(res.location).toBe('/auth/signin?returnTo=%2F');
      },
    );

    it('refuses an unsafe loginPath at construction', () => {
      for (const loginPath of ['//evil.com', 'https://evil.com/signin', '/\\evil.com', 'signin', '/signin?x=1']) {
        expect(() => aadErrorHandler({ loginPath }), loginPath).toThrow(/`loginPath`/);
      }
    });

    it('redirects straight to the authority when msal and redirectUri are given', async () => {
      const msal = newMsal();
      const { app } = createApp(express, forwardsAsync, { handler: { msal, redirectUri: REDIRECT_URI } });
      tokenFails(400, MFA_BODY);
      const res = await request(app).get('/token/on_behalf_of').set('Accept', BROWSER).expect(302);
      const location = new URL(res.headers['location']!);
      expect(`${location.origin}${location.pathname}`).toBe(`${AUTHORITY}/oauth2/v2.0/authorize`);
      expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
      expect(location.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
      expect(JSON.parse(location.searchParams.get('claims')!)).toMatchObject({ access_token: { capolids: { essential: true } } });
    });

    it('falls back to loginPath when msal would send the browser anywhere but the authority', async () => {
      const logger = recordingLogger();
      const evil = { getAuthCodeUrl: async () => 'https://evil.example/authorize?x=1' };
      const { app } = createApp(express, forwardsAsync, { handler: { msal: evil, authority: AUTHORITY, redirectUri: REDIRECT_URI, logger } });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).get('/token/refresh_token').set('Accept', BROWSER).expect(302);
      expect(res.headers['location']).toMatch(/^\/auth\/signin\?/);
      expect(logger.records.some((entry) => entry.message.includes('redirected to loginPath'))).toBe(true);
    });

    it('falls back to loginPath when getAuthCodeUrl fails', async () => {
      const failing = { getAuthCodeUrl: async () => Promise.reject(new Error('endpoints_resolution_error')) };
      const { app } = createApp(express, forwardsAsync, { handler: { msal: failing, redirectUri: REDIRECT_URI } });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).get('/token/refresh_token').set('Accept', BROWSER).expect(302);
      expect(res.headers['location']).toMatch(/^\/auth\/signin\?/);
    });
  });

  describe('no header value carries CR/LF or an unescaped quote', () => {
    it('keeps hostile scopes from a downstream challenge out of WWW-Authenticate (they are outside allowedScopes)', async () => {
      const hostile = { status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="Mail.Read\r\nX-Injected: 1 \\"quoted\\""' }, body: '' };
      const { app } = createApp(express, forwardsAsync, {
        handler: { trustText: true, allowedScopes: ['Mail.Read'], overrides: { rule: (d) => (d.error === 'insufficient_scope' ? { action: 'consent' } : undefined) } },
        routes: (app) => void app.post('/hostile', () => { throw hostile; }),
      });
      const res = await request(app).post('/hostile').expect(403);
      expect(res.headers['x-injected']).toBeUndefined();
      expect(res.headers['www-authenticate']).toBe('Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/v2.0/authorize", error="insufficient_scope"');
      expect(res.body.scope).toBeUndefined();
    });

    it('drops a login hint with CR/LF instead of putting it in Location', async () => {
      const { app } = createApp(express, forwardsAsync, { handler: { account: () => ({ username: 'adele@contoso.com\r\nSet-Cookie: a=b', tenantId: 'x' }) } });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).get('/token/refresh_token').set('Accept', BROWSER).expect(302);
      expect(locationQuery(res.headers['location']).has('login_hint')).toBe(false);
      expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).some((cookie) => cookie.startsWith('a='))).toBe(false);
    });
  });

  describe('with exposeDetails off (the default) nothing upstream leaks', () => {
    const forbidden = [SECRET, TOKEN, 'Upstream-only wording', 'Error(s):', 'must stay internal', '    at '];

    const asFail = { codes: { 50076: { action: 'fail' as const, status: 403 as const } } };
    it.each([
      ['a browser being redirected', 'get', BROWSER, undefined, 302],
      ['an API caller being challenged', 'post', 'application/json', undefined, 401],
      ['a browser shown a page', 'get', BROWSER, asFail, 403],
      ['an API caller answered with problem+json', 'post', 'application/json', asFail, 403],
    ] as const)('to %s', async (_label, method, accept, overrides, status) => {
      const logger = recordingLogger();
      const { app } = createApp(express, forwardsAsync, { handler: { logger, ...(overrides ? { overrides } : {}) } });
      const sent = tokenFails(400, LEAKY_BODY);
      const res = await request(app)[method]('/token/on_behalf_of').set('Accept', accept).expect(status);
      const everything = `${JSON.stringify(res.headers)}\n${res.text}`;
      for (const text of forbidden) expect(everything).not.toContain(text);
      if (status !== 302) expect(everything).toContain('AADSTS50076');
      if (status !== 302) expect(everything).toContain(sent.correlationId);
      const logged = JSON.stringify(logger.records);
      for (const text of forbidden) expect(logged).not.toContain(text);
      expect(logger.records[0]!.record).toMatchObject({ codeId: 'AADSTS50076', correlationId: sent.correlationId });
      expect(Object.keys(logger.records[0]!.record).sort()).toEqual(['action', 'code', 'codeId', 'correlationId', 'error', 'fixBy', 'known', 'mode', 'risk', 'rule', 'status', 'suberror', 'traceId']);
    });

    it('shows the redacted description only when exposeDetails is on', async () => {
      const { app } = createApp(express, forwardsAsync, { handler: { exposeDetails: true, overrides: { codes: { 50076: { action: 'fail' } } } } });
      tokenFails(400, LEAKY_BODY);
      const res = await request(app).post('/token/on_behalf_of').expect(403);
      expect(res.body.description).toContain('Upstream-only wording');
      expect(res.body.description).not.toContain(SECRET);
      expect(res.body.description).not.toContain(TOKEN);
      expect(res.body).toMatchObject({ error: 'invalid_grant', suberror: 'basic_action', codes: [50076] });
    });

    it('escapes upstream text on the built-in page even with exposeDetails on', async () => {
      const { app } = createApp(express, forwardsAsync, { handler: { exposeDetails: true } });
      tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant', message: '<script>alert(1)</script><img src=x onerror=alert(2)>' }));
      const res = await request(app).get('/token/auth_code').set('Accept', BROWSER).expect(403);
      expect(res.text).not.toContain('<script>alert');
      expect(res.text).not.toContain('<img');
      expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });
  });

  describe('errors that are not the handler\'s go to next(err) untouched', () => {
    it.each([
      ['a TypeError', () => new TypeError("Cannot read properties of undefined (reading 'x')")],
      ['a plain 404 object', () => ({ status: 404, message: 'Not Found' })],
      ['a database connection reset', () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' })],
      ['a string', () => 'boom'],
      ['an error whose text mentions Azure AD without any Entra signal', () => new Error('Azure AD group sync failed for tenant contoso')],
    ])('passes on %s as the same value', async (_label, make) => {
      const thrown = make();
      const { app, passedOn } = createApp(express, forwardsAsync, { routes: (app) => void app.get('/boom', (_req, _res, next) => next(thrown)) });
      await request(app).get('/boom').set('Accept', BROWSER).expect(599);
      expect(passedOn).toHaveLength(1);
      expect(passedOn[0]).toBe(thrown);
    });

    it('passes on an Entra error when headers were already sent', async () => {
      const { app, passedOn } = createApp(express, forwardsAsync, {
        routes: (app, route, client) =>
          void app.get(
            '/streaming',
            route(async (_req, res) => {
              res.writeHead(200, { 'Content-Type': 'text/plain' });
              res.write('partial');
              await runFlow(client, 'refresh_token');
            }),
          ),
      });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).get('/streaming').set('Accept', BROWSER).expect(200);
      expect(res.text).toBe('partial');
      expect(passedOn).toHaveLength(1);
      expect(passedOn[0]).toMatchObject({ errorCode: 'invalid_grant' });
    });

    it('tells the developer to call the factory when it is mounted uncalled', async () => {
      const { app, passedOn } = createApp(express, forwardsAsync, { routes: (app) => void app.use(aadErrorHandler as never) });
      await request(app).get('/anything').expect(599);
      expect(passedOn[0]).toMatchObject({ name: 'AadOptionsError', code: 'ERR_AAD_OPTIONS' });
      expect((passedOn[0] as Error).message).toContain('app.use(aadErrorHandler())');
    });
  });
});

describe('the handler never throws', () => {
  const handler = aadErrorHandler();
  const entraError = { error: 'invalid_grant', error_codes: [70008], error_description: 'AADSTS70008: expired' };

  function call(req: object, res: object, err: unknown = entraError): unknown[] {
    const passed: unknown[] = [];
    expect(() => handler(err, req as never, res as never, (e?: unknown) => void passed.push(e))).not.toThrow();
    return passed;
  }

  it('passes the error on when the response cannot take headers', () => {
    expect(call({ method: 'GET', url: '/', headers: {} }, {})).toEqual([entraError]);
  });

  it('passes the error on when the request is hostile', () => {
    const req = new Proxy({}, { get: () => { throw new Error('trap'); } });
    const res = { headersSent: false, writableEnded: false, setHeader() {}, getHeader() {}, end() {} };
    expect(call(req, res)).toEqual([entraError]);
  });
});
