import { decodeClaims } from './claims.js';
import { addCode, markSource, type Draft } from './draft.js';
import { isKnownError, isServerError } from './known-values.js';
import { isObject, MAX_TOKEN, read, readNumber, readString } from './safe.js';
import { readMsalMessage, readText } from './text.js';

// Readers for the object shapes Entra failures arrive in. Each reads only the fields of its shape
// and reports through the draft; none throws. They run on every failure, so they set fields with
// `draft.x ??= value` rather than `fill` (see there why).

/** A token-endpoint error body or a sign-in callback query, as an object. */
export function readTokenBody(draft: Draft, body: unknown, source: 'token_response' | 'callback'): boolean {
  const error = readString(body, 'error', MAX_TOKEN);
  const description = readString(body, 'error_description');
  const codes = read(body, 'error_codes');
  const suberror = readString(body, 'suberror', MAX_TOKEN);
  const claims = decodeClaims(read(body, 'claims'));
  const hasCodes = Array.isArray(codes) && codes.length > 0;
  const entraish = (error !== null && isKnownError(error)) || hasCodes || suberror !== null || claims !== null ||
    (description !== null && description.includes('AADSTS'));
  if (!entraish) return false;
  markSource(draft, source);
  draft.error ??= error;
  draft.suberror ??= suberror;
  draft.claims ??= claims;
  if (hasCodes) {
    for (const code of (codes as unknown[]).slice(0, 16)) {
      // Entra sends numbers; a string may carry the prefix (a regex call saved on every number).
      if (typeof code === 'number') addCode(draft, 'AADSTS', String(code));
      else if (typeof code === 'string') addCode(draft, 'AADSTS', code.replace(/^AADSTS/, ''));
    }
  }
  draft.correlationId ??= readString(body, 'correlation_id', MAX_TOKEN);
  draft.traceId ??= readString(body, 'trace_id', MAX_TOKEN);
  draft.timestamp ??= readString(body, 'timestamp', MAX_TOKEN);
  draft.errorUri ??= readString(body, 'error_uri', 2048);
  draft.errorSubcode ??= readString(body, 'error_subcode', MAX_TOKEN);
  if (description !== null) {
    draft.description ??= description;
    // The description repeats what the structured fields already said; read it only for what is missing.
    if (!hasCodes || draft.traceId === null || draft.correlationId === null || draft.timestamp === null) readText(draft, description);
  }
  return true;
}

/**
 * An MSAL error of any major: `errorCode`, `errorMessage`, `subError`, `claims`, `correlationId`,
 * `errorNo`, `status`, and for the throttled replay an `errorCode` made only of digits with no status.
 */
export function readMsalError(draft: Draft, error: unknown): void {
  const errorCode = readString(error, 'errorCode', MAX_TOKEN) ?? '';
  const message = readString(error, 'errorMessage') ?? readString(error, 'message');
  const status = readNumber(error, 'status') ?? readNumber(error, 'httpStatus');
  const name = readString(error, 'name', MAX_TOKEN);
  markSource(draft, 'msal_error');

  if (/^\d{1,10}(?: \d{1,10}){0,15}$/.test(errorCode)) {
    // MSAL replays a cached 429/5xx as a ServerError whose errorCode is the joined error_codes.
    for (const digits of errorCode.split(' ')) addCode(draft, 'AADSTS', digits);
    if (status === null) draft.throttledReplay = true;
  } else if (errorCode === '' && name === 'ServerError' && status === null && message?.startsWith('Error(s):')) {
    draft.throttledReplay = true;
  } else if (errorCode !== '') {
    if (isServerError(errorCode) && name !== 'ClientAuthError' && name !== 'ClientConfigurationError') {
      draft.error ??= errorCode;
    } else {
      draft.msalErrorCode ??= errorCode;
    }
  }
  draft.status ??= status;
  draft.suberror ??= readString(error, 'subError', MAX_TOKEN);
  draft.claims ??= decodeClaims(read(error, 'claims'));
  draft.correlationId ??= readString(error, 'correlationId', MAX_TOKEN);
  draft.traceId ??= readString(error, 'traceId', MAX_TOKEN);
  draft.timestamp ??= readString(error, 'timestamp', MAX_TOKEN);
  const errorNo = readString(error, 'errorNo', 16);
  if (errorNo && /^\d{1,10}$/.test(errorNo)) addCode(draft, 'AADSTS', errorNo);
  if (message !== null) {
    draft.description ??= message;
    if (!readMsalMessage(draft, message)) readText(draft, message);
  }
}

/** A Graph-style JSON error body: `{ error: { code, message, innerError } }`. */
export function readGraphBody(draft: Draft, body: unknown): void {
  const inner = read(body, 'error');
  if (!isObject(inner)) return;
  const message = readString(inner, 'message');
  if (message !== null) {
    draft.description ??= message;
    readText(draft, message);
  }
  const innerError = read(inner, 'innerError') ?? read(inner, 'innererror');
  draft.correlationId ??= readString(innerError, 'client-request-id', MAX_TOKEN);
  draft.traceId ??= readString(innerError, 'request-id', MAX_TOKEN);
}
