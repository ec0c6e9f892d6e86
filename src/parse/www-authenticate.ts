// A linear-time, character-by-character reader for `WWW-Authenticate` (RFC 9110 §11.6.1): several
// challenges in one value, quoted and unquoted auth-params. No regular expressions, so no backtracking.

/** One challenge of a `WWW-Authenticate` value: `Bearer realm="", error="insufficient_claims", claims="…"`. */
export interface Challenge {
  /** The auth-scheme in lower case (`bearer`, `pop`, …). */
  readonly scheme: string;
  /** Auth-params by lower-case name; quoted values are unescaped. */
  readonly params: Readonly<Record<string, string>>;
}

const MAX_VALUE = 16_384;
const MAX_CHALLENGES = 16;
const MAX_PARAMS = 32;

function isTokenChar(code: number): boolean {
  // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    '!#$%&\'*+-.^_`|~'.includes(String.fromCharCode(code))
  );
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Parses a `WWW-Authenticate` value into its challenges. Never throws; garbage is skipped. */
export function parseWwwAuthenticate(input: string): Challenge[] {
  const value = input.length > MAX_VALUE ? input.slice(0, MAX_VALUE) : input;
  const challenges: Array<{ scheme: string; params: Record<string, string> }> = [];
  let current: { scheme: string; params: Record<string, string> } | undefined;
  let paramCount = 0;
  let pos = 0;
  const length = value.length;

  while (pos < length) {
    let code = value.charCodeAt(pos);
    if (isSpace(code) || code === 0x2c) {
      pos++;
      continue;
    }
    const start = pos;
    while (pos < length && isTokenChar(value.charCodeAt(pos))) pos++;
    if (pos === start) {
      pos++; // A character that cannot start a token: skip it.
      continue;
    }
    const token = value.slice(start, pos);
    let look = pos;
    while (look < length && isSpace(value.charCodeAt(look))) look++;
    code = value.charCodeAt(look);
    if (code === 0x3d && current) {
      pos = look + 1;
      while (pos < length && isSpace(value.charCodeAt(pos))) pos++;
      let paramValue: string;
      if (value.charCodeAt(pos) === 0x22) {
        // quoted-string: copy runs between escapes as slices rather than char by char.
        pos++;
        let text = '';
        let runStart = pos;
        while (pos < length) {
          const c = value.charCodeAt(pos);
          if (c === 0x5c && pos + 1 < length) {
            text += value.slice(runStart, pos) + value.charAt(pos + 1);
            pos += 2;
            runStart = pos;
            continue;
          }
          if (c === 0x22) break;
          pos++;
        }
        paramValue = text + value.slice(runStart, pos);
        if (pos < length) pos++; // the closing quote
      } else {
        const valueStart = pos;
        while (pos < length) {
          const c = value.charCodeAt(pos);
          if (c === 0x2c || isSpace(c)) break;
          pos++;
        }
        paramValue = value.slice(valueStart, pos);
      }
      if (paramCount < MAX_PARAMS) {
        const name = token.toLowerCase();
        // A plain object with a null prototype, so a param named "__proto__" stays a param.
        if (!Object.prototype.hasOwnProperty.call(current.params, name)) current.params[name] = paramValue;
        paramCount++;
      }
      continue;
    }
    if (code === 0x3d) {
      // "name=value" before any scheme: not a challenge; skip the value.
      pos = look + 1;
      continue;
    }
    if (challenges.length >= MAX_CHALLENGES) break;
    current = { scheme: token.toLowerCase(), params: Object.create(null) as Record<string, string> };
    paramCount = 0;
    challenges.push(current);
    pos = look;
  }
  return challenges;
}

const SCHEME_HEAD = /^[A-Za-z][A-Za-z0-9_-]{0,31} [A-Za-z_-]{1,64}=/;

/**
 * True when the text reads like a `WWW-Authenticate` value: it starts with a Bearer or PoP challenge,
 * or with any scheme's challenge (`Digest realm=…`, `PoP nonce=…`) and holds a Bearer one later.
 */
export function looksLikeChallenge(text: string): boolean {
  const head = text.slice(0, 16).toLowerCase();
  if ((head.startsWith('bearer ') || head.startsWith('pop ')) && text.includes('=')) return true;
  return SCHEME_HEAD.test(text) && /[\s,]bearer /i.test(text.slice(0, 16_384));
}
