import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { INetworkModule, NetworkResponse } from '@azure/msal-node';
import { afterEach, describe, expect, it } from 'vitest';
import { aadNetworkClient, answerLogOf } from '../../src/msal/network-client.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { confidentialClient, GRAPH } from './helpers.js';
import { tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';

const HOST = 'https://login.microsoftonline.com';
const TOKEN_URL = `${HOST}/tenant/oauth2/v2.0/token?client-request-id=abc`;
const FORM = { body: 'grant_type=client_credentials&client_secret=s3cret', headers: { 'content-type': 'application/x-www-form-urlencoded' } };

function post(network = aadNetworkClient(), correlationId = 'corr-1') {
  return network.sendPostRequestAsync<Record<string, unknown>>(TOKEN_URL, { ...FORM, correlationId });
}

function token() {
  return nock(HOST).post('/tenant/oauth2/v2.0/token').query(true);
}

describe('aadNetworkClient', () => {
  it('posts the form MSAL gives it and returns status, lower-cased headers and the parsed body', async () => {
    let seen: { body: unknown; type: string | undefined } | undefined;
    token().reply(function (_uri, body) {
      seen = { body, type: this.req.headers['content-type'] };
      return [200, { access_token: 'x', expires_in: 3599 }, { 'X-Ms-Request-Id': 'req-1' }];
    });
    const response = await post();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ access_token: 'x', expires_in: 3599 });
    expect(response.headers['x-ms-request-id']).toBe('req-1');
    expect(seen).toEqual({ body: FORM.body, type: 'application/x-www-form-urlencoded' });
  });

  it('returns a JSON error answer to MSAL as it is, and records it', async () => {
    const network = aadNetworkClient();
    token().reply(400, entraErrorBody(7000215), { 'client-request-id': 'corr-1', 'set-cookie': 'fpc=secret' });
    const response = await post(network);
    expect(response.status).toBe(400);
    const answer = answerLogOf(network)?.take('corr-1');
    expect(answer).toMatchObject({ status: 400, retryAfterMs: null, msalThrottleMs: null, transportError: null });
    expect(answer?.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(answer?.headers).toEqual({ 'client-request-id': 'corr-1', 'content-type': 'application/json' });
  });

  it('records nothing for a successful answer', async () => {
    const network = aadNetworkClient();
    token().reply(200, tokenSuccess());
    await post(network);
    expect(answerLogOf(network)?.size).toBe(0);
  });

  it.each([
    ['Retry-After seconds', { 'Retry-After': '7' }, 7000, '7', 7000],
    ['Retry-After as an HTTP date', { 'Retry-After': 'Mon, 02 Mar 2026 09:00:05 GMT' }, 5000, '5', 5000],
    ['retry-after-ms', { 'retry-after-ms': '1500' }, 1500, '2', 2000],
    ['x-ms-retry-after-ms', { 'x-ms-retry-after-ms': '2500' }, 2500, '3', 3000],
    ['retry-after-ms 0', { 'retry-after-ms': '0' }, 0, '1', 1000],
    ['no Retry-After', {}, null, undefined, 60_000],
  ])('records the exact wait from %s, hands msal-node whole seconds, and records the window it will hold', async (_name, headers, retryAfterMs, seenByMsal, window) => {
    const network = aadNetworkClient();
    const realNow = Date.now;
    Date.now = () => Date.parse('2026-03-02T09:00:00Z');
    let response;
    try {
      token().reply(429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), headers);
      response = await post(network);
    } finally {
      Date.now = realNow;
    }
    expect(response.headers['retry-after']).toBe(seenByMsal);
    expect(answerLogOf(network)?.take('corr-1')).toMatchObject({ status: 429, retryAfterMs, msalThrottleMs: window });
  });

  it('leaves a whole-seconds Retry-After msal-node can read as the server sent it', async () => {
    token().reply(429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), { 'Retry-After': '4', 'retry-after-ms': '1500' });
    expect((await post()).headers['retry-after']).toBe('4');
  });

  it('fails on an HTML error page as msal-node’s own client does, and records the status', async () => {
    const network = aadNetworkClient();
    token().reply(503, '<!DOCTYPE html><html><body>Service Unavailable</body></html>', { 'Content-Type': 'text/html', 'Retry-After': '3' });
    await expect(post(network)).rejects.toMatchObject({ code: 'ERR_AAD_NOT_JSON', status: 503 });
    // msal-node never sees this answer, so it keeps no throttle entry for it.
    expect(answerLogOf(network)?.take('corr-1')).toMatchObject({ status: 503, retryAfterMs: 3000, msalThrottleMs: null, body: expect.stringContaining('<html>') });
  });

  it('fails on an empty body', async () => {
    token().reply(429, '', { 'Retry-After': '1' });
    await expect(post()).rejects.toMatchObject({ code: 'ERR_AAD_NOT_JSON', status: 429 });
  });

  it('rejects with the socket error and records it', async () => {
    const network = aadNetworkClient();
    token().replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await expect(post(network)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(answerLogOf(network)?.take('corr-1')).toMatchObject({ status: null, transportError: 'ECONNRESET' });
  });

  it('gives up on an answer that takes longer than timeoutMs', async () => {
    const network = aadNetworkClient({ timeoutMs: 30 });
    token().delay(2000).reply(200, tokenSuccess());
    await expect(post(network)).rejects.toMatchObject({ name: 'AadNetworkError', code: 'ETIMEDOUT', message: expect.stringMatching(/^No answer from login\.microsoftonline\.com within 30 ms\. See https:/) });
    expect(answerLogOf(network)?.take('corr-1')).toMatchObject({ transportError: 'ETIMEDOUT' });
  });

  it('uses the shorter timeout msal-node passes for a GET', async () => {
    const network = aadNetworkClient({ timeoutMs: 60_000 });
    nock(HOST).get('/common/discovery/instance').query(true).delay(2000).reply(200, {});
    await expect(network.sendGetRequestAsync(`${HOST}/common/discovery/instance?api-version=1.1`, {}, 30)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('refuses an answer larger than maxBodyBytes', async () => {
    token().reply(200, JSON.stringify({ pad: 'x'.repeat(5000) }));
    await expect(post(aadNetworkClient({ maxBodyBytes: 1024 }))).rejects.toMatchObject({ code: 'ERR_AAD_BODY_TOO_LARGE' });
  });

  it('does not follow redirects, so the form is never re-posted elsewhere', async () => {
    token().reply(307, '', { Location: 'https://attacker.example/token' });
    await expect(post()).rejects.toMatchObject({ code: 'ERR_AAD_NOT_JSON', status: 307 });
  });

  it('turns a malformed URL into a rejection, not a throw', async () => {
    await expect(aadNetworkClient().sendGetRequestAsync('not a url')).rejects.toMatchObject({ code: 'ERR_INVALID_URL' });
  });

  it('sends through the agent it is given', async () => {
    const server = http.createServer((_request, response) => response.end(JSON.stringify({ ok: true })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new http.Agent();
    let used = 0;
    // Interception replaces the agent's request queue but still asks it for the connection.
    const createConnection = agent.createConnection.bind(agent);
    agent.createConnection = ((...args: Parameters<typeof createConnection>) => {
      used++;
      return createConnection(...args);
    });
    try {
      const { port } = server.address() as AddressInfo;
      const response = await aadNetworkClient({ agent }).sendGetRequestAsync(`http://127.0.0.1:${port}/x`);
      expect(response.body).toEqual({ ok: true });
      expect(used).toBe(1);
    } finally {
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('works as msal-node’s system.networkClient for a real token request', async () => {
    const client = confidentialClient(aadNetworkClient());
    tokenEndpoint().reply(200, tokenSuccess());
    const result = await client.acquireTokenByClientCredential({ scopes: GRAPH });
    expect(result?.accessToken).toMatch(/^eyJ/);
  });

  describe('with another network module underneath', () => {
    function module(answer: () => Promise<{ status: number; headers: Record<string, string>; body: unknown }>): INetworkModule {
      const send = <T>() => answer() as Promise<NetworkResponse<T>>;
      return { sendGetRequestAsync: send, sendPostRequestAsync: send };
    }

    it('sends through it and records its failed answers, handing msal-node Retry-After in seconds', async () => {
      const network = aadNetworkClient({ networkModule: module(async () => ({ status: 429, headers: { 'Retry-After-Ms': '2500' }, body: entraErrorBody(90055, { error: 'temporarily_unavailable' }) })) });
      const response = await post(network);
      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe('3');
      expect(answerLogOf(network)?.take('corr-1')).toMatchObject({ status: 429, retryAfterMs: 2500, msalThrottleMs: 3000 });
    });

    it('records what it throws and throws it on unchanged', async () => {
      const thrown = Object.assign(new Error('proxy refused'), { code: 'ECONNREFUSED' });
      const network = aadNetworkClient({ networkModule: module(() => Promise.reject(thrown)) });
      await expect(post(network)).rejects.toBe(thrown);
      expect(answerLogOf(network)?.take('corr-1')).toMatchObject({ status: null, transportError: 'ECONNREFUSED' });
    });

    it('carries a real msal-node token request when stacked on another module', async () => {
      const inner = aadNetworkClient();
      const client = confidentialClient(aadNetworkClient({ networkModule: inner }));
      tokenEndpoint().reply(200, tokenSuccess());
      await expect(client.acquireTokenByClientCredential({ scopes: GRAPH })).resolves.toBeTruthy();
    });
  });

  it.each([
    [{ networkModule: { sendGetRequestAsync: () => {} } }, '`networkModule` must be an msal-node INetworkModule'],
    [{ timeoutMs: 0 }, '`timeoutMs` must be at least 1; received 0'],
    [{ maxBodyBytes: 10 }, '`maxBodyBytes` must be at least 1024; received 10'],
    [{ agent: {} }, '`agent` must be an http.Agent or https.Agent'],
    [{ timeout: 5 }, 'unknown option `timeout` (did you mean `timeoutMs`?)'],
  ])('rejects bad options: %j', (options, message) => {
    expect(() => aadNetworkClient(options as never)).toThrow(message);
  });
});

afterEach(() => {
  nock.abortPendingRequests();
});
