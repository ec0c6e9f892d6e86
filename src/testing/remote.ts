import { Agent, request as httpRequest } from 'node:http';
import { readHttpAnswer, type HttpAnswer } from '../http-answer.js';
import type { DownRequest, FailRequest, SimulatorInfo, SimulatorRequests, SimulatorStats } from './admin-api.js';
import { AUTHORITY_HEADER, UNSERVED_HEADER } from './http-server.js';
import { toNetworkResponse, unreachable } from './transports.js';
import type { NetworkRequestOptions, NetworkResponse, SimulatorNetworkClient, SimulatorRequest } from './types.js';

// The two clients of a simulator running in another process (`aadsts simulate`, `serveEntraSimulator`):
// an msal-node network module that reaches it over loopback HTTP while msal-node keeps its https
// authority, and a typed client for its admin API.

const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The simulator's origin, checked: only a loopback http origin is accepted, since client secrets are sent to it. */
function loopbackOrigin(method: string, url: unknown): URL {
  let parsed: URL | null = null;
  try {
    parsed = typeof url === 'string' || url instanceof URL ? new URL(url) : null;
  } catch {
    parsed = null;
  }
  if (parsed?.protocol !== 'http:' || !LOOPBACK.has(parsed.hostname) || parsed.port === '') {
    throw new TypeError(`${method}: \`url\` must be the simulator's loopback origin, such as http://127.0.0.1:5599 (as printed by \`aadsts simulate\`); received ${JSON.stringify(String(url))}`);
  }
  return new URL(parsed.origin);
}

interface Target {
  readonly origin: URL;
  readonly agent: Agent;
  readonly timeoutMs: number;
}

/** One request to the simulator's port. */
function send(target: Target, method: string, path: string, headers: Readonly<Record<string, string>>, body: string | undefined): Promise<HttpAnswer> {
  const { origin, agent, timeoutMs } = target;
  const outgoing: Record<string, string | number> = { ...headers, host: origin.host };
  if (body !== undefined) outgoing['content-length'] = Buffer.byteLength(body);
  // The simulator listens on 127.0.0.1 only, whichever loopback name the URL used (localhost may resolve to ::1).
  return readHttpAnswer((onAnswer) => httpRequest({ hostname: '127.0.0.1', port: origin.port, method, path, headers: outgoing, agent }, onAnswer), body, {
    maxBodyBytes: MAX_BODY_BYTES,
    timeoutMs,
    tooLarge: () => new Error(`The simulator's answer is larger than ${MAX_BODY_BYTES} bytes`),
    timedOut: () => Object.assign(new Error(`No answer from the simulator within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
  });
}

/** Options for `simulatorNetworkClient`. */
export interface SimulatorNetworkClientOptions {
  /** The longest one request may take, in milliseconds; a shorter `timeout` msal-node passes for a GET wins. @default 30000 */
  readonly timeoutMs?: number;
}

function checkTimeout(method: string, timeoutMs: unknown): number {
  if (timeoutMs === undefined) return 30_000;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 2_147_483_647) {
    throw new RangeError(`${method}: \`timeoutMs\` must be a whole number of milliseconds from 1 to 2147483647; received ${JSON.stringify(timeoutMs)}`);
  }
  return timeoutMs;
}

/**
 * An msal-node network module (`system.networkClient`) that sends every request to a simulated Entra ID
 * running in another process, over loopback HTTP. msal-node keeps its authority
 * (`https://login.microsoftonline.com/<tenant>`): each request goes to the simulator's port with a
 * header naming the host it is for, and is answered exactly as the in-process `sim.networkClient`
 * answers it.
 * Wrap it in `aadNetworkClient({ networkModule })` so `withAadErrors` reads exact `Retry-After` values.
 *
 * @example
 * const networkClient = aadNetworkClient({ networkModule: simulatorNetworkClient('http://127.0.0.1:5599') });
 * const cca = new ConfidentialClientApplication({
 *   auth: { clientId, clientSecret, authority: `https://login.microsoftonline.com/${tenantId}` },
 *   system: { networkClient },
 * });
 */
export function simulatorNetworkClient(url: string, options: SimulatorNetworkClientOptions = {}): SimulatorNetworkClient {
  const origin = loopbackOrigin('simulatorNetworkClient', url);
  const timeoutMs = checkTimeout('simulatorNetworkClient', options.timeoutMs);
  // Keep-alive, as msal-node's own client: a fleet test sends many requests. Idle sockets do not keep a process alive.
  const agent = new Agent({ keepAlive: true });
  async function forward<T>(method: 'GET' | 'POST', url: string, requestOptions: NetworkRequestOptions | undefined, timeout: number | undefined): Promise<NetworkResponse<T>> {
    const target = new URL(url);
    const limit = typeof timeout === 'number' && timeout > 0 ? Math.min(timeout, timeoutMs) : timeoutMs;
    const headers: Record<string, string> = {};
    // JavaScript callers may pass numbers; headers are strings from here on.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion
    for (const [name, value] of Object.entries(requestOptions?.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (target.protocol !== 'https:') throw unreachable(target);
    // The path goes to the simulator's port and the header names the host it is for. (Not a proxy's
    // absolute-form request: nock and msw, which apps test with, cannot pass those through.)
    headers[AUTHORITY_HEADER] = target.hostname;
    const answer = await send({ origin, agent, timeoutMs: limit }, method, `${target.pathname}${target.search}`, headers, method === 'POST' ? (requestOptions?.body ?? '') : undefined);
    if (answer.headers[UNSERVED_HEADER] !== undefined) throw unreachable(target);
    const { [UNSERVED_HEADER]: _unserved, [AUTHORITY_HEADER]: _authority, connection: _connection, 'keep-alive': _keepAlive, 'transfer-encoding': _encoding, 'content-length': _length, ...headersForMsal } = answer.headers;
    return toNetworkResponse<T>(answer.status, headersForMsal, answer.text);
  }
  return {
    sendGetRequestAsync: <T>(url: string, requestOptions?: NetworkRequestOptions, timeout?: number) => forward<T>('GET', url, requestOptions, timeout),
    sendPostRequestAsync: <T>(url: string, requestOptions?: NetworkRequestOptions) => forward<T>('POST', url, requestOptions, undefined),
  };
}

/** A typed client for a running simulator's admin API. Every method resolves once the simulator applied it. */
export interface SimulatorAdmin {
  /** Where the simulator is, its tenant and the authorities msal-node may use. */
  info(): Promise<SimulatorInfo>;
  /** Request counts since the start or the last `reset()`. */
  stats(): Promise<SimulatorStats>;
  /** The request log (`sim.requests`), oldest first, secrets redacted. */
  requests(): Promise<readonly SimulatorRequest[]>;
  /** Fails the next token request(s); with no `code`, a 429 TenantThrottlingError. */
  fail(request?: FailRequest): Promise<SimulatorStats>;
  /** Fails every request for `seconds`: connections reset (`mode: 'reset'`), or a gateway's HTML 503 page. */
  down(request: DownRequest): Promise<SimulatorStats>;
  /** Ends an outage early. */
  up(): Promise<SimulatorStats>;
  /** Delays every answer by `ms` milliseconds from now on (0 turns it off). */
  latency(ms: number): Promise<SimulatorStats>;
  /** Forgets scripts, outage, issued tokens, the request log and the counts. */
  reset(): Promise<SimulatorStats>;
}

/**
 * A client for the admin API of a simulator running in another process (`aadsts simulate`).
 *
 * @example
 * const admin = simulatorAdmin('http://127.0.0.1:5599');
 * await admin.fail({ status: 429, retryAfter: 2 });
 * await admin.down({ seconds: 10, mode: 'reset' });
 * console.log((await admin.stats()).tokenRequests);
 */
export function simulatorAdmin(url: string, options: SimulatorNetworkClientOptions = {}): SimulatorAdmin {
  const target: Target = { origin: loopbackOrigin('simulatorAdmin', url), agent: new Agent({ keepAlive: true }), timeoutMs: checkTimeout('simulatorAdmin', options.timeoutMs) };
  async function call<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    const answer = await send(target, method, `/_admin${route}`, method === 'POST' ? { 'content-type': 'application/json' } : {}, method === 'POST' ? JSON.stringify(body ?? {}) : undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      parsed = undefined;
    }
    if (answer.status !== 200) {
      const message = typeof parsed === 'object' && parsed !== null && typeof (parsed as { message?: unknown }).message === 'string' ? (parsed as { message: string }).message : `HTTP ${answer.status}`;
      throw new Error(`simulatorAdmin: ${method} /_admin${route} failed: ${message}`);
    }
    return parsed as T;
  }
  return {
    info: () => call<SimulatorInfo>('GET', ''),
    stats: () => call<SimulatorStats>('GET', '/stats'),
    requests: async () => (await call<SimulatorRequests>('GET', '/requests')).requests,
    fail: (request = {}) => call<SimulatorStats>('POST', '/fail', request),
    down: (request) => call<SimulatorStats>('POST', '/down', request),
    up: () => call<SimulatorStats>('POST', '/up'),
    latency: (ms) => call<SimulatorStats>('POST', '/latency', { ms }),
    reset: () => call<SimulatorStats>('POST', '/reset'),
  };
}
