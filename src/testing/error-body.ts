import { randomUUID } from 'node:crypto';
import { lookupCode } from '../catalog/code-catalog.js';

/** What a simulated token-endpoint failure carries besides its code. */
export interface ErrorBodyOptions {
  /** The OAuth `error` value. @default derived from the code's action (`invalid_grant`, `invalid_client`, …) */
  readonly error?: string;
  readonly suberror?: string;
  /** The claims challenge as JSON text (the token endpoint sends it unencoded). */
  readonly claims?: string;
  /** Extra codes after the first, as Entra lists them in `error_codes`. */
  readonly moreCodes?: readonly number[];
  /** The description text after `AADSTS<code>: `. @default the catalog summary */
  readonly message?: string;
  readonly traceId?: string;
  readonly correlationId?: string;
  /** @default new Date() */
  readonly at?: Date;
}

/** The JSON body Entra's `/oauth2/v2.0/token` endpoint answers a failure with. */
export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
  claims?: string;
}

function entraTimestamp(at: Date): string {
  // Entra writes "2024-10-03 08:01:02Z": a space, no milliseconds.
  return `${at.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

function defaultError(code: number): string {
  const entry = lookupCode(code);
  if (!entry) return 'invalid_request';
  if (code === 7000215 || code === 7000218 || code === 700027 || code === 7000222) return 'invalid_client';
  switch (entry.action) {
    case 'reauthenticate':
    case 'claims_challenge':
      return 'invalid_grant';
    case 'consent':
      return 'invalid_grant';
    case 'retry':
      return 'temporarily_unavailable';
    case 'fail':
      return entry.fixBy === 'developer' ? 'invalid_request' : 'invalid_grant';
  }
}

/**
 * Builds a token-endpoint error body shaped exactly like Entra's: the description starts with
 * `AADSTS<code>: ` and ends with the CRLF-separated Trace ID, Correlation ID and Timestamp lines.
 */
export function entraErrorBody(code: number, options: ErrorBodyOptions = {}): EntraErrorBody {
  const at = options.at ?? new Date();
  const traceId = options.traceId ?? randomUUID();
  const correlationId = options.correlationId ?? randomUUID();
  const timestamp = entraTimestamp(at);
  const message = options.message ?? lookupCode(code)?.summary ?? 'The request failed.';
  const body: EntraErrorBody = {
    error: options.error ?? defaultError(code),
    error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code, ...(options.moreCodes ?? [])],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
  if (options.suberror !== undefined) body.suberror = options.suberror;
  if (options.claims !== undefined) body.claims = options.claims;
  return body;
}
