import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trackOwnResources } from './own-resources.js';
import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isAadError, type AadError } from '../../src/errors.js';
import { aadNetworkClient } from '../../src/msal/network-client.js';
import { createAadClient, withAadErrors } from '../../src/msal/with-aad-errors.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { tokenSuccess } from '../fixtures/fake-authority.js';
import { timeMachine } from '../msal/helpers.js';

// Faults of the token endpoint, served by a real loopback server that msal-node reaches over sockets
// (its metadata names the server as the token endpoint): down, slow, HTML, truncated JSON, an empty
// 200, redirects, and flapping between 429 and 200. The wrapper stays within its attempt and time
// bounds, callers get an AadError carrying a Decision, no promise is left unhandled, and no timer is
// left running after an abort. Scripts: run them with `node --unhandled-rejections=strict`.

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const HOST = 'https://login.microsoftonline.com';
const SCOPES = ['https://graph.microsoft.com/.default'];
// The default time bound: without aadNetworkClient the wrapper assumes msal-node's 60 s throttle window.
const LIMITS = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxElapsedMs: 120_000 };

// Only what a test itself starts is counted: Node's own timers (the HTTP server's connection-check
// interval, keep-alive sockets of earlier tests) come and go with the process and must not count.
const ownResources = trackOwnResources();
afterEach(() => ownResources.stop());

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));
afterEach(async () => {
  vi.useRealTimers();
  // A rejection nobody handled is reported after the microtasks of its tick: give it a turn.
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(unhandled, 'unhandled rejections').toEqual([]);
});

interface Endpoint {
  readonly url: string;
  readonly hits: () => number;
  /** The bodies msal-node posted, to see where a client secret went. */
  readonly bodies: string[];
  close(): Promise<void>;
}

type Answer = (hit: number, res: ServerResponse, req: IncomingMessage) => void;

/** A loopback server answering the n-th request (from 1) with `answer`. */
async function endpoint(answer: Answer): Promise<Endpoint> {
  let hits = 0;
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      answer(++hits, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${TENANT}/oauth2/v2.0/token`,
    hits: () => hits,
    bodies,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: the endpoint is down (ECONNREFUSED). */
async function deadUrl(): Promise<string> {
  const down = await endpoint(() => undefined);
  await down.close();
  return down.url;
}

/** Real msal-node whose metadata points its token endpoint at `tokenUrl` (no discovery requests). */
function msalAt(tokenUrl: string, networkClient?: INetworkModule): ConfidentialClientApplication {
  const authorityMetadata = JSON.stringify({
    token_endpoint: tokenUrl,
    issuer: `${HOST}/${TENANT}/v2.0`,
    authorization_endpoint: `${HOST}/${TENANT}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${HOST}/${TENANT}/oauth2/v2.0/logout`,
    jwks_uri: `${HOST}/${TENANT}/discovery/v2.0/keys`,
  });
  const cloudDiscoveryMetadata = JSON.stringify({
    tenant_discovery_endpoint: `${HOST}/${TENANT}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com'] }],
  });
  return new ConfidentialClientApplication({
    auth: { clientId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', authority: `${HOST}/${TENANT}`, clientSecret: 'fault-test-client-secret', authorityMetadata, cloudDiscoveryMetadata },
    ...(networkClient ? { system: { networkClient } } : {}),
  });
}

/** Runs one client-credentials call through the wrapper on a faked clock; returns the outcome and the waits. */
async function callThroughWrapper(tokenUrl: string, withNetworkClient: boolean, timeoutMs = 200) {
  const clock = timeMachine();
  clock.install();
  const network = withNetworkClient ? aadNetworkClient({ timeoutMs }) : undefined;
  const aad = createAadClient(msalAt(tokenUrl, network), { retry: LIMITS }, clock.runtime);
  const outcome = await aad.acquireTokenByClientCredential({ scopes: SCOPES, skipCache: true }).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error }),
  );
  return { ...outcome, waits: clock.waits };
}

function expectWithinBounds(waits: readonly number[], attempts: number): void {
  expect(attempts).toBeGreaterThanOrEqual(1);
  expect(attempts).toBeLessThanOrEqual(LIMITS.maxAttempts);
  expect(waits.length).toBeLessThan(LIMITS.maxAttempts);
  expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThan(LIMITS.maxElapsedMs);
}

function expectDecision(error: unknown, action: AadError['decision']['action']): AadError {
  if (!isAadError(error)) throw new Error(`expected an AadError, got ${String(error)}`);
  expect(error.decision.action).toBe(action);
  expect(error.status).toBe(error.decision.status);
  return error;
}

const HTML_503 = '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h2>Service Unavailable</h2></body></html>';

describe.each([
  ['msal-node’s own client', false],
  ['aadNetworkClient', true],
] as const)('token endpoint faults, through %s', (_name, withNetworkClient) => {
  const answers: ReadonlyArray<readonly [fault: string, answer: Answer]> = [
    ['answering an HTML 503 page', (_hit, res) => void res.writeHead(503, { 'content-type': 'text/html' }).end(HTML_503)],
    ['answering truncated JSON', (_hit, res) => void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(entraErrorBody(70008)).slice(0, 57))],
    ['answering 200 with an empty body', (_hit, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end()],
    ['answering 200 with a body that is not JSON', (_hit, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('OK')],
  ];

  it.each(answers)('gives the caller a retry Decision, within the bounds, when %s', async (_fault, answer) => {
    const server = await endpoint(answer);
    try {
      const { error, waits } = await callThroughWrapper(server.url, withNetworkClient);
      expectDecision(error, 'retry');
      expectWithinBounds(waits, server.hits());
    } finally {
      await server.close();
    }
  });

  it('gives the caller a retry Decision, within the bounds, when the endpoint is down', async () => {
    const { error, waits } = await callThroughWrapper(await deadUrl(), withNetworkClient);
    expectDecision(error, 'retry');
    expect(waits).toHaveLength(LIMITS.maxAttempts - 1);
    expectWithinBounds(waits, LIMITS.maxAttempts);
  });

  it('succeeds once the endpoint stops flapping between 429 and 200, within the bounds', async () => {
    const throttled = entraErrorBody(50196, { error: 'temporarily_unavailable' });
    const server = await endpoint((hit, res) => void (hit % 2 === 1 ? res.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' }).end(JSON.stringify(throttled)) : res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(tokenSuccess()))));
    try {
      for (let call = 0; call < 3; call++) {
        const before = server.hits();
        const { result, error, waits } = await callThroughWrapper(server.url, withNetworkClient);
        expect(error).toBeUndefined();
        expect(result?.accessToken.split('.')).toHaveLength(3);
        expectWithinBounds(waits, server.hits() - before);
      }
    } finally {
      await server.close();
    }
  });
});

describe('token endpoint faults only aadNetworkClient can bound', () => {
  it('gives the caller a retry Decision when the endpoint never answers (timeoutMs), within the bounds', async () => {
    const server = await endpoint(() => undefined);
    try {
      const { error, waits } = await callThroughWrapper(server.url, true, 100);
      expect(expectDecision(error, 'retry').decision.rule).toBe('transport');
      expect(server.hits()).toBe(LIMITS.maxAttempts);
      expectWithinBounds(waits, server.hits());
    } finally {
      await server.close();
    }
  });

  it.each([
    ['with no body', ''],
    ['with a JSON body (regression: msal-node took `{}` for a token and resolved with an empty access token)', '{}'],
  ])('does not follow a 302 to elsewhere %s, and gives the caller a Decision', async (_name, body) => {
    const elsewhere = await endpoint((_hit, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(tokenSuccess())));
    const server = await endpoint((_hit, res) => void res.writeHead(302, { location: elsewhere.url, 'content-type': 'application/json' }).end(body));
    try {
      const { result, error, waits } = await callThroughWrapper(server.url, true);
      expect(result).toBeUndefined();
      expectDecision(error, 'retry');
      expect(elsewhere.hits(), 'requests that reached the redirect target').toBe(0);
      expectWithinBounds(waits, server.hits());
    } finally {
      await Promise.all([server.close(), elsewhere.close()]);
    }
  });

  it('documents why: msal-node’s own client follows a 307 and posts the client secret to the new location', async () => {
    const elsewhere = await endpoint((_hit, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(tokenSuccess())));
    const server = await endpoint((_hit, res) => void res.writeHead(307, { location: elsewhere.url }).end());
    try {
      await msalAt(server.url).acquireTokenByClientCredential({ scopes: SCOPES, skipCache: true }).catch(() => undefined);
      expect(elsewhere.bodies.join('')).toContain('client_secret=fault-test-client-secret');
    } finally {
      await Promise.all([server.close(), elsewhere.close()]);
    }
  });
});

describe('abort', () => {
  /** Timers this test started that still keep the process alive (unref'd and ended ones do not count). */
  const liveTimers = (): number => ownResources.live('Timeout');

  it('leaves no timer running after a caller aborts a long Retry-After wait', async () => {
    const server = await endpoint((_hit, res) => void res.writeHead(429, { 'retry-after': '30', 'content-type': 'application/json' }).end(JSON.stringify(entraErrorBody(50196, { error: 'temporarily_unavailable' }))));
    try {
      let retrying!: () => void;
      const waiting = new Promise<void>((resolve) => (retrying = resolve));
      const aad = withAadErrors(msalAt(server.url, aadNetworkClient({ timeoutMs: 5000 })), { onRetry: () => retrying() });
      ownResources.start();
      const baseline = liveTimers();
      const controller = new AbortController();
      const call = aad.acquireTokenByClientCredential({ scopes: SCOPES, skipCache: true }, { signal: controller.signal });
      await waiting;
      expect(liveTimers()).toBe(baseline + 1); // the 30 s wait
      controller.abort(new Error('client went away'));
      expect(expectDecision(await call.catch((error: unknown) => error), 'retry').code).toBe('ERR_AAD_ABORTED');
      ownResources.freeze();
      // async_hooks reports a cleared timer's end on a later turn of the event loop.
      await vi.waitFor(() => expect(liveTimers()).toBe(baseline), { timeout: 5000 });
      expect(server.hits()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('releases the caller at once while an attempt hangs, and leaves nothing behind once it ends', async () => {
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (release = resolve));
    const server = await endpoint(() => release()); // never answers
    const aad = withAadErrors(msalAt(server.url, aadNetworkClient({ timeoutMs: 60_000 })), { retry: { maxAttempts: 1 } });
    ownResources.start();
    const baseline = liveTimers();
    const controller = new AbortController();
    const call = aad.acquireTokenByClientCredential({ scopes: SCOPES, skipCache: true }, { signal: controller.signal });
    await reached;
    const reason = new Error('gave up waiting');
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    ownResources.freeze();
    // The hung attempt ends when the server goes away; its own timer is unref'd and then cleared.
    await server.close();
    await vi.waitFor(() => {
      expect(ownResources.live('TCPWRAP')).toBe(0);
      expect(liveTimers()).toBe(baseline);
    }, { timeout: 5000 });
  });
});
