// MSAL puts the whole failed request into some messages (network errors quote the POST body), so a
// description can carry a client secret, an assertion, a refresh token or an authorization code.
// Every description is scrubbed before it is kept, so nothing downstream (logs, exposeDetails pages,
// the CLI) can leak one.

const NAMES = 'client_secret|client_assertion|assertion|refresh_token|access_token|id_token|code|code_verifier|password|device_code|sig';
/** `name=value`, as in a form body or a query string. */
const QUERY_PARAM = new RegExp(`\\b(${NAMES})=[^&\\s"',}]{1,8192}`, 'gi');
/** `"name": "value"`, as in a JSON body. Only quoted keys, so prose such as "Error Code: 500121" stays. */
const JSON_PARAM = new RegExp(`(["'](?:${NAMES})["']\\s{0,2}:\\s{0,2}["'])[^"']{1,8192}`, 'gi');
const JWT = /\beyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,8192}/g;
/** A quoted key followed by a colon, as in JSON. */
const QUOTED_KEY = /["']\s{0,2}:/;
const BEARER = /\b(Bearer|PoP) {1,4}[A-Za-z0-9._~+/-]{16,8192}=*/g;

/** Replaces secret values, JWTs and bearer tokens in a text with `[redacted]`. */
export function redactSecrets(text: string): string {
  // Most descriptions hold none of the markers; skip the regexes for them (this runs on every failure).
  // Anything that could start a secret: most descriptions hold none, and then the text is returned as
  // is. Single substring checks are much cheaper than one alternation (whose "e" of "eyJ" matches everywhere).
  if (!text.includes('=') && !text.includes('eyJ') && !text.includes('Bearer') && !text.includes('PoP') && !QUOTED_KEY.test(text)) return text;
  return text.replace(JWT, '[redacted]').replace(BEARER, '$1 [redacted]').replace(QUERY_PARAM, '$1=[redacted]').replace(JSON_PARAM, '$1[redacted]');
}
