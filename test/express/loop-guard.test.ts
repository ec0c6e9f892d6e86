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
      expect(cookie).toMatch(/^aad_loop_guard=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; Max-Age=300; Path=\/; HttpOnly; SameSite=Lax$/);
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
        cookie = set!.split(';')[0]!;
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
        cookie = guardCookie(await request(app).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', cookie))!.split(';')[0]!;
      }
      const value = cookie.slice('aad_loop_guard='.length);
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(app).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', `aad_loop_guard_other=${value}; theme=dark`).expect(302);
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(app).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', `theme=dark;  ${cookie} ; connect.sid=x`).expect(500);
    });

    it('is shared by instances configured with the same secret', async () => {
      const one = build({ loopGuard: { secret: SECRET } }).app;
      const two = build({ loopGuard: { secret: SECRET } }).app;
      tokenFails(400, EXPIRED_GRANT_BODY);
      let cookie = guardCookie(await request(one).get('/token/refresh_token').set('Accept', BROWSER))!.split(';')[0]!;
      tokenFails(400, EXPIRED_GRANT_BODY);
      cookie = guardCookie(await request(two).get('/token/refresh_token').set('Accept', BROWSER).set('Cookie', cookie))!.split(';')[0]!;
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

    it('is not set when express-session keeps the count', async () => {
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(createApp(express, forwardsAsync, { session: true }).app).get('/token/refresh_token').set('Accept', BROWSER).expect(302);
      expect(guardCookie(res)).toBeUndefined();
      expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).some((cookie) => cookie.startsWith('connect.sid='))).toBe(true);
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
      const setCookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      const guard = setCookies.find((cookie) => cookie.startsWith('aad_loop_guard='));
      if (guard) guardCookie = guard.split(';')[0]!;
      return response;
    };
  }

  it('never trips with the default store, which counts in the lost session', async () => {
    const fail = regeneratingAgent('auto');
    for (let i = 0; i < 4; i++) await fail(302);
  });

  it('still trips with store: cookie', async () => {
    const fail = regeneratingAgent('cookie');
    await fail(302);
    await fail(302);
    await fail(500);
  });

  it('counts nothing with store: session when the app has no session', async () => {
    const [, express, forwardsAsync] = EXPRESS_VERSIONS[0]!;
    const { app } = createApp(express, forwardsAsync, { session: false, handler: { loopGuard: { store: 'session' } } });
    const agent = request.agent(app);
    for (let i = 0; i < 4; i++) {
      tokenFails(400, EXPIRED_GRANT_BODY);
      const response = await agent.get('/token/refresh_token').set('Accept', BROWSER).expect(302);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });
});
