// MSAL puts the whole failed request into some messages (network errors quote the POST body), so a
// description can carry a client secret, an assertion, a refresh token or an authorization code, and
// logs and SDKs print them in every notation: form bodies, JSON (escaped inside another JSON string
// too), camelCase properties, `name: value` dumps, headers, URLs with a password. Every description is
// scrubbed before anyone reads it (lazily: see `lazyRedacted`), so nothing downstream (logs,
// exposeDetails pages, the CLI) can leak one. Each value is redacted to its end, however long: a
// bounded repeat would leave the tail of a long token behind.

/** Names that are secrets in every notation, in any case, with or without `_`/`-`: `client_secret`, `clientSecret`, `CLIENT-SECRET`. */
const SECRET_NAMES = 'client[_-]?secret|client[_-]?assertion|refresh[_-]?token|access[_-]?token|id[_-]?token|code[_-]?verifier|device[_-]?code|password|passwd|(?:x-)?api[_-]?key|subscription[_-]?key';
/** Also secrets, but ordinary words in prose ("Error code: 50076"): redacted only as `name=value` or a quoted key. */
const PARAM_NAMES = `${SECRET_NAMES}|assertion|code|sig`;
/** `name=value`, as in a form body or a query string. */
const QUERY_PARAM = new RegExp(`\\b(${PARAM_NAMES})=[^&\\s"',}]+`, 'gi');
/** `"name": "value"` as in JSON, `\"name\":\"value\"` as in JSON inside a JSON string, `'name': 'value'` as in a Python dict. */
const QUOTED_PARAM = new RegExp(`(\\\\?["'](?:${PARAM_NAMES})\\\\?["']\\s{0,2}:\\s{0,2}\\\\?["'])(?:[^"'\\\\]|\\\\[^"'])+`, 'gi');
/**
 * `client_secret = value`, `clientSecret: 'value'`, `x-api-key: value`: a secret name, unquoted, then its
 * value, quoted (to the closing quote) or not (to the next delimiter).
 */
const NAMED_VALUE = new RegExp(`\\b(${SECRET_NAMES})(\\s{0,3}[:=]\\s{0,3})(?:(\\\\?["'])(?:[^"'\\\\]|\\\\[^"'])+|[^\\s"'\\\\,;&}]+)`, 'gi');
/** A secret inside another parameter's URL-encoded value: `body=client_id%3Dx%26client_secret%3Dabc` (once or twice encoded). */
const ENCODED_PARAM = new RegExp(`(?:\\b|(?<=%26|%3D)|(?<=%2526|%253D))(${PARAM_NAMES})(%3D|%253D)(?:[^%&\\s"',}]|%(?!26|2526))+`, 'gi');
/** `Basic <base64 of user:password>`, as in an Authorization header. */
const BASIC = /\bBasic {1,4}([A-Za-z0-9+/]{6,}={0,2})/g;
/** The user information of a URL, `https://user:password@host`. */
const URL_USERINFO = /:\/\/([^/\s@]+)@/g;
/** A run of the characters a JWT is made of (base64url and dots), long enough to hold one; no JWT spans two runs. */
const JWT_RUN = /[A-Za-z0-9_.-]{13,}/g;
const BEARER = /\b(Bearer|PoP) {1,4}[A-Za-z0-9._~+/-]{16,}=*/g;

/** True for base64 that encodes something, not a word of prose ("Basic authentication"). */
function looksEncoded(value: string): boolean {
  return /[0-9+/=]/.test(value) || /.[A-Z]/.test(value);
}

/**
 * Redacts the JWTs in one run, where `/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\/g` would
 * match, in one pass. That regex (bounded) retried every `-eyJ` in a run over the same characters, so a
 * crafted 64 KiB description took half a second to redact (test/hardening/redos.test.ts). Here the
 * candidates and the dots after them are only ever looked for further along, so the time is linear in
 * the run. No segment is too long to be redacted: a token with a large payload goes whole.
 */
function redactJwtsInRun(run: string): string {
  let out = '';
  let copied = 0;
  let from = 0;
  let dot1 = -1;
  let dot2 = -1;
  let end3 = -1;
  for (;;) {
    const start = run.indexOf('eyJ', from);
    if (start < 0) break;
    from = start + 1;
    // `\b`: inside a run only `-` and `.` are not word characters.
    if (start > 0 && run.charCodeAt(start - 1) !== 0x2d && run.charCodeAt(start - 1) !== 0x2e) continue;
    if (dot1 < start + 3) {
      dot1 = run.indexOf('.', start + 3);
      if (dot1 < 0) break;
      dot2 = run.indexOf('.', dot1 + 1);
      end3 = dot2 < 0 ? -1 : run.indexOf('.', dot2 + 1);
      if (end3 < 0) end3 = run.length;
    }
    const first = dot1 - start - 3;
    const second = dot2 - dot1 - 1;
    if (dot2 < 0 || first < 4 || second < 4) continue;
    const end = end3;
    out += `${run.slice(copied, start)}[redacted]`;
    copied = end;
    from = end;
  }
  return copied === 0 ? run : out + run.slice(copied);
}

/** The names above without `_`/`-`, in lower case, for the check before a colon. */
const SECRET_WORDS = ['clientsecret', 'clientassertion', 'refreshtoken', 'accesstoken', 'idtoken', 'codeverifier', 'devicecode', 'password', 'passwd', 'apikey', 'subscriptionkey'];
const PARAM_WORDS = [...SECRET_WORDS, 'assertion', 'code', 'sig'];

/** True when `text` just before `end` spells `word`, in any case, with any `_` or `-` in between. */
function endsWithWord(text: string, end: number, word: string): boolean {
  let i = end - 1;
  for (let j = word.length - 1; j >= 0; i--) {
    if (i < 0) return false;
    const c = text.charCodeAt(i);
    if (c === 0x5f || c === 0x2d) continue;
    if ((c | 0x20) !== word.charCodeAt(j)) return false;
    j--;
  }
  return true;
}

/** The names by their last two letters (the cheap first look), for unquoted and for quoted keys. */
function byEnding(words: readonly string[]): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const word of words) {
    const ending = word.slice(-2);
    map.set(ending, [...(map.get(ending) ?? []), word]);
  }
  return map;
}
const SECRET_BY_ENDING = byEnding(SECRET_WORDS);
const PARAM_BY_ENDING = byEnding(PARAM_WORDS);

/** The last two letters of every name (et, on, en, er, de, rd, wd, ey, ig), in any case: the cheapest first look. */
function endsLikeName(text: string, end: number): boolean {
  if (end < 2) return false;
  const before = text.charCodeAt(end - 2) | 0x20;
  switch (text.charCodeAt(end - 1) | 0x20) {
    case 0x74:
      return before === 0x65;
    case 0x6e:
      return before === 0x6f || before === 0x65;
    case 0x72:
      return before === 0x65;
    case 0x65:
      return before === 0x64;
    case 0x64:
      return before === 0x72 || before === 0x77;
    case 0x79:
      return before === 0x65;
    case 0x67:
      return before === 0x69;
    default:
      return false;
  }
}

/** The lower-case letter at `at`, or an empty string for anything else. */
function letterAt(text: string, at: number): string {
  const c = text.charCodeAt(at) | 0x20;
  return c >= 0x61 && c <= 0x7a ? String.fromCharCode(c) : '';
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * True when a colon in the text follows a secret's name (`clientSecret: x`) or a quoted parameter name
 * (`"code": "x"`, `\"client_secret\":`). Looks behind each colon: an Entra text holds a dozen colons, and
 * after most of them the last two letters already rule a name out. (One
 * case-insensitive regex for the same check cost six times as much.)
 */
function namedBeforeColon(text: string): boolean {
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    let end = colon;
    while (end > 0 && colon - end < 3 && isSpace(text.charCodeAt(end - 1))) end--;
    const quote = end > 0 ? text.charCodeAt(end - 1) : 0;
    const quoted = quote === 0x22 || quote === 0x27;
    if (quoted) {
      end--;
      if (end > 0 && text.charCodeAt(end - 1) === 0x5c) end--;
    }
    if (!endsLikeName(text, end)) continue;
    const words = (quoted ? PARAM_BY_ENDING : SECRET_BY_ENDING).get(letterAt(text, end - 2) + letterAt(text, end - 1));
    if (words === undefined) continue;
    for (let i = 0; i < words.length; i++) if (endsWithWord(text, end, words[i]!)) return true;
  }
  return false;
}

/**
 * False when a text cannot hold a secret, so it needs no redaction. Most descriptions hold none. Single
 * substring checks are much cheaper than one alternation (whose "e" of "eyJ" matches everywhere).
 */
export function mayHoldSecret(text: string): boolean {
  return (
    text.includes('=') ||
    // "yJ" first: a search for "eyJ" stops at every "e" of the prose.
    (text.includes('yJ') && text.includes('eyJ')) ||
    text.includes('Bearer') ||
    text.includes('PoP') ||
    text.includes('%') ||
    text.includes('Basic ') ||
    (text.includes('@') && text.includes('://')) ||
    namedBeforeColon(text)
  );
}

/** Replaces secret values, JWTs, bearer tokens, basic credentials and URL passwords in a text with `[redacted]`. */
export function redactSecrets(text: string): string {
  if (!mayHoldSecret(text)) return text;
  return text
    .replace(JWT_RUN, (run) => (run.includes('eyJ') ? redactJwtsInRun(run) : run))
    .replace(BEARER, '$1 [redacted]')
    .replace(BASIC, (match: string, value: string) => (looksEncoded(value) ? 'Basic [redacted]' : match))
    .replace(URL_USERINFO, (match: string, userinfo: string) => (userinfo.includes(':') ? '://[redacted]@' : match))
    .replace(ENCODED_PARAM, '$1$2[redacted]')
    .replace(QUERY_PARAM, '$1=[redacted]')
    .replace(QUOTED_PARAM, '$1[redacted]')
    .replace(NAMED_VALUE, '$1$2$3[redacted]');
}
