import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { formatIssues } from '../validation/options-validation.js';
import { gatewayErrorPage, retryAfterValue } from './responses.js';
import type { HandlerLayer } from './simulator.js';
import type { EntraSimulator } from './simulator-api.js';
import type { Handler } from './transports.js';
import type { InboundRequest, SimResponse, SimulatorRequest } from './types.js';

// The admin API of a standalone simulator (`aadsts simulate`, `serveEntraSimulator`): other processes
// script it over loopback HTTP, as a test scripts an in-process simulator with `sim.failNextToken`.
// It also plays what no single answer can: an outage (connections reset, or a gateway's 503 page),
// a slow Entra (latency) and the request counts a fleet test asserts on.

/** How the simulated Entra ID is down: connections reset without an answer, or a gateway's HTML 503 page. */
export type OutageMode = 'reset' | '503';

/** `POST /_admin/fail`: fail the next token requests. */
export interface FailRequest {
  /** How many token requests in a row get this answer. @default 1 */
  readonly count?: number;
  /** The AADSTS code in the body. @default 90055 (TenantThrottlingError), answered with 429 */
  readonly code?: number;
  /** @default 429 when `code` is omitted, else the status Entra answers the code with (400, 401, 503, …) */
  readonly status?: number;
  /** A `Retry-After` header in whole seconds. @default none */
  readonly retryAfter?: number;
  /** The OAuth `error`. @default derived from the code */
  readonly error?: string;
  readonly suberror?: string;
  /** A claims challenge (JSON text). */
  readonly claims?: string;
  /** The description text after `AADSTS<code>: `. */
  readonly message?: string;
  /** Only token requests of this `grant_type` take the answer. @default every grant */
  readonly grantType?: string;
}

/** `POST /_admin/down`: every Entra request fails for `seconds`. */
export interface DownRequest {
  readonly seconds: number;
  /** @default 'reset' */
  readonly mode?: OutageMode;
  /** A `Retry-After` header on the 503 pages, in whole seconds. @default none */
  readonly retryAfter?: number;
}

/** What `GET /_admin` answers: where the simulator is and which authorities it answers. */
export interface SimulatorInfo {
  /** The loopback origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly tenantId: string;
  /** The authorities msal-node may be configured with: Microsoft's public cloud first, then the simulator's own host. */
  readonly authorities: readonly string[];
}

/** What `GET /_admin/stats` answers. Counts start at the server's start or the last reset. */
export interface SimulatorStats {
  /** When counting started, epoch milliseconds. */
  readonly since: number;
  /** Every Entra request (discovery, metadata, token, …) that reached the simulator; admin calls are not counted. */
  readonly requests: number;
  /** Token requests (POST …/oauth2/v2.0/token), answered or not. */
  readonly tokenRequests: number;
  /** Token requests by answer: the HTTP status (`"200"`, `"429"`, …), or `"reset"` for a connection dropped in an outage. */
  readonly tokenAnswers: Readonly<Record<string, number>>;
  /** Requests that arrived during an outage, and the token requests among them. */
  readonly outageRequests: number;
  readonly outageTokenRequests: number;
  /** The outage in progress, or null. */
  readonly outage: { readonly mode: OutageMode; readonly endsAt: number } | null;
  /** The delay before each answer, in milliseconds. */
  readonly latencyMs: number;
  /** Scripted failures (`/_admin/fail`) not used yet. */
  readonly pendingScripts: number;
}

/** What `GET /_admin/requests` answers: the simulator's request log (`sim.requests`), secrets redacted. */
export interface SimulatorRequests {
  readonly requests: readonly SimulatorRequest[];
}

const MAX_COUNT = 100_000;
const MAX_SECONDS = 86_400;
const seconds = z.number().int().min(0).max(MAX_SECONDS);
const text = (max: number) => z.string().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]+$/, 'must be printable text without control characters');

const failSchema = z.strictObject({
  count: z.number().int().min(1).max(MAX_COUNT).optional(),
  code: z.number().int().min(1).max(999_999_999).optional(),
  status: z.number().int().min(200).max(599).optional(),
  retryAfter: seconds.optional(),
  error: text(128).optional(),
  suberror: text(128).optional(),
  claims: text(4096).optional(),
  message: text(1024).optional(),
  grantType: text(256).optional(),
});
const downSchema = z.strictObject({ seconds: z.number().min(0).max(MAX_SECONDS), mode: z.enum(['reset', '503']).optional(), retryAfter: seconds.optional() });
const latencySchema = z.strictObject({ ms: z.number().int().min(0).max(60_000) });

/** The settings the admin API can change while the simulator runs. */
export interface AdminSettings {
  /** The delay before each Entra answer, in milliseconds. @default 0 */
  latencyMs?: number;
}

interface Counts {
  since: number;
  requests: number;
  tokenRequests: number;
  tokenAnswers: Record<string, number>;
  outageRequests: number;
  outageTokenRequests: number;
}

const freshCounts = (): Counts => ({ since: Date.now(), requests: 0, tokenRequests: 0, tokenAnswers: {}, outageRequests: 0, outageTokenRequests: 0 });

function json(status: number, body: unknown): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

const problem = (status: number, message: string): SimResponse => json(status, { error: 'admin_request_refused', message });

function isTokenRequest(request: InboundRequest): boolean {
  return request.method === 'POST' && request.url.pathname.toLowerCase().endsWith('/oauth2/v2.0/token');
}

/**
 * A browser page on another site can send simple requests to 127.0.0.1 (the Host check does not stop
 * that, only DNS rebinding). Requiring a JSON body makes such a request need a CORS preflight, which
 * is never granted; an `Origin` or `Sec-Fetch-Site` naming another site is refused outright.
 */
function crossSite(request: InboundRequest, own: string): string | null {
  const origin = request.headers['origin'];
  if (origin !== undefined && origin !== own && origin !== own.replace('127.0.0.1', 'localhost')) return 'requests from web pages are refused';
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'requests from web pages are refused';
  if (request.method === 'POST' && !(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return 'the body must be JSON (content-type: application/json)';
  return null;
}

function readJson(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function validated<T>(schema: z.ZodType<T>, route: string, body: string): { ok: true; value: T } | { ok: false; response: SimResponse } {
  const input = readJson(body);
  if (input === undefined) return { ok: false, response: problem(400, `${route}: the body is not JSON`) };
  const result = schema.safeParse(input);
  if (!result.success) return { ok: false, response: problem(400, formatIssues(route, result.error, input)) };
  return { ok: true, value: result.data };
}

/** The keys whose value is not undefined (optional properties are exact in this project). */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** The state behind one standalone simulator's admin API. */
class Admin {
  counts = freshCounts();
  outage: { mode: OutageMode; endsAt: number; retryAfter: number | undefined } | null = null;
  latencyMs: number;

  constructor(
    private readonly sim: EntraSimulator,
    settings: AdminSettings,
  ) {
    this.latencyMs = settings.latencyMs ?? 0;
  }

  currentOutage(now: number): Admin['outage'] {
    if (this.outage !== null && now >= this.outage.endsAt) this.outage = null;
    return this.outage;
  }

  info(): SimulatorInfo {
    const url = this.sim.url ?? '';
    return { url, tenantId: this.sim.tenantId, authorities: [`https://login.microsoftonline.com/${this.sim.tenantId}`, this.sim.authority] };
  }

  stats(): SimulatorStats {
    const outage = this.currentOutage(Date.now());
    return {
      ...this.counts,
      tokenAnswers: { ...this.counts.tokenAnswers },
      outage: outage === null ? null : { mode: outage.mode, endsAt: outage.endsAt },
      latencyMs: this.latencyMs,
      pendingScripts: this.sim.pendingScripts,
    };
  }

  fail(request: FailRequest): void {
    const code = request.code ?? 90055;
    const status = request.status ?? (request.code === undefined ? 429 : undefined);
    this.sim.failNextToken(
      code,
      defined({
        times: request.count,
        status,
        retryAfter: request.retryAfter,
        error: request.error,
        suberror: request.suberror,
        claims: request.claims,
        message: request.message,
        grantType: request.grantType,
      }),
    );
  }

  answer(request: InboundRequest): SimResponse {
    // Trailing slashes trimmed by hand: a regex anchored at the end backtracks on long runs of '/'.
    const path = request.url.pathname;
    let end = path.length;
    while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end -= 1;
    const route = path.slice(0, end);
    const name = `${request.method} ${route}`;
    switch (name) {
      case 'GET /_admin':
        return json(200, this.info());
      case 'GET /_admin/stats':
        return json(200, this.stats());
      case 'GET /_admin/requests':
        return json(200, { requests: this.sim.requests } satisfies SimulatorRequests);
      case 'POST /_admin/fail': {
        const body = validated(failSchema, 'POST /_admin/fail', request.body);
        if (!body.ok) return body.response;
        try {
          this.fail(body.value as FailRequest);
        } catch (error) {
          return problem(400, error instanceof Error ? error.message : 'invalid script');
        }
        return json(200, this.stats());
      }
      case 'POST /_admin/down': {
        const body = validated(downSchema, 'POST /_admin/down', request.body);
        if (!body.ok) return body.response;
        this.outage = { mode: body.value.mode ?? 'reset', endsAt: Date.now() + Math.round(body.value.seconds * 1000), retryAfter: body.value.retryAfter };
        return json(200, this.stats());
      }
      case 'POST /_admin/up':
        this.outage = null;
        return json(200, this.stats());
      case 'POST /_admin/latency': {
        const body = validated(latencySchema, 'POST /_admin/latency', request.body);
        if (!body.ok) return body.response;
        this.latencyMs = body.value.ms;
        return json(200, this.stats());
      }
      case 'POST /_admin/reset':
        this.sim.reset();
        this.outage = null;
        this.counts = freshCounts();
        return json(200, this.stats());
      default:
        return problem(404, `no admin route ${name}; see docs/fleet.md`);
    }
  }

  /** An outage's answer: the connection reset, or the page a gateway in front of Entra shows. */
  outageAnswer(outage: NonNullable<Admin['outage']>): SimResponse {
    if (outage.mode === 'reset') return { status: 0, headers: {}, body: '', reset: true };
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (outage.retryAfter !== undefined) headers['retry-after'] = retryAfterValue(outage.retryAfter);
    return { status: 503, headers, body: gatewayErrorPage(503, { traceId: randomUUID(), now: Date.now() }) };
  }

  count(request: InboundRequest, answer: SimResponse | null, inOutage: boolean): void {
    if (answer === null) return;
    const counts = this.counts;
    counts.requests += 1;
    if (inOutage) counts.outageRequests += 1;
    if (!isTokenRequest(request)) return;
    counts.tokenRequests += 1;
    if (inOutage) counts.outageTokenRequests += 1;
    const key = answer.reset === true ? 'reset' : String(answer.status);
    counts.tokenAnswers[key] = (counts.tokenAnswers[key] ?? 0) + 1;
  }
}

/** True for a request to the admin API: on the loopback origin itself, never on an authority host. */
function isAdminRequest(request: InboundRequest, sim: EntraSimulator): boolean {
  const path = request.url.pathname;
  return request.via === 'http' && sim.url !== null && request.url.origin === sim.url && (path === '/_admin' || path.startsWith('/_admin/'));
}

/** The layer that adds the admin API, outages, latency and counts in front of the simulator's handler. */
export function adminLayer(settings: AdminSettings = {}): HandlerLayer {
  return (inner: Handler, sim: EntraSimulator): Handler => {
    const admin = new Admin(sim, settings);
    return async (request) => {
      if (isAdminRequest(request, sim)) {
        const refused = crossSite(request, sim.url ?? '');
        return refused === null ? admin.answer(request) : problem(refused.startsWith('the body') ? 415 : 403, refused);
      }
      const outage = admin.currentOutage(Date.now());
      if (outage !== null) {
        const answer = admin.outageAnswer(outage);
        admin.count(request, answer, true);
        return answer;
      }
      if (admin.latencyMs > 0) await delay(admin.latencyMs);
      const answer = await inner(request);
      admin.count(request, answer, false);
      return answer;
    };
  };
}
