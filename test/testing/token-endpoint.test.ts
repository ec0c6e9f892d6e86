import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEntraSimulator } from '../../src/testing/index.js';
import { CLIENT_ID, CLIENT_SECRET, confidentialApp, decodeJwt, GRAPH_DEFAULT, GUID, MFA_CLAIMS, rejectionOf, verifiesWith } from './helpers.js';

const tokenRequests = (sim: ReturnType<typeof createEntraSimulator>) => sim.requests.filter((request) => request.endpoint === 'token');

async function rawToken(sim: ReturnType<typeof createEntraSimulator>, form: Record<string, string>, init: RequestInit = {}): Promise<Response> {
  return sim.fetch(`${sim.authority}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form), ...init });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('client credentials through real msal-node', () => {
  it('issues an RS256 app-only access token that verifies against the simulator JWKS', async () => {
    const sim = createEntraSimulator();
    const result = await confidentialApp(sim).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    const { header, claims } = decodeJwt(result!.accessToken);
    expect(header).toMatchObject({ typ: 'JWT', alg: 'RS256' });
    expect(verifiesWith(result!.accessToken, sim.jwks)).toBe(true);
    expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', tid: sim.tenantId, azp: CLIENT_ID, azpacr: '1', idtyp: 'app', ver: '2.0' });
    expect(claims['exp']).toBe((claims['iat'] as number) + 3599);
    expect(result!.tokenType).toBe('Bearer');
  });

  it('walks instance discovery and the OpenID configuration before the token endpoint, as msal-node does for a custom host', async () => {
    const sim = createEntraSimulator();
    await confidentialApp(sim).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    expect(sim.requests.map((request) => request.endpoint)).toEqual(['instance_discovery', 'openid_configuration', 'token']);
    expect(sim.requests.every((request) => request.via === 'network_client')).toBe(true);
    expect(sim.requests[2]?.params['client_secret']).toBe('[redacted]');
  });

  it('answers app-only requests with exactly the fields Entra sends and no scope', async () => {
    const sim = createEntraSimulator();
    const response = await rawToken(sim, { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: GRAPH_DEFAULT });
    expect(Object.keys((await response.json()) as object)).toEqual(['token_type', 'expires_in', 'ext_expires_in', 'access_token']);
    expect(response.headers.get('cache-control')).toBe('no-store, no-cache');
    expect(response.headers.get('x-ms-request-id')).toMatch(GUID);
  });

  it('serves a repeated request from msal-node cache without reaching the simulator', async () => {
    const sim = createEntraSimulator();
    const app = confidentialApp(sim);
    await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    const again = await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    expect(again!.fromCache).toBe(true);
    expect(tokenRequests(sim)).toHaveLength(1);
  });

  it('fails the next request with 50076, basic_action and the claims, which msal-node raises as InteractionRequiredAuthError', async () => {
    const sim = createEntraSimulator().failNextToken(50076, { claims: MFA_CLAIMS });
    const error = await rejectionOf(confidentialApp(sim).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }));
    expect(error).toMatchObject({ name: 'InteractionRequiredAuthError', errorCode: 'invalid_grant', subError: 'basic_action', claims: MFA_CLAIMS });
    expect(error.errorMessage).toMatch(/^AADSTS50076: Due to a configuration change .*\r\nTrace ID: .*\r\nCorrelation ID: .*\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s);
    const [request] = tokenRequests(sim);
    expect(request).toMatchObject({ status: 400, error: 'invalid_grant', errorCodes: [50076], scripted: true });
  });

  it("echoes msal-node's client-request-id as the correlation ID, in the body and the headers", async () => {
    const sim = createEntraSimulator().failNextToken(53003);
    const error = await rejectionOf(confidentialApp(sim).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }));
    const [request] = tokenRequests(sim);
    expect(request!.params['client-request-id']).toMatch(GUID);
    expect(request!.correlationId).toBe(request!.params['client-request-id']);
    expect(error.correlationId).toBe(request!.correlationId);
    const raw = await rawToken(sim, { grant_type: 'client_credentials' }, { headers: { 'client-request-id': 'b0e5a9c6-0000-4000-8000-000000000001' } });
    expect(raw.headers.get('client-request-id')).toBe('b0e5a9c6-0000-4000-8000-000000000001');
    expect(((await raw.json()) as { correlation_id: string }).correlation_id).toBe('b0e5a9c6-0000-4000-8000-000000000001');
  });

  it('answers a wrong secret for a registered app with 401 invalid_client and AADSTS7000215', async () => {
    const sim = createEntraSimulator({ apps: [{ clientId: CLIENT_ID, clientSecret: 'the-right-one' }] });
    const error = await rejectionOf(confidentialApp(sim).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }));
    expect(error).toMatchObject({ name: 'ServerError', errorCode: 'invalid_client' });
    expect(error.errorMessage).toContain(`AADSTS7000215: Invalid client secret provided.`);
    expect(error.errorMessage).not.toContain(CLIENT_SECRET);
    expect(tokenRequests(sim)[0]?.status).toBe(401);
  });

  it('answers an unknown client ID with AADSTS700016 when apps are registered', async () => {
    const sim = createEntraSimulator({ apps: [{ clientId: 'another-app' }] });
    const error = await rejectionOf(confidentialApp(sim).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }));
    expect(error.errorCode).toBe('unauthorized_client');
    expect(error.errorMessage).toContain(`AADSTS700016: Application with identifier '${CLIENT_ID}' was not found in the directory`);
  });

  it('accepts a client assertion whose iss and sub are the client ID', async () => {
    const sim = createEntraSimulator();
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const clientAssertion = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: CLIENT_ID, sub: CLIENT_ID, aud: 'x' })}.c2ln`;
    const result = await confidentialApp(sim, { clientSecret: '', clientAssertion }).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    expect(decodeJwt(result!.accessToken).claims['azpacr']).toBe('2');
  });

  it.each([
    ['a scope without /.default', ['https://graph.microsoft.com/User.Read'], /Client credential flows must have a scope value with \/.default/],
    ['scopes of two resources', ['https://graph.microsoft.com/.default', 'api://other/.default'], /contains more than one resource/],
  ])('refuses %s with invalid_scope and AADSTS70011', async (_, scopes, text) => {
    const sim = createEntraSimulator();
    const error = await rejectionOf(confidentialApp(sim).acquireTokenByClientCredential({ scopes }));
    expect(error.errorCode).toBe('invalid_scope');
    expect(error.errorMessage).toMatch(/AADSTS70011: /);
    expect(error.errorMessage).toMatch(text);
  });
});

describe('protocol checks on the raw endpoint', () => {
  it.each([
    ['a missing grant_type', { client_id: CLIENT_ID }, 'invalid_request', 900144, "'grant_type'"],
    ['an unsupported grant type', { grant_type: 'password2', client_id: CLIENT_ID }, 'unsupported_grant_type', 70003, "'password2'"],
    ['a missing client_id', { grant_type: 'client_credentials' }, 'invalid_request', 900144, "'client_id'"],
    ['a confidential grant with no credential', { grant_type: 'client_credentials', client_id: CLIENT_ID, scope: GRAPH_DEFAULT }, 'invalid_client', 7000218, "'client_secret'"],
  ])('answers %s as Entra does', async (_, form, error, code, text) => {
    const sim = createEntraSimulator();
    const response = await rawToken(sim, form);
    const body = (await response.json()) as { error: string; error_codes: number[]; error_description: string };
    expect(response.status).toBe(error === 'invalid_client' ? 401 : 400);
    expect(body).toMatchObject({ error, error_codes: [code] });
    expect(body.error_description).toContain(text);
    expect(response.headers.get('x-ms-clitelem')).toBe(`1,${code},0,,`);
  });

  it('answers a GET with AADSTS900561', async () => {
    const sim = createEntraSimulator();
    const response = await sim.fetch(`${sim.authority}/oauth2/v2.0/token`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_codes: number[] }).error_codes).toEqual([900561]);
  });

  it('answers an unknown tenant with AADSTS90002 and accepts the tenant domain and multi-tenant aliases', async () => {
    const sim = createEntraSimulator();
    const form = { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'x', scope: GRAPH_DEFAULT };
    const unknown = await sim.fetch(`https://${sim.host}/fabrikam.onmicrosoft.com/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form) });
    expect(((await unknown.json()) as { error_description: string }).error_description).toMatch(/^AADSTS90002: Tenant 'fabrikam.onmicrosoft.com' not found/);
    for (const tenant of ['contoso.onmicrosoft.com', 'organizations', 'common']) {
      const known = await sim.fetch(`https://${sim.host}/${tenant}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form) });
      expect(known.status).toBe(200);
    }
  });
});

describe('throttling and outages', () => {
  it('throttles the next 3 requests with 429 and Retry-After, and msal-node replays the throttle until it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const sim = createEntraSimulator().throttleNextToken(3, { retryAfter: 2 });
    const app = confidentialApp(sim);
    const request = { scopes: [GRAPH_DEFAULT], skipCache: true };

    const first = await rejectionOf(app.acquireTokenByClientCredential(request));
    expect(first).toMatchObject({ name: 'ServerError', errorCode: 'temporarily_unavailable' });
    expect(first.errorMessage).toContain('AADSTS90055: ');
    // Within Retry-After, msal-node answers from its throttling cache: nothing reaches the simulator.
    const replay = await rejectionOf(app.acquireTokenByClientCredential(request));
    expect(replay.errorCode).toBe('90055');
    expect(tokenRequests(sim)).toHaveLength(1);

    for (let attempt = 2; attempt <= 3; attempt++) {
      vi.setSystemTime(Date.now() + 2_001);
      await rejectionOf(app.acquireTokenByClientCredential(request));
      expect(tokenRequests(sim)).toHaveLength(attempt);
    }
    vi.setSystemTime(Date.now() + 2_001);
    await expect(app.acquireTokenByClientCredential(request)).resolves.toBeTruthy();
    expect(tokenRequests(sim).map((entry) => entry.status)).toEqual([429, 429, 429, 200]);
  });

  it('sends Retry-After in either form, seconds or an HTTP-date', async () => {
    const sim = createEntraSimulator().throttleNextToken(1, { retryAfter: 7 }).throttleNextToken(1, { status: 503, retryAfter: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)) });
    const seconds = await rawToken(sim, { grant_type: 'client_credentials' });
    expect([seconds.status, seconds.headers.get('retry-after')]).toEqual([429, '7']);
    const date = await rawToken(sim, { grant_type: 'client_credentials' });
    expect([date.status, date.headers.get('retry-after')]).toEqual([503, 'Wed, 02 Jan 2030 03:04:05 GMT']);
    expect(((await date.json()) as { error: string }).error).toBe('temporarily_unavailable');
  });

  it('answers a retry code such as 90033 with 503 temporarily_unavailable', async () => {
    const sim = createEntraSimulator().failNextToken(90033, { retryAfter: 1 });
    const response = await rawToken(sim, { grant_type: 'client_credentials' });
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '1']);
    expect(((await response.json()) as { error: string }).error).toBe('temporarily_unavailable');
  });

  it('answers with a gateway HTML page, which msal-node reports as network_error through the network client', async () => {
    const sim = createEntraSimulator().answerNextTokenWith({ status: 503, html: true, headers: { 'Retry-After': '3' } });
    const error = await rejectionOf(confidentialApp(sim).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }));
    expect(error).toMatchObject({ name: 'ClientAuthError', errorCode: 'network_error' });
    expect(tokenRequests(sim)[0]).toMatchObject({ status: 503, error: 'html', scripted: true });

    sim.answerNextTokenWith({ status: 503, html: true });
    const raw = await rawToken(sim, { grant_type: 'client_credentials' });
    expect(raw.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await raw.text()).toMatch(/^<!DOCTYPE html>[\s\S]*Our services aren't available right now/);
  });
});
