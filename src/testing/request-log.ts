import { openExchange, type Exchange, type SimContext } from './exchange.js';
import { tokenError } from './responses.js';
import type { InboundRequest, SimResponse, SimulatorRequest } from './types.js';

// `sim.requests`: what reached the simulator and what it answered. Credentials are redacted so a
// test report or snapshot never carries a client secret, and the log is bounded for long demos.

const REDACTED = new Set(['client_secret', 'client_assertion', 'password']);
const MAX_ENTRIES = 10_000;

function params(exchange: Exchange): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of [exchange.query, exchange.form]) {
    for (const [name, value] of source) out[name] = REDACTED.has(name) ? '[redacted]' : value;
  }
  return out;
}

/** Adds one entry to the log. */
export function recordRequest(log: SimulatorRequest[], exchange: Exchange, status: number): void {
  if (log.length >= MAX_ENTRIES) log.shift();
  const { request, outcome } = exchange;
  log.push({
    via: request.via,
    method: request.method,
    url: request.url.toString(),
    endpoint: outcome.endpoint,
    tenant: exchange.tenant,
    params: params(exchange),
    grantType: outcome.grantType,
    correlationId: exchange.correlationId,
    status,
    error: outcome.error,
    errorCodes: outcome.errorCodes,
    scripted: outcome.scripted,
    at: exchange.now,
  });
}

/** The answer when the simulator itself failed: a 500 `server_error`, as Entra's front end gives. */
export function serverError(context: SimContext, request: InboundRequest, log: SimulatorRequest[]): SimResponse {
  const exchange = openExchange(context, request, null);
  const response = tokenError(exchange, 50000, { error: 'server_error', status: 500, message: 'The simulated Entra ID failed to answer this request.' });
  recordRequest(log, exchange, response.status);
  return response;
}
