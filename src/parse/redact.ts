// MSAL puts the whole failed request into some messages (network errors quote the POST body), so a
// description can carry a client secret, an assertion, a refresh token or an authorization code.
// Every description is scrubbed before it is kept, so nothing downstream (logs, exposeDetails pages,
// the CLI) can leak one.

const SECRET_PARAM =
  /\b(client_secret|client_assertion|assertion|refresh_token|access_token|id_token|code|code_verifier|password|device_code|sig)(["']?\s{0,2}[=:]\s{0,2}["']?)[^&\s"',}]{1,8192}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,8192}/g;
const BEARER = /\b(Bearer|PoP)\s{1,4}[A-Za-z0-9._~+/-]{16,8192}=*/g;

/** Replaces secret values, JWTs and bearer tokens in a text with `[redacted]`. */
export function redactSecrets(text: string): string {
  return text.replace(JWT, '[redacted]').replace(BEARER, '$1 [redacted]').replace(SECRET_PARAM, '$1$2[redacted]');
}
