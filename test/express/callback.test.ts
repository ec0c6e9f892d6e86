import type { Express, RequestHandler } from 'express';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { aadSignInCallback, isSignInCallbackError, isSignInStateError } from '../../src/express/callback.js';
import { signInRequestFromQuery } from '../../src/express/sign-in.js';
import { decodeSignInState, readSignInState } from '../../src/express/sign-in.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { CA_CLAIMS, MFA_BODY } from '../fixtures/entra-inputs.js';
import { AUTHORITY, fakeAuthority, tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, EXPRESS_VERSIONS, locationQuery, REDIRECT_URI, tokenFails, USER_SCOPES, type ExpressModule } from './helpers.js';

// The whole interactive round trip through a real web app: a failure sends the browser to the app's
// sign-in route, which builds msal-node's authorize URL with signInRequestFromQuery; Entra comes back
// on the redirect URI with a code (or with error=…, which aadSignInCallback hands to the handler).

const DECLINED_DESCRIPTION = 'AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00\r\nCorrelation ID: 7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f\r\nTimestamp: 2024-10-03 08:01:02Z';

beforeEach(() => fakeAuthority());

function signInRoutes(express: ExpressModule) {
  return (app: Express, route: (fn: (...args: Parameters<RequestHandler>) => unknown) => RequestHandler, msal: ConfidentialClientApplication): void => {
    app.get(
      '/auth/signin',
      route(async (req, res) => {
        const signIn = signInRequestFromQuery(req, res, { redirectUri: REDIRECT_URI, scopes: USER_SCOPES });
        res.redirect(await msal.getAuthCodeUrl(signIn));
      }),
    );
    const redeem = route(async (req, res) => {
      const params = (req.method === 'POST' ? req.body : req.query) as Record<string, string>;
      await msal.acquireTokenByCode({ code: params['code']!, scopes: USER_SCOPES, redirectUri: REDIRECT_URI });
      res.redirect(readSignInState(req)?.returnTo ?? '/');
    });
    app.get('/auth/redirect', aadSignInCallback(), redeem);
    app.post('/auth/redirect', express.urlencoded({ extended: false }), aadSignInCallback(), redeem);
    app.post('/auth/unparsed', aadSignInCallback(), (_req, res) => void res.send('unreachable'));
    app.get('/auth/admin-consent', aadSignInCallback({ adminConsent: true }), (_req, res) => void res.send('approved'));
  };
}

// The state is bound to the browser by a cookie: each test's requests come from one agent.
const agents = new WeakMap<Express, ReturnType<typeof request.agent>>();
function agentFor(app: Express): ReturnType<typeof request.agent> {
  let agent = agents.get(app);
  if (!agent) {
    agent = request.agent(app);
    agents.set(app, agent);
  }
  return agent;
}

describe.each(EXPRESS_VERSIONS)('the sign-in round trip on %s', (_name, express, forwardsAsync) => {
  const build = () => createApp(express, forwardsAsync, { routes: signInRoutes(express) });

  /** Follows the handler's redirect through the sign-in route; returns Entra's authorize URL. */
  async function authorizeUrlFor(app: Express, failingPath: string): Promise<URL> {
    const first = await agentFor(app).get(failingPath).set('Accept', BROWSER).expect(302);
    const signIn = await agentFor(app).get(first.headers['location']!).set('Accept', BROWSER).expect(302);
    return new URL(signIn.headers['location']!);
  }

  it('carries a claims challenge through the sign-in route into the authorize URL', async () => {
    const { app } = build();
    tokenFails(400, MFA_BODY);
    const authorize = await authorizeUrlFor(app, '/token/on_behalf_of?from=test');
    expect(authorize.origin + authorize.pathname).toBe(`${AUTHORITY}/oauth2/v2.0/authorize`);
    // msal-node adds its own id_token claims (login_hint, signin_state…) next to the challenge's.
    expect(JSON.parse(authorize.searchParams.get('claims')!)).toMatchObject(JSON.parse(CA_CLAIMS));
    expect(decodeSignInState(authorize.searchParams.get('state'))?.returnTo).toBe('/token/on_behalf_of?from=test');
  });

  it('carries prompt=consent through to the authorize URL', async () => {
    const { app } = build();
    tokenFails(400, entraErrorBody(65001, { error: 'invalid_grant', suberror: 'consent_required' }));
    const authorize = await authorizeUrlFor(app, '/token/refresh_token');
    expect(authorize.searchParams.get('prompt')).toBe('consent');
  });

  it('returns to the original page after the code is redeemed', async () => {
    const { app } = build();
    tokenFails(400, MFA_BODY);
    const authorize = await authorizeUrlFor(app, '/token/on_behalf_of?from=test');
    tokenEndpoint().reply(200, tokenSuccess({ user: true, scope: 'User.Read openid profile offline_access' }));
    const back = await agentFor(app).get(`/auth/redirect?code=fresh-code&state=${authorize.searchParams.get('state')}`).set('Accept', BROWSER).expect(302);
    expect(back.headers['location']).toBe('/token/on_behalf_of?from=test');
  });

  it('shows a declined-consent page, not another redirect, for error=access_denied on the callback', async () => {
    const { app } = build();
    tokenFails(400, entraErrorBody(65001, { error: 'invalid_grant', suberror: 'consent_required' }));
    const state = (await authorizeUrlFor(app, '/token/on_behalf_of?page=reports')).searchParams.get('state')!;
    const res = await agentFor(app)
      .get('/auth/redirect')
      .query({ error: 'access_denied', error_subcode: 'cancel', error_description: 'AADSTS65004: User declined to consent to access the app.', state })
      .set('Accept', BROWSER)
      .expect(403);
    expect(res.headers['location']).toBeUndefined();
    expect(res.text).toContain('Permission was not granted');
    expect(res.text).toContain('href="/auth/signin?returnTo=%2Ftoken%2Fon_behalf_of%3Fpage%3Dreports"');
  });

  describe('an administrator who declines on the admin-consent page (issue 12)', () => {
    const ADMIN_LINK = `${AUTHORITY}/v2.0/adminconsent?client_id=c44b4083-3bb0-49c1-b47d-974e53cbdf3c&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default`;
    const DECLINED = { error: 'access_denied', error_subcode: 'cancel', error_description: 'AADSTS65004: The administrator declined to grant consent for the organization.' };
    const buildWithLink = () => createApp(express, forwardsAsync, { routes: signInRoutes(express), handler: { adminConsentUrl: ADMIN_LINK } });

    it.each([
      ['a callback mounted with adminConsent: true', '/auth/admin-consent', {}],
      ['a callback that carries admin_consent=False', '/auth/redirect', { admin_consent: 'False', tenant: 'contoso.onmicrosoft.com' }],
    ] as const)('gets a page for the organization, with the approval link and no "sign in again", on %s', async (_where, path, extra) => {
      const { app } = buildWithLink();
      const res = await agentFor(app).get(path).query({ ...DECLINED, ...extra }).set('Accept', BROWSER).expect(403);
      expect(res.text).toContain('<h1>The app was not approved for your organization</h1>');
      expect(res.text).toContain('only an administrator can approve the app');
      expect(res.text).toContain('An administrator declined');
      expect(res.text).toContain(ADMIN_LINK.replace(/&/g, '&amp;'));
      expect(res.text).not.toContain('Sign in again');
      expect(res.text).not.toContain('Permission was not granted');
    });

    it('refuses an adminConsent option that is not a boolean, naming it', () => {
      expect(() => aadSignInCallback({ adminConsent: 'yes' as unknown as boolean })).toThrow(/`adminConsent` must be true or false; received "yes"/);
    });

    it('decides it as an administrator\'s to fix, and renders the admin_declined page without a way to sign in again', async () => {
      const seen: Array<{ kind: string; tryAgainUrl: string | null }> = [];
      const decisions: Array<{ fixBy: string; adminConsent: boolean; status: number }> = [];
      const { app } = createApp(express, forwardsAsync, {
        routes: signInRoutes(express),
        handler: {
          onDecision: (decision) => void decisions.push({ fixBy: decision.fixBy, adminConsent: decision.adminConsent, status: decision.status }),
          render: (page) => void seen.push({ kind: page.kind, tryAgainUrl: page.tryAgainUrl }),
        },
      });
      await agentFor(app).get('/auth/admin-consent').query(DECLINED).set('Accept', BROWSER).expect(403);
      expect(decisions).toEqual([{ fixBy: 'admin', adminConsent: true, status: 403 }]);
      expect(seen).toEqual([{ kind: 'admin_declined', tryAgainUrl: null }]);
    });

    it('still answers a user\'s own refusal on the sign-in redirect URI with the declined page', async () => {
      const decisions: Array<{ fixBy: string; adminConsent: boolean }> = [];
      const { app } = createApp(express, forwardsAsync, { routes: signInRoutes(express), handler: { onDecision: (decision) => void decisions.push({ fixBy: decision.fixBy, adminConsent: decision.adminConsent }) } });
      const res = await agentFor(app).get('/auth/redirect').query(DECLINED).set('Accept', BROWSER).expect(403);
      expect(res.text).toContain('Permission was not granted');
      expect(decisions).toEqual([{ fixBy: 'user', adminConsent: false }]);
    });
  });

  it('classifies a form-post callback error like a query one, as a browser navigation', async () => {
    const { app } = build();
    const res = await agentFor(app)
      .post('/auth/redirect')
      .type('form')
      .set('Accept', BROWSER)
      .send({ error: 'consent_required', error_description: DECLINED_DESCRIPTION, state: 'not-ours' })
      .expect(403);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('Permission was not granted');
    expect(res.text).toContain('AADSTS65004');
  });

  it('sends an interaction_required callback back to sign-in, returning where state said', async () => {
    const { app } = build();
    tokenFails(400, MFA_BODY);
    const state = (await authorizeUrlFor(app, '/token/on_behalf_of?q=1')).searchParams.get('state')!;
    const res = await agentFor(app).get('/auth/redirect').query({ error: 'interaction_required', error_description: 'AADSTS50058: A silent sign-in request was sent but no user is signed in.', state }).set('Accept', BROWSER).expect(302);
    expect(locationQuery(res.headers['location']).get('returnTo')).toBe('/token/on_behalf_of?q=1');
  });

  it('returns to the page named in state, not to the spent callback URL, when redeeming the code fails', async () => {
    const { app } = build();
    tokenFails(400, MFA_BODY);
    const state = (await authorizeUrlFor(app, '/token/on_behalf_of?q=2')).searchParams.get('state')!;
    tokenFails(400, entraErrorBody(54005, { error: 'invalid_grant' }));
    const res = await agentFor(app).post('/auth/redirect').type('form').set('Accept', BROWSER).send({ code: 'spent-code', state }).expect(302);
    const query = locationQuery(res.headers['location']);
    expect(query.get('returnTo')).toBe('/token/on_behalf_of?q=2');
    expect(res.headers['location']).not.toContain('spent-code');
  });

  it('passes on a TypeError naming express.urlencoded when a form post reaches it unparsed', async () => {
    const { app, passedOn } = build();
    await agentFor(app).post('/auth/unparsed').type('form').send({ error: 'access_denied', state: 's' }).expect(599);
    expect(passedOn).toHaveLength(1);
    expect(passedOn[0]).toMatchObject({ name: 'AadOptionsError', code: 'ERR_AAD_OPTIONS' });
    expect((passedOn[0] as Error).message).toContain('express.urlencoded');
  });
});

describe('aadSignInCallback', () => {
  const run = (url: string, body?: unknown): unknown => {
    let passed: unknown = 'not called';
    const req = { method: body ? 'POST' : 'GET', url, headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}, body } as never;
    aadSignInCallback()(req, { setHeader() {}, getHeader() {} } as never, (err?: unknown) => {
      passed = err;
    });
    return passed;
  };

  it('lets through a callback with neither code nor error (an admin-consent success), verifying nothing', () => {
    expect(run('/auth/admin-consent?admin_consent=True&tenant=t&state=demo-run-1')).toBeUndefined();
  });

  it('refuses a code whose state this library did not make, before the route redeems it', () => {
    const err = run('/auth/redirect?code=abc&state=xyz');
    expect(isSignInStateError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'ERR_AAD_SIGN_IN_STATE', reason: 'malformed', status: 400 });
  });

  it('passes on a SignInCallbackError whose message names only the error value', () => {
    const err = run(`/auth/redirect?error=access_denied&error_description=${encodeURIComponent(DECLINED_DESCRIPTION)}`);
    expect(isSignInCallbackError(err)).toBe(true);
    expect((err as Error).message).toBe('Sign-in callback returned error="access_denied". See https://github.com/aad-error-handler/aad-error-handler/blob/main/docs/errors.md#err_aad_sign_in_callback');
    expect((err as Error).message).not.toContain('AADSTS65004');
  });

  it('reads a parsed form post body before the query', () => {
    const err = run('/auth/redirect?error=from_query', { error: 'from_body', state: 's' });
    expect((err as { error: string }).error).toBe('from_body');
  });

  it('caps every field it keeps', () => {
    const err = run(`/auth/redirect?error=${'e'.repeat(5000)}&error_description=${'d'.repeat(10_000)}`) as { error: string; error_description: string };
    expect(err.error).toHaveLength(256);
    expect(err.error_description).toHaveLength(4096);
  });

  it('returns to / when state is missing or not one of ours', () => {
    expect((run('/auth/redirect?error=access_denied&state=garbage') as { returnTo: string }).returnTo).toBe('/');
  });
});
