import { addCode, fill, type Draft } from './draft.js';
import { classifyKnownValue } from './known-values.js';

export { classifyKnownValue };
import { MAX_FIELD } from './safe.js';

// Reads free text: an `error_description`, an MSAL `message` of any msal-node major, a sign-in page's
// troubleshooting block, or an HTML error page. Every pattern is anchored on a literal and uses bounded
// repeats over disjoint character classes, so matching is linear in the (capped) input.

// One pass finds every token of interest; the groups say which one matched:
// 1-2 a prefixed code in any case (AADSTS50076, Aadsts50076, acs50008, aadb2c90118), never inside a
// longer word; 3-4 a trace or correlation ID; 5 a timestamp; 6 a code after a label ("Error Code: 500121"
// on the sign-in page, "Sign-in error code: 90095", "errorCode: 50126", "ResultType: 53003", "error code
// 700082"); 7 msal-common 14+'s "Error(s): 50076,50079" (the throttled replay repeats that text);
// 8 an "error_codes": [50076] list printed inside text.
const TOKENS =
  /\b(AADSTS|ACS|AADB2C)(\d{1,10})\b|(Trace ID|Request ID|Correlation ID): ?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|Timestamp: ?(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z?)|\b(?:Sign-in error code|error ?code|ResultType)["']?:? {0,3}["']?(?:AADSTS)?(\d{5,10})\b|Error\(s\): ?(\d{1,10}(?:[ ,]{1,2}\d{1,10}){0,15})|["']error_codes["']: ?\[ ?(\d{1,10}(?:, ?\d{1,10}){0,15})/gi;
// msal-node 1.x: "50076 - [2021-08-02 19:55:15Z]: AADSTS50076: …".
// The errorCode may follow the class name: "ServerError: temporarily_unavailable: 50033 - [2021-…]".
const MSAL_LEGACY_HEAD = /^(?:[A-Za-z_]{3,64}: ){0,2}(\d{1,10}(?:,\d{1,10}){0,15}) - \[/;
const LIST_SEPARATOR = /[ ,]+/;
// "invalid_grant: …" — the errorCode prefix AuthError puts on every MSAL message.
const ERROR_PREFIX = /^([a-z][a-z_]{2,63}): /;
const UPPER_PREFIX: Readonly<Record<string, string>> = { aadsts: 'AADSTS', acs: 'ACS', aadb2c: 'AADB2C' };
const HTML_START = /^\s{0,64}<(?:!doctype html|html|head|body)\b/i;

export function isHtml(text: string): boolean {
  // Cheap first: an HTML page starts with "<" after at most some white space.
  const first = text.length > 0 ? text.charCodeAt(0) : 0;
  if (first !== 0x3c && first !== 0x20 && first !== 0x0a && first !== 0x0d && first !== 0x09 && first !== 0xfeff) return false;
  return HTML_START.test(text.slice(0, 256));
}

/** Scans text for codes and IDs; an `xxx: ` prefix counts as the OAuth error only when it is a known value. */
export function readText(draft: Draft, raw: string): void {
  const text = raw.length > MAX_FIELD ? raw.slice(0, MAX_FIELD) : raw;
  if (isHtml(text)) draft.html = true;

  const legacy = MSAL_LEGACY_HEAD.exec(text);
  if (legacy) for (const digits of legacy[1]!.split(',')) addCode(draft, 'AADSTS', digits);

  // MSAL messages repeat themselves (the list, then the description, then the IDs again): once the
  // "Error(s):" list gave every code and the three IDs are known, the rest holds nothing new.
  let listed = false;
  TOKENS.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKENS.exec(text)) !== null) {
    if (match[1] !== undefined) addCode(draft, UPPER_PREFIX[match[1].toLowerCase()]!, match[2]!);
    else if (match[3] !== undefined) fill(draft, match[3].charCodeAt(0) === 0x43 || match[3].charCodeAt(0) === 0x63 ? 'correlationId' : 'traceId', match[4]!);
    else if (match[5] !== undefined) fill(draft, 'timestamp', match[5]);
    else if (match[6] !== undefined) addCode(draft, 'AADSTS', match[6]);
    else if (match[7] !== undefined) {
      listed = true;
      for (const digits of match[7].split(LIST_SEPARATOR)) if (digits) addCode(draft, 'AADSTS', digits);
    } else if (match[8] !== undefined) {
      for (const digits of match[8].split(LIST_SEPARATOR)) if (digits) addCode(draft, 'AADSTS', digits);
    }
    if (listed && draft.traceId !== null && draft.correlationId !== null && draft.timestamp !== null) break;
  }

  const prefix = ERROR_PREFIX.exec(text)?.[1];
  if (prefix) {
    const kind = classifyKnownValue(prefix);
    if (kind === 'error') fill(draft, 'error', prefix);
    else if (kind === 'suberror') fill(draft, 'suberror', prefix);
    else if (kind === 'msal') fill(draft, 'msalErrorCode', prefix);
  }
}

// msal-common 14+ builds every server error message the same way:
// "Error(s): <codes> - Timestamp: <ts> - Description: <error_description> - Correlation ID: <id> - Trace ID: <id>".
// Its head and tail say everything the description repeats, so the common case is read without a scan.
const MSAL_HEAD = /^Error\(s\): ?(\d{1,10}(?:,\d{1,10}){0,15}) - Timestamp: (\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z?) - Description: /;
/** True when `text` holds a GUID (8-4-4-4-12 hex digits) at `at`; checked in place, without a copy. */
function isGuidAt(text: string, at: number): boolean {
  if (at + 36 > text.length) return false;
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(at + i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) return false;
  }
  return true;
}

function guidAfter(text: string, marker: string): string | null {
  const at = text.lastIndexOf(marker);
  if (at < 0) return null;
  const from = at + marker.length;
  return isGuidAt(text, from) ? text.slice(from, from + 36) : null;
}

const TRACE_MARKER = ' - Trace ID: ';
const CORRELATION_MARKER = ' - Correlation ID: ';

/**
 * The trace and correlation IDs of an msal-common message, which ends "- Correlation ID: <guid> - Trace
 * ID: <guid>". That tail is checked in place first: when it holds, no later marker can start inside it
 * (a GUID holds no space), so these are the last markers, as the search backwards would find. Only
 * otherwise is the text searched (`lastIndexOf` walks it character by character).
 */
function msalIds(text: string): [traceId: string | null, correlationId: string | null] {
  const traceAt = text.length - 36;
  const correlationAt = traceAt - TRACE_MARKER.length - 36;
  if (
    correlationAt - CORRELATION_MARKER.length >= 0 &&
    text.startsWith(TRACE_MARKER, traceAt - TRACE_MARKER.length) &&
    text.startsWith(CORRELATION_MARKER, correlationAt - CORRELATION_MARKER.length) &&
    isGuidAt(text, traceAt) &&
    isGuidAt(text, correlationAt)
  ) {
    return [text.slice(traceAt), text.slice(correlationAt, correlationAt + 36)];
  }
  return [guidAfter(text, TRACE_MARKER), guidAfter(text, CORRELATION_MARKER)];
}

/** Reads an msal-common 14+ message by its fixed head and tail; false when it is not one (scan it instead). */
export function readMsalMessage(draft: Draft, text: string): boolean {
  if (!text.startsWith('Error(s):')) return false;
  const head = MSAL_HEAD.exec(text);
  if (!head) return false;
  const [traceId, correlationId] = msalIds(text);
  if (traceId === null || correlationId === null) return false;
  for (const digits of head[1]!.split(',')) addCode(draft, 'AADSTS', digits);
  fill(draft, 'timestamp', head[2]!);
  fill(draft, 'traceId', traceId);
  fill(draft, 'correlationId', correlationId);
  return true;
}
