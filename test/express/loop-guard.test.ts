import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXPIRED_GRANT_BODY } from '../fixtures/entra-inputs.js';
import { fakeAuthority } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, EXPRESS_VERSIONS, recordingLogger, tokenFails } from './helpers.js';
import type { AadErrorHandlerOptions } from '../../src/express/options.js';
import type { Request, Response } from 'express';

// The guard counts interactive redirects per browser (express-session when present, a signed cookie
// otherwise); the third within five minutes becomes a "sign-in keeps failing" page. Time is faked.

const START = new Date('2025-03-01T10:00:00Z');
const SECRET = 'loop-guard-secret-0123456789abcdef0123';

beforeEach(() => {
  fakeAuthority();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
});

afterEach(() => {
  vi.useRealTimers();
});

/**
 * The guard's cookies as a browser would send them back: the count and the per-browser ID it is
 * signed over, each replaced by a newer Set-Cookie (supertest's agent is not used where a test sets
 * Cookie by hand).
 */
function carry(res: request.Response, previous = ''): string {
  const jar = new Map<string, string>();
  for (const pair of previous.split(';')) {
    const text = pair.trim();
    const eq = text.indexOf('=');
    if (eq > 0) jar.set(text.slice(0, eq), text.slice(eq + 1));
  }
  for (const cookie of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
    const first = cookie.split(';')[0]!;
    const eq = first.indexOf('=');
    jar.set(first.slice(0, eq), first.slice(eq + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

describe.each(EXPRESS_VERSIONS)('the redirect-loop guard on %s', (_name, express, forwardsAsync) => {
  describe.each([
    ['a signed cookie', false],
    ['express-session', true],
  ] as const)('counting in %s', (_store, session) => {
    const build = (handler: AadErrorHandlerOptions<Request, Response> = {}) => createApp(express, forwardsAsync, { session, handler });

    async function failOnce(agent: ReturnType<typeof request.agent>, expected: number): Promise<request.Response> {
      tokenFails(400, EXPIRED_GRANT_BODY);
      return agent.get('/token/refresh_token').set('Accept', BROWSER).expect(expected);
    }

    it('lets two sign-in redirects through and answers the third with a fail page', async () => {
      const logger = recordingLogger();
      const agent = request.agent(build({ logger }).app);
      await failOnce(agent, 302);
      await failOnce(agent, 302);
      const third = await failOnce(agent, 500);
      expect(third.headers['location']).toBeUndefined();
      expect(third.text).toContain('Sign-in keeps failing');
      expect(third.text).toMatch(/<dt>Correlation ID<\/dt><dd>[0-9a-f-]{36}<\/dd>/);
      expect(third.text).toContain('href="/auth/signin?returnTo=%2Ftoken%2Frefresh_token"');
      expect(logger.records.at(-1)).toMatchObject({ level: 'error', record: { action: 'fail', status: 500, loopGuard: true, codeId: 'AADSTS70008' } });
    });

    it('starts counting again after it trips, so a deliberate retry gets a redirect', async () => {
      const agent = request.agent(build().app);
      await failOnce(agent, 302);
      await failOnce(agent, 302);
      await failOnce(agent, 500);
      await failOnce(agent, 302);
    });

    it('forgets redirects older than the window', async () => {
      const agent = request.agent(build().app);
      await failOnce(agent, 302);
      await failOnce(agent, 302);
      vi.setSystemTime(START.getTime() + 300_000);
      await failOnce(agent, 302);
      await failOnce(agent, 302);
      await failOnce(agent, 500);
    });

    it('trips earlier with a lower limit and later with a longer window', async () => {
      const agent = request.agent(build({ loopGuard: { limit: 2, windowMs: 600_000 } }).app);
      await failOnce(agent, 302);
      vi.setSystemTime(START.getTime() + 400_000);
      await failOnce(agent, 500);
    });

    it('counts each browser on its own', async () => {
      const { app } = build();
      const first = request.agent(app);
      await failOnce(first, 302);
      await failOnce(first, 302);
      await failOnce(request.agent(app), 302);
      await failOnce(first, 500);
    });

    it('never trips when turned off', async () => {
      const agent = request.agent(build({ loopGuard: false }).app);
      for (let i = 0; i < 5; i++) await failOnce(agent, 302);
    });

    it('does not count API answers', async () => {
      const agent = request.agent(build().app);
      for (let i = 0; i < 3; i++) {
        tokenFails(400, EXPIRED_GRANT_BODY);
        await agent.post('/token/refresh_token').expect(401);
      }
      await failOnce(agent, 302);
    });
  });

  describe('its cookie', () => {
    const build = (handler: AadErrorHandlerOptions<Request, Response> = {}) =>
      createApp(express, forwardsAsync, { handler, routes: (app) => void app.set('trust proxy', true) });

    function guardCookie(res: request.Response): string | undefined {
      const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      return cookies.find((cookie) => cookie.startsWith('aad_loop_guard='));
    }

    it('is HttpOnly, SameSite=Lax, Path=/ and lives as long as the window', async () => {
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(build().app).get('/token/refresh_token').set('Accept', BROWSER).expect(302);
      const cookie = guardCookie(res)!;
      expect(cookie).toMatch(/^aad_loop_guard=[A-Za-z0-9_-]+\.\d+\.\d+\.[A-Za-z0-9_-]+; Max-Age=300; Path=\/; HttpOnly; SameSite=Lax$/);
      expect(([] as string[]).concat(res.headers['set-cookie'] ?? [])).toContainEqual(expect.stringMatching(/^aad_loop_guard_id=[A-Za-z0-9_-]{22}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/));
    });

    it('is a Secure __Host- cookie when the request came over https, so no subdomain can plant one', async () => {
      // Sent by hand: supertest's cookie jar keeps Secure cookies away from this plain-http test server.
      const { app } = build();
      let cookie = '';
      for (const expected of [302, 302, 500]) {
        tokenFails(400, EXPIRED_GRANT_BODY);
        const res = await request(app).get('/token/refresh_token').set('Accept', BROWSER).set('X-Forwarded-Proto', 'https').set('Cookie', cookie).expect(expected);
        const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-aad_loop_guard='));
        expect(set).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
        expect(guardCookie(res)).toBeUndefined();
        cookie = carry(res, cookie);
      }
    });

    it('ignores a plain-named cookie on an https request', async () => {
      const { app } = build({ loopGuard: { secret: SECRET } });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const planted = guardCookie(await request(app).get('/token/refresh_token').set('Accept', BROWSER))!.split(';')[0]!;
      for (let i = 0; i < 3; i++) {
        tokenFails(400, EXPIRED_GRANT_BODY);
        await request(app).get('/token/refresh_token').set('Accept', BROWSER).set('X-Forwarded-Proto', 'https').set('Cookie', planted).expect(302);
      }
    });

    it('is ignored when tampered with, or signed with another key', async () => {
      const { app } = build({ loopGuard: { secret: SECRET } });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const first = guardCookie(await request(app).get('/token/refresh_token').set('Accept', BROWSER))!.split(';')[0]!;
      const [name, value] = first.split('=') as [string, string];
      const [payload] = value.split('.');
      const forgedPayload = Buffer.from(`${START.getTime()}.${START.getTime()}`).toString('base64url');
      for (const cookie of [`${name}=${forgedPayload}.${value.split('.')[1]}`, `${name}=${payload}.AAAA`, `${name}=garbage`]) {
        tokenFails(400, EXPIRED_GRANT_BODY);
        await request(app).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', cookie).expect(302);
      }
      const otherKey = build({ loopGuard: { secret: `${SECRET}-other` } });
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(otherKey.app).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', first).expect(302);
    });

    it('finds its own cookie among others, and not one whose name only starts the same', async () => {
      const { app } = build({ loopGuard: { secret: SECRET } });
      let cookie = '';
      for (let i = 0; i < 2; i++) {
        tokenFails(400, EXPIRED_GRANT_BODY);
        cookie = carry(await request(app).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', cookie), cookie);
      }
      const guard = cookie.split('; ').find((pair) => pair.startsWith('aad_loop_guard='))!;
      const id = cookie.split('; ').find((pair) => pair.startsWith('aad_loop_guard_id='))!;
      const value = guard.slice('aad_loop_guard='.length);
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(app).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', `aad_loop_guard_other=${value}; ${id}; theme=dark`).expect(302);
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(app).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', `theme=dark;  ${guard} ; ${id}; connect.sid=x`).expect(500);
    });

    it('is shared by instances configured with the same secret', async () => {
      const one = build({ loopGuard: { secret: SECRET } }).app;
      const two = build({ loopGuard: { secret: SECRET } }).app;
      tokenFails(400, EXPIRED_GRANT_BODY);
      let cookie = carry(await request(one).get('/token/refresh_token').set('Accept', BROWSER));
      tokenFails(400, EXPIRED_GRANT_BODY);
      cookie = carry(await request(two).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', cookie), cookie);
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(one).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', cookie).expect(500);
    });

    it('is cleared when the guard trips', async () => {
      const agent = request.agent(build().app);
      for (let i = 0; i < 2; i++) {
        tokenFails(400, EXPIRED_GRANT_BODY);
        await agent.get('/token/refresh_token').set('Accept', BROWSER).expect(302);
      }
      tokenFails(400, EXPIRED_GRANT_BODY);
      const tripped = await agent.get('/token/refresh_token').set('Accept', BROWSER).expect(500);
      expect(guardCookie(tripped)).toMatch(/^aad_loop_guard=; Max-Age=0;/);
    });

    it('is not set when express-session already holds something and keeps the count', async () => {
      const { app } = createApp(express, forwardsAsync, {
        session: true,
        routes: (app) =>
          void app.get('/seed', (req, res) => {
            (req as unknown as { session: Record<string, unknown> }).session['account'] = { username: 'adele@contoso.com' };
            res.end();
          }),
      });
      const agent = request.agent(app);
      await agent.get('/seed').expect(200);
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await agent.get('/token/refresh_token').set('Accept', BROWSER).expect(302);
      expect(guardCookie(res)).toBeUndefined();
    });
  });
});

describe('the loop guard when the app regenerates its session on every sign-in', () => {
  function regeneratingAgent(store: 'auto' | 'cookie') {
    const [, express, forwardsAsync] = EXPRESS_VERSIONS[EXPRESS_VERSIONS.length - 1]!;
    const { app } = createApp(express, forwardsAsync, { session: true, handler: { loopGuard: { store, secret: SECRET } } });
    let guardCookie = '';
    return async (expected: number) => {
      tokenFails(400, EXPIRED_GRANT_BODY);
      // Only the guard's own cookie goes back, never the session's: every request starts a new
      // session, as after `req.session.regenerate()` on sign-in.
      const response = await request(app).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', guardCookie).expect(expected);
      guardCookie = carry(response, guardCookie)
        .split('; ')
        .filter((pair) => pair.startsWith('aad_loop_guard'))
        .join('; ');
      return response;
    };
  }

  it('still trips with the default store, which counts in the cookie while the session holds nothing', async () => {
    const fail = regeneratingAgent('auto');
    await fail(302);
    await fail(302);
    await fail(500);
  });

  it('still trips with store: cookie', async () => {
    const fail = regeneratingAgent('cookie');
    await fail(302);
    await fail(302);
    await fail(500);
  });

  it('counts in the signed cookie with store: session when the app has no session', async () => {
    const [, express, forwardsAsync] = EXPRESS_VERSIONS[0]!;
    const { app } = createApp(express, forwardsAsync, { session: false, handler: { loopGuard: { store: 'session' } } });
    const agent = request.agent(app);
    for (const expected of [302, 302, 500]) {
      tokenFails(400, EXPIRED_GRANT_BODY);
      await agent.get('/token/refresh_token').set('Accept', BROWSER).expect(expected);
    }
  });
});
