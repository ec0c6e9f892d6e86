import { decodeClaims } from './claims.js';
import { fill, type Draft } from './draft.js';
import { jsonObjectEnd, parseJsonObjectAt } from './json-text.js';
import { readTokenBody } from './object-readers.js';
import { fillKnownValue } from './text.js';

// Failures as users paste and log them from every SDK and tool: .NET, Python and Java exception
// texts, Azure CLI and PowerShell output, @azure/identity messages, header dumps. These readers run
// on free text only (never on an msal-node error's own fields, which are read structurally), each
// behind a cheap literal check, with anchored patterns over bounded, disjoint repeats: linear time.

/** Where a text says the failure came from a token, discovery or authorize request, or an identity SDK. */
const IDENTITY_CONTEXT =
  /\/oauth2\/|\.well-known\/openid-configuration|discovery\/instance|instance_discovery|\bmsal|\badal|[a-z]Credential\b|ClientAuthError|InteractionRequiredAuthError|AuthenticationError|ClientAuthenticationError|CredentialUnavailable|AuthenticationRequired|azure[./-]identity|\bAADSTS\d|\bget_?token\b|\bacquire_?token|\bGet Token request\b|\bWS-Trust\b/i;

// In free text a host stands after a space or a bracket too ("(login.microsoftonline.com)").
const ENTRA_HOST_IN_TEXT = /\b(?:login\.microsoftonline\.(?:com|us|de)|login\.microsoft\.com|login\.windows\.net|login\.chinacloudapi\.cn|sts\.windows\.net|b2clogin\.com|ciamlogin\.com)\b/i;

/** True when free text names an Entra host, an identity endpoint or an identity library. */
export function namesIdentity(text: string): boolean {
  return ENTRA_HOST_IN_TEXT.test(text) || IDENTITY_CONTEXT.test(text);
}

// Network failures as every runtime words them (Node, .NET, Python's requests/urllib3, Java, Go).
const NETWORK_TEXT =
  /\b(ETIMEDOUT|ECONNRESET|ECONNREFUSED|ECONNABORTED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|socket hang up|Connection reset(?: by peer)?|Connection aborted|Connection refused|Max retries exceeded|getaddrinfo|network_error|Name or service not known|No such host is known)\b/i;

// An HTTP status as it is printed after a label: "http error: 504", "StatusCode: 429", "Status code: 503",
// "reply status code was 400", "HTTP/1.1 503", "(status 429)".
const STATUS_TEXT = /\b(?:https?(?:\/\d(?:\.\d)?)?(?: error| status(?: code)?)?|status(?: ?code)?(?: was)?)["']?\s{0,2}[:=]?\s{0,2}["']?([1-5]\d\d)\b/gi;
const STATUS_PHRASE = /\b(Too Many Requests|Service Unavailable|Gateway Time-?out|Bad Gateway|Internal Server Error|Request Timeout)\b/i;
const PHRASE_STATUS: Readonly<Record<string, number>> = {
  'too many requests': 429,
  'service unavailable': 503,
  'gateway timeout': 504,
  'gateway time-out': 504,
  'bad gateway': 502,
  'internal server error': 500,
  'request timeout': 408,
};
// "429", "Retry-After" or "Too Many Requests" in any case. Literal checks first: one case-insensitive
// alternation tried at every position cost more than the rest of a long text's reading. Before that
// regex, substrings every match holds ("y-" or "Y-" of "retry-after", "y r" in any case of "many
// requests"; /i folds ASCII letters only): most texts hold none of them, and a native substring search
// costs a fraction of the regex.
const WAIT_WORDS = /retry-after|too many requests/i;

function mayAskForWait(text: string): boolean {
  if (text.includes('429')) return true;
  const hyphen = text.includes('y-') || text.includes('Y-');
  if (!hyphen && !text.includes('y r') && !text.includes('y R') && !text.includes('Y r') && !text.includes('Y R')) return false;
  return WAIT_WORDS.test(text);
}
const RETRY_AFTER_TEXT = /\bretry-after["']?\s{0,2}[:=]\s{0,2}["']?(\d{1,6})\b/i;

/** `WWW-Authenticate` as a header line, a dumped header map entry or a quoted value. */
const WWW_AUTHENTICATE_LABEL = /www-authenticate["']?\s{0,2}[:=]\s{0,2}(["']?)/gi;

const CAE_TEXT = /Continuous access evaluation resulted in challenge with result: ?([A-Za-z]{1,40})(?: and code: ?([A-Za-z0-9_]{1,80}))?/i;

// A token-endpoint body printed inside text: `{"error":…`, Python's `{'error': …`, pretty-printed JSON.
const EMBEDDED_BODY = /\{\s{0,64}["'](?:error|error_codes|error_description)["']\s{0,4}:/;
// Field readers for bodies that are not valid JSON (Python dict reprs, bodies cut off by the log line).
const BODY_ERROR = /["']error["']\s{0,4}:\s{0,4}["']([a-z][a-z_]{2,63})["']/;
const BODY_SUBERROR = /["']suberror["']\s{0,4}:\s{0,4}["']([a-z][a-z_]{2,63})["']/;
const BODY_CODES = /["']error_codes["']\s{0,4}:\s{0,4}\[\s{0,4}(\d{1,10}(?:\s{0,4},\s{0,4}\d{1,10}){0,15})/;
const BODY_CLAIMS_DOUBLE = /["']claims["']\s{0,4}:\s{0,4}"((?:[^"\\\n]|\\.){1,16384})"/;
const BODY_CLAIMS_SINGLE = /["']claims["']\s{0,4}:\s{0,4}'((?:[^'\\\n]|\\.){1,16384})'/;

// Every key of ERROR_CLASS_HINTS (a test keeps the two in step).
export const CLASS_NAMES =
  /\b(MsalUiRequiredException|InteractionRequiredAuthError|InteractionRequiredAuthenticationError|MsalInteractionRequiredException|AdalClaimChallengeException|ClaimsChallengeException|MsalClaimsChallengeException|AuthenticationRequiredError|AuthenticationRequiredException|MsalThrottledServiceException|MsalThrottledUiRequiredException|CredentialUnavailableError|CredentialUnavailableException|MsalClientException)\b/;

// Azure Identity's wording when no credential could run (Python, .NET, JS print it without the class
// name inside DefaultAzureCredential's and ChainedTokenCredential's aggregate message).
const CREDENTIAL_UNAVAILABLE = /\b[A-Z][A-Za-z]{1,40}Credential:? authentication unavailable\b/;

// A known OAuth error or MSAL code as a delimited token: at the start of the text or a line, after
// ": " / ", " (one or two spaces), a quote or a bracket, and ending at a delimiter —
// "ServerError: temporarily_unavailable: 50033", "Error Code: interaction_required, Error Message: …",
// "'error': 'invalid_grant'". Prose that merely uses the word (", see invalid_grant handling") is not
// delimited on both sides and is skipped. The token is `[a-z][a-z0-9]{1,30}_[a-z0-9_]{1,40}`. Found by
// jumping from one "_" to the next rather than by a regex tried at every position: the same matches
// (test/parse/delimited-values.test.ts holds the regex it replaces), a tenth of the time on long texts.

function isLowerOrDigit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/** `[:,;.'")\]\s]` or the end of the text: what may follow a delimited value. */
function endsValue(text: string, at: number): boolean {
  if (at >= text.length) return true;
  const c = text.charCodeAt(at);
  return c === 0x3a || c === 0x2c || c === 0x3b || c === 0x2e || c === 0x27 || c === 0x22 || c === 0x29 || c === 0x5d || isRegexSpace(c);
}

/** JavaScript's `\s`. */
function isRegexSpace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The start of the text or a line, `'"([`, or ": " / ", " with one or two spaces, before `start`. */
function startsValue(text: string, start: number): boolean {
  if (start === 0) return true;
  const c = text.charCodeAt(start - 1);
  if (c === 0x27 || c === 0x22 || c === 0x28 || c === 0x5b || c === 0x0a) return true;
  if (c !== 0x20 || start < 2) return false;
  let before = text.charCodeAt(start - 2);
  if (before === 0x20 && start >= 3) before = text.charCodeAt(start - 3);
  return before === 0x3a || before === 0x2c;
}

/** The next delimited `word_word` value at or after `from`, with the index just past it; null when none. */
export function nextDelimitedValue(text: string, from: number): { value: string; end: number } | null {
  let at = from;
  for (;;) {
    const underscore = text.indexOf('_', at);
    if (underscore < 0) return null;
    // The run of [a-z0-9] before this "_" (the first one of its word: earlier words were skipped whole).
    let start = underscore;
    while (start > at && underscore - start < 32 && isLowerOrDigit(text.charCodeAt(start - 1))) start--;
    let end = underscore + 1;
    while (end < text.length && (isLowerOrDigit(text.charCodeAt(end)) || text.charCodeAt(end) === 0x5f)) end++;
    at = end;
    const head = text.charCodeAt(start);
    const tail = end - underscore - 1;
    // The walk back stops after 32 characters: a first part that long is no value.
    const first = underscore - start;
    if (first < 2 || first > 31 || tail < 1 || tail > 40 || !(head >= 0x61 && head <= 0x7a)) continue;
    if (!startsValue(text, start) || !endsValue(text, end)) continue;
    return { value: text.slice(start, end), end };
  }
}

function unescapeJsonString(value: string): string | null {
  try {
    return JSON.parse(`"${value.replace(/\n/g, '\\n')}"`) as string;
  } catch {
    return null;
  }
}

/** Reads a token-endpoint body printed inside a text, whole or cut off. */
function readEmbeddedBody(draft: Draft, text: string): void {
  const found = EMBEDDED_BODY.exec(text);
  if (!found) return;
  const start = found.index;
  const end = jsonObjectEnd(text, start, text.length);
  const parsed = end > 0 ? parseJsonObjectAt(text, start, end) : undefined;
  if (parsed !== undefined && readTokenBody(draft, parsed, 'token_response')) return;
  // Not JSON (a Python dict, single quotes, a body the log line wrapped or cut off): read its fields one by one.
  const rest = text.slice(start, start + 65_536);
  const fields: Record<string, unknown> = {};
  const error = BODY_ERROR.exec(rest)?.[1];
  if (error) fields['error'] = error;
  const suberror = BODY_SUBERROR.exec(rest)?.[1];
  if (suberror) fields['suberror'] = suberror;
  const codes = BODY_CODES.exec(rest)?.[1];
  if (codes) fields['error_codes'] = codes.split(',').map((code) => Number(code.trim()));
  // A claims value counts only inside a real body (one with an error or its codes), never in prose.
  if (error || codes) {
    const quoted = BODY_CLAIMS_DOUBLE.exec(rest)?.[1];
    const claims = quoted !== undefined ? unescapeJsonString(quoted) : (BODY_CLAIMS_SINGLE.exec(rest)?.[1] ?? null);
    if (claims !== null && decodeClaims(claims) !== null) fields['claims'] = claims;
  }
  if (Object.keys(fields).length > 0) readTokenBody(draft, fields, 'token_response');
}

/** The value after each `WWW-Authenticate` label, up to the end of its line or its closing quote. */
export function headerValuesIn(text: string): string[] {
  const values: string[] = [];
  WWW_AUTHENTICATE_LABEL.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = WWW_AUTHENTICATE_LABEL.exec(text)) !== null && values.length < 4) {
    const from = WWW_AUTHENTICATE_LABEL.lastIndex;
    let lineEnd = text.indexOf('\n', from);
    if (lineEnd < 0 || lineEnd - from > 16_384) lineEnd = Math.min(text.length, from + 16_384);
    let value = text.slice(from, lineEnd);
    const quote = match[1];
    if (quote === "'") {
      const close = value.indexOf("'");
      if (close >= 0) value = value.slice(0, close);
    } else if (quote === '"') {
      // A JSON-printed header map: the value's own quotes are escaped.
      let close = -1;
      for (let i = 0; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c === 0x5c) i++;
        else if (c === 0x22) {
          close = i;
          break;
        }
      }
      value = (close >= 0 ? value.slice(0, close) : value).replace(/\\"/g, '"');
    }
    values.push(value.trim());
  }
  return values;
}

/**
 * Reads the shapes of categories 2–10 of issue 9 from free text into the draft. Runs after the core
 * scan (`readText`), so codes and IDs are already there; fills only what is still empty. A
 * `WWW-Authenticate` value found in the text goes to `readChallenge(walk, value)` (true when it held an
 * Entra signal): a function and its argument rather than a closure, which cost an allocation per text.
 */
export function readLooseText<W>(draft: Draft, text: string, readChallenge: (walk: W, header: string) => boolean, walk: W): void {

  // Every embedded body opens with "{" (rare in prose; "error" is in most texts and its "e" everywhere).
  if (text.includes('{')) readEmbeddedBody(draft, text);

  // "www-authenticate" in any case holds "w-a" in one of four casings; "authenticate" alone is in most
  // Entra texts ("multi-factor authentication"), so it was no filter at all.
  if (text.length > 16 && (text.includes('w-A') || text.includes('W-A') || text.includes('w-a') || text.includes('W-a'))) {
    for (const value of headerValuesIn(text)) if (readChallenge(walk, value)) break;
  }

  // "valuation" first: its "v" is rare in prose, where a search for "ontinuous…" stops at every "o".
  if ((text.includes('valuation') && text.includes('ontinuous access evaluation')) || (text.includes('VALUATION') && text.includes('ONTINUOUS ACCESS EVALUATION'))) {
    const cae = CAE_TEXT.exec(text);
    if (cae) fill(draft, 'cae', cae[1]!);
  }

  readDelimitedValues(draft, text);

  // Every class name of interest ends in "Exception" or "Error", and the wording in "unavailable".
  if (text.includes('Exception') || text.includes('Error') || text.includes('unavailable')) {
    const className = CLASS_NAMES.exec(text)?.[1] ?? (text.includes('authentication unavailable') && CREDENTIAL_UNAVAILABLE.test(text) ? 'CredentialUnavailableError' : undefined);
    if (className) fill(draft, 'errorClass', className);
  }

  // Once a code is known it decides, unless the text also says the server asked for a wait (a 429 or
  // Retry-After turns even a permanent code into a wait): the scans below are skipped otherwise, which
  // keeps long descriptions and stack traces cheap.
  if (draft.codeIds.length > 0 && !mayAskForWait(text)) return;
  // Statuses, waits and network failures are everyone's vocabulary: they count only when the text says
  // the request was an identity request (or another reader already found an Entra signal in it).
  // The scans first, then the (costlier) check that the text names an identity request, only when a
  // scan found something: most texts that reach here are some other library's errors.
  const network = NETWORK_TEXT.exec(text)?.[1];
  const status = draft.status === null ? statusIn(text) : null;
  const wait = RETRY_AFTER_TEXT.exec(text)?.[1];
  if (network === undefined && status === null && wait === undefined) return;
  const entra = draft.codeIds.length > 0 || draft.error !== null || draft.msalErrorCode !== null || draft.errorClass !== null || namesIdentity(text);
  if (!entra) return;
  if (network) fill(draft, 'network', network);
  fill(draft, 'status', status);
  if (wait !== undefined) fill(draft, 'retryAfterMs', Number(wait) * 1000);
}

function statusIn(text: string): number | null {
  STATUS_TEXT.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = STATUS_TEXT.exec(text)) !== null) {
    const value = Number(match[1]);
    if (value >= 400) return value;
  }
  const phrase = STATUS_PHRASE.exec(text)?.[1];
  return phrase ? (PHRASE_STATUS[phrase.toLowerCase()] ?? null) : null;
}

/** Known OAuth errors, suberrors and MSAL codes wherever a wrapper chain puts them. */
function readDelimitedValues(draft: Draft, text: string): void {
  let from = 0;
  for (let seen = 0; seen < 64; seen++) {
    const found = nextDelimitedValue(text, from);
    if (found === null) return;
    from = found.end;
    fillKnownValue(draft, found.value);
    if (draft.error !== null && draft.msalErrorCode !== null) return;
  }
}
