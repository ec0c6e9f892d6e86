// Builds the `WWW-Authenticate` values the handler sends (RFC 6750 §3, Microsoft's claims-challenge
// format). Every value here may have come from upstream text, so each auth-param is reduced to visible
// ASCII and quoted with `"` and `\` escaped (RFC 9110 §5.6.4): no CR/LF, no header splitting, no broken
// quoting, whatever the error contained.

const NOT_VISIBLE = /[^\u0020-\u007e]/g;
const QUOTE_OR_BACKSLASH = /["\\]/g;

/** Removes everything but visible ASCII and space, so the value can never split a header. */
export function headerSafe(value: string): string {
  return value.replace(NOT_VISIBLE, '');
}

/** A quoted-string auth-param value. */
export function quoteParam(value: string): string {
  return `"${headerSafe(value).replace(QUOTE_OR_BACKSLASH, '\\$&')}"`;
}

/** One Bearer challenge; params whose value is undefined are left out, an empty string is kept (`realm=""`). */
export function bearerChallenge(params: ReadonlyArray<readonly [name: string, value: string | undefined]>): string {
  const parts: string[] = [];
  for (const [name, value] of params) if (value !== undefined) parts.push(`${name}=${quoteParam(value)}`);
  return parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}`;
}

/** What every challenge from this app names: where to get a token, and for which client. */
export interface ChallengeTarget {
  /** The authorize endpoint of the configured authority. */
  readonly authorizationUri: string;
  /** This app's (the resource's) client ID, when known. */
  readonly clientId: string | undefined;
}

/**
 * The part every challenge shares, `Bearer realm="", authorization_uri="…", client_id="…"`, built once
 * from the configuration rather than per failure.
 */
export function challengePrefix(target: ChallengeTarget): string {
  return bearerChallenge([
    ['realm', ''],
    ['authorization_uri', target.authorizationUri],
    ['client_id', target.clientId],
  ]);
}

/** `401` for `reauthenticate`: the caller must get a new token, interactively (RFC 6750 `invalid_token`). */
export function reauthenticateChallenge(prefix: string): string {
  return `${prefix}, error="invalid_token"`;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * `401` for `claims_challenge`, in the format Microsoft documents for CAE and Conditional Access
 * step-up, which MSAL's `AuthenticationHeaderParser` and Microsoft.Identity.Web read:
 * `Bearer realm="", authorization_uri="…", client_id="…", error="insufficient_claims", claims="<base64>"`.
 */
export function claimsChallenge(prefix: string, encodedClaims: string): string {
  // Base64 needs no quoting; anything else (it cannot come from encodeClaims) is quoted like any value.
  const claims = BASE64.test(encodedClaims) ? `"${encodedClaims}"` : quoteParam(encodedClaims);
  return `${prefix}, error="insufficient_claims", claims=${claims}`;
}

/** `403` for `consent`: RFC 6750 `insufficient_scope`, naming the scopes when they are known. */
export function consentChallenge(prefix: string, scopes: readonly string[]): string {
  return scopes.length > 0 ? `${prefix}, error="insufficient_scope", scope=${quoteParam(scopes.join(' '))}` : `${prefix}, error="insufficient_scope"`;
}
