import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAadError } from '../../src/errors.js';
import { aadNetworkClient } from '../../src/msal/network-client.js';
import { createAadClient, withAadErrors } from '../../src/msal/with-aad-errors.js';
import { createEntraSimulator, serveEntraSimulator, simulatorAdmin, simulatorNetworkClient, type ServedEntraSimulator } from '../../src/testing/index.js';
import { timeMachine } from '../msal/helpers.js';
import { CLIENT_ID, CLIENT_SECRET, GRAPH_DEFAULT, rejectionOf } from './helpers.js';

// A simulator served to other processes (`aadsts simulate`): real msal-node in this process reaches it
// over loopback HTTP with `simulatorNetworkClient`, keeping Microsoft's https authority, and the admin
// API scripts it. The wrapper must see what it sees through the in-process `sim.networkClient`.

const served: ServedEntraSimulator[] = [];

async function serve(options: Parameters<typeof serveEntraSimulator>[0] = {}): Promise<ServedEntraSimulator> {
  const running = await serveEntraSimulator(options);
  served.push(running);
  return running;
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(served.splice(0).map((running) => running.close()));
});

function app(authority: string, networkClient: INetworkModule): ConfidentialClientApplication {
  return new ConfidentialClientApplication({ auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authority }, system: { networkClient } });
}

/** One raw request to the served port; resolves to the status and parsed JSON body (or text). */
function raw(url: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: any }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // a page, not JSON
        }
        resolve({ status: response.statusCode ?? 0, body: parsed });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('serveEntraSimulator with simulatorNetworkClient', () => {
  it('gives real msal-node a token while it keeps the login.microsoftonline.com authority', async () => {
    const running = await serve();
    const admin = simulatorAdmin(running.url);
    expect(running.authority).toBe(`https://login.microsoftonline.com/${running.tenantId}`);
    const result = await app(running.authority, simulatorNetworkClient(running.url)).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    expect(result?.accessToken).toMatch(/^eyJ/);
    const stats = await admin.stats();
    expect([stats.tokenRequests, stats.tokenAnswers]).toEqual([1, { '200': 1 }]);
    const log = await admin.requests();
    expect(stats.requests).toBe(log.length);
    expect(log.map((entry) => entry.endpoint)).toContain('token');
    expect(log.find((entry) => entry.endpoint === 'token')?.params['client_secret']).toBe('[redacted]');
    expect(log.every((entry) => entry.url.startsWith('https://login.microsoftonline.com/'))).toBe(true);
  });

  it('fails a host the simulator does not serve as the in-process client does (ENOTFOUND), without sending it anywhere', async () => {
    const running = await serve();
    const client = simulatorNetworkClient(running.url);
    const inProcess = createEntraSimulator().networkClient;
    const remote = (await rejectionOf(client.sendGetRequestAsync('https://example.com/common/discovery/instance'))) as unknown as Error;
    const local = (await rejectionOf(inProcess.sendGetRequestAsync('https://example.com/common/discovery/instance'))) as unknown as Error;
    expect([remote.name, remote.message, (remote as any).cause?.code]).toEqual([local.name, local.message, 'ENOTFOUND']);
    expect((await simulatorAdmin(running.url).stats()).requests).toBe(0);
  });

  it('accepts only a loopback origin, since it sends client secrets', () => {
    for (const url of ['https://127.0.0.1:5599', 'http://example.com:5599', 'http://127.0.0.1', 'not a url', 5599]) {
      expect(() => simulatorNetworkClient(url as any), String(url)).toThrow(TypeError);
      expect(() => simulatorAdmin(url as any), String(url)).toThrow(TypeError);
    }
    expect(() => simulatorNetworkClient('http://localhost:5599/anything')).not.toThrow();
    expect(() => simulatorNetworkClient('http://127.0.0.1:5599', { timeoutMs: 0 })).toThrow(RangeError);
  });

  it.each([
    ['never answers', (_request: IncomingMessage, _response: ServerResponse) => undefined, 50, { code: 'ETIMEDOUT', message: 'No answer from the simulator within 50 ms' }],
    // A long deadline: on a busy machine the 1 MiB must not run into it before the size cap.
    ['answers with more than 1 MiB', (_request: IncomingMessage, response: ServerResponse) => response.end('x'.repeat(1024 * 1024 + 1)), 60_000, { message: "The simulator's answer is larger than 1048576 bytes" }],
  ])('rejects when what listens on the port %s', async (_name, answer, timeoutMs, expected) => {
    const server = createServer(answer);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const network = simulatorNetworkClient(`http://127.0.0.1:${port}`, { timeoutMs });
      await expect(network.sendGetRequestAsync('https://login.microsoftonline.com/common/discovery/instance')).rejects.toMatchObject(expected);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    ['Retry-After seconds', { retryAfter: 2 }, 2001],
    ['Retry-After as an HTTP date', { retryAfter: new Date('2026-03-02T09:00:03Z') }, 3001],
  ])('lets withAadErrors wait exactly as through the in-process client on a 429 with %s', async (_name, throttle, expectedWait) => {
    const time = timeMachine();
    time.install();
    const running = await serve();
    const inProcess = createEntraSimulator();
    const waitsOf = async (script: () => void, networkModule: INetworkModule, authority: string) => {
      // Each run starts at the same instant, so an HTTP-date Retry-After means the same wait.
      vi.setSystemTime(new Date('2026-03-02T09:00:00Z'));
      script();
      const network = aadNetworkClient({ networkModule });
      const retried: Array<number | null> = [];
      const before = time.waits.length;
      const result = await createAadClient(app(authority, network), { onRetry: (decision) => retried.push(decision.retryAfterMs) }, time.runtime).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
      expect(result?.accessToken).toMatch(/^eyJ/);
      return { waits: time.waits.slice(before), retried };
    };
    const local = await waitsOf(() => inProcess.throttleNextToken(1, throttle), inProcess.networkClient, inProcess.authority);
    const remote = await waitsOf(() => running.sim.throttleNextToken(1, throttle), simulatorNetworkClient(running.url), running.authority);
    expect(remote).toEqual(local);
    expect(remote.waits).toEqual([expectedWait]);
    expect((await simulatorAdmin(running.url).stats()).tokenAnswers).toEqual({ '429': 1, '200': 1 });
  });

  it('gives the same AadError through both clients when the caller does not retry', async () => {
    const running = await serve();
    const inProcess = createEntraSimulator();
    const admin = simulatorAdmin(running.url);
    const errorOf = async (networkModule: INetworkModule, authority: string) => {
      const aad = withAadErrors(app(authority, aadNetworkClient({ networkModule })), { retry: { maxAttempts: 1 } });
      const error = await rejectionOf(aad.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }));
      expect(isAadError(error)).toBe(true);
      const { action, code, error: oauthError, retryAfterMs, upstreamStatus } = (error as any).decision;
      return { action, code, oauthError, upstreamStatus, retryAfterSeconds: Math.round((retryAfterMs as number) / 1000) };
    };
    inProcess.failNextToken(50196, { status: 429, retryAfter: 7, error: 'temporarily_unavailable' });
    await admin.fail({ code: 50196, status: 429, retryAfter: 7, error: 'temporarily_unavailable' });
    const local = await errorOf(inProcess.networkClient, inProcess.authority);
    expect(await errorOf(simulatorNetworkClient(running.url), running.authority)).toEqual(local);
    expect(local).toEqual({ action: 'retry', code: 50196, oauthError: 'temporarily_unavailable', upstreamStatus: 429, retryAfterSeconds: 7 });
  });
});

describe('the admin API', () => {
  it('fails the next token requests with a 429 TenantThrottlingError by default, then answers again', async () => {
    const running = await serve();
    const admin = simulatorAdmin(running.url);
    expect((await admin.fail({ count: 2, retryAfter: 3 })).pendingScripts).toBe(2);
    const client = simulatorNetworkClient(running.url);
    const token = `${running.authority}/oauth2/v2.0/token`;
    const form = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 's', scope: GRAPH_DEFAULT }).toString() };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await client.sendPostRequestAsync<Record<string, unknown>>(token, form));
    expect(answers.map((answer) => [answer.status, answer.headers['retry-after'], answer.body['error_codes']])).toEqual([
      [429, '3', [90055]],
      [429, '3', [90055]],
      [200, undefined, undefined],
    ]);
    expect(await admin.stats()).toMatchObject({ tokenRequests: 3, tokenAnswers: { '429': 2, '200': 1 }, pendingScripts: 0 });
  });

  it('plays an outage of connection resets: msal-node sees ECONNRESET and the requests are counted', async () => {
    const running = await serve();
    const admin = simulatorAdmin(running.url);
    const cca = app(running.authority, aadNetworkClient({ networkModule: simulatorNetworkClient(running.url) }));
    await cca.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    const down = await admin.down({ seconds: 600, mode: 'reset' });
    expect(down.outage?.mode).toBe('reset');
    const aad = withAadErrors(cca, { retry: { maxAttempts: 1 } });
    const error = await rejectionOf(aad.acquireTokenByClientCredential({ scopes: ['api://other/.default'] }));
    expect((error as any).decision).toMatchObject({ action: 'retry', upstreamStatus: null });
    expect(await admin.stats()).toMatchObject({ outageTokenRequests: 1, tokenAnswers: { '200': 1, reset: 1 } });
    await admin.up();
    expect((await cca.acquireTokenByClientCredential({ scopes: ['api://other/.default'] }))?.accessToken).toMatch(/^eyJ/);
  });

  it('ends an outage by itself when its time is up', async () => {
    const running = await serve();
    const admin = simulatorAdmin(running.url);
    expect((await admin.down({ seconds: 0.05 })).outage).not.toBeNull();
    await vi.waitFor(async () => expect((await admin.stats()).outage).toBeNull(), { timeout: 10_000, interval: 50 });
    expect((await raw(running.url, 'GET', '/common/discovery/instance', {})).status).toBe(200);
  });

  it('plays an outage of HTML 503 pages with a Retry-After, and up() ends it early', async () => {
    const running = await serve();
    const admin = simulatorAdmin(running.url);
    await admin.down({ seconds: 600, mode: '503', retryAfter: 4 });
    const page = await raw(running.url, 'GET', `/${running.tenantId}/v2.0/.well-known/openid-configuration`, {});
    expect(page.status).toBe(503);
    expect(page.body).toContain("Our services aren't available right now");
    const remote = (await rejectionOf(simulatorNetworkClient(running.url).sendGetRequestAsync(`${running.authority}/v2.0/.well-known/openid-configuration`))) as unknown as Error;
    expect(remote.message).toMatch(/^Failed to parse response/);
    expect((await admin.up()).outage).toBeNull();
    expect((await raw(running.url, 'GET', `/${running.tenantId}/v2.0/.well-known/openid-configuration`, {})).status).toBe(200);
    expect(await admin.stats()).toMatchObject({ requests: 3, outageRequests: 2 });
  });

  it('delays answers by the latency it is given', async () => {
    const running = await serve({ latencyMs: 5 });
    const admin = simulatorAdmin(running.url);
    expect((await admin.stats()).latencyMs).toBe(5);
    expect((await admin.latency(0)).latencyMs).toBe(0);
  });

  it('names the tenant and the authorities, and reset() forgets scripts, outage and counts', async () => {
    const running = await serve({ tenantId: '11111111-2222-3333-4444-555555555555' });
    const admin = simulatorAdmin(running.url);
    expect(await admin.info()).toEqual({
      url: running.url,
      tenantId: '11111111-2222-3333-4444-555555555555',
      authorities: ['https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555', 'https://login.entra-sim.test/11111111-2222-3333-4444-555555555555'],
    });
    await admin.fail({ code: 50076 });
    await admin.down({ seconds: 60 });
    await expect(raw(running.url, 'GET', '/common/discovery/instance', {})).rejects.toMatchObject({ code: 'ECONNRESET' });
    const reset = await admin.reset();
    expect(reset).toMatchObject({ requests: 0, outageRequests: 0, outage: null, pendingScripts: 0 });
    expect(await admin.requests()).toEqual([]);
  });

  it('refuses bad scripts with 400 and a message naming the field', async () => {
    const running = await serve();
    const admin = simulatorAdmin(running.url);
    await expect(admin.fail({ count: 0 })).rejects.toThrow(/`count`/);
    await expect(admin.fail({ status: 700 })).rejects.toThrow(/`status`/);
    await expect(admin.fail({ bogus: 1 } as any)).rejects.toThrow(/unknown option `bogus`/);
    await expect(admin.down({ seconds: 1, mode: 'refuse' as any })).rejects.toThrow(/`mode`/);
    await expect(admin.latency(-1)).rejects.toThrow(/`ms`/);
    const notJson = await raw(running.url, 'POST', '/_admin/fail', { 'content-type': 'application/json' }, '{');
    expect(notJson.status).toBe(400);
    expect((await raw(running.url, 'GET', '/_admin/nothing', {})).status).toBe(404);
    expect((await admin.stats()).pendingScripts).toBe(0);
  });

  it('refuses what a web page could send: a non-JSON body, another Origin, a cross-site fetch', async () => {
    const running = await serve();
    const body = JSON.stringify({ count: 5 });
    expect((await raw(running.url, 'POST', '/_admin/fail', { 'content-type': 'text/plain' }, body)).status).toBe(415);
    expect((await raw(running.url, 'POST', '/_admin/fail', { 'content-type': 'application/x-www-form-urlencoded' }, 'count=5')).status).toBe(415);
    expect((await raw(running.url, 'POST', '/_admin/fail', { 'content-type': 'application/json', origin: 'https://evil.example' }, body)).status).toBe(403);
    expect((await raw(running.url, 'POST', '/_admin/down', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, JSON.stringify({ seconds: 60 }))).status).toBe(403);
    expect((await raw(running.url, 'GET', '/_admin/stats', { origin: 'https://evil.example' })).status).toBe(403);
    expect(await simulatorAdmin(running.url).stats()).toMatchObject({ pendingScripts: 0, outage: null });
  });

  it('answers the admin API only on the loopback origin, never on an authority host or a foreign Host', async () => {
    const running = await serve();
    const onAuthority = await raw(running.url, 'POST', '/_admin/down', { 'content-type': 'application/json', 'x-entra-simulator-host': 'login.microsoftonline.com' }, JSON.stringify({ seconds: 60 }));
    expect(onAuthority.status).toBe(404);
    const foreignHost = await raw(running.url, 'POST', '/_admin/down', { 'content-type': 'application/json', host: 'evil.example' }, JSON.stringify({ seconds: 60 }));
    expect(foreignHost.status).toBe(421);
    expect((await simulatorAdmin(running.url).stats()).outage).toBeNull();
  });
});
