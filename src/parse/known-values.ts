import { msalClientCodes, oauthErrors, suberrorTable } from '../catalog/protocol-tables.js';

/** True for an OAuth `error` value Entra ID sends, or an MSAL interaction code. */
export function isKnownError(value: string): boolean {
  return isServerError(value) || msalClientCodes().has(value);
}

/** What a known value is: an OAuth `error`, a `suberror`, an MSAL client code, or nothing we know. */
export function classifyKnownValue(value: string): 'error' | 'suberror' | 'msal' | null {
  if (oauthErrors().has(value)) return 'error';
  if (suberrorTable().has(value)) return 'suberror';
  if (msalClientCodes().has(value)) return 'msal';
  return null;
}

/** True for a value only the server sends (an OAuth `error` or a `suberror`), not one MSAL makes up. */
export function isServerError(value: string): boolean {
  return oauthErrors().has(value) || suberrorTable().has(value);
}

// MSAL error class names across msal-node 1–7 and msal-common; duck-typed on `name` because the
// ESM and CJS builds each ship their own classes, so `instanceof` fails across them.
export const MSAL_ERROR_NAMES = new Set([
  'AuthError',
  'ServerError',
  'InteractionRequiredAuthError',
  'ClientAuthError',
  'ClientConfigurationError',
  'NetworkError',
  'CacheError',
  'JoseHeaderError',
  'PlatformBrokerError',
  'NodeAuthError',
]);

// Error codes Node's net/http/dns and undici use when a request never got an answer.
export const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ABORT_ERR',
]);

/** The hosts Entra ID answers on, in every cloud; used to tell an identity request's network failure from any other. */
export const ENTRA_HOST =
  /(?:^|[/.@])(?:login\.microsoftonline\.(?:com|us|de)|login\.microsoft\.com|login\.windows\.net|login\.chinacloudapi\.cn|login\.partner\.microsoftonline\.cn|sts\.windows\.net|[a-z0-9-]{1,63}\.b2clogin\.com|[a-z0-9-]{1,63}\.ciamlogin\.com)\b/i;

/**
 * Exception classes of identity libraries whose name alone says what to do, used only when nothing
 * stronger (a code, an error value, a suberror) is present. MSAL.NET, MSAL Java/Python, ADAL,
 * msal-node and @azure/identity (JS, .NET, Python, Java) each name a few.
 */
export const ERROR_CLASS_HINTS: ReadonlyMap<string, 'reauthenticate' | 'retry' | 'fail'> = new Map([
  ['MsalUiRequiredException', 'reauthenticate'],
  ['InteractionRequiredAuthError', 'reauthenticate'],
  ['InteractionRequiredAuthenticationError', 'reauthenticate'],
  ['MsalInteractionRequiredException', 'reauthenticate'],
  ['AdalClaimChallengeException', 'reauthenticate'],
  ['ClaimsChallengeException', 'reauthenticate'],
  ['MsalClaimsChallengeException', 'reauthenticate'],
  ['AuthenticationRequiredError', 'reauthenticate'],
  ['AuthenticationRequiredException', 'reauthenticate'],
  ['MsalThrottledServiceException', 'retry'],
  ['MsalThrottledUiRequiredException', 'retry'],
  ['CredentialUnavailableError', 'fail'],
  ['CredentialUnavailableException', 'fail'],
  // MSAL.NET/Java raise it for the app's own mistakes (no client ID, bad authority); a network failure
  // inside it is read as transport first.
  ['MsalClientException', 'fail'],
]);
