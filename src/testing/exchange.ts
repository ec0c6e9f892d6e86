import { randomUUID } from 'node:crypto';
import type { ResolvedOptions } from './options.js';
import type { AuthorizeFailure, RefreshScript, ScriptQueue, TokenScript } from './script.js';
import type { Store } from './store.js';
import type { EndpointName, InboundRequest } from './types.js';

/** Everything an endpoint needs besides the request: configuration, state and the script. */
export interface SimContext {
  readonly options: ResolvedOptions;
  readonly store: Store;
  readonly tokenScript: ScriptQueue<TokenScript>;
  /** Refusals of refresh tokens, keyed by the lower-cased user name they apply to. */
  readonly refreshScript: ScriptQueue<RefreshScript>;
  readonly authorizeScript: ScriptQueue<AuthorizeFailure>;
  readonly adminConsentScript: ScriptQueue<AuthorizeFailure>;
  /** The loopback origin (`http://127.0.0.1:<port>`) while `listen()` is serving, else null. */
  readonly browserOrigin: () => string | null;
}

/** What the request log records about the answer; endpoints fill it in as they decide. */
export interface Outcome {
  endpoint: EndpointName;
  grantType: string | null;
  error: string | null;
  errorCodes: number[];
  scripted: boolean;
}

/** One request being answered. */
export interface Exchange {
  readonly context: SimContext;
  readonly request: InboundRequest;
  readonly query: URLSearchParams;
  /** The url-encoded form body of a POST, or an empty set. */
  readonly form: URLSearchParams;
  readonly tenant: string | null;
  /** Echoes the client's `client-request-id`, as Entra does, or a fresh GUID. */
  readonly correlationId: string;
  readonly traceId: string;
  readonly now: number;
  readonly outcome: Outcome;
}

// Only a GUID-like value is echoed: it ends up in headers, JSON and HTML.
const REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/;

function readForm(request: InboundRequest): URLSearchParams {
  if (request.method !== 'POST' || request.body === '') return new URLSearchParams();
  const type = request.headers['content-type'] ?? '';
  return type === '' || type.toLowerCase().startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(request.body) : new URLSearchParams();
}

/** Starts answering a request: reads its parameters and picks its correlation and trace IDs. */
export function openExchange(context: SimContext, request: InboundRequest, tenant: string | null): Exchange {
  const query = request.url.searchParams;
  const form = readForm(request);
  const sent = request.headers['client-request-id'] ?? query.get('client-request-id') ?? form.get('client-request-id') ?? '';
  return {
    context,
    request,
    query,
    form,
    tenant,
    correlationId: REQUEST_ID.test(sent) ? sent : randomUUID(),
    traceId: randomUUID(),
    now: context.options.now(),
    outcome: { endpoint: 'not_found', grantType: null, error: null, errorCodes: [], scripted: false },
  };
}
