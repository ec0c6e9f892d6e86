import { AadError, AadOptionsError } from '../errors.js';
import { read } from '../parse/safe.js';
import { classify } from '../classify/classify.js';
import type { ClassifyOptions } from '../classify/types.js';
import { readHeader } from '../parse/retry-after.js';


// A downstream API (Microsoft Graph, ARM, your own) answers a token it no longer accepts with 401 and a
// `WWW-Authenticate` challenge: CAE revocation, a Conditional Access step-up, missing scopes. These
// helpers turn such an answer into an AadError that `aadErrorHandler` answers like any other Entra
// failure, so the caller is sent through a claims challenge. Only what the parser needs is kept: a few
// headers (never `Set-Cookie`) and at most 64 KiB of body.

/** A fetch `Response`, or any `{ status, headers, body }` (axios response, Graph SDK error, …). */
export type DownstreamResponse =
  | { readonly status: number; readonly headers?: unknown; readonly ok?: boolean; clone(): { text(): Promise<string> }; readonly bodyUsed?: boolean }
  | { readonly status?: number; readonly statusCode?: number; readonly headers?: unknown; readonly body?: unknown; readonly data?: unknown };

/** What the error keeps of the response; the parser reads it as a downstream answer. */
export interface ResponseSnapshot {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** Options for the downstream helpers: the classification context and overrides, and how long to read. */
export type DownstreamOptions = Pick<ClassifyOptions, 'context' | 'overrides'> & {
  /**
   * The longest wait for the error body, in milliseconds. A downstream that sends its headers and
   * never finishes the body would otherwise hold the user's request open; what arrived in time is used.
   * @default 3000
   */
  readonly bodyTimeoutMs?: number;
  /** Stops reading the body when aborted (what arrived so far is used). */
  readonly signal?: AbortSignal;
};

const DEFAULT_BODY_TIMEOUT_MS = 3000;

const KEPT_HEADERS = ['www-authenticate', 'retry-after', 'retry-after-ms', 'x-ms-retry-after-ms', 'client-request-id', 'request-id', 'x-ms-request-id', 'content-type'];
const MAX_BODY = 65_536;
/** One shared default, so `classify` validates it once rather than per response. */
const NO_OPTIONS: DownstreamOptions = Object.freeze({});

/**
 * Reads at most MAX_BODY bytes of the body, then cancels the read. `text()` would buffer a hostile
 * downstream's endless or huge error body in full, in the clone and in the caller's copy (test/hardening/downstream-body.test.ts).
 */
async function readCapped(clone: { text(): Promise<string> }, limits: BodyLimits): Promise<string> {
  const body = read(clone, 'body');
  const getReader = read(body, 'getReader');
  if (typeof getReader !== 'function') return (await withinLimits(clone.text(), limits)) ?? '';
  const reader = getReader.call(body) as { read(): Promise<{ done: boolean; value?: unknown }>; cancel(): Promise<void> };
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    while (bytes < MAX_BODY) {
      const chunk = await withinLimits(reader.read(), limits);
      if (chunk === undefined || chunk.done) break;
      const value = chunk.value;
      if (!(value instanceof Uint8Array)) continue;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    // Cancels the clone's branch only: the caller's body stays readable.
    reader.cancel().catch(() => undefined);
  }
  return text;
}

interface BodyLimits {
  readonly deadline: Promise<undefined>;
}

/** `work`'s result, or undefined when the deadline or the caller's signal comes first. */
function withinLimits<T>(work: Promise<T>, limits: BodyLimits): Promise<T | undefined> {
  return Promise.race([work, limits.deadline]);
}

/** A promise settled (with undefined) after `ms` or when `signal` aborts; `clear` releases the timer. */
function deadlineFor(ms: number, signal: AbortSignal | undefined): { readonly limits: BodyLimits; clear(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    if (signal) {
      if (signal.aborted) resolve(undefined);
      onAbort = () => resolve(undefined);
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  return {
    limits: { deadline },
    clear() {
      clearTimeout(timer);
      if (signal && onAbort) signal.removeEventListener('abort', onAbort);
    },
  };
}

/** True when the challenge alone decides: a Bearer challenge naming an `error` or `claims`. */
function headerDecides(headers: Readonly<Record<string, string>>): boolean {
  const challenge = headers['www-authenticate'];
  return challenge !== undefined && /(?:^|[\s,])(?:error|claims)\s*=/i.test(challenge);
}

async function readCappedText(response: { clone(): { text(): Promise<string> } }, options: DownstreamOptions): Promise<string | undefined> {
  const deadline = deadlineFor(options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS, options.signal);
  try {
    // The clone leaves the caller's body readable when the response turns out not to be ours.
    const text = await readCapped(response.clone(), deadline.limits);
    return text.length > MAX_BODY ? text.slice(0, MAX_BODY) : text;
  } catch {
    return undefined;
  } finally {
    deadline.clear();
  }
}

/** Takes what the parser needs from a response; undefined for a success or something unreadable. */
export async function snapshotResponse(response: DownstreamResponse, options: DownstreamOptions = NO_OPTIONS): Promise<ResponseSnapshot | undefined> {
  const rawStatus = read(response, 'status') ?? read(response, 'statusCode');
  const status = typeof rawStatus === 'number' ? rawStatus : Number.NaN;
  if (!Number.isInteger(status) || status < 400 || status > 599) return undefined;
  const source = read(response, 'headers');
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = readHeader(source, name);
    if (value !== undefined) headers[name] = value.slice(0, 16_384);
  }
  let body: unknown;
  const clone = read(response, 'clone');
  if (typeof clone === 'function' && typeof read(response, 'text') === 'function') {
    // The challenge alone decides: the body is not read at all, so a stalled one cannot hold the caller.
    const skip = read(response, 'bodyUsed') === true || headerDecides(headers);
    body = skip ? undefined : await readCappedText(response as { clone(): { text(): Promise<string> } }, options);
  } else {
    body = read(response, 'body') ?? read(response, 'data');
    if (typeof body === 'string' && body.length > MAX_BODY) body = body.slice(0, MAX_BODY);
  }
  return { status, headers, body };
}

/**
 * Turns a failed downstream response into an `AadError` when it carries an Entra signal (a Bearer
 * challenge with `claims` or an `error`, or an Entra error body); undefined for a success or any other
 * failure, which stays yours to handle. A fetch body is read from a clone, so yours stays unread.
 *
 * @example
 * const res = await fetch('https://graph.microsoft.com/v1.0/me', { headers: { authorization } });
 * const aadError = await aadErrorFromResponse(res);
 * if (aadError) throw aadError; // aadErrorHandler sends the caller through the claims challenge
 */
export async function aadErrorFromResponse(response: DownstreamResponse, options: DownstreamOptions = NO_OPTIONS): Promise<AadError | undefined> {
  const timeout = options.bodyTimeoutMs;
  if (timeout !== undefined && (!Number.isSafeInteger(timeout) || timeout < 1 || timeout > 600_000)) {
    throw new AadOptionsError(`aad-error-handler aadErrorFromResponse: \`bodyTimeoutMs\` must be an integer from 1 to 600000; received ${JSON.stringify(timeout)}`, 'range');
  }
  const snapshot = await snapshotResponse(response, options);
  if (!snapshot) return undefined;
  const decision = classify(snapshot, classifyOptionsOf(options));
  if (!decision) return undefined;
  return new AadError(decision, {
    cause: snapshot,
    message: `Downstream API answered ${snapshot.status}: ${decision.action}${decision.codeId ? ` (${decision.codeId})` : ''}. ${decision.summary}`,
  });
}

const classifyCache = new WeakMap<DownstreamOptions, Pick<ClassifyOptions, 'context' | 'overrides'>>();

/** The options `classify` takes (it refuses unknown keys); cached so it validates them once. */
function classifyOptionsOf(options: DownstreamOptions): Pick<ClassifyOptions, 'context' | 'overrides'> {
  if (options.bodyTimeoutMs === undefined && options.signal === undefined) return options;
  let cached = classifyCache.get(options);
  if (!cached) {
    const { bodyTimeoutMs: _timeout, signal: _signal, ...rest } = options;
    cached = rest;
    classifyCache.set(options, cached);
  }
  return cached;
}

/**
 * Throws the `AadError` for a downstream response that carries an Entra challenge; otherwise returns
 * the response untouched, so it chains: `const res = await throwIfChallenged(await fetch(url, init))`.
 */
export async function throwIfChallenged<T extends DownstreamResponse>(response: T, options: DownstreamOptions = NO_OPTIONS): Promise<T> {
  const error = await aadErrorFromResponse(response, options);
  if (error) throw error;
  return response;
}
