import type { Express, Request, Response } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../src/classify/types.js';
import type { AadErrorHandlerOptions } from '../../src/express/options.js';
import type { AadErrorPage } from '../../src/express/pages.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { BAD_SECRET_BODY, EXPIRED_GRANT_BODY, MFA_BODY } from '../fixtures/entra-inputs.js';
import { fakeAuthority, TENANT_ID } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, EXPRESS_VERSIONS, locationQuery, recordingLogger, tokenFails } from './helpers.js';

// The extension points: onDecision (change, take over, pass), logger, render, and account hints.

beforeEach(() => fakeAuthority());

describe.each(EXPRESS_VERSIONS)('hooks on %s', (_name, express, forwardsAsync) => {
  const build = (handler: AadErrorHandlerOptions<Request, Response>) => createApp(express, forwardsAsync, { handler, session: true, routes: signInAs });

  function signInAs(app: Express): void {
    app.get('/sign-in-as', (req, res) => {
      (req.session as unknown as Record<string, unknown>)['account'] = { username: 'adele@contoso.com', loginHint: String(req.query['hint'] ?? ''), tenantId: String(req.query['tenant'] ?? TENANT_ID) };
      res.send('ok');
    });
  }

  describe('onDecision', () => {
    it('sees the decision with the request context and may change some fields', async () => {
      const seen: Decision[] = [];
      const { app } = build({
        onDecision: (decision) => {
          seen.push(decision);
          return { action: 'fail' };
        },
      });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).get('/token/refresh_token').set('Accept', BROWSER).expect(403);
      expect(seen[0]).toMatchObject({ action: 'reauthenticate', context: 'web_app', code: 70008 });
      expect(res.text).toContain('Sign-in could not be completed');
    });

    it('recomputes the status when it returns a whole changed decision', async () => {
      const { app } = build({ onDecision: (decision) => ({ ...decision, action: 'retry' }) });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).post('/token/refresh_token').expect(503);
      expect(res.headers['www-authenticate']).toBeUndefined();
      expect(res.headers['retry-after']).toBe('5');
    });

    it('keeps a status it changed explicitly', async () => {
      const { app } = build({ onDecision: () => ({ action: 'fail', status: 500 }) });
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(app).post('/token/refresh_token').expect(500);
    });

    it('lets the app answer itself, even from an async hook', async () => {
      const { app, passedOn } = build({
        onDecision: async (decision, _req, res) => {
          await Promise.resolve();
          res.status(418).json({ mine: decision.action });
        },
      });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).post('/token/refresh_token').expect(418);
      expect(res.body).toEqual({ mine: 'reauthenticate' });
      expect(passedOn).toHaveLength(0);
    });

    it('passes the error on untouched when it returns null', async () => {
      const { app, passedOn } = build({ onDecision: async () => null });
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(app).post('/token/refresh_token').expect(599);
      expect(passedOn[0]).toMatchObject({ name: 'ServerError', errorCode: 'invalid_grant' });
    });

    it("passes the hook's own error on when it throws or rejects", async () => {
      const boom = new Error('hook bug');
      for (const onDecision of [() => { throw boom; }, async () => Promise.reject(boom)]) {
        const { app, passedOn } = build({ onDecision });
        tokenFails(400, EXPIRED_GRANT_BODY);
        await request(app).post('/token/refresh_token').expect(599);
        expect(passedOn).toEqual([boom]);
      }
    });

    it('answers the original decision and warns when the change is unusable', async () => {
      const logger = recordingLogger();
      const { app } = build({ logger, onDecision: () => ({ action: 'explode' as never }) });
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(app).post('/token/refresh_token').expect(401);
      expect(logger.records[0]).toMatchObject({ level: 'warn', message: expect.stringContaining('unusable change') });
    });
  });

  describe('logger', () => {
    it('gets one warn record per interactive failure, without description or claims', async () => {
      const logger = recordingLogger();
      const { app } = build({ logger });
      const sent = tokenFails(400, MFA_BODY);
      await request(app).post('/token/on_behalf_of').expect(401);
      expect(logger.records).toHaveLength(1);
      expect(logger.records[0]).toEqual({
        level: 'warn',
        message: 'aad-error-handler: Entra ID failure: claims_challenge (AADSTS50076)',
        record: { code: 50076, codeId: 'AADSTS50076', action: 'claims_challenge', error: 'invalid_grant', suberror: 'basic_action', risk: 'high', fixBy: 'user', status: 401, correlationId: sent.correlationId, traceId: expect.any(String), mode: 'web_api', rule: 'claims', known: true },
      });
    });

    it('logs a fail at error level with the status sent', async () => {
      const logger = recordingLogger();
      const { app } = build({ logger });
      tokenFails(401, BAD_SECRET_BODY);
      await request(app).get('/token/client_credentials').set('Accept', BROWSER).expect(500);
      expect(logger.records[0]).toMatchObject({ level: 'error', record: { action: 'fail', status: 500, mode: 'web_app', codeId: 'AADSTS7000215' } });
    });

    it('records the 302 of a sign-in redirect', async () => {
      const logger = recordingLogger();
      const { app } = build({ logger });
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(app).get('/token/refresh_token').set('Accept', BROWSER).expect(302);
      expect(logger.records[0]).toMatchObject({ level: 'warn', record: { action: 'reauthenticate', status: 302, mode: 'web_app' } });
    });

    it('cannot break the answer by throwing', async () => {
      const { app } = build({ logger: { warn: () => { throw new Error('disk full'); }, error: () => { throw new Error('disk full'); } } });
      tokenFails(400, EXPIRED_GRANT_BODY);
      await request(app).post('/token/refresh_token').expect(401);
    });
  });

  describe('render', () => {
    it('draws the page with the app’s own HTML and the page model', async () => {
      const pages: AadErrorPage[] = [];
      const { app } = build({ render: async (page) => { pages.push(page); return `<p>custom ${page.kind}</p>`; } });
      tokenFails(401, BAD_SECRET_BODY);
      const res = await request(app).get('/token/client_credentials').set('Accept', BROWSER).expect(500);
      expect(res.text).toBe('<p>custom error</p>');
      expect(res.headers['content-security-policy']).toBeUndefined();
      expect(pages[0]).toMatchObject({ kind: 'error', status: 500, code: 'AADSTS7000215', details: null, tryAgainUrl: null });
    });

    it('falls back to the built-in page when render returns nothing', async () => {
      const { app } = build({ render: () => undefined });
      tokenFails(401, BAD_SECRET_BODY);
      const res = await request(app).get('/token/client_credentials').set('Accept', BROWSER).expect(500);
      expect(res.text).toContain('This app is not set up correctly');
    });

    it('falls back to the built-in page and logs when render throws', async () => {
      const logger = recordingLogger();
      const { app } = build({ logger, render: () => { throw new Error('template missing'); } });
      tokenFails(401, BAD_SECRET_BODY);
      const res = await request(app).get('/token/client_credentials').set('Accept', BROWSER).expect(500);
      expect(res.text).toContain('This app is not set up correctly');
      expect(logger.records.map((entry) => entry.message)).toContain('aad-error-handler: render failed; sent the built-in page');
    });

    it('sends no body to a HEAD request', async () => {
      const { app } = build({});
      tokenFails(401, BAD_SECRET_BODY);
      const res = await request(app).head('/token/client_credentials').set('Accept', BROWSER).expect(500);
      expect(res.text).toBeUndefined();
    });
  });

  describe('sign-in hints and prompts', () => {
    it('adds login_hint and domain_hint from the account in express-session', async () => {
      const agent = request.agent(build({}).app);
      await agent.get('/sign-in-as?hint=opaque-login-hint').expect(200);
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await agent.get('/token/refresh_token').set('Accept', BROWSER).expect(302);
      const query = locationQuery(res.headers['location']);
      expect(query.get('login_hint')).toBe('opaque-login-hint');
      expect(query.get('domain_hint')).toBe('organizations');
    });

    it('uses the username and consumers for a personal Microsoft account', async () => {
      const agent = request.agent(build({}).app);
      await agent.get('/sign-in-as?tenant=9188040d-6c67-4c5b-b112-36a304b66dad').expect(200);
      tokenFails(400, EXPIRED_GRANT_BODY);
      const query = locationQuery((await agent.get('/token/refresh_token').set('Accept', BROWSER).expect(302)).headers['location']);
      expect(query.get('login_hint')).toBe('adele@contoso.com');
      expect(query.get('domain_hint')).toBe('consumers');
    });

    it('asks for fresh credentials when the session was revoked (AADSTS50173)', async () => {
      const { app } = build({});
      tokenFails(400, entraErrorBody(50173, { error: 'invalid_grant' }));
      const res = await request(app).get('/token/refresh_token').set('Accept', BROWSER).expect(302);
      expect(locationQuery(res.headers['location']).get('prompt')).toBe('login');
    });

    it('asks the user to pick another account, without hinting the current one, for AADSTS16000', async () => {
      const agent = request.agent(build({}).app);
      await agent.get('/sign-in-as?hint=current').expect(200);
      tokenFails(400, entraErrorBody(16000, { error: 'interaction_required' }));
      const query = locationQuery((await agent.get('/token/refresh_token').set('Accept', BROWSER).expect(302)).headers['location']);
      expect(query.get('prompt')).toBe('select_account');
      expect(query.has('login_hint')).toBe(false);
    });

    it('uses a custom account reader', async () => {
      const { app } = build({ account: (req) => ({ username: String(req.headers['x-user']) }) });
      tokenFails(400, EXPIRED_GRANT_BODY);
      const res = await request(app).get('/token/refresh_token').set('Accept', BROWSER).set('X-User', 'megan@contoso.com').expect(302);
      expect(locationQuery(res.headers['location']).get('login_hint')).toBe('megan@contoso.com');
    });
  });
});
