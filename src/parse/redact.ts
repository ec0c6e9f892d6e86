// MSAL puts the whole failed request into some messages (network errors quote the POST body), so a
// description can carry a client secret, an assertion, a refresh token or an authorization code.
// Every description is scrubbed before it is kept, so nothing downstream (logs, exposeDetails pages,
// the CLI) can leak one.

const NAMES = 'client_secret|client_assertion|assertion|refresh_token|access_token|id_token|code|code_verifier|password|device_code|sig';
/** `name=value`, as in a form body or a query string. */
const QUERY_PARAM = new RegExp(`\\b(${NAMES})=[^&\\s"',}]{1,8192}`, 'gi');
/** `"name": "value"`, as in a JSON body. Only quoted keys, so prose such as "Error Code: 500121" stays. */
const JSON_PARAM = new RegExp(`(["'](?:${NAMES})["']\\s{0,2}:\\s{0,2}["'])[^"']{1,8192}`, 'gi');
/** A run of the characters a JWT is made of (base64url and dots), long enough to hold one; no JWT spans two runs. */
const JWT_RUN = /[A-Za-z0-9_.-]{13,}/g;
/** The longest JWT segment redacted, in characters. */
const MAX_SEGMENT = 8192;
/** A quoted key followed by a colon, as in JSON. */
const QUOTED_KEY = /["']\s{0,2}:/;
const BEARER = /\b(Bearer|PoP) {1,4}[A-Za-z0-9._~+/-]{16,8192}=*/g;

/**
 * Redacts the JWTs in one run, exactly where `/\beyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,8192}/g`
 * would match, in one pass. That regex retried every `-eyJ` in a run over the same characters, so a
 * crafted 64 KiB description took half a second to redact (test/hardening/redos.test.ts). Here the candidates and the dots
 * after them are only ever looked for further along, so the time is linear in the run.
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
    if (dot2 < 0 || first < 4 || first > MAX_SEGMENT || second < 4 || second > MAX_SEGMENT) continue;
    const end = Math.min(end3, dot2 + 1 + MAX_SEGMENT);
    out += `${run.slice(copied, start)}[redacted]`;
    copied = end;
    from = end;
  }
  return copied === 0 ? run : out + run.slice(copied);
}

/**
 * False when a text cannot hold a secret, so it needs no redaction. Most descriptions hold none. Single
 * substring checks are much cheaper than one alternation (whose "e" of "eyJ" matches everywhere).
 */
export function mayHoldSecret(text: string): boolean {
  return text.includes('=') || text.includes('eyJ') || text.includes('Bearer') || text.includes('PoP') || QUOTED_KEY.test(text);
}

/** Replaces secret values, JWTs and bearer tokens in a text with `[redacted]`. */
export function redactSecrets(text: string): string {
  if (!mayHoldSecret(text)) return text;
  return text.replace(JWT_RUN, (run) => (run.includes('eyJ') ? redactJwtsInRun(run) : run)).replace(BEARER, '$1 [redacted]').replace(QUERY_PARAM, '$1=[redacted]').replace(JSON_PARAM, '$1[redacted]');
}
