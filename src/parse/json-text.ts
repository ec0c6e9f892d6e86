import { MAX_FIELD } from './safe.js';

// JSON text inside the parser — a body given as text, or printed inside a log line — is parsed under
// the same 64 KiB cap as any other text, and only when one linear pre-scan says `JSON.parse` can
// succeed: a nesting deeper than any error body, a string with a raw line break (log lines that wrapped
// a body) or a body cut off by the log line is refused without parsing. `JSON.parse` on deeply nested
// text near the cap cost tens of milliseconds (issue 11, item 9), and each failed parse throws, which
// costs more than the whole classification of a short text.

/** Deepest nesting of objects and arrays read as JSON: Entra's and Graph's error bodies are 2–4 deep. */
export const MAX_JSON_DEPTH = 32;

// JSON forbids raw control characters inside strings (they are legal between tokens: pretty-printed
// bodies hold line breaks).
const CONTROL = /[\u0000-\u001f]/;

/** The index of the `"` that closes the string opened at `open`, or -1 when it is not closed before `end`. */
function stringEnd(text: string, open: number, end: number): number {
  for (let from = open + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote < 0 || quote >= end) return -1;
    let slashes = 0;
    while (quote - slashes - 1 > open && text.charCodeAt(quote - slashes - 1) === 0x5c) slashes++;
    if (slashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/**
 * The end (exclusive) of the JSON object that starts at `text[start]` (a `{`), or -1 when it is cut
 * off before `limit`, nests deeper than `MAX_JSON_DEPTH`, holds a raw control character inside a
 * string, or does not start like a JSON object (`{'error': …}` is a Python dict). Strings are skipped
 * with native searches (a character loop over them cost more than the parse); brackets are only
 * counted, not matched (`JSON.parse` still has the last word).
 */
export function jsonObjectEnd(text: string, start: number, limit: number): number {
  const end = Math.min(text.length, limit);
  let first = start + 1;
  while (first < end && isJsonSpace(text.charCodeAt(first))) first++;
  const head = text.charCodeAt(first);
  if (head !== 0x22 && head !== 0x7d) return -1;
  // Most bodies hold no control character at all, and then no string needs checking for one.
  const checkStrings = CONTROL.test(text.slice(start, end));
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const close = stringEnd(text, i, end);
      if (close < 0 || (checkStrings && CONTROL.test(text.slice(i + 1, close)))) return -1;
      i = close;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) return -1;
    } else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
  }
  return -1;
}

/** True when `text` holds at most `max` opening brackets (so it cannot nest deeper than that). */
function opensAtMost(text: string, max: number): boolean {
  let count = 0;
  for (let at = text.indexOf('{'); at >= 0 && count <= max; at = text.indexOf('{', at + 1)) count++;
  for (let at = text.indexOf('['); at >= 0 && count <= max; at = text.indexOf('[', at + 1)) count++;
  return count <= max;
}

function lastNonSpace(text: string): number {
  let i = text.length - 1;
  while (i >= 0 && isJsonSpace(text.charCodeAt(i))) i--;
  return i >= 0 ? text.charCodeAt(i) : -1;
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** `text.slice(start, end)` parsed as a JSON object, or undefined (never throws). */
export function parseJsonObjectAt(text: string, start: number, end: number): object | undefined {
  try {
    const parsed: unknown = JSON.parse(text.slice(start, end));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A whole text that is one JSON object (white space around it allowed), parsed; undefined for anything
 * else, for a text over 64 KiB and for nesting deeper than `MAX_JSON_DEPTH`. Never throws.
 */
export function parseJsonObject(text: string): object | undefined {
  if (text.length > MAX_FIELD) return undefined;
  let start = 0;
  while (start < text.length && isJsonSpace(text.charCodeAt(start))) start++;
  if (text.charCodeAt(start) !== 0x7b) return undefined;
  // The common case, a compact error body, in a few native searches: no control character anywhere
  // and too few brackets to nest deeply. Anything else gets the full pre-scan.
  if (!CONTROL.test(text) && opensAtMost(text, MAX_JSON_DEPTH) && lastNonSpace(text) === 0x7d) {
    let first = start + 1;
    while (first < text.length && isJsonSpace(text.charCodeAt(first))) first++;
    const head = text.charCodeAt(first);
    return head === 0x22 || head === 0x7d ? parseJsonObjectAt(text, start, text.length) : undefined;
  }
  const end = jsonObjectEnd(text, start, text.length);
  if (end < 0) return undefined;
  for (let i = end; i < text.length; i++) if (!isJsonSpace(text.charCodeAt(i))) return undefined;
  return parseJsonObjectAt(text, start, end);
}
