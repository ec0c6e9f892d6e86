import type { Express, Request, Response as ExpressResponse } from 'express';
import session from 'express-session';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aadSignInCallback } from '../../src/express/callback.js';
import { aadErrorFromResponse } from '../../src/express/downstream.js';
import { aadErrorHandler } from '../../src/express/handler.js';
import type { AadErrorHandlerOptions } from '../../src/express/options.js';
import { decodeSignInState, readSignInState, signInRequestFromQuery } from '../../src/express/sign-in.js';
import { SignInCallbackError } from '../../src/express/callback.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { AUTHORITY, fakeAuthority } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, EXPRESS_VERSIONS, newMsal, recordingLogger, REDIRECT_URI, type ExpressModule } from '../express/helpers.js';

// Issue #11: the web sign-in flow as an attacker and as a new user would drive it. Each block is a
// regression test for one reported defect, on Express 4 and 5.

const EXPIRED_PAGE = 'The sign-in link expired or was opened in another browser';
const START = new Date('2026-03-01T10:00:00Z');

beforeEach(() => {
  fakeAuthority();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
});
afterEach(() => vi.useRealTimers());

type Agent = ReturnType<typeof request.agent>;

/** The app of the README's quick start: a sign-in route and a callback route, nothing hand-written. */
function signInApp(express: ExpressModule, forwardsAsync: boolean, options: { session?: boolean; handler?: AadErrorHandlerOptions<Request, ExpressResponse> } = {}) {
  const redeemed: string[] = [];
  const built = createApp(express, forwardsAsync, {
    session: options.session ?? false,
    handler: options.handler ?? {},
    routes: (app, route) => {
      app.get('/seed', (req, res) => {
        (req as unknown as { session: Record<string, unknown> }).session['account'] = { username: 'adele@contoso.com' };
        res.end();
      });
      app.get(
        '/auth/signin',
        route(async (req, res) => {
          const signIn = signInRequestFromQuery(req, res, { redirectUri: REDIRECT_URI, scopes: ['User.Read'] });
          res.redirect(`${AUTHORITY}/oauth2/v2.0/authorize?state=${signIn.state}`);
        }),
      );
      const redeem = (req: Request, res: ExpressResponse): void => {
        // Stands for acquireTokenByCode: it must run only for a state this browser was issued.
        redeemed.push(String(req.query['code'] ?? (req.body as Record<string, string> | undefined)?.['code']));
        res.redirect(readSignInState(req)?.returnTo ?? '/');
      };
      app.get('/auth/redirect', aadSignInCallback(), redeem);
      app.post('/auth/json-callback', express.json(), aadSignInCallback(), redeem);
    },
  });
  return { ...built, redeemed };
}

async function startSignIn(agent: Agent, returnTo = '/reports'): Promise<string> {
  const res = await agent.get(`/auth/signin?returnTo=${encodeURIComponent(returnTo)}`).set('Accept', BROWSER).expect(302);
  return new URL(res.headers['location']!).searchParams.get('state')!;
}

describe.each(EXPRESS_VERSIONS)('login CSRF and state replay on %s', (_name, express, forwardsAsync) => {
  describe.each([
    ['a signed cookie', false],
    ['express-session', true],
  ] as const)('state kept in %s', (_where, withSession) => {
    async function browser(app: Express): Promise<Agent> {
      const agent = request.agent(app);
      if (withSession) await agent.get('/seed').expect(200);
      return agent;
    }

    it('redeems the code of a sign-in this browser started, and returns where it was going', async () => {
      const { app, redeemed } = signInApp(express, forwardsAsync, { session: withSession });
      const agent = await browser(app);
      const state = await startSignIn(agent);
      const back = await agent.get(`/auth/redirect?code=good&state=${state}`).set('Accept', BROWSER).expect(302);
      expect(back.headers['location']).toBe('/reports');
      expect(redeemed).toEqual(['good']);
    });

    it('refuses the attacker’s code and state in a fresh browser (login CSRF) before the route runs', async () => {
      const { app, redeemed } = signInApp(express, forwardsAsync, { session: withSession });
      const attackerState = await startSignIn(await browser(app));
      const victim = await browser(app);
      const res = await victim.get(`/auth/redirect?code=ATTACKER_CODE&state=${attackerState}`).set('Accept', BROWSER).expect(400);
      expect(res.text).toContain(EXPIRED_PAGE);
      expect(res.text).toContain('href="/auth/signin?returnTo=%2F"');
      // No state at all: the README's old comparison let `undefined !== undefined` through.
      await victim.get('/auth/redirect?code=ATTACKER_CODE').set('Accept', BROWSER).expect(400);
      expect(redeemed).toEqual([]);
    });

    it('refuses a state the second time (replay)', async () => {
      const { app, redeemed } = signInApp(express, forwardsAsync, { session: withSession });
      const agent = await browser(app);
      const state = await startSignIn(agent);
      await agent.get(`/auth/redirect?code=one&state=${state}`).set('Accept', BROWSER).expect(302);
      await agent.get(`/auth/redirect?code=two&state=${state}`).set('Accept', BROWSER).expect(400);
      expect(redeemed).toEqual(['one']);
    });

    it('refuses an expired state (over 10 minutes)', async () => {
      const { app, redeemed } = signInApp(express, forwardsAsync, { session: withSession });
      const agent = await browser(app);
      const state = await startSignIn(agent);
      vi.setSystemTime(START.getTime() + 10 * 60_000 + 1000);
      await agent.get(`/auth/redirect?code=late&state=${state}`).set('Accept', BROWSER).expect(400);
      expect(redeemed).toEqual([]);
    });

    it('refuses a forged state carrying a nonce this browser was never issued', async () => {
      const { app, redeemed } = signInApp(express, forwardsAsync, { session: withSession });
      const agent = await browser(app);
      await startSignIn(agent);
      const forged = Buffer.from(JSON.stringify({ v: 1, r: '/reports', n: 'AAAAAAAAAAAAAAAAAAAAAA' })).toString('base64url');
      await agent.get(`/auth/redirect?code=forged&state=${forged}`).set('Accept', BROWSER).expect(400);
      expect(redeemed).toEqual([]);
    });

    it('lets two tabs sign in at once', async () => {
      const { app, redeemed } = signInApp(express, forwardsAsync, { session: withSession });
      const agent = await browser(app);
      const first = await startSignIn(agent, '/one');
      const second = await startSignIn(agent, '/two');
      expect((await agent.get(`/auth/redirect?code=b&state=${second}`).set('Accept', BROWSER).expect(302)).headers['location']).toBe('/two');
      expect((await agent.get(`/auth/redirect?code=a&state=${first}`).set('Accept', BROWSER).expect(302)).headers['location']).toBe('/one');
      expect(redeemed).toEqual(['b', 'a']);
    });

    it('answers an API caller with problem+json 400', async () => {
      const { app } = signInApp(express, forwardsAsync, { session: withSession });
      const res = await (await browser(app)).get('/auth/redirect?code=x&state=y').set('Accept', 'application/json').expect(400);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.body).toMatchObject({ status: 400, action: 'reauthenticate' });
    });
  });

  it('throws AadOptionsError when there is neither a session nor a response to keep the state', () => {
    expect(() => signInRequestFromQuery({ url: '/auth/signin', headers: {} } as never, { redirectUri: REDIRECT_URI })).toThrow(/signInRequestFromQuery\(req, res, defaults\)/);
  });

  it('binds the direct-mode state too: the callback works in the browser that was redirected, not in another', async () => {
    const msal = newMsal();
    const built = createApp(express, forwardsAsync, {
      handler: { msal, redirectUri: REDIRECT_URI, scopes: ['User.Read'] },
      routes: (app) => {
        app.get('/fail', () => {
          throw entraErrorBody(70008, { error: 'invalid_grant' });
        });
        app.get('/auth/redirect', aadSignInCallback(), (req, res) => res.redirect(readSignInState(req)?.returnTo ?? '/'));
      },
    });
    const agent = request.agent(built.app);
    const first = await agent.get('/fail').set('Accept', BROWSER).expect(302);
    const authorize = new URL(first.headers['location']!);
    expect(authorize.origin + authorize.pathname).toBe(`${AUTHORITY}/oauth2/v2.0/authorize`);
    const state = authorize.searchParams.get('state')!;
    await request(built.app).get(`/auth/redirect?code=c&state=${state}`).set('Accept', BROWSER).expect(400);
    expect((await agent.get(`/auth/redirect?code=c&state=${state}`).set('Accept', BROWSER).expect(302)).headers['location']).toBe('/fail');
  });
});

describe.each(EXPRESS_VERSIONS)('foreign scopes from a downstream challenge on %s', (_name, express, forwardsAsync) => {
  const CHALLENGE = 'Bearer error="insufficient_scope", scope="User.Read Directory.ReadWrite.All"';
  const consentRule = { rule: (d: { error: string | null }) => (d.error === 'insufficient_scope' ? ({ action: 'consent' } as const) : undefined) };

  function appWith(handler: AadErrorHandlerOptions<Request, ExpressResponse>) {
    return createApp(express, forwardsAsync, {
      handler: { scopes: ['User.Read'], overrides: consentRule, ...handler },
      routes: (app, route) =>
        void app.get(
          '/graph',
          route(async () => {
            throw await aadErrorFromResponse(new Response(null, { status: 403, headers: { 'www-authenticate': CHALLENGE } }));
          }),
        ),
    });
  }

  it('drops them from the loginPath redirect, with one log record naming them', async () => {
    const logger = recordingLogger();
    const { app } = appWith({ logger });
    const res = await request(app).get('/graph').set('Accept', BROWSER).expect(302);
    expect(new URL(res.headers['location']!, 'https://app.contoso.com').searchParams.get('scopes')).toBe('User.Read');
    expect(res.headers['location']).not.toContain('Directory');
    const dropped = logger.records.filter((entry) => 'droppedScopes' in entry.record);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.record['droppedScopes']).toEqual(['Directory.ReadWrite.All']);
  });

  it('drops them from the direct authorize redirect', async () => {
    const { app } = appWith({ msal: newMsal(), redirectUri: REDIRECT_URI });
    const res = await request(app).get('/graph').set('Accept', BROWSER).expect(302);
    const authorize = new URL(res.headers['location']!);
    expect(authorize.searchParams.get('prompt')).toBe('consent');
    expect(authorize.searchParams.get('scope')).toContain('User.Read');
    expect(authorize.searchParams.get('scope')).not.toContain('Directory');
  });

  it('drops them from an API consent challenge, and keeps them when listed in allowedScopes', async () => {
    const res = await request(appWith({}).app).get('/graph').set('Accept', 'application/json').expect(403);
    expect(res.headers['www-authenticate']).toContain('scope="User.Read"');
    const allowed = await request(appWith({ allowedScopes: ['User.Read', 'Directory.ReadWrite.All'] }).app).get('/graph').set('Accept', 'application/json').expect(403);
    expect(allowed.headers['www-authenticate']).toContain('scope="User.Read Directory.ReadWrite.All"');
  });

  it('drops them from the admin-consent link', async () => {
    const adminRule = { rule: (d: { error: string | null }) => (d.error === 'insufficient_scope' ? ({ action: 'consent', adminConsent: true } as const) : undefined) };
    const { app } = appWith({ clientId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', redirectUri: REDIRECT_URI, overrides: adminRule });
    const res = await request(app).get('/graph').set('Accept', 'application/json').expect(403);
    expect(res.body.adminConsentUrl).toContain('scope=User.Read');
    expect(res.body.adminConsentUrl).not.toContain('Directory');
  });
});

describe.each(EXPRESS_VERSIONS)('the loop guard counts loops, not sign-ins, on %s', (_name, express, forwardsAsync) => {
  const NOT_SIGNED_IN = entraErrorBody(50058, { error: 'interaction_required' });
  const MFA = entraErrorBody(50076, { error: 'interaction_required', suberror: 'basic_action' });
  const CONSENT = entraErrorBody(65001, { error: 'invalid_grant', suberror: 'consent_required' });

  function guardedApp(store: 'auto' | 'session' | 'cookie', limit: number) {
    return createApp(express, forwardsAsync, {
      session: store !== 'cookie',
      handler: { loopGuard: { store, limit } },
      routes: (app) => {
        app.get('/seed', (req, res) => {
          (req as unknown as { session: Record<string, unknown> }).session['account'] = { username: 'adele@contoso.com' };
          res.end();
        });
        app.get('/fail/:which', (req) => {
          throw ({ mfa: MFA, consent: CONSENT } as Record<string, unknown>)[String(req.params['which'])] ?? NOT_SIGNED_IN;
        });
      },
    }).app;
  }

  describe.each([
    ['cookie', 3],
    ['cookie', 27],
    ['cookie', 100],
    ['session', 3],
    ['session', 27],
    ['session', 100],
    ['auto', 3],
    ['auto', 100],
  ] as const)('store %s, limit %i', (store, limit) => {
    it('lets a first session through: not signed in → MFA → consent', async () => {
      const agent = request.agent(guardedApp(store, limit));
      if (store !== 'cookie') await agent.get('/seed').expect(200);
      for (const which of ['signin', 'mfa', 'consent', 'signin', 'mfa', 'consent']) await agent.get(`/fail/${which}`).set('Accept', BROWSER).expect(302);
    });

    it('trips when the same failure comes back `limit` times', async () => {
      const agent = request.agent(guardedApp(store, limit));
      if (store !== 'cookie') await agent.get('/seed').expect(200);
      for (let i = 1; i < limit; i++) await agent.get('/fail/mfa').set('Accept', BROWSER).expect(302);
      const tripped = await agent.get('/fail/mfa').set('Accept', BROWSER).expect(500);
      expect(tripped.text).toContain('Sign-in keeps failing');
    });
  });

  function cookiePairs(res: request.Response): string[] {
    return ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]!);
  }

  /** Sends one failing request as a browser with `jar`; returns the jar with the answer's cookies. */
  async function failWith(app: Express, which: string, jar: string[], expected: number): Promise<string[]> {
    const fresh = cookiePairs(await request(app).get(`/fail/${which}`).set('Accept', BROWSER).set('Cookie', jar.join('; ')).expect(expected));
    return [...jar.filter((pair) => !fresh.some((next) => next.split('=')[0] === pair.split('=')[0])), ...fresh];
  }

  it('ignores a guard cookie planted from another browser', async () => {
    const app = guardedApp('cookie', 3);
    let attacker: string[] = [];
    for (let i = 0; i < 2; i++) attacker = await failWith(app, 'mfa', attacker, 302);
    const attackerGuard = attacker.find((pair) => pair.startsWith('aad_loop_guard='))!;
    const victim = await failWith(app, 'consent', [], 302);
    const victimId = victim.find((pair) => pair.startsWith('aad_loop_guard_id='))!;
    // Planted next to the victim's own ID, then with no ID at all: neither counts as the victim's.
    await failWith(app, 'mfa', [attackerGuard, victimId], 302);
    await failWith(app, 'mfa', [attackerGuard], 302);
    // The attacker's own browser, by contrast, trips.
    await failWith(app, 'mfa', attacker, 500);
  });

  it('is not reset by a junk cookie placed before the real one', async () => {
    const app = guardedApp('cookie', 3);
    let jar: string[] = [];
    for (let i = 0; i < 2; i++) jar = await failWith(app, 'mfa', jar, 302);
    await failWith(app, 'mfa', ['aad_loop_guard=junk.AAAA', 'aad_loop_guard_id=AAAAAAAAAAAAAAAAAAAAAA', ...jar], 500);
  });

  it('stores no session for 2,000 anonymous failing requests (saveUninitialized: false)', async () => {
    const store = new session.MemoryStore();
    const app = express();
    app.use(session({ secret: 'test-session-secret-0123456789abcdef', resave: false, saveUninitialized: false, store }));
    app.get('/fail', () => {
      throw MFA;
    });
    app.use(aadErrorHandler({ loopGuard: { store: 'session' } }));
    for (let i = 0; i < 2000; i++) await request(app).get('/fail').set('Accept', BROWSER).expect(302);
    const count = await new Promise<number>((resolve, reject) => store.length((error, length) => (error ? reject(error) : resolve(length ?? 0))));
    expect(count).toBe(0);
  }, 60_000);
});

describe('a stalled downstream body', () => {
  /** A 401 that sends its headers and one chunk, then never ends. */
  function stalled(headers: Record<string, string> = {}): Response {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"error":"invalid_token",'));
      },
    });
    return new Response(body, { status: 401, headers });
  }

  it('is answered within bodyTimeoutMs with what arrived', async () => {
    vi.useRealTimers();
    // What arrived before the limit, `{"error":"invalid_token",`, is read as the truncated body it is.
    await expect(aadErrorFromResponse(stalled(), { bodyTimeoutMs: 5 })).resolves.toMatchObject({ decision: { action: 'reauthenticate', error: 'invalid_token' } });
  });

  it('is not read at all when the challenge already decides', async () => {
    const challenge = `Bearer realm="", error="insufficient_claims", claims="${Buffer.from('{"access_token":{"nbf":{"essential":true,"value":"1"}}}').toString('base64')}"`;
    // A ten-minute limit: only skipping the body lets this resolve.
    const error = await aadErrorFromResponse(stalled({ 'www-authenticate': challenge }), { bodyTimeoutMs: 600_000 });
    expect(error?.decision.action).toBe('claims_challenge');
  });

  it('refuses a bodyTimeoutMs that is not a whole number of milliseconds', async () => {
    for (const bodyTimeoutMs of [0, -1, Number.NaN, 1.5, 600_001]) {
      await expect(aadErrorFromResponse(stalled(), { bodyTimeoutMs })).rejects.toMatchObject({ code: 'ERR_AAD_OPTIONS' });
    }
  });

  it('stops reading when the caller’s AbortSignal aborts', async () => {
    const controller = new AbortController();
    const pending = aadErrorFromResponse(stalled(), { bodyTimeoutMs: 600_000, signal: controller.signal });
    controller.abort();
    await expect(pending).resolves.toBeUndefined();
  });
});

describe.each(EXPRESS_VERSIONS)('callback errors and returnTo on %s', (_name, express, forwardsAsync) => {
  it('does not trust a look-alike callback error naming an off-site returnTo', async () => {
    const lookAlike = { name: 'SignInCallbackError', code: 'ERR_AAD_SIGN_IN_CALLBACK', error: 'access_denied', error_description: 'AADSTS65004: User declined to consent to access the app.', returnTo: 'https://evil.example/login' };
    const { app } = createApp(express, forwardsAsync, {
      routes: (app) =>
        void app.get('/x', () => {
          throw lookAlike;
        }),
    });
    const res = await request(app).get('/x').set('Accept', BROWSER);
    expect(res.text).not.toContain('evil.example');
    expect(res.headers['location'] ?? '').not.toContain('evil.example');
  });

  it('answers a JSON POST carrying a callback error as an API call', async () => {
    const { app } = signInApp(express, forwardsAsync);
    const res = await request(app).post('/auth/json-callback').set('Accept', 'application/json, text/html').send({ error: 'access_denied', error_description: 'AADSTS65004: User declined to consent to access the app.' });
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it('checks the returnTo of a branded callback error again', async () => {
    const err = new SignInCallbackError({ error: 'access_denied' });
    Object.defineProperty(err, 'returnTo', { value: 'https://evil.example/' });
    const { app } = createApp(express, forwardsAsync, { routes: (app) => void app.get('/x', () => { throw err; }) });
    const res = await request(app).get('/x').set('Accept', BROWSER);
    expect(res.text).not.toContain('evil.example');
  });

  it('keeps a 1,500-character CJK returnTo through the state', async () => {
    const path = `/${'報告書'.repeat(500)}`;
    const { app } = signInApp(express, forwardsAsync);
    const agent = request.agent(app);
    const state = await startSignIn(agent, path);
    expect(decodeSignInState(state)?.returnTo).toBe(path);
    const back = await agent.get(`/auth/redirect?code=c&state=${state}`).set('Accept', BROWSER).expect(302);
    expect(decodeURIComponent(back.headers['location']!)).toBe(path);
  });

  it('drops only the query of a returnTo too long for the state, and logs it', async () => {
    const path = `/${'報告書'.repeat(500)}`;
    const logger = recordingLogger();
    const req = { url: `/auth/signin?returnTo=${encodeURIComponent(`${path}?q=${'x'.repeat(3000)}`)}`, headers: {}, session: {} } as never;
    const signIn = signInRequestFromQuery(req, { redirectUri: REDIRECT_URI, logger });
    expect(decodeSignInState(signIn.state)?.returnTo).toBe(path);
    expect(logger.records).toHaveLength(1);
    expect(logger.records[0]!.record).toMatchObject({ returnToTrimmed: 'query' });
  });
});
