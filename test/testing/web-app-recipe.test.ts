// docs/simulator.md, "Web-app recipe": a signed-in user whose next silent call fails. The app is the
// README's web app (express-session, real msal-node, aadErrorHandler), on Express 4 and 5; the simulator
// expires the user's cached access token and refuses their refresh token with the failure under test.
// In your project the imports below are `aad-error-handler` and `aad-error-handler/testing`.
import { ConfidentialClientApplication, type AccountInfo } from '@azure/msal-node';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { aadErrorHandler, aadSignInCallback, readSignInState, signInRequestFromQuery } from '../../src/index.js';
import { createEntraSimulator } from '../../src/testing/index.js';
import { EXPRESS_VERSIONS, type ExpressModule } from '../express/helpers.js';

const CLIENT_ID = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
const REDIRECT_URI = 'http://localhost:3000/auth/redirect';
const SCOPES = ['User.Read'];
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const MFA_CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

const sim = createEntraSimulator();
const ADELE = 'adele@contoso.onmicrosoft.com';
const MEGAN = 'megan@contoso.onmicrosoft.com';

type Session = { account?: AccountInfo | undefined };
const sessionOf = (req: Request): Session => req.session as unknown as Session;

/** The README's web app, built against the simulator as production builds it against Entra ID. */
function createWebApp(express: ExpressModule, forwardsAsync: boolean) {
  const cca = new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, clientSecret: 'test-secret', authority: sim.authority },
    system: { networkClient: sim.networkClient },
  });
  // Express 5 forwards a rejected promise to the error handler itself; Express 4 needs `.catch(next)`.
  const route = (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    forwardsAsync ? (fn as RequestHandler) : (req, res, next: NextFunction) => void fn(req, res).catch(next);

  const app = express();
  app.use(session({ secret: 'recipe-session-secret-0123456789', resave: false, saveUninitialized: false }));
  app.get('/auth/signin', route(async (req, res) => res.redirect(await cca.getAuthCodeUrl(signInRequestFromQuery(req, res, { redirectUri: REDIRECT_URI, scopes: SCOPES })))));
  app.get(
    '/auth/redirect',
    aadSignInCallback(),
    route(async (req, res) => {
      sessionOf(req).account = (await cca.acquireTokenByCode({ code: String(req.query['code']), scopes: SCOPES, redirectUri: REDIRECT_URI })).account ?? undefined;
      res.redirect(readSignInState(req)?.returnTo ?? '/');
    }),
  );
  app.get(
    '/profile',
    route(async (req, res) => {
      const account = sessionOf(req).account;
      if (!account) return void res.redirect('/auth/signin?returnTo=%2Fprofile');
      const result = await cca.acquireTokenSilent({ account, scopes: SCOPES });
      res.json({ name: result.account?.name });
    }),
  );
  app.use(aadErrorHandler({ msal: cca, scopes: SCOPES, logger: false }));
  return { app, cca };
}

/** Signs `username` in through the app's own routes, with a code the simulator issues as its sign-in page would. */
async function signIn(agent: ReturnType<typeof request.agent>, username: string): Promise<void> {
  const start = await agent.get('/auth/signin?returnTo=%2Fprofile').set('Accept', BROWSER).expect(302);
  const authorize = new URL(String(start.headers['location']));
  const code = sim.issueAuthorizationCode({ clientId: CLIENT_ID, redirectUri: REDIRECT_URI, scopes: SCOPES, username });
  await agent.get(`/auth/redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(authorize.searchParams.get('state') ?? '')}`).set('Accept', BROWSER).expect(302);
}

/** The sign-in route's query in the handler's redirect. */
function signInQuery(location: unknown): URLSearchParams {
  const url = new URL(String(location), 'http://localhost:3000');
  expect(url.pathname).toBe('/auth/signin');
  return url.searchParams;
}

const refreshes = () => sim.requests.filter((entry) => entry.grantType === 'refresh_token');

afterEach(() => {
  expect(sim.pendingScripts).toBe(0); // every scripted refusal was used
  sim.reset();
});

describe.each(EXPRESS_VERSIONS)('a signed-in user whose next silent call fails, on %s', (_name, express, forwardsAsync) => {
  it('answers from msal-node\'s cache until the access token is expired, then redeems the refresh token', async () => {
    const { app, cca } = createWebApp(express, forwardsAsync);
    const agent = request.agent(app);
    await signIn(agent, ADELE);

    await agent.get('/profile').expect(200, { name: 'Adele Vance' });
    expect(refreshes()).toHaveLength(0);

    expect(sim.expireCachedAccessTokens(cca.getTokenCache(), ADELE)).toBe(1);
    await agent.get('/profile').expect(200, { name: 'Adele Vance' });
    expect(refreshes()).toMatchObject([{ status: 200, scripted: false }]);
  });

  it('sends the browser to sign in with the claims when Conditional Access wants MFA (50076)', async () => {
    const { app, cca } = createWebApp(express, forwardsAsync);
    const agent = request.agent(app);
    await signIn(agent, ADELE);

    sim.expireCachedAccessTokens(cca.getTokenCache(), ADELE);
    sim.failNextRefresh(50076, { username: ADELE, claims: MFA_CLAIMS });
    const res = await agent.get('/profile').set('Accept', BROWSER).expect(302);

    const query = signInQuery(res.headers['location']);
    expect(JSON.parse(Buffer.from(query.get('claims') ?? '', 'base64url').toString())).toEqual(JSON.parse(MFA_CLAIMS));
    expect(query.get('returnTo')).toBe('/profile');
    expect(refreshes()).toMatchObject([{ status: 400, error: 'invalid_grant', errorCodes: [50076], scripted: true }]);
    // The app's sign-in route hands the claims to Entra ID, which then asks for the second factor.
    const authorize = await agent.get(String(res.headers['location'])).set('Accept', BROWSER).expect(302);
    expect(JSON.parse(new URL(String(authorize.headers['location'])).searchParams.get('claims') ?? '')).toMatchObject(JSON.parse(MFA_CLAIMS) as object); // msal-node merges its own id_token claims in
  });

  it('answers an API caller with a claims challenge for the same failure', async () => {
    const { app, cca } = createWebApp(express, forwardsAsync);
    const agent = request.agent(app);
    await signIn(agent, ADELE);

    sim.expireCachedAccessTokens(cca.getTokenCache(), ADELE);
    sim.failNextRefresh(50076, { username: ADELE, claims: MFA_CLAIMS });
    const res = await agent.get('/profile').set('Accept', 'application/json').expect(401);

    const challenge = String(res.headers['www-authenticate']);
    expect(challenge).toContain('error="insufficient_claims"');
    const claims = /claims="([^"]+)"/.exec(challenge)?.[1] ?? '';
    expect(JSON.parse(Buffer.from(claims, 'base64').toString())).toEqual(JSON.parse(MFA_CLAIMS));
  });

  it('sends the browser to the consent prompt when a permission was never granted (65001)', async () => {
    const { app, cca } = createWebApp(express, forwardsAsync);
    const agent = request.agent(app);
    await signIn(agent, ADELE);

    sim.expireCachedAccessTokens(cca.getTokenCache(), ADELE);
    sim.failNextRefresh(65001, { username: ADELE });
    const res = await agent.get('/profile').set('Accept', BROWSER).expect(302);

    expect(signInQuery(res.headers['location']).get('prompt')).toBe('consent');
    expect(refreshes()).toMatchObject([{ error: 'invalid_grant', errorCodes: [65001], scripted: true }]);
  });

  it.each([
    ['revoked with sim.revokeRefreshTokens (50173)', 50173, (username: string) => sim.revokeRefreshTokens(username)],
    ['refused as expired or revoked (70008)', 70008, (username: string) => sim.failNextRefresh(70008, { username })],
  ] as const)('sends the browser to sign in again when the grant was %s', async (_how, code, revoke) => {
    const { app, cca } = createWebApp(express, forwardsAsync);
    const agent = request.agent(app);
    await signIn(agent, ADELE);

    sim.expireCachedAccessTokens(cca.getTokenCache(), ADELE);
    revoke(ADELE);
    const res = await agent.get('/profile').set('Accept', BROWSER).expect(302);

    const query = signInQuery(res.headers['location']);
    expect(query.get('returnTo')).toBe('/profile');
    expect(query.get('prompt')).not.toBe('consent');
    expect(query.has('claims')).toBe(false);
    expect(refreshes()).toMatchObject([{ status: 400, error: 'invalid_grant', errorCodes: [code] }]);
  });

  it('leaves other users alone: the expiry and the refusal are for one account', async () => {
    const { app, cca } = createWebApp(express, forwardsAsync);
    const adele = request.agent(app);
    const megan = request.agent(app);
    await signIn(adele, ADELE);
    await signIn(megan, MEGAN);

    expect(sim.expireCachedAccessTokens(cca.getTokenCache(), MEGAN)).toBe(1);
    sim.failNextRefresh(50076, { username: ADELE, claims: MFA_CLAIMS });
    await megan.get('/profile').expect(200, { name: 'Megan' });
    // Adele's token is still cached: her refusal waits for her next refresh.
    await adele.get('/profile').expect(200, { name: 'Adele Vance' });
    expect(sim.pendingScripts).toBe(1);

    sim.expireCachedAccessTokens(cca.getTokenCache(), ADELE);
    await adele.get('/profile').set('Accept', BROWSER).expect(302);
  });
});

describe('revoking one user\'s grants', () => {
  it('fails that user\'s next refresh with AADSTS50173 and leaves the other user\'s working', async () => {
    const { app, cca } = createWebApp(EXPRESS_VERSIONS[1]![1], true);
    const adele = request.agent(app);
    const megan = request.agent(app);
    await signIn(adele, ADELE);
    await signIn(megan, MEGAN);

    sim.revokeRefreshTokens(MEGAN);
    expect(sim.expireCachedAccessTokens(cca.getTokenCache())).toBe(2);
    await adele.get('/profile').expect(200, { name: 'Adele Vance' });
    await megan.get('/profile').set('Accept', BROWSER).expect(302);
    expect(refreshes().map((entry) => entry.status)).toEqual([200, 400]);
    expect(refreshes()[1]).toMatchObject({ error: 'invalid_grant', errorCodes: [50173], scripted: false });
  });
});

describe('the simulator\'s checks on the recipe\'s calls', () => {
  it('refuses a username the sign-in page would refuse, and a cache that is not msal-node\'s', () => {
    expect(() => sim.failNextRefresh(50076, { username: 'not a name' })).toThrow(/`username` must be a sign-in name/);
    expect(() => sim.revokeRefreshTokens('')).toThrow(TypeError);
    expect(() => sim.expireCachedAccessTokens({} as never)).toThrow(/getTokenCache\(\)/);
  });

  it('expires nothing in an empty cache', () => {
    const cca = new ConfidentialClientApplication({ auth: { clientId: CLIENT_ID, clientSecret: 'test-secret', authority: sim.authority }, system: { networkClient: sim.networkClient } });
    expect(sim.expireCachedAccessTokens(cca.getTokenCache())).toBe(0);
  });
});
