import nock from 'nock';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { isAadError } from '../../src/errors.js';
import { aadErrorFromResponse, throwIfChallenged } from '../../src/express/downstream.js';
import { decodeClaims } from '../../src/parse/claims.js';
import { parseWwwAuthenticate } from '../../src/parse/www-authenticate.js';
import { AUTHORITY, CLIENT_ID, fakeAuthority, fakeJwt, tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, EXPRESS_VERSIONS, locationQuery, USER_SCOPES } from './helpers.js';

// A downstream API (Microsoft Graph here, faked with nock) revokes the token through CAE: 401 with the
// claims challenge below. The app's route got its token from real msal-node, called Graph with fetch,
// and threw what throwIfChallenged made of the answer; the handler sends the caller through the claims
// challenge.

const GRAPH = 'https://graph.microsoft.com';
const CAE_CHALLENGE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0="';
const CAE_CLAIMS = { access_token: { nbf: { essential: true, value: '1604106651' } } };
const GRAPH_REQUEST_ID = '5e0c3b2a-9c1d-4f7e-8a6b-2d4c6e8f0a1b';
const GRAPH_CAE_BODY = {
  error: {
    code: 'InvalidAuthenticationToken',
    message: 'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
    innerError: { date: '2024-10-03T08:01:02', 'request-id': GRAPH_REQUEST_ID, 'client-request-id': GRAPH_REQUEST_ID },
  },
};

function graphAnswers(status: number, body: object, headers: Record<string, string> = {}): nock.Scope {
  return nock(GRAPH).get('/v1.0/me').reply(status, body as Record<string, unknown>, headers);
}

beforeEach(() => fakeAuthority());

describe.each(EXPRESS_VERSIONS)('a downstream CAE challenge on %s', (_name, express, forwardsAsync) => {
  const build = () =>
    createApp(express, forwardsAsync, {
      handler: { clientId: CLIENT_ID, authority: AUTHORITY },
      routes: (app, route, msal) => {
        app.all(
          '/me',
          route(async (req, res) => {
            // A web API calls Graph on behalf of its caller; a web app with the signed-in user's token.
            const token =
              req.method === 'POST'
                ? await msal.acquireTokenOnBehalfOf({ oboAssertion: fakeJwt({ aud: CLIENT_ID, oid: 'u1', tid: 't1' }), scopes: USER_SCOPES, skipCache: true })
                : await msal.acquireTokenByRefreshToken({ refreshToken: 'cached-refresh-token', scopes: USER_SCOPES });
            const graph = await throwIfChallenged(await fetch(`${GRAPH}/v1.0/me`, { headers: { authorization: `Bearer ${token!.accessToken}` } }));
            res.json(await graph.json());
          }),
        );
      },
    });

  it('answers an API caller with a 401 claims challenge for its own client ID', async () => {
    const { app } = build();
    tokenEndpoint().reply(200, tokenSuccess({ scope: 'User.Read' }));
    const graph = graphAnswers(401, GRAPH_CAE_BODY, { 'WWW-Authenticate': CAE_CHALLENGE });
    const res = await request(app).post('/me').set('Accept', 'application/json').expect(401);
    expect(graph.isDone()).toBe(true);
    const [challenge] = parseWwwAuthenticate(res.headers['www-authenticate']!);
    expect(challenge!.params).toMatchObject({ realm: '', authorization_uri: `${AUTHORITY}/oauth2/v2.0/authorize`, client_id: CLIENT_ID, error: 'insufficient_claims' });
    expect(JSON.parse(decodeClaims(challenge!.params['claims'])!)).toEqual(CAE_CLAIMS);
    // The challenge decides, so the body (and the IDs only it carries) is not read: a stalled body cannot hold the request.
    expect(res.body).toMatchObject({ action: 'claims_challenge' });
  });

  it('sends a browser to sign-in carrying the claims', async () => {
    const { app } = build();
    tokenEndpoint().reply(200, tokenSuccess({ user: true, scope: 'User.Read openid profile offline_access' }));
    graphAnswers(401, GRAPH_CAE_BODY, { 'WWW-Authenticate': CAE_CHALLENGE });
    const res = await request(app).get('/me').set('Accept', BROWSER).expect(302);
    const query = locationQuery(res.headers['location']);
    expect(JSON.parse(decodeClaims(query.get('claims') ?? undefined)!)).toEqual(CAE_CLAIMS);
    expect(query.get('returnTo')).toBe('/me');
  });

  it('leaves a successful Graph answer alone', async () => {
    const { app } = build();
    tokenEndpoint().reply(200, tokenSuccess({ scope: 'User.Read' }));
    graphAnswers(200, { displayName: 'Adele Vance' });
    const res = await request(app).post('/me').expect(200);
    expect(res.body).toEqual({ displayName: 'Adele Vance' });
  });

  it('passes a Graph failure that is not an Entra challenge on untouched', async () => {
    const { app, passedOn } = build();
    tokenEndpoint().reply(200, tokenSuccess({ scope: 'User.Read' }));
    graphAnswers(404, { error: { code: 'Request_ResourceNotFound', message: 'Resource not found.' } });
    // The route reads the 404 body itself, which throwIfChallenged left unread.
    await request(app).post('/me').expect(200);
    expect(passedOn).toHaveLength(0);
  });
});

describe('aadErrorFromResponse', () => {
  const challenged = () => new Response(JSON.stringify(GRAPH_CAE_BODY), { status: 401, headers: { 'WWW-Authenticate': CAE_CHALLENGE, 'Set-Cookie': 'secret=1', 'Content-Type': 'application/json' } });

  it('turns a fetch Response with a CAE challenge into an AadError carrying a claims_challenge decision', async () => {
    const error = await aadErrorFromResponse(challenged());
    expect(isAadError(error)).toBe(true);
    expect(error!.code).toBe('ERR_AAD_CLAIMS_CHALLENGE');
    expect(error!.decision).toMatchObject({ action: 'claims_challenge', upstreamStatus: 401, claims: JSON.stringify(CAE_CLAIMS) });
    expect(error!.message).not.toContain('TokenIssuedBeforeRevocationTimestamp');
  });

  it('keeps only the headers the parser needs, never Set-Cookie', async () => {
    const error = await aadErrorFromResponse(challenged());
    expect(Object.keys((error!.cause as { headers: object }).headers).sort()).toEqual(['content-type', 'www-authenticate']);
  });

  it('reads the body from a clone, so the caller can still read it', async () => {
    const response = challenged();
    await aadErrorFromResponse(response);
    await expect(response.json()).resolves.toEqual(GRAPH_CAE_BODY);
  });

  it('does not touch a successful response', async () => {
    const response = new Response('{"ok":true}', { status: 200 });
    expect(await aadErrorFromResponse(response)).toBeUndefined();
    expect(response.bodyUsed).toBe(false);
  });

  it('recognises an Azure Resource Manager CAE challenge', async () => {
    const arm = 'Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="User session has been revoked", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwidmFsdWUiOiIxNjAzNzQyODAwIn19fQ=="';
    const error = await aadErrorFromResponse({ status: 401, headers: { 'www-authenticate': arm }, body: { error: { code: 'InvalidAuthenticationToken' } } });
    expect(error!.decision).toMatchObject({ action: 'claims_challenge', claims: '{"access_token":{"nbf":{"essential":true,"value":"1603742800"}}}' });
  });

  it('reads an axios-style { status, headers, data } and a Graph SDK-style { statusCode, headers, body }', async () => {
    const axiosLike = await aadErrorFromResponse({ status: 401, headers: { 'www-authenticate': CAE_CHALLENGE }, data: GRAPH_CAE_BODY });
    const sdkLike = await aadErrorFromResponse({ statusCode: 401, headers: new Headers({ 'WWW-Authenticate': CAE_CHALLENGE }), body: JSON.stringify(GRAPH_CAE_BODY) });
    expect(axiosLike!.decision.action).toBe('claims_challenge');
    expect(sdkLike!.decision.action).toBe('claims_challenge');
  });

  it('recognises an Entra token-endpoint error body on a raw call', async () => {
    const body = { error: 'invalid_grant', error_description: 'AADSTS50173: The provided grant has expired due to it being revoked.', error_codes: [50173] };
    const error = await aadErrorFromResponse(new Response(JSON.stringify(body), { status: 400 }));
    expect(error!.decision).toMatchObject({ action: 'reauthenticate', code: 50173 });
  });

  it('returns undefined for failures with no Entra signal and for junk', async () => {
    expect(await aadErrorFromResponse(new Response('{"error":{"code":"Request_ResourceNotFound"}}', { status: 404 }))).toBeUndefined();
    expect(await aadErrorFromResponse(new Response('<html>Bad gateway</html>', { status: 502 }))).toBeUndefined();
    expect(await aadErrorFromResponse({ status: 'nope' } as never)).toBeUndefined();
    expect(await aadErrorFromResponse(null as never)).toBeUndefined();
  });

  it('reads at most 64 KiB of a body', async () => {
    const error = await aadErrorFromResponse({ status: 400, headers: {}, body: `AADSTS50173: revoked ${'x'.repeat(200_000)}` });
    expect(((error!.cause as { body: string }).body).length).toBe(65_536);
  });
});

describe('throwIfChallenged', () => {
  it('returns the very response it was given when there is no challenge', async () => {
    const response = new Response('{}', { status: 200 });
    await expect(throwIfChallenged(response)).resolves.toBe(response);
  });

  it('rejects with the AadError when there is one', async () => {
    const response = new Response('', { status: 401, headers: { 'WWW-Authenticate': CAE_CHALLENGE } });
    await expect(throwIfChallenged(response)).rejects.toMatchObject({ name: 'AadError', code: 'ERR_AAD_CLAIMS_CHALLENGE' });
  });
});
