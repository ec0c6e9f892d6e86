// Default imports on purpose: `https.request` is then read when a request is made, so interceptors that
// patch the module (nock, which users test their apps with) see our requests too.
import http from 'node:http';
import https from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { readHeader, retryAfterFromHeaders } from '../parse/retry-after.js';
import { optionsError, zod } from '../validation/options-validation.js';
import { AadNetworkError } from '../errors.js';
import { readHttpAnswer, type HttpAnswer } from '../http-answer.js';
import { MAX_TIMER_MS } from './retry.js';
import { headersForMsal, msalThrottleMs } from './msal-internals.js';
import { AnswerLog, type TokenAnswer } from './throttling.js';

/** Options for `aadNetworkClient`. */
export interface AadNetworkClientOptions {
  /**
   * The agent for every request: a proxy agent (`new HttpsProxyAgent(process.env.HTTPS_PROXY)`) or one
   * with your own keep-alive and socket limits.
   * @default Node's global agent for the URL's protocol
   */
  readonly agent?: http.Agent;
  /**
   * The longest one request may take, from sending to the last byte of the answer, in milliseconds.
   * msal-node sets no limit on token requests itself; a shorter `timeout` it passes for a GET wins.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /** The largest answer body read, in bytes; a longer one fails the request. @default 1048576 */
  readonly maxBodyBytes?: number;
  /**
   * Another msal-node network module to send through instead of Node's http/https (a simulated Entra
   * ID's, your own proxy client); its answers are recorded all the same. `agent`, `timeoutMs` and
   * `maxBodyBytes` then do not apply.
   * @example aadNetworkClient({ networkModule: simulator.networkClient })
   */
  readonly networkModule?: INetworkModule;
}

/** An msal-node `INetworkModule` that records what each failed token request was answered. */
export type AadNetworkClient = INetworkModule;

/** Marks our network clients across ESM and CJS copies of the library; holds the answer log. */
const BRAND = Symbol.for('aad-error-handler.networkClient');

/** The answer log of a client made by `aadNetworkClient()` (any copy of the library), or undefined. */
export function answerLogOf(value: unknown): AnswerLog | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    const log = (value as Record<symbol, unknown>)[BRAND];
    return typeof log === 'object' && log !== null && typeof (log as AnswerLog).take === 'function' ? (log as AnswerLog) : undefined;
  } catch {
    return undefined;
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

interface Settings {
  readonly http: HttpSettings;
  readonly module: INetworkModule | undefined;
  readonly log: AnswerLog;
}

/** Records a failed answer and returns the headers msal-node gets (Retry-After in whole seconds when the server set a wait). */
function recordAnswer(log: AnswerLog, correlationId: string | undefined, method: 'GET' | 'POST', status: number, headers: Record<string, string>, body: unknown, sentToMsal: boolean): Record<string, string> {
  const success = status >= 200 && status < 300;
  const at = Date.now();
  const retryAfterMs = success ? null : (retryAfterFromHeaders(headers, at) ?? null);
  const forMsal = method === 'POST' ? headersForMsal(headers, retryAfterMs) : headers;
  if ((!success || !sentToMsal) && correlationId !== undefined) log.record(correlationId, answerOf({ method, status, headers, retryAfterMs, at }, body, sentToMsal ? forMsal : null));
  return forMsal;
}

/** Header names in lower case, as Node's own client gives them (another module may not). */
function lowerCased(headers: Record<string, string> | undefined): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) lower[name.toLowerCase()] = value;
  return lower;
}

function transportCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'ECONNRESET';
}

async function sendForMsal<T>(settings: Settings, method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined, timeout: number | undefined): Promise<NetworkResponse<T>> {
  const correlationId = typeof options?.correlationId === 'string' && options.correlationId !== '' ? options.correlationId : undefined;
  if (settings.module !== undefined) {
    let response: NetworkResponse<T>;
    try {
      response = method === 'GET' ? await settings.module.sendGetRequestAsync<T>(url, options, timeout) : await settings.module.sendPostRequestAsync<T>(url, options);
    } catch (error) {
      if (correlationId !== undefined) settings.log.record(correlationId, transportAnswer(transportCode(error), Date.now()));
      throw error;
    }
    const headers = recordAnswer(settings.log, correlationId, method, response.status, lowerCased(response.headers), response.body, true);
    return { ...response, headers };
  }
  const limit = typeof timeout === 'number' && timeout > 0 ? Math.min(timeout, settings.http.timeoutMs) : settings.http.timeoutMs;
  let answer;
  try {
    answer = await sendHttp(limit === settings.http.timeoutMs ? settings.http : { ...settings.http, timeoutMs: limit }, method, url, options);
  } catch (error) {
    if (correlationId !== undefined) settings.log.record(correlationId, transportAnswer(transportCode(error), Date.now()));
    throw error;
  }
  const json = parseJson(answer.text);
  // A redirect is not followed, and its body is no answer to the request: msal-node would take a JSON
  // one (`{}`) for a token response and resolve with an empty access token (test/hardening/faults.test.ts).
  const redirect = answer.status >= 300 && answer.status < 400;
  const headers = recordAnswer(settings.log, correlationId, method, answer.status, answer.headers, json.ok ? json.value : answer.text, json.ok && !redirect);
  // msal-node's own client fails too on a body that is not JSON (an HTML error page from a gateway).
  if (!json.ok) throw new AadNetworkError(`${new URL(url).host} answered HTTP ${answer.status} with a body that is not JSON`, 'ERR_AAD_NOT_JSON', answer.status);
  if (redirect) throw new AadNetworkError(`${new URL(url).host} answered HTTP ${answer.status}, a redirect, which is not followed`, 'ERR_AAD_REDIRECT', answer.status);
  return { headers, body: json.value as T, status: answer.status };
}

const KNOWN_KEYS: { [K in keyof Required<AadNetworkClientOptions>]: true } = { agent: true, timeoutMs: true, maxBodyBytes: true, networkModule: true };

let schema: ReturnType<typeof buildSchema> | undefined;

function buildSchema() {
  const z = zod();
  return z.strictObject({
    agent: z.custom<object>((value) => typeof value === 'object' && value !== null && typeof (value as { addRequest?: unknown }).addRequest === 'function', 'must be an http.Agent or https.Agent').optional(),
    timeoutMs: z.number('must be a number').int('must be a whole number of milliseconds').min(1, 'must be at least 1').max(MAX_TIMER_MS, `must be at most ${MAX_TIMER_MS} (setTimeout's limit)`).optional(),
    maxBodyBytes: z.number('must be a number').int('must be a whole number').min(1024, 'must be at least 1024').optional(),
    networkModule: z
      .custom<INetworkModule>((value) => typeof value === 'object' && value !== null && typeof (value as INetworkModule).sendGetRequestAsync === 'function' && typeof (value as INetworkModule).sendPostRequestAsync === 'function', 'must be an msal-node INetworkModule (sendGetRequestAsync and sendPostRequestAsync)')
      .optional(),
  }, 'must be an object');
}

function validate(options: unknown): AadNetworkClientOptions {
  schema ??= buildSchema();
  const input = options ?? {};
  const result = schema.safeParse(input);
  if (!result.success) throw optionsError('aad-error-handler aadNetworkClient', result.error, input, Object.keys(KNOWN_KEYS));
  return input;
}

/**
 * An msal-node network module to pass as `system.networkClient`. It makes the requests with Node's
 * http/https (or through `networkModule`), and for every failed token request records the status, the `Retry-After` delay in any of
 * its forms (`retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After` seconds or HTTP-date) and the
 * throttle window msal-node will hold, so `withAadErrors` waits exactly as long as it must.
 *
 * @example
 * const network = aadNetworkClient({ timeoutMs: 10_000 });
 * const client = new ConfidentialClientApplication({ auth, system: { networkClient: network } });
 * const aad = withAadErrors(client);
 */
export function aadNetworkClient(options: AadNetworkClientOptions = {}): AadNetworkClient {
  const valid = validate(options);
  const settings: Settings = {
    http: { agent: valid.agent, timeoutMs: valid.timeoutMs ?? 30_000, maxBodyBytes: valid.maxBodyBytes ?? 1_048_576 },
    module: valid.networkModule,
    log: new AnswerLog(),
  };
  const client: AadNetworkClient = {
    sendGetRequestAsync: <T>(url: string, requestOptions?: NetworkRequestOptions, timeout?: number) => sendForMsal<T>(settings, 'GET', url, requestOptions, timeout),
    sendPostRequestAsync: <T>(url: string, requestOptions?: NetworkRequestOptions) => sendForMsal<T>(settings, 'POST', url, requestOptions, undefined),
  };
  Object.defineProperty(client, BRAND, { value: settings.log });
  return client;
}

// Node's http/https rather than fetch (which msal-node's own HttpClient uses) or undici:
// - no dependency: undici's ProxyAgent would have to be installed, in the version matching Node's fetch;
// - proxies and connection tuning through the `agent` option every Node proxy agent already implements;
// - redirects are never followed, so a client secret or assertion in a POST body is never re-sent to
//   another host (fetch follows a 307/308 and re-posts the body).

export interface HttpSettings {
  readonly agent: http.Agent | undefined;
  /** From sending to the last byte of the answer, in milliseconds. */
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
}

/** Sends one request; rejects with an error carrying a `code` (`ECONNRESET`, `ETIMEDOUT`, …) when no answer came. */
export async function sendHttp(settings: HttpSettings, method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined): Promise<HttpAnswer> {
  // A malformed URL throws here; the function is async, so it still becomes a rejected promise.
  const target = new URL(url);
  const body = method === 'POST' ? (options?.body ?? '') : undefined;
  const headers: Record<string, string | number> = { ...options?.headers };
  if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
  const transport = target.protocol === 'http:' ? http : https;
  return readHttpAnswer((onAnswer) => transport.request(target, { method, headers, ...(settings.agent ? { agent: settings.agent } : {}) }, onAnswer), body, {
    maxBodyBytes: settings.maxBodyBytes,
    timeoutMs: settings.timeoutMs,
    tooLarge: () => new AadNetworkError(`The answer from ${target.host} is larger than ${settings.maxBodyBytes} bytes`, 'ERR_AAD_BODY_TOO_LARGE'),
    timedOut: () => new AadNetworkError(`No answer from ${target.host} within ${settings.timeoutMs} ms`, 'ETIMEDOUT'),
  });
}

// Only what the classifier reads is kept from an answer: never cookies or anything else it carried.
const KEPT_HEADERS = ['retry-after', 'retry-after-ms', 'x-ms-retry-after-ms', 'client-request-id', 'x-ms-request-id', 'www-authenticate', 'content-type'];
const MAX_KEPT_TEXT = 4096;

/** One answer as the network client read it. */
export interface RawAnswer {
  readonly method: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly retryAfterMs: number | null;
  readonly at: number;
}

/** What is recorded for a failed answer. `sentToMsal` are the headers msal-node saw, or null when it saw no answer. */
export function answerOf(raw: RawAnswer, body: unknown, sentToMsal: Record<string, string> | null): TokenAnswer {
  const { method, status, headers, retryAfterMs, at } = raw;
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = readHeader(headers, name);
    if (value !== undefined) kept[name] = value;
  }
  // msal-node throttles token POSTs only, and only answers it was handed (it never sees a body we refused).
  const window = method === 'POST' && sentToMsal !== null ? msalThrottleMs(status, sentToMsal['retry-after']) : null;
  return {
    at,
    status,
    headers: kept,
    body: typeof body === 'string' ? body.slice(0, MAX_KEPT_TEXT) : body,
    retryAfterMs,
    msalThrottleMs: window,
    transportError: null,
  };
}

/** What is recorded when a request got no answer at all. */
export function transportAnswer(code: string, at: number): TokenAnswer {
  return { at, status: null, headers: {}, body: null, retryAfterMs: null, msalThrottleMs: null, transportError: code };
}
