import { isBrandedAadError } from '../errors.js';
import { MSAL_ERROR_NAMES } from '../parse/known-values.js';
import { isObject, read, readString } from '../parse/safe.js';

/**
 * Where an error provably comes from, as far as the middleware's trust boundary is concerned:
 * - `msal`: an MSAL error (a class name MSAL uses, or the `errorCode`/`errorMessage`/`subError` trio);
 * - `azure-identity`: an `@azure/identity` error;
 * - `aad-error`: an `AadError` this library made (branded; a look-alike object does not count);
 * - `entra-body`: a token-endpoint error body as Entra sends it (an `error` value with its `error_codes`
 *   or an `AADSTS<n>:` description, and the trace or correlation ID Entra stamps on every answer);
 * - `structured-text`: a plain error whose message has the structure of an Entra message.
 */
export type EntraProvenance = 'msal' | 'azure-identity' | 'aad-error' | 'entra-body' | 'structured-text';

/** How many `cause` links are followed: real wrapper chains are two or three deep. */
const MAX_CAUSE_DEPTH = 5;

// @azure/identity's error classes (JS); their names are stable public API.
const IDENTITY_NAMES = new Set([
  'AuthenticationError',
  'AggregateAuthenticationError',
  'CredentialUnavailableError',
  'AuthenticationRequiredError',
]);

// An Entra message carries, next to its AADSTS code, the IDs Entra stamps on every answer. A user's
// text can hold "AADSTS50173" (a product name, a search term); it does not also hold a Trace ID GUID.
const AADSTS_CODE = /\bAADSTS\d{5,10}\b/;
const ENTRA_STAMP = /(?:Trace ID|Correlation ID): ?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|Timestamp: ?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/i;
// msal-common 14+: "Error(s): 50076 - Timestamp: … - Description: …".
const MSAL_FORM = /Error\(s\): ?\d{1,10}(?:[ ,]{1,2}\d{1,10}){0,15} - (?:Timestamp: [^\n]{1,64} - )?Description: /;
/** How much of a message is inspected: Entra messages are well under 4 KiB. */
const MAX_MESSAGE = 16_384;

function hasEntraStructure(message: string): boolean {
  const text = message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message;
  if (MSAL_FORM.test(text)) return true;
  return AADSTS_CODE.test(text) && ENTRA_STAMP.test(text);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AADSTS_HEAD = /^AADSTS\d{5,10}:/;

/** Entra's JSON error body, parsed: the shape of what the token endpoint answers, with its IDs. */
function isEntraBody(value: object): boolean {
  const error = read(value, 'error');
  if (typeof error !== 'string') return false;
  const codes = read(value, 'error_codes');
  const description = read(value, 'error_description');
  const numbered = (Array.isArray(codes) && codes.length > 0 && codes.every((code) => typeof code === 'number')) || (typeof description === 'string' && AADSTS_HEAD.test(description));
  if (!numbered) return false;
  const trace = read(value, 'trace_id');
  const correlation = read(value, 'correlation_id');
  return (typeof trace === 'string' && GUID.test(trace)) || (typeof correlation === 'string' && GUID.test(correlation));
}

function own(value: object): EntraProvenance | undefined {
  if (isBrandedAadError(value)) return 'aad-error';
  const name = readString(value, 'name', 128);
  const errorCode = read(value, 'errorCode');
  if (name !== null && MSAL_ERROR_NAMES.has(name) && typeof errorCode === 'string') return 'msal';
  if (typeof errorCode === 'string' && typeof read(value, 'errorMessage') === 'string' && typeof read(value, 'subError') === 'string') return 'msal';
  if (name !== null && IDENTITY_NAMES.has(name)) return 'azure-identity';
  if (isEntraBody(value)) return 'entra-body';
  const message = read(value, 'message');
  if (typeof message === 'string' && hasEntraStructure(message)) return 'structured-text';
  return undefined;
}

/**
 * Says whether an error that reached a middleware provably comes from an identity library or from
 * Entra ID itself, by its shape, never by free text that merely names a code: `new Error('No product
 * named AADSTS50173')` is `undefined`, so the app's own handler answers it. Follows a `cause` chain
 * (bounded) to find a wrapped identity error. Pure, never throws.
 */
export function entraProvenance(err: unknown): EntraProvenance | undefined {
  try {
    let current: unknown = err;
    const seen = new Set<object>();
    for (let depth = 0; depth <= MAX_CAUSE_DEPTH && isObject(current) && !seen.has(current); depth++) {
      seen.add(current);
      const found = own(current);
      if (found) return found;
      current = read(current, 'cause');
    }
    return undefined;
  } catch {
    return undefined;
  }
}
