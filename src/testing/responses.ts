import { entraErrorBody } from './error-body.js';
import { statusForError, tokenErrorFor, typicalSuberror } from './error-kind.js';
import type { MessageSlots } from './entra-messages.js';
import type { Exchange } from './exchange.js';
import type { TokenFailure } from './script.js';
import type { SimResponse } from './types.js';

/** The headers every Entra answer carries: no caching, and the request and correlation IDs. */
export function entraHeaders(exchange: Exchange): Record<string, string> {
  return {
    'cache-control': 'no-store, no-cache',
    pragma: 'no-cache',
    expires: '-1',
    'x-content-type-options': 'nosniff',
    'x-ms-request-id': exchange.traceId,
    'client-request-id': exchange.correlationId,
    'x-ms-ests-server': '2.1.19999.0 - SIM ProdSlices',
    date: new Date(exchange.now).toUTCString(),
  };
}

/** A JSON answer with Entra's headers. */
export function jsonResponse(exchange: Exchange, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): SimResponse {
  return {
    status,
    headers: { ...entraHeaders(exchange), 'content-type': 'application/json; charset=utf-8', ...lowerKeys(headers) },
    body: JSON.stringify(body),
  };
}

/** `Retry-After` in either RFC 9110 form: delay seconds, or an HTTP-date. */
export function retryAfterValue(value: number | Date): string {
  return typeof value === 'number' ? String(value) : value.toUTCString();
}

export function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    // Header values come from test scripts; CR or LF would split the response.
    if (!/[\r\n]/.test(name) && !/[\r\n]/.test(value)) out[name.toLowerCase()] = value;
  }
  return out;
}

/** A scripted token failure (`sim.failNextToken`) without its matching rules, plus the message slots the simulator fills in. */
export type TokenErrorSpec = Omit<TokenFailure, 'times' | 'grantType'> & { readonly slots?: MessageSlots };

/**
 * A token-endpoint failure, shaped as Entra sends it: the JSON body (see `entraErrorBody`), 400 for
 * grant errors, 401 for `invalid_client`, 503 for outages, and the `x-ms-clitelem` header that carries
 * the code for client telemetry.
 */
export function tokenError(exchange: Exchange, code: number, spec: TokenErrorSpec = {}): SimResponse {
  const error = spec.error ?? tokenErrorFor(code);
  const suberror = spec.suberror === null ? undefined : (spec.suberror ?? typicalSuberror(code));
  const body = entraErrorBody(code, {
    error,
    ...(suberror === undefined ? {} : { suberror }),
    ...(spec.claims === undefined ? {} : { claims: spec.claims }),
    ...(spec.moreCodes === undefined ? {} : { moreCodes: spec.moreCodes }),
    ...(spec.message === undefined ? {} : { message: spec.message }),
    ...(spec.slots === undefined ? {} : { slots: spec.slots }),
    traceId: exchange.traceId,
    correlationId: exchange.correlationId,
    at: new Date(exchange.now),
  });
  exchange.outcome.error = error;
  exchange.outcome.errorCodes = body.error_codes;
  const headers: Record<string, string> = { 'x-ms-clitelem': `1,${code},0,,` };
  if (spec.retryAfter !== undefined) headers['retry-after'] = retryAfterValue(spec.retryAfter);
  return jsonResponse(exchange, spec.status ?? statusForError(error), body, { ...headers, ...(spec.headers ?? {}) });
}

/** The page a gateway in front of Entra answers with when the service behind it is down. */
export function gatewayErrorPage(status: number, exchange: Pick<Exchange, 'traceId' | 'now'>): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>Service unavailable</title></head><body>',
    `<h2>Our services aren't available right now</h2>`,
    `<p>We're working to restore all services as soon as possible. Please check back soon.</p>`,
    `<p>HTTP ${status}. Ref A: ${exchange.traceId} Ref B: SIM Ref C: ${new Date(exchange.now).toISOString()}</p>`,
    '</body></html>',
  ].join('\n');
}

/** A security header set for the simulator's own pages. */
export function pageHeaders(exchange: Exchange, nonce: string): Record<string, string> {
  return {
    ...entraHeaders(exchange),
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; base-uri 'none'; frame-ancestors 'none'`,
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}

/** A 302 redirect with Entra's headers. */
export function redirectResponse(exchange: Exchange, location: string, headers: Readonly<Record<string, string>> = {}): SimResponse {
  return { status: 302, headers: { ...entraHeaders(exchange), location, 'content-type': 'text/html; charset=utf-8', ...headers }, body: '' };
}
