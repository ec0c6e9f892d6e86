import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAadClient, withAadErrors } from '../../src/msal/with-aad-errors.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';
import { aadFailure, confidentialClient, GRAPH, publicClient, timeMachine, trackedClient } from './helpers.js';

const MFA_CLAIMS = '{"access_token":{"capolids":{"essential":true,"values":["cf1aa85b-3df9-4b3e-9fbc-4ec8f5b0a0a1"]}}}';
const ASSERTION = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly9taWRkbGUifQ.user-assertion-signature';

afterEach(() => {
  vi.useRealTimers();
});

describe('withAadErrors', () => {
  it('wraps the confidential client’s methods and keeps the client at hand', () => {
    const client = confidentialClient();
    const aad = withAadErrors(client);
    expect(aad.client).toBe(client);
    expect(Object.keys(aad).sort()).toEqual(['acquireTokenByClientCredential', 'acquireTokenByCode', 'acquireTokenByRefreshToken', 'acquireTokenOnBehalfOf', 'acquireTokenSilent', 'callApi', 'client']);
  });

  it('wraps the public client’s methods, device code included', () => {
    const aad = withAadErrors(publicClient());
    expect(Object.keys(aad).sort()).toEqual(['acquireTokenByCode', 'acquireTokenByDeviceCode', 'acquireTokenByRefreshToken', 'acquireTokenSilent', 'client']);
  });

  it('returns msal-node’s result unchanged on success', async () => {
    tokenEndpoint().reply(200, tokenSuccess());
    const result = await withAadErrors(confidentialClient()).acquireTokenByClientCredential({ scopes: GRAPH });
    expect(result).toMatchObject({ tokenType: 'Bearer', scopes: GRAPH, fromCache: false });
  });

  it('throws an http-errors compatible AadError carrying the decision and msal-node’s error as cause', async () => {
    tokenEndpoint().reply(401, entraErrorBody(7000215, { error: 'invalid_client' }));
    const error = await aadFailure(withAadErrors(confidentialClient()).acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'AadError', code: 'ERR_AAD_FAIL', status: 500, statusCode: 500, expose: false, headers: {} });
    expect(error.decision).toMatchObject({ action: 'fail', code: 7000215, fixBy: 'developer', context: 'daemon' });
    expect(error.cause).toMatchObject({ name: 'ServerError', errorCode: 'invalid_client' });
  });

  it('never puts the secret, the assertion or upstream text in the message', async () => {
    tokenEndpoint().reply(400, entraErrorBody(50076, { error: 'invalid_grant', suberror: 'basic_action', claims: MFA_CLAIMS }));
    const error = await aadFailure(withAadErrors(confidentialClient()).acquireTokenOnBehalfOf({ oboAssertion: ASSERTION, scopes: GRAPH }));
    expect(error.message).not.toMatch(/test-secret-value|user-assertion-signature|Due to a configuration change|Trace ID/);
  });

  it('classifies on-behalf-of failures as a web API: 50076 with claims is a claims challenge, thrown without retrying', async () => {
    const time = timeMachine();
    time.install();
    let calls = 0;
    tokenEndpoint().times(3).reply(() => {
      calls++;
      return [400, entraErrorBody(50076, { error: 'invalid_grant', suberror: 'basic_action', claims: MFA_CLAIMS })];
    });
    const error = await aadFailure(createAadClient(confidentialClient(), {}, time.runtime).acquireTokenOnBehalfOf({ oboAssertion: ASSERTION, scopes: GRAPH }));
    expect(error.code).toBe('ERR_AAD_CLAIMS_CHALLENGE');
    expect(error.status).toBe(401);
    expect(error.decision).toMatchObject({ action: 'claims_challenge', code: 50076, claims: MFA_CLAIMS, context: 'web_api' });
    expect(calls).toBe(1);
    expect(time.waits).toEqual([]);
  });

  it('classifies client-credential failures as a daemon: consent becomes a fail for an admin', async () => {
    tokenEndpoint().reply(400, entraErrorBody(65001, { error: 'invalid_grant', suberror: 'consent_required' }));
    const error = await aadFailure(withAadErrors(confidentialClient()).acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(error.decision).toMatchObject({ action: 'fail', fixBy: 'admin', context: 'daemon' });
  });

  it('classifies refresh-token failures as a web app: an expired grant means signing in again', async () => {
    tokenEndpoint().reply(400, entraErrorBody(70008, { error: 'invalid_grant' }));
    const error = await aadFailure(withAadErrors(confidentialClient()).acquireTokenByRefreshToken({ refreshToken: 'expired-refresh-token', scopes: GRAPH }));
    expect(error.code).toBe('ERR_AAD_REAUTHENTICATE');
    expect(error.decision).toMatchObject({ action: 'reauthenticate', code: 70008, context: 'web_app' });
  });

  it('lets options.context override every method’s default', async () => {
    tokenEndpoint().reply(400, entraErrorBody(70008, { error: 'invalid_grant' }));
    const error = await aadFailure(withAadErrors(confidentialClient(), { context: 'daemon' }).acquireTokenByRefreshToken({ refreshToken: 'expired', scopes: GRAPH }));
    expect(error.decision).toMatchObject({ action: 'fail', context: 'daemon' });
  });

  it('turns msal-node’s own silent failures into a typed decision too', async () => {
    const aad = withAadErrors(confidentialClient());
    const account = { homeAccountId: 'uid.utid', environment: 'login.microsoftonline.com', tenantId: 'utid', username: 'adele@contoso.com', localAccountId: 'uid' };
    const error = await aadFailure(aad.acquireTokenSilent({ account, scopes: GRAPH }));
    expect(error.decision.action).toBe('reauthenticate');
  });

  it('passes an error with no Entra signal through untouched', async () => {
    const vaultDown = new RangeError('key vault unreachable');
    const aad = withAadErrors(confidentialClient());
    const thrown = await aad.acquireTokenByClientCredential({ scopes: GRAPH, clientAssertion: async () => { throw vaultDown; } }).catch((caught: unknown) => caught);
    expect(thrown).toBe(vaultDown);
  });

  it('applies classifier overrides', async () => {
    tokenEndpoint().reply(401, entraErrorBody(7000215, { error: 'invalid_client' }));
    const aad = withAadErrors(confidentialClient(), { overrides: { codes: { 7000215: { fixBy: 'admin' } } } });
    expect((await aadFailure(aad.acquireTokenByClientCredential({ scopes: GRAPH }))).decision.fixBy).toBe('admin');
  });

  it('answers a claims challenge from the token endpoint by asking once more with the claims', async () => {
    const bodies: string[] = [];
    tokenEndpoint().reply((_uri, body) => {
      bodies.push(String(body));
      return [400, entraErrorBody(50005, { error: 'invalid_grant', claims: MFA_CLAIMS })];
    });
    tokenEndpoint().reply((_uri, body) => {
      bodies.push(String(body));
      return [200, tokenSuccess()];
    });
    await expect(withAadErrors(trackedClient().client).acquireTokenByClientCredential({ scopes: GRAPH })).resolves.toBeTruthy();
    expect(bodies).toHaveLength(2);
    expect(new URLSearchParams(bodies[0]).get('claims')).toBeNull();
    expect(JSON.parse(new URLSearchParams(bodies[1]).get('claims') ?? '{}')).toMatchObject(JSON.parse(MFA_CLAIMS));
  });

  it('gives up when the token endpoint challenges the claims request again', async () => {
    let calls = 0;
    tokenEndpoint().times(3).reply(() => {
      calls++;
      return [400, entraErrorBody(50005, { error: 'invalid_grant', claims: MFA_CLAIMS })];
    });
    // msal-node's ServerError drops `claims` unless the error is an interaction-required one; the network client keeps the body.
    const error = await aadFailure(withAadErrors(trackedClient().client).acquireTokenByClientCredential({ scopes: GRAPH }));
    expect(error.decision.action).toBe('claims_challenge');
    expect(calls).toBe(2);
  });

  it('takes acquireTokenByCode’s call options third and refuses them second', async () => {
    const aad = withAadErrors(confidentialClient());
    const request = { code: 'auth-code', scopes: GRAPH, redirectUri: 'https://app.contoso.com/auth/callback' };
    await expect(aad.acquireTokenByCode(request, { signal: new AbortController().signal } as never)).rejects.toThrow('pass { signal } third');
    tokenEndpoint().reply(400, entraErrorBody(70008, { error: 'invalid_grant' }));
    await expect(aad.acquireTokenByCode(request, undefined, { signal: new AbortController().signal })).rejects.toMatchObject({ code: 'ERR_AAD_REAUTHENTICATE' });
  });

  it.each([
    ['undefined', undefined, '`client` must be a ConfidentialClientApplication or PublicClientApplication of @azure/msal-node; received undefined'],
    ['the class instead of an instance', ConfidentialClientApplication, 'the class itself was passed: create an instance with `new` first'],
    ['an unrelated object', { get: () => {} }, '`client` has none of the acquireToken* methods'],
  ])('refuses %s as the client, naming the fix', (_name, client, message) => {
    expect(() => withAadErrors(client as never)).toThrow(message);
  });

  it('refuses to wrap a wrapper', () => {
    const aad = withAadErrors(confidentialClient());
    expect(() => withAadErrors(aad as never)).toThrow('`client` is already wrapped');
  });

  it('rejects a request that is not an object', async () => {
    await expect(withAadErrors(confidentialClient()).acquireTokenByClientCredential(null as never)).rejects.toThrow('`request` must be an object; received null');
  });

  it('finds the network client msal-node was configured with by itself', async () => {
    const time = timeMachine();
    time.install();
    tokenEndpoint().reply(429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), { 'retry-after-ms': '1200' });
    tokenEndpoint().reply(200, tokenSuccess());
    const seen: Array<number | null> = [];
    await createAadClient(trackedClient().client, { onRetry: (decision) => seen.push(decision.retryAfterMs) }, time.runtime).acquireTokenByClientCredential({ scopes: GRAPH });
    expect(seen).toEqual([1200]);
  });
});
