import { randomUUID } from 'node:crypto';
import { lookupCode } from '../catalog/code-catalog.js';
import { entraMessage, type MessageSlots } from './entra-messages.js';
import { tokenErrorFor } from './error-kind.js';

/** What a simulated token-endpoint failure carries besides its code. */
export interface ErrorBodyOptions {
  /** The OAuth `error` value. @default derived from the code's action (`invalid_grant`, `invalid_client`, …) */
  readonly error?: string;
  readonly suberror?: string;
  /** The claims challenge as JSON text (the token endpoint sends it unencoded). */
  readonly claims?: string;
  /** Extra codes after the first, as Entra lists them in `error_codes`. */
  readonly moreCodes?: readonly number[];
  /** The description text after `AADSTS<code>: `. @default Entra's wording where the simulator knows it, else the catalog summary */
  readonly message?: string;
  /** Values for the default message's slots (`'{clientId}'`, `'{resource}'`, …). */
  readonly slots?: MessageSlots;
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

/** Entra's timestamp form, "2024-10-03 08:01:02Z": a space, no milliseconds. */
export function entraTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')}Z`;
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
  const message = options.message ?? entraMessage(code, options.slots) ?? lookupCode(code)?.summary ?? 'The request failed.';
  const body: EntraErrorBody = {
    error: options.error ?? tokenErrorFor(code),
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
