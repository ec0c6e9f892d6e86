import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEntraSimulator, type EntraSimulator } from '../../src/testing/index.js';
import { CLIENT_ID, confidentialApp, decodeJwt, MFA_CLAIMS, REDIRECT_URI, rejectionOf, signInThroughPage, verifiesWith, listening } from './helpers.js';

describe('authorization code flow: the sign-in page over the real loopback server, then acquireTokenByCode', () => {
  it('signs the user in and redeems the code for an access token, an ID token and an account', async () => {
    const { sim, origin } = await listening();
    const app = confidentialApp(sim);
    const url = await app.getAuthCodeUrl({ scopes: ['User.Read'], redirectUri: REDIRECT_URI, state: 'opaque-state', nonce: 'n-0S6_WzA2Mj' });
    expect(url.startsWith(`${origin}/${sim.tenantId}/oauth2/v2.0/authorize?`)).toBe(true);

    const back = await signInThroughPage(url, origin);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('state')).toBe('opaque-state');
    expect(back.searchParams.get('client_info')).toBeTruthy();

    const redeem = { code: back.searchParams.get('code')!, scopes: ['User.Read'], redirectUri: REDIRECT_URI };
    // Entra echoes the nonce into the ID token and msal-node checks it against the one it is given.
    const mismatch = await rejectionOf(app.acquireTokenByCode({ ...redeem, nonce: 'another-nonce' }));
    expect(mismatch.errorCode).toBe('nonce_mismatch');
    const result = await app.acquireTokenByCode({ ...redeem, code: (await signInThroughPage(url, origin)).searchParams.get('code')!, nonce: 'n-0S6_WzA2Mj' });
    expect(result.account).toMatchObject({ username: 'adele@contoso.onmicrosoft.com', name: 'Adele Vance', tenantId: sim.tenantId, environment: sim.host });
    expect(result.idTokenClaims).toMatchObject({ aud: CLIENT_ID, nonce: 'n-0S6_WzA2Mj', iss: `https://${sim.host}/${sim.tenantId}/v2.0` });
    expect(result.scopes).toEqual(expect.arrayContaining(['User.Read', 'openid', 'profile']));
    const { claims } = decodeJwt(result.accessToken);
    expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', scp: 'User.Read', idtyp: 'user', preferred_username: 'adele@contoso.onmicrosoft.com' });
    expect(verifiesWith(result.idToken, sim.jwks)).toBe(true);
  });

  it('redeems a code once: the second redemption fails with AADSTS54005', async () => {
    const { sim, origin } = await listening();
    const app = confidentialApp(sim);
    const back = await signInThroughPage(await app.getAuthCodeUrl({ scopes: ['User.Read'], redirectUri: REDIRECT_URI }), origin);
    const request = { code: back.searchParams.get('code')!, scopes: ['User.Read'], redirectUri: REDIRECT_URI };
    await app.acquireTokenByCode(request);
    const error = await rejectionOf(app.acquireTokenByCode(request));
    expect(error).toMatchObject({ name: 'ServerError', errorCode: 'invalid_grant' });
    expect(error.errorMessage).toContain('AADSTS54005: OAuth2 Authorization code was already redeemed');
  });

  it('signs in the user named on the page, with a stable object ID', async () => {
    const { sim, origin } = await listening();
    const app = confidentialApp(sim);
    const redeem = async () => {
      const back = await signInThroughPage(await app.getAuthCodeUrl({ scopes: ['User.Read'], redirectUri: REDIRECT_URI }), origin, 'megan.bowen@contoso.onmicrosoft.com');
      return app.acquireTokenByCode({ code: back.searchParams.get('code')!, scopes: ['User.Read'], redirectUri: REDIRECT_URI });
    };
    const [first, second] = [await redeem(), await redeem()];
    expect(first.account).toMatchObject({ username: 'megan.bowen@contoso.onmicrosoft.com', name: 'Megan Bowen' });
    expect(first.account?.localAccountId).toBe(second.account?.localAccountId);
  });

  it('checks PKCE: the right verifier redeems, a wrong one fails with AADSTS501481', async () => {
    const { sim, origin } = await listening();
    const app = confidentialApp(sim);
    const verifier = randomBytes(32).toString('base64url');
    const codeChallenge = createHash('sha256').update(verifier).digest('base64url');
    const login = () => app.getAuthCodeUrl({ scopes: ['User.Read'], redirectUri: REDIRECT_URI, codeChallenge, codeChallengeMethod: 'S256' });
    const wrong = await signInThroughPage(await login(), origin);
    const error = await rejectionOf(app.acquireTokenByCode({ code: wrong.searchParams.get('code')!, scopes: ['User.Read'], redirectUri: REDIRECT_URI, codeVerifier: 'not-the-verifier' }));
    expect(error.errorMessage).toContain('AADSTS501481: The Code_Verifier does not match');
    const right = await signInThroughPage(await login(), origin);
    await expect(app.acquireTokenByCode({ code: right.searchParams.get('code')!, scopes: ['User.Read'], redirectUri: REDIRECT_URI, codeVerifier: verifier })).resolves.toBeTruthy();
  });

  it('refuses a code redeemed with another redirect URI or by another client', async () => {
    const sim = createEntraSimulator();
    const app = confidentialApp(sim);
    const code = () => sim.issueAuthorizationCode({ clientId: CLIENT_ID, redirectUri: REDIRECT_URI, scopes: ['User.Read', 'openid'] });
    const otherUri = await rejectionOf(app.acquireTokenByCode({ code: code(), scopes: ['User.Read'], redirectUri: 'http://localhost:3000/other' }));
    expect(otherUri.errorMessage).toContain("AADSTS70000: The provided value for the input parameter 'redirect_uri' is not valid.");
    const otherClient = await rejectionOf(confidentialApp(sim, { clientId: 'another-client' }).acquireTokenByCode({ code: code(), scopes: ['User.Read'], redirectUri: REDIRECT_URI }));
    expect(otherClient.errorMessage).toContain('AADSTS7000110: ');
    const garbage = await rejectionOf(app.acquireTokenByCode({ code: 'not-a-code', scopes: ['User.Read'], redirectUri: REDIRECT_URI }));
    expect(garbage.errorMessage).toContain("AADSTS70000: The provided value for the 'code' parameter is not valid.");
  });

  it('puts the authentication context the claims challenge asked for into the access token', async () => {
    const { sim, origin } = await listening();
    const app = confidentialApp(sim);
    const back = await signInThroughPage(await app.getAuthCodeUrl({ scopes: ['User.Read'], redirectUri: REDIRECT_URI, claims: MFA_CLAIMS }), origin);
    const result = await app.acquireTokenByCode({ code: back.searchParams.get('code')!, scopes: ['User.Read'], redirectUri: REDIRECT_URI });
    expect(decodeJwt(result.accessToken).claims['acrs']).toEqual(['c1']);
  });

  it('fails a scripted redemption with 50076 and claims, leaving the code unused', async () => {
    const sim = createEntraSimulator().failNextToken(50076, { claims: MFA_CLAIMS, grantType: 'authorization_code' });
    const app = confidentialApp(sim);
    const request = { code: sim.issueAuthorizationCode({ clientId: CLIENT_ID, redirectUri: REDIRECT_URI }), scopes: ['User.Read'], redirectUri: REDIRECT_URI };
    const error = await rejectionOf(app.acquireTokenByCode(request));
    expect(error).toMatchObject({ name: 'InteractionRequiredAuthError', subError: 'basic_action', claims: MFA_CLAIMS });
    await expect(app.acquireTokenByCode(request)).resolves.toBeTruthy();
  });
});

describe('refresh tokens', () => {
  async function signedIn(sim: EntraSimulator) {
    const app = confidentialApp(sim);
    const code = sim.issueAuthorizationCode({ clientId: CLIENT_ID, redirectUri: REDIRECT_URI, scopes: ['User.Read', 'openid', 'profile', 'offline_access'] });
    const result = await app.acquireTokenByCode({ code, scopes: ['User.Read'], redirectUri: REDIRECT_URI });
    return { app, account: result.account! };
  }

  it('redeems the refresh token msal-node cached, for another resource too', async () => {
    const sim = createEntraSimulator();
    const { app, account } = await signedIn(sim);
    const graph = await app.acquireTokenSilent({ account, scopes: ['User.Read'], forceRefresh: true });
    expect(graph.fromCache).toBe(false);
    const api = await app.acquireTokenSilent({ account, scopes: ['api://orders/Orders.Read'] });
    expect(decodeJwt(api.accessToken).claims).toMatchObject({ aud: 'api://orders', scp: 'Orders.Read' });
    expect(sim.requests.filter((request) => request.grantType === 'refresh_token')).toHaveLength(2);
  });

  it('redeems a refresh token handed over directly with acquireTokenByRefreshToken', async () => {
    const sim = createEntraSimulator();
    const { app } = await signedIn(sim);
    const cache = JSON.parse(app.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
    const refreshToken = Object.values(cache.RefreshToken)[0]!.secret;
    const result = await confidentialApp(sim).acquireTokenByRefreshToken({ refreshToken, scopes: ['User.Read'] });
    expect(result?.account?.username).toBe('adele@contoso.onmicrosoft.com');
  });

  it('answers a revoked refresh token with AADSTS50173, which msal-node raises as interaction required', async () => {
    const sim = createEntraSimulator();
    const { app, account } = await signedIn(sim);
    sim.revokeRefreshTokens();
    const error = await rejectionOf(app.acquireTokenSilent({ account, scopes: ['User.Read'], forceRefresh: true }));
    expect(error).toMatchObject({ name: 'InteractionRequiredAuthError', errorCode: 'invalid_grant', subError: 'bad_token' });
    expect(error.errorMessage).toContain('AADSTS50173: ');
  });

  it('answers a refresh token unused for 90 days with AADSTS700082', async () => {
    let now = Date.UTC(2025, 0, 1);
    const sim = createEntraSimulator({ now: () => now });
    const code = sim.issueAuthorizationCode({ clientId: CLIENT_ID, redirectUri: REDIRECT_URI, scopes: ['User.Read', 'openid', 'offline_access'] });
    const first = await sim.fetch(`${sim.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: REDIRECT_URI }),
    });
    const { refresh_token: refreshToken } = (await first.json()) as { refresh_token: string };
    now += 91 * 24 * 3_600_000;
    const second = await sim.fetch(`${sim.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: refreshToken, scope: 'User.Read' }),
    });
    expect(await second.json()).toMatchObject({ error: 'invalid_grant', error_codes: [700082], timestamp: '2025-04-02 00:00:00Z' });
  });
});

describe('on-behalf-of', () => {
  const API = 'api://c44b4083-3bb0-49c1-b47d-974e53cbdf3c';

  it("trades the user's token for this API for a Graph token for the same user", async () => {
    const sim = createEntraSimulator();
    const oboAssertion = sim.issueAccessToken({ audience: API, user: { username: 'alex@contoso.onmicrosoft.com' } });
    const result = await confidentialApp(sim).acquireTokenOnBehalfOf({ oboAssertion, scopes: ['https://graph.microsoft.com/Mail.Read'] });
    expect(decodeJwt(result!.accessToken).claims).toMatchObject({ aud: 'https://graph.microsoft.com', scp: 'Mail.Read', preferred_username: 'alex@contoso.onmicrosoft.com', azp: CLIENT_ID });
    expect(sim.requests.at(-1)).toMatchObject({ grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', status: 200 });
  });

  it.each([
    ['another audience', { audience: 'api://someone-else' }, 'Assertion audience does not match'],
    ['an expired token', { audience: API, expiresIn: -60 }, 'Assertion is not within its valid time range.'],
    ['an app-only token', { audience: API, user: null }, 'The assertion is not a user token'],
  ])('refuses an assertion with %s with AADSTS50013', async (_, options, text) => {
    const sim = createEntraSimulator();
    const error = await rejectionOf(confidentialApp(sim).acquireTokenOnBehalfOf({ oboAssertion: sim.issueAccessToken(options), scopes: ['User.Read'] }));
    expect(error.errorCode).toBe('invalid_grant');
    expect(error.errorMessage).toContain(`AADSTS50013: ${text}`);
  });

  it('refuses an assertion signed by another key with AADSTS50013, and one that is not a JWT with AADSTS50027', async () => {
    const sim = createEntraSimulator();
    const [head, body] = sim.issueAccessToken({ audience: API }).split('.');
    const forged = await rejectionOf(confidentialApp(sim).acquireTokenOnBehalfOf({ oboAssertion: `${head}.${body}.${randomBytes(256).toString('base64url')}`, scopes: ['User.Read'] }));
    expect(forged.errorMessage).toContain('AADSTS50013: Assertion failed signature validation.');
    const garbage = await rejectionOf(confidentialApp(sim).acquireTokenOnBehalfOf({ oboAssertion: 'not.a-jwt', scopes: ['User.Read'] }));
    expect(garbage.errorMessage).toContain('AADSTS50027: ');
  });

  it('hands a scripted consent failure back on the OBO call only', async () => {
    const sim = createEntraSimulator().failNextToken(65001, { grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer' });
    const app = confidentialApp(sim);
    await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    const error = await rejectionOf(app.acquireTokenOnBehalfOf({ oboAssertion: sim.issueAccessToken({ audience: API }), scopes: ['User.Read'] }));
    expect(error).toMatchObject({ name: 'InteractionRequiredAuthError', errorCode: 'invalid_grant', subError: 'consent_required' });
    expect(error.errorMessage).toContain(`AADSTS65001: The user or administrator has not consented to use the application with ID '${CLIENT_ID}'.`);
  });
});
