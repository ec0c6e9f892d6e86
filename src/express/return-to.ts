

// `returnTo` travels through query strings and OAuth `state`, both of which an attacker can write, so it
// is accepted only as a same-origin relative path. Browsers are lenient in ways that turn innocent-looking
// paths into other origins: `//evil.com` and `/\evil.com` are protocol-relative, `https:evil.com` has a
// scheme, tabs and newlines are stripped before parsing, and some servers and proxies decode `%2F` and
// `%5C` once more. Each of these is refused, encoded or not.

/** Longest `returnTo` kept; longer ones fall back to `/` rather than being cut mid-escape. */
export const MAX_RETURN_TO = 2048;

// C0 controls and DEL: the URL parser strips tabs and newlines anywhere, so `/\t/evil.com` is `//evil.com`.
const CONTROL = /[\u0000-\u001f\u007f]/;
const ESCAPE = /%([0-9A-Fa-f]{2})/g;
/** How many rounds of percent-decoding are checked: enough for double- and triple-encoding tricks. */
const DECODE_ROUNDS = 3;

function safeShape(path: string): boolean {
  if (!path.startsWith('/')) return false;
  const second = path.charAt(1);
  if (second === '/' || second === '\\') return false;
  return !path.includes('\\') && !CONTROL.test(path);
}

/**
 * Decodes every well-formed `%XX` byte and leaves malformed ones alone, as the most lenient server or
 * proxy would; `decodeURIComponent` gives up on the whole string instead, which would hide `%2F%2F` behind
 * a stray `%`. Bytes become Latin-1 characters: only ASCII matters to the checks.
 */
function decodeLeniently(text: string): string {
  return text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * True when `value` is a path on this origin that is safe to redirect to: it starts with a single `/`,
 * has no backslash or control character, and no encoded `//`, `/\` or control character at any
 * decoding depth.
 *
 * That shape is enough: under the WHATWG URL parser a string that starts with `/` not followed by `/`
 * or `\`, with no tab, newline or other control character for the parser to strip, is a path-absolute
 * URL and cannot name another host or scheme (a property test checks this against `new URL`).
 *
 * @example
 * isSafeReturnTo('/reports?year=2025') // true
 * isSafeReturnTo('//evil.com')         // false
 * isSafeReturnTo('/%2F%2Fevil.com')    // false
 */
export function isSafeReturnTo(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_TO) return false;
  let current = value;
  for (let round = 0; ; round++) {
    if (!safeShape(current)) return false;
    if (!current.includes('%')) return true;
    const decoded = decodeLeniently(current);
    if (decoded === current) return true;
    // Still encoded after this many rounds: no legitimate path needs that, so refuse it.
    if (round === DECODE_ROUNDS) return false;
    current = decoded;
  }
}

/** `value` when it is a safe return path, otherwise `fallback`. */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  return isSafeReturnTo(value) ? value : fallback;
}

// A run of percent-escaped bytes 0x80–0xFF: the UTF-8 of non-ASCII characters, as browsers send them.
const HIGH_ESCAPES = /(?:%[89A-Fa-f][0-9A-Fa-f])+/g;
// C1 controls stay escaped: a header or a log line is no place for them.
const C1_CONTROL = /[\u0080-\u009f]/;

/**
 * `path` with each percent-escaped UTF-8 character written as the character itself (`/%E5%A0%B1` →
 * `/報`), everything else left as it is: ASCII escapes (`%2F`, `%3F`, `%25`) keep their meaning, and a
 * run that is not valid UTF-8 stays escaped. The same page, a third of the size: a request URL carries
 * a CJK character as nine characters of escapes, the sign-in state as three bytes. Express's
 * `res.redirect` and `encodeURIComponent` escape the characters again on the way out.
 *
 * @example
 * compactPercentEncoding('/%E5%A0%B1%E5%91%8A?q=%2F') // '/報告?q=%2F'
 */
export function compactPercentEncoding(path: string): string {
  if (!path.includes('%')) return path;
  return path.replace(HIGH_ESCAPES, (run) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(run);
    } catch {
      return run;
    }
    return C1_CONTROL.test(decoded) ? run : decoded;
  });
}

