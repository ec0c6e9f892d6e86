import { addCode, fill, type Draft } from './draft.js';
import { MAX_FIELD } from './safe.js';

// Reads free text: an `error_description`, an MSAL `message` of any msal-node major, a sign-in page's
// troubleshooting block, or an HTML error page. Every pattern is anchored on a literal and uses bounded
// repeats over disjoint character classes, so matching is linear in the (capped) input.

const PREFIXED_CODE = /\b(AADSTS|ACS|AADB2C)(\d{1,10})\b/g;
// msal-common 14+: "Error(s): 50076,50079 - Timestamp: …"; the throttled replay repeats that text.
const MSAL_ERRORS_LIST = /Error\(s\): ?(\d{1,10}(?:[ ,]{1,2}\d{1,10}){0,15})/;
// msal-node 1.x: "50076 - [2021-08-02 19:55:15Z]: AADSTS50076: …".
const MSAL_LEGACY_HEAD = /^(?:[a-z_]{3,64}: )?(\d{1,10}(?:,\d{1,10}){0,15}) - \[/;
// The sign-in page's "Troubleshooting details" block.
const ERROR_CODE_LINE = /\bError Code: ?(?:AADSTS)?(\d{1,10})\b/i;
const TRACE_ID = /\b(?:Trace ID|Request Id): ?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/i;
const CORRELATION_ID = /\bCorrelation ID: ?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/i;
const TIMESTAMP = /\bTimestamp: ?(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z?)/;
// "invalid_grant: …" — the errorCode prefix AuthError puts on every MSAL message.
const ERROR_PREFIX = /^([a-z][a-z_]{2,63}): /;
const HTML_START = /^\s{0,64}<(?:!doctype html|html|head|body)\b/i;

export function isHtml(text: string): boolean {
  return HTML_START.test(text.slice(0, 256));
}

/** Scans text for codes and IDs. `knownError` decides which `xxx:` prefixes count as an OAuth error. */
export function readText(draft: Draft, raw: string, knownError: (value: string) => boolean): void {
  const text = raw.length > MAX_FIELD ? raw.slice(0, MAX_FIELD) : raw;
  if (isHtml(text)) draft.html = true;

  const list = MSAL_ERRORS_LIST.exec(text) ?? MSAL_LEGACY_HEAD.exec(text);
  if (list) for (const digits of list[1]!.split(/[ ,]+/)) if (digits) addCode(draft, 'AADSTS', digits);

  PREFIXED_CODE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = PREFIXED_CODE.exec(text)) !== null) addCode(draft, match[1]!, match[2]!);

  const errorCode = ERROR_CODE_LINE.exec(text);
  if (errorCode) addCode(draft, 'AADSTS', errorCode[1]!);

  fill(draft, 'traceId', TRACE_ID.exec(text)?.[1] ?? null);
  fill(draft, 'correlationId', CORRELATION_ID.exec(text)?.[1] ?? null);
  fill(draft, 'timestamp', TIMESTAMP.exec(text)?.[1] ?? null);

  const prefix = ERROR_PREFIX.exec(text)?.[1];
  if (prefix && knownError(prefix)) fill(draft, 'error', prefix);
}
