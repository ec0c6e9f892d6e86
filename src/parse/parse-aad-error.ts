import { decodeClaims } from './claims.js';
import { addCode, finish, fill, hasSignal, markSource, newDraft, type Draft } from './draft.js';
import { ENTRA_HOST, ERROR_CLASS_HINTS, MSAL_ERROR_NAMES, NETWORK_CODES } from './known-values.js';
import { parseJsonObject } from './json-text.js';
import { readGraphBody, readMsalError, readTokenBody } from './object-readers.js';
import { readHeader, retryAfterFromHeaders } from './retry-after.js';
import { isObject, MAX_FIELD, MAX_TOKEN, read, readNumber, readString } from './safe.js';
import { isHtml, readText } from './text.js';
import type { AadErrorInfo, ParseOptions } from './types.js';
import { looksLikeChallenge, parseWwwAuthenticate, type Challenge } from './www-authenticate.js';
import { readLooseText } from './loose-text.js';

/** How deep `cause` / `error` / `response` chains are followed. */
const MAX_DEPTH = 8;
/** How many objects one input may lead to (`errors` lists fan out); real failures hold a handful. */
const MAX_OBJECTS = 128;

interface Walk {
  readonly draft: Draft;
  /** The caller's clock, or null until a Retry-After date needs one (`Date.now()` on every call cost 1.5 %). */
  now: number | null;
  readonly fromTokenRequest: boolean;
  /** Objects already read (cycles). An array, not a WeakSet: creating and filling a WeakSet cost a quarter of a classification. */
  readonly seen: object[];
}

/** The time Retry-After dates are read against: the caller's, else the clock, read once per walk. */
function nowOf(walk: Walk): number {
  walk.now ??= Date.now();
  return walk.now;
}

const BARE_CODE = /^(AADSTS|ACS|AADB2C)?(\d{1,10})$/;
const PREFIXED_CODE = /^(AADSTS|ACS|AADB2C)(\d{1,10})$/i;
const QUERY_START = /^[?#]?[A-Za-z_]{1,32}=/;
const HTTP_START = /^https?:\/\//;

/** The query (or fragment) of a one-word URL that carries `error=`, else null. */
function callbackQuery(text: string): string | null {
  if (!HTTP_START.test(text) || /\s/.test(text)) return null;
  const at = text.search(/[?#]/);
  if (at < 0) return null;
  const query = text.slice(at + 1);
  return query.startsWith('error=') || query.includes('&error=') ? query : null;
}

function readStringInput(walk: Walk, raw: string): void {
  const text = raw.length > MAX_FIELD ? raw.slice(0, MAX_FIELD) : raw;
  const trimmed = text.trim();
  // A bare code starts with "A" or a digit (checked first: most texts start otherwise).
  const first = trimmed.charCodeAt(0);
  const bare = first === 0x41 || (first >= 0x30 && first <= 0x39) ? BARE_CODE.exec(trimmed) : null;
  if (bare) {
    // A bare number is a sign-in log ResultType only with five or more digits (0 means success).
    if (bare[1] || bare[2]!.length >= 5) {
      markSource(walk.draft, 'code');
      addCode(walk.draft, bare[1] ?? 'AADSTS', bare[2]!);
    }
    return;
  }
  if (trimmed.startsWith('{')) {
    const json = parseJsonObject(trimmed);
    if (json !== undefined) {
      readObject(walk, json, 0);
      return;
    }
  }
  // A challenge, a callback query and a redirect URL all hold "=": one search rules the three out for
  // most texts (each check below costs a call and a regex, on every text).
  const hasEquals = trimmed.includes('=');
  if (hasEquals && looksLikeChallenge(trimmed) && readChallenge(walk, trimmed)) return;
  if (hasEquals && QUERY_START.test(trimmed) && /(?:^|[?#&])error=/.test(trimmed)) {
    const params = new URLSearchParams(trimmed.replace(/^[?#]/, ''));
    readTokenBody(walk.draft, Object.fromEntries(params), 'callback');
    return;
  }
  // A whole redirect URL, as copied from the address bar: read its query or fragment.
  const query = hasEquals ? callbackQuery(trimmed) : null;
  if (query !== null && readTokenBody(walk.draft, Object.fromEntries(new URLSearchParams(query)), 'callback')) return;
  const { draft } = walk;
  const before = draft.codeIds.length;
  const hadSource = draft.source !== null;
  readText(draft, text);
  readLooseText(draft, text, readChallenge, walk);
  const found =
    draft.codeIds.length > before ||
    draft.error !== null ||
    draft.suberror !== null ||
    draft.msalErrorCode !== null ||
    draft.claims !== null ||
    draft.cae !== null ||
    draft.errorClass !== null ||
    draft.network !== null ||
    (draft.status !== null && isTransientStatus(draft.status));
  if (found || (!hadSource && draft.source !== null)) {
    markSource(draft, 'text');
    draft.description ??= trimmed;
  }
}

function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

// The errors a claims value is read with: Graph and Microsoft's CAE format send insufficient_claims;
// Azure Resource Manager revokes with invalid_token plus claims ("User session has been revoked"),
// which Azure SDK's ARM challenge policies honour. A claims value with no error (or another) is ignored.
const CLAIMS_ERRORS = new Set(['insufficient_claims', 'invalid_token']);

/**
 * Reads a `WWW-Authenticate` value with any number of challenges in any order and scheme. The claims
 * come from a Bearer challenge with `error="insufficient_claims"` (or ARM's `invalid_token`) and
 * decodable claims, as Azure SDK's and MSAL's challenge parsers read them; two such challenges with different claims are ambiguous, so
 * none is used (guessing could send the user through the wrong Conditional Access step).
 */
function readChallenge(walk: Walk, header: string): boolean {
  const challenges = parseWwwAuthenticate(header);
  let claims: string | null = null;
  let claimsChallenge: Challenge | undefined;
  let ambiguous = false;
  let bearerWithError: Challenge | undefined;
  let popWithError: Challenge | undefined;
  let firstBearer: Challenge | undefined;
  for (const challenge of challenges) {
    const { scheme, params } = challenge;
    if (scheme !== 'bearer' && scheme !== 'pop') continue;
    if (scheme === 'bearer') firstBearer ??= challenge;
    if (params['error']) {
      if (scheme === 'bearer') bearerWithError ??= challenge;
      else popWithError ??= challenge;
    }
    if (scheme !== 'bearer' || !CLAIMS_ERRORS.has(params['error'] ?? '')) continue;
    const decoded = decodeClaims(params['claims']);
    if (decoded === null) continue;
    if (claims === null) {
      claims = decoded;
      claimsChallenge = challenge;
    } else if (decoded !== claims) ambiguous = true;
  }
  if (ambiguous) claims = null;
  const chosen = (ambiguous ? undefined : claimsChallenge) ?? bearerWithError ?? popWithError ?? firstBearer;
  if (!chosen) return false;
  const params = chosen.params;
  const error = params['error'] ?? null;
  if (!error && !claims) return false;
  const { draft } = walk;
  markSource(draft, 'challenge');
  fill(draft, 'error', error ? error.slice(0, MAX_TOKEN) : null);
  fill(draft, 'claims', claims);
  fill(draft, 'authorizationUri', params['authorization_uri']?.slice(0, 2048) ?? null);
  const description = params['error_description'];
  if (description) {
    fill(draft, 'description', description.slice(0, MAX_FIELD));
    readText(draft, description);
  }
  if (params['scope'] && draft.scopes.length === 0) {
    draft.scopes.push(...params['scope'].split(' ').filter(Boolean).slice(0, 32));
  }
  return true;
}

/** A fetch `Response`-like, axios `response`, Graph SDK error or plain `{ status, headers, body }`. */
function readResponse(walk: Walk, value: object, depth: number): boolean {
  const status = readNumber(value, 'status') ?? readNumber(value, 'statusCode');
  const headers = read(value, 'headers');
  const body = read(value, 'body') ?? read(value, 'data');
  if (status === null || (headers === undefined && body === undefined)) return false;
  const { draft } = walk;
  const challenge = readHeader(headers, 'www-authenticate');
  const challenged = challenge !== undefined && readChallenge(walk, challenge);
  const before = hasSignal(draft);
  if (typeof body === 'string') readStringInput(walk, body);
  else if (isObject(body)) readObject(walk, body, depth + 1);
  // From a token request, a throttling or server-error status is itself the signal (an HTML 503 page
  // carries nothing else); from anywhere else a bare 5xx is some other service's failure.
  const transient = walk.fromTokenRequest && (status === 408 || status === 429 || (status >= 500 && status <= 599));
  if (!challenged && !hasSignal(draft) && !before && !transient) return false;
  markSource(draft, 'http_response');
  fill(draft, 'status', status);
  fill(draft, 'retryAfterMs', retryAfterFromHeaders(headers, nowOf(walk)) ?? null);
  fill(draft, 'correlationId', readHeader(headers, 'client-request-id')?.slice(0, MAX_TOKEN) ?? null);
  fill(draft, 'traceId', readHeader(headers, 'x-ms-request-id')?.slice(0, MAX_TOKEN) ?? null);
  if (typeof body === 'string' && isHtml(body)) draft.html = true;
  return true;
}

function readNetwork(walk: Walk, value: object): boolean {
  const code = readString(value, 'code', 64) ?? readString(value, 'errno', 64);
  if (code === null || !NETWORK_CODES.has(code)) return false;
  const where = `${readString(value, 'hostname', 512) ?? ''} ${readString(value, 'host', 512) ?? ''} ${readString(value, 'message', 2048) ?? ''}`;
  if (!walk.fromTokenRequest && !ENTRA_HOST.test(where)) return false;
  markSource(walk.draft, 'network');
  fill(walk.draft, 'network', code);
  return true;
}

/**
 * An `@azure/identity` error (any language's port prints the same names): `AuthenticationError` with
 * `statusCode` and `errorResponse`, or a class whose name says what to do (`CredentialUnavailableError`,
 * `AuthenticationRequiredError`). The aggregate error's `errors` are followed by the caller.
 */
function readIdentityError(walk: Walk, value: object): boolean {
  const name = readString(value, 'name', MAX_TOKEN);
  if (name === null) return false;
  const { draft } = walk;
  if (ERROR_CLASS_HINTS.has(name)) {
    markSource(draft, 'identity_error');
    fill(draft, 'errorClass', name);
    return true;
  }
  if (name !== 'AuthenticationError') return false;
  const status = readNumber(value, 'statusCode');
  const response = read(value, 'errorResponse');
  if (status === null && !isObject(response)) return false;
  markSource(draft, 'identity_error');
  if (status !== null && status > 0) fill(draft, 'status', status);
  if (isObject(response)) {
    readTokenBody(draft, {
      error: read(response, 'error'),
      error_description: read(response, 'errorDescription') ?? read(response, 'error_description'),
      error_codes: read(response, 'errorCodes') ?? read(response, 'error_codes'),
      correlation_id: read(response, 'correlationId') ?? read(response, 'correlation_id'),
      trace_id: read(response, 'traceId') ?? read(response, 'trace_id'),
      timestamp: read(response, 'timestamp'),
      suberror: read(response, 'suberror'),
      claims: read(response, 'claims'),
    }, 'token_response');
  }
  return true;
}

function isMsalError(value: object): boolean {
  const name = readString(value, 'name', MAX_TOKEN);
  if (name !== null && MSAL_ERROR_NAMES.has(name) && typeof read(value, 'errorCode') === 'string') return true;
  return typeof read(value, 'errorCode') === 'string' && typeof read(value, 'errorMessage') === 'string' && typeof read(value, 'subError') === 'string';
}

function readObject(walk: Walk, value: object, depth: number): void {
  if (depth > MAX_DEPTH || walk.seen.length >= MAX_OBJECTS || walk.seen.includes(value)) return;
  walk.seen.push(value);
  const { draft } = walk;

  if (isMsalError(value)) {
    readMsalError(draft, value);
    const code = draft.msalErrorCode;
    if (code === 'network_error' || code === 'no_network_connectivity') {
      markSource(draft, 'network');
      fill(draft, 'network', code);
    }
    const headers = read(value, 'responseHeaders');
    if (isObject(headers)) fill(draft, 'retryAfterMs', retryAfterFromHeaders(headers, nowOf(walk)) ?? null);
  } else if (readIdentityError(walk, value)) {
    // @azure/identity: read above; its message repeats the body and is read below only for what is missing.
    const message = readString(value, 'message');
    if (message !== null) readStringInput(walk, message);
  } else if (!readResponse(walk, value, depth) && !readNetwork(walk, value)) {
    const error = read(value, 'error');
    if (typeof error === 'string' || read(value, 'error_codes') !== undefined || read(value, 'error_description') !== undefined) {
      readTokenBody(draft, value, read(value, 'state') !== undefined || read(value, 'error_subcode') !== undefined ? 'callback' : 'token_response');
    } else if (isObject(error) && read(error, 'code') !== undefined) {
      readGraphBody(draft, value);
    } else {
      // B2C's REST answers and some SDKs put the prefixed code alone in `errorCode`.
      const code = PREFIXED_CODE.exec(readString(value, 'errorCode', 32) ?? '');
      if (code) {
        markSource(draft, 'text');
        addCode(draft, code[1]!.toUpperCase(), code[2]!);
      }
      const message = readString(value, 'message');
      if (message !== null) readStringInput(walk, message);
    }
  }

  // Follow what wraps or is wrapped: `cause` (ES2022), `error` (MSAL's NetworkError), `response` (axios).
  for (const key of ['cause', 'error', 'response', 'originalError']) {
    const next = read(value, key);
    if (isObject(next)) readObject(walk, next, depth + 1);
    else if (key === 'cause' && typeof next === 'string') readStringInput(walk, next);
  }
  const errors = read(value, 'errors');
  if (Array.isArray(errors)) {
    for (const inner of errors.slice(0, 8)) if (isObject(inner)) readObject(walk, inner, depth + 1);
  }
}

/**
 * Reads any Entra ID failure — an MSAL error of any msal-node major, a token-endpoint body (object or
 * JSON text), an `error_description` or MSAL message, a callback query, a `WWW-Authenticate` value, a
 * downstream response, a bare code, or a network failure — into one `AadErrorInfo`.
 *
 * Returns `null` when the input carries no Entra signal at all, so callers can pass it on untouched.
 * Never throws, and reads at most 64 KiB of any text.
 */
export function parseAadError(input: unknown, options: ParseOptions = {}): AadErrorInfo | null {
  try {
    const walk: Walk = {
      draft: newDraft(),
      now: typeof options.now === 'number' && Number.isFinite(options.now) ? options.now : null,
      fromTokenRequest: options.fromTokenRequest === true,
      seen: [],
    };
    if (typeof input === 'string') readStringInput(walk, input);
    else if (typeof input === 'number') {
      if (Number.isSafeInteger(input) && input >= 10_000) {
        markSource(walk.draft, 'code');
        addCode(walk.draft, 'AADSTS', String(input));
      }
    } else if (isObject(input)) readObject(walk, input, 0);
    return finish(walk.draft);
  } catch {
    // Every reader is guarded already; this is the last line of defence (for example a stack
    // overflow from a pathological Proxy), and an unreadable input carries no usable signal.
    return null;
  }
}
