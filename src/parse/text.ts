import { addCode, type Draft } from './draft.js';
import { classifyKnownValue } from './known-values.js';
import { MAX_FIELD } from './safe.js';

// Reads free text: an `error_description`, an MSAL `message` of any msal-node major, a sign-in page's
// troubleshooting block, or an HTML error page. Every pattern is anchored on a literal and uses bounded
// repeats over disjoint character classes, so matching is linear in the (capped) input.

// The tokens of interest, in any case: 1-2 a prefixed code (AADSTS50076, Aadsts50076, acs50008,
// aadb2c90118), never inside a longer word; 3-4 a trace or correlation ID; 5 a timestamp; 6 a code after
// a label ("Error Code: 500121" on the sign-in page, "Sign-in error code: 90095", "errorCode: 50126",
// "ResultType: 53003", "error code 700082"); 7 msal-common 14+'s "Error(s): 50076,50079" (the throttled
// replay repeats that text); 8 an "error_codes": [50076] list printed inside text.
//
// As one regex (TOKENS) this is the costliest step of reading a long text: a case-insensitive
// alternation whose first letters are most letters of prose is tried at nearly every position. A long
// text is read instead by three searches merged in text order, with the same matches
// (test/parse/text-tokens.test.ts compares them): the prefixed codes (one regex), the labelled codes (a
// regex run only when a label's last letters stand before digits), and the labels that end in a colon
// (IDs, timestamp, "Error(s)", "error_codes"), found by looking behind each colon and read with a sticky
// regex there.
const TOKENS =
  /\b(AADSTS|ACS|AADB2C)(\d{1,10})\b|(Trace ID|Request ID|Correlation ID): ?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|Timestamp: ?(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z?)|\b(?:Sign-in error code|error ?code|ResultType)["']?:? {0,3}["']?(?:AADSTS)?(\d{5,10})\b|Error\(s\): ?(\d{1,10}(?:[ ,]{1,2}\d{1,10}){0,15})|["']error_codes["']: ?\[ ?(\d{1,10}(?:, ?\d{1,10}){0,15})/gi;
/**
 * From this length on the merged searches are cheaper than TOKENS (11 % fewer instructions for the long
 * exception texts of bench/instructions.mjs); below it their fixed cost made texts 2–4 % dearer.
 */
const LONG_TEXT = 1200;
const PREFIXED = /\b(AADSTS|ACS|AADB2C)(\d{1,10})\b/gi;
const LABELLED = /\b(?:Sign-in error code|error ?code|ResultType)["']?:? {0,3}["']?(?:AADSTS)?(\d{5,10})\b/gi;
// Every LABELLED match holds this ("code" and "ResultType" end in "de" and "pe"), starting on rarer letters.
const LABELLED_HINT = /[dp]e["']?:? {0,3}["']?(?:AADSTS)?\d{5}/i;
const ID_AT = /(Trace ID|Request ID|Correlation ID): ?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/iy;
const TIMESTAMP_AT = /Timestamp: ?(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z?)/iy;
const LIST_AT = /Error\(s\): ?(\d{1,10}(?:[ ,]{1,2}\d{1,10}){0,15})/iy;
const CODES_AT = /["']error_codes["']: ?\[ ?(\d{1,10}(?:, ?\d{1,10}){0,15})/iy;

const enum Token {
  Prefixed,
  Id,
  Timestamp,
  Labelled,
  List,
  Codes,
}

/** A token found before a colon: which one, where it starts, and its match. */
interface ColonToken {
  readonly kind: Token;
  readonly index: number;
  readonly match: RegExpExecArray;
}

/**
 * True when `text` just before `end` is `label` (lower case) in any ASCII case, as a case-insensitive
 * regex compares; checked from the end, where most colons' words already differ.
 */
function endsWithLabel(text: string, end: number, label: string): boolean {
  const start = end - label.length;
  if (start < 0) return false;
  for (let i = label.length - 1; i >= 0; i--) {
    const want = label.charCodeAt(i);
    const c = text.charCodeAt(start + i);
    if (c !== want && !(want >= 0x61 && want <= 0x7a && (c | 0x20) === want)) return false;
  }
  return true;
}

function isQuote(c: number): boolean {
  return c === 0x22 || c === 0x27;
}

/** The token whose label ends at `colon` and starts at or after `from`, if its reader matches there. */
function colonTokenAt(text: string, colon: number, from: number): ColonToken | null {
  let kind: Token;
  let index: number;
  let reader: RegExp;
  switch (text.charCodeAt(colon - 1) | 0x20) {
    case 0x64: // "d": Trace ID, Request ID, Correlation ID
      if (!endsWithLabel(text, colon, ' id')) return null;
      if (endsWithLabel(text, colon, 'trace id')) index = colon - 8;
      else if (endsWithLabel(text, colon, 'request id')) index = colon - 10;
      else if (endsWithLabel(text, colon, 'correlation id')) index = colon - 14;
      else return null;
      kind = Token.Id;
      reader = ID_AT;
      break;
    case 0x70: // "p": Timestamp
      if (!endsWithLabel(text, colon, 'timestamp')) return null;
      kind = Token.Timestamp;
      index = colon - 9;
      reader = TIMESTAMP_AT;
      break;
    case 0x29: // ")": Error(s)
      if (text.charCodeAt(colon - 1) !== 0x29 || !endsWithLabel(text, colon, 'error(s)')) return null;
      kind = Token.List;
      index = colon - 8;
      reader = LIST_AT;
      break;
    case 0x22: // a quote: "error_codes" (either quote on either side)
    case 0x27:
      if (!isQuote(text.charCodeAt(colon - 1)) || !endsWithLabel(text, colon - 1, 'error_codes') || !isQuote(text.charCodeAt(colon - 13))) return null;
      kind = Token.Codes;
      index = colon - 13;
      reader = CODES_AT;
      break;
    default:
      return null;
  }
  if (index < from) return null;
  reader.lastIndex = index;
  const match = reader.exec(text);
  return match ? { kind, index, match } : null;
}

/** The first token that ends in a colon and starts at or after `from`. */
function nextColonToken(text: string, from: number): ColonToken | null {
  for (let colon = text.indexOf(':', from); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    if (colon === 0) continue;
    const token = colonTokenAt(text, colon, from);
    if (token !== null) return token;
  }
  return null;
}

function nextMatch(pattern: RegExp, text: string, from: number): RegExpExecArray | null {
  pattern.lastIndex = from;
  return pattern.exec(text);
}

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

  if (text.length >= LONG_TEXT) scanTokens(draft, text);
  else readTokens(draft, text);

  // ERROR_PREFIX starts with a lower-case letter: most texts start otherwise, and the check saves a regex call.
  const first = text.charCodeAt(0);
  const prefix = first >= 0x61 && first <= 0x7a ? ERROR_PREFIX.exec(text)?.[1] : undefined;
  if (prefix) fillKnownValue(draft, prefix);
}

/** A known OAuth error, suberror or MSAL code into its field, if still empty; any other value is ignored. */
export function fillKnownValue(draft: Draft, value: string): void {
  const kind = classifyKnownValue(value);
  if (kind === 'error') draft.error ??= value;
  else if (kind === 'suberror') draft.suberror ??= value;
  else if (kind === 'msal') draft.msalErrorCode ??= value;
}

/** A trace or correlation ID after its label, if still unknown ("Correlation ID" is the one that starts with C). */
function fillId(draft: Draft, label: string, id: string): void {
  const first = label.charCodeAt(0);
  if (first === 0x43 || first === 0x63) draft.correlationId ??= id;
  else draft.traceId ??= id;
}

/** Reads the tokens with TOKENS, match by match. */
export function readTokens(draft: Draft, text: string): void {
  // MSAL messages repeat themselves (the list, then the description, then the IDs again): once the
  // "Error(s):" list gave every code and the three IDs are known, the rest holds nothing new.
  let listed = false;
  TOKENS.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKENS.exec(text)) !== null) {
    if (match[1] !== undefined) addCode(draft, UPPER_PREFIX[match[1].toLowerCase()]!, match[2]!);
    else if (match[3] !== undefined) fillId(draft, match[3], match[4]!);
    else if (match[5] !== undefined) draft.timestamp ??= match[5];
    else if (match[6] !== undefined) addCode(draft, 'AADSTS', match[6]);
    else if (match[7] !== undefined) {
      listed = true;
      for (const digits of match[7].split(LIST_SEPARATOR)) if (digits) addCode(draft, 'AADSTS', digits);
    } else if (match[8] !== undefined) {
      for (const digits of match[8].split(LIST_SEPARATOR)) if (digits) addCode(draft, 'AADSTS', digits);
    }
    if (listed && draft.traceId !== null && draft.correlationId !== null && draft.timestamp !== null) break;
  }
}

/** Reads the same tokens as `readTokens` by the merged searches. */
export function scanTokens(draft: Draft, text: string): void {
  // MSAL messages repeat themselves (the list, then the description, then the IDs again): once the
  // "Error(s):" list gave every code and the three IDs are known, the rest holds nothing new.
  let listed = false;
  let at = 0;
  let prefixed = nextMatch(PREFIXED, text, 0);
  let labelled = LABELLED_HINT.test(text) ? nextMatch(LABELLED, text, 0) : null;
  let colon = nextColonToken(text, 0);
  for (;;) {
    // Each search keeps its next match until the text read so far has passed it (as one regex would,
    // a token that overlaps one already read is looked for again after it).
    if (prefixed !== null && prefixed.index < at) prefixed = nextMatch(PREFIXED, text, at);
    if (labelled !== null && labelled.index < at) labelled = nextMatch(LABELLED, text, at);
    if (colon !== null && colon.index < at) colon = nextColonToken(text, at);
    let kind: Token;
    let match: RegExpExecArray;
    // The leftmost token wins; at the same place, the one TOKENS lists first.
    if (prefixed !== null && (colon === null || prefixed.index <= colon.index) && (labelled === null || prefixed.index <= labelled.index)) {
      kind = Token.Prefixed;
      match = prefixed;
    } else if (colon !== null && (labelled === null || colon.index < labelled.index || (colon.index === labelled.index && colon.kind < Token.Labelled))) {
      kind = colon.kind;
      match = colon.match;
    } else if (labelled !== null) {
      kind = Token.Labelled;
      match = labelled;
    } else break;
    at = match.index + match[0].length;
    switch (kind) {
      case Token.Prefixed:
        addCode(draft, UPPER_PREFIX[match[1]!.toLowerCase()]!, match[2]!);
        break;
      case Token.Id:
        fillId(draft, match[1]!, match[2]!);
        break;
      case Token.Timestamp:
        draft.timestamp ??= match[1]!;
        break;
      case Token.Labelled:
        addCode(draft, 'AADSTS', match[1]!);
        break;
      case Token.List:
        listed = true;
        for (const digits of match[1]!.split(LIST_SEPARATOR)) if (digits) addCode(draft, 'AADSTS', digits);
        break;
      case Token.Codes:
        for (const digits of match[1]!.split(LIST_SEPARATOR)) if (digits) addCode(draft, 'AADSTS', digits);
        break;
    }
    if (listed && draft.traceId !== null && draft.correlationId !== null && draft.timestamp !== null) break;
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

/** Reads an msal-common 14+ message by its fixed head and tail; false when it is not one (scan it instead). */
export function readMsalMessage(draft: Draft, text: string): boolean {
  if (!text.startsWith('Error(s):')) return false;
  const head = MSAL_HEAD.exec(text);
  const traceId = guidAfter(text, ' - Trace ID: ');
  const correlationId = guidAfter(text, ' - Correlation ID: ');
  if (!head || traceId === null || correlationId === null) return false;
  for (const digits of head[1]!.split(',')) addCode(draft, 'AADSTS', digits);
  draft.timestamp ??= head[2]!;
  draft.traceId ??= traceId;
  draft.correlationId ??= correlationId;
  return true;
}
