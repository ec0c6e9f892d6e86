import { describe, expect, it } from 'vitest';
import { encodeClaims } from '../../src/parse/claims.js';
import { withAadErrors } from '../../src/msal/with-aad-errors.js';
import { tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';
import { GRAPH, trackedClient } from './helpers.js';

// A daemon calls an API with an app token; the API answers with a claims challenge (Continuous Access
// Evaluation or Conditional Access for workload identities). callApi asks for a token carrying those
// claims once, bypassing the cache, and calls again; a second challenge ends it.

const CAE_CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1767225600"}}}';

function challengeResponse(claims = CAE_CLAIMS): Response {
  const header = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${encodeClaims(claims)}"`;
  return new Response(JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'Continuous access evaluation resulted in challenge' } }), { status: 401, headers: { 'WWW-Authenticate': header, 'Content-Type': 'application/json' } });
}

/** The token endpoint, recording the `claims` each request carried. */
function tokens(count: number): Array<string | null> {
  const claims: Array<string | null> = [];
  tokenEndpoint().times(count).reply((_uri, body) => {
    claims.push(new URLSearchParams(String(body)).get('claims'));
    return [200, tokenSuccess()];
  });
  return claims;
}

describe('callApi', () => {
  it('returns what the API answered when there is no challenge, with one token request', async () => {
    const sent = tokens(2);
    const aad = withAadErrors(trackedClient().client);
    const seen: string[] = [];
    const response = await aad.callApi({ scopes: GRAPH }, (token) => {
      seen.push(token.accessToken);
      return new Response('{"value":[]}', { status: 200 });
    });
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(sent).toEqual([null]);
  });

  it('answers a claims challenge by asking for a token with those claims and calling once more', async () => {
    const sent = tokens(2);
    const aad = withAadErrors(trackedClient().client);
    let call = 0;
    const response = await aad.callApi({ scopes: GRAPH }, () => (++call === 1 ? challengeResponse() : new Response('ok', { status: 200 })));
    expect(response.status).toBe(200);
    expect(call).toBe(2);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBeNull();
    expect(JSON.parse(sent[1] ?? '{}')).toMatchObject(JSON.parse(CAE_CLAIMS));
  });

  it('gives up with a claims_challenge AadError when the API challenges the new token too', async () => {
    tokens(3);
    const aad = withAadErrors(trackedClient().client);
    let call = 0;
    const error = await aad.callApi({ scopes: GRAPH }, () => {
      call++;
      return challengeResponse();
    }).catch((caught: unknown) => caught);
    expect(call).toBe(2);
    expect(error).toMatchObject({ name: 'AadError', code: 'ERR_AAD_CLAIMS_CHALLENGE', decision: { action: 'claims_challenge', claims: CAE_CLAIMS, context: 'daemon' } });
    expect((error as Error).message).toContain('giving up');
  });

  it('reads a challenge from a thrown error that carries the response, as axios does', async () => {
    tokens(2);
    const aad = withAadErrors(trackedClient().client);
    let call = 0;
    const result = await aad.callApi({ scopes: GRAPH }, async () => {
      if (++call === 1) {
        const response = challengeResponse();
        throw Object.assign(new Error('Request failed with status code 401'), { response: { status: 401, headers: Object.fromEntries(response.headers), data: {} } });
      }
      return 'orders';
    });
    expect(result).toBe('orders');
    expect(call).toBe(2);
  });

  it('passes a 401 without claims back as it is, without a second token request', async () => {
    const sent = tokens(2);
    const aad = withAadErrors(trackedClient().client);
    const response = await aad.callApi({ scopes: GRAPH }, () => new Response('', { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } }));
    expect(response.status).toBe(401);
    expect(sent).toHaveLength(1);
  });

  it('rethrows an error that is not a challenge untouched', async () => {
    tokens(1);
    const aad = withAadErrors(trackedClient().client);
    const failure = new Error('ECONNREFUSED orders.internal:443');
    await expect(aad.callApi({ scopes: GRAPH }, () => { throw failure; })).rejects.toBe(failure);
  });

  it('refuses a send that is not a function', async () => {
    tokens(1);
    const aad = withAadErrors(trackedClient().client);
    await expect(aad.callApi({ scopes: GRAPH }, 'https://graph.microsoft.com' as never)).rejects.toThrow('`send` must be a function');
  });
});
