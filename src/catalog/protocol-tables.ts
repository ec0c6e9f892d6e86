import type { ProtocolEntry } from './types.js';

// The protocol fields are Entra's stable contract (the AADSTS numbers and texts may change), so each
// OAuth `error` value and each `suberror` value has its own row. Columns as in the AADSTS table:
// value | action | fixBy | status | risk | adminConsent | summary | remediation

const OAUTH_ERRORS = `
invalid_request|fail|developer|500|low|n|The token request is malformed or misses a required parameter.|Fix the request or the app registration; sending it again unchanged will fail again.
invalid_grant|reauthenticate|user|401|low|n|The code, refresh token or assertion sent is invalid, expired or revoked.|Drop the cached token and sign the user in again; check suberror and claims first.
unauthorized_client|fail|admin|500|medium|n|The app may not use this grant, or it is not set up in the user's tenant.|Check the app registration's allowed flows and tenant; an admin may need to add the app.
invalid_client|fail|developer|500|medium|n|The app failed to authenticate: the secret or certificate is wrong, expired or missing.|Rotate or fix the app credential in the registration and in the app's configuration.
unsupported_grant_type|fail|developer|500|low|n|The token endpoint does not support the grant type the app sent.|Use a supported grant_type; this is a bug in the app.
invalid_resource|fail|admin|500|medium|n|The requested resource does not exist or is not set up in the tenant.|Check the scope or resource identifier and that the resource app exists in the tenant.
interaction_required|reauthenticate|user|401|low|n|The user must interact (sign in, pass MFA or accept terms) before a token is issued.|Send the user through an interactive sign-in for the same scopes, carrying any claims.
temporarily_unavailable|retry|service|503|low|n|Entra ID is too busy to answer right now.|Wait and retry with backoff, honouring Retry-After.
consent_required|consent|user|403|low|n|The user has not consented to a requested permission.|Send the user to sign in with prompt=consent for the missing scopes.
invalid_scope|fail|developer|500|low|n|A requested scope is not valid.|Correct the scope value (for example https://graph.microsoft.com/.default or User.Read).
access_denied|fail|user|403|low|n|The user or an administrator refused the request on the sign-in page.|Explain that the app cannot continue without approval; do not send the user straight back.
unsupported_response_type|fail|developer|500|low|n|The authorize endpoint does not support the requested response type.|Fix response_type, or enable ID tokens for the hybrid flow in the app registration.
server_error|retry|service|503|low|n|Entra ID hit an unexpected error.|Retry after a short wait; if it persists, contact support with the correlation ID.
login_required|reauthenticate|user|401|low|n|A silent sign-in found no usable session.|Fall back to an interactive sign-in.
authorization_pending|retry|none|503|low|n|Device code flow: the user has not finished signing in yet.|Keep polling at the interval the device code response gave.
slow_down|retry|none|503|low|n|Device code flow: the app is polling too fast.|Poll less often: add at least five seconds to the interval.
authorization_declined|fail|user|403|low|n|Device code flow: the user rejected the sign-in request.|Stop polling and return to the signed-out state.
bad_verification_code|fail|developer|500|low|n|Device code flow: the device_code sent was not recognised.|Send exactly the device_code the device code response returned; stop polling.
expired_token|reauthenticate|user|401|low|n|Device code flow: the device code expired before the user finished.|Start a new device code request and show the new code to the user.
insufficient_scope|consent|user|403|low|n|A downstream API needs a permission (scope) the access token does not carry.|Ask the user to consent to the scopes the challenge names, then request a new token with them.
insufficient_claims|reauthenticate|user|401|low|n|A downstream API rejected the token because it lacks claims the API requires (Conditional Access or CAE).|Acquire a new token carrying the claims the challenge names, interactively where a user is present.
invalid_token|reauthenticate|user|401|low|n|A downstream API rejected the access token as expired, revoked or malformed.|Drop the cached token and acquire a new one; sign the user in again if that fails.
invalid_dpop_proof|fail|developer|500|medium|n|The DPoP proof sent with the request was rejected.|Check how the app builds its DPoP proof (key, htm, htu, iat).
`;

const SUBERRORS = `
basic_action|reauthenticate|user|401|low|n|Conditional Access asks for a step the user can do in the sign-in UI, such as MFA or terms of use.|Run an interactive sign-in and pass any claims challenge along.
additional_action|reauthenticate|user|401|low|n|The user must act outside the sign-in session, for example enrol a device.|Run an interactive sign-in so the user sees the instructions.
message_only|fail|admin|403|medium|n|Access is blocked; the sign-in page can only explain why.|Treat as blocked; the user or an administrator must change the device, location or policy.
consent_required|consent|user|403|low|n|Consent for a requested permission is missing or was revoked.|Send the user to sign in with prompt=consent so consent can be given.
user_password_expired|reauthenticate|user|401|low|n|The user's password has expired.|Run an interactive sign-in so the user can change the password.
bad_token|reauthenticate|user|401|low|n|The refresh token is expired, revoked or damaged and cannot be used again.|Delete the cached refresh token and sign the user in again.
token_expired|reauthenticate|user|401|low|n|Conditional Access ended the session (for example sign-in frequency).|Sign the user in again interactively.
protection_policy_required|fail|admin|403|medium|n|An Intune app protection policy is required for this app.|Use an app that supports Intune app protection, or have an admin adjust the policy.
client_mismatch|reauthenticate|user|401|low|n|The refresh token belongs to a different app family.|Stop using that refresh token and sign the user in with the app's own flow.
device_authentication_failed|fail|admin|403|medium|n|The device could not authenticate to Entra ID.|Re-register or re-join the device; a new sign-in alone does not fix it.
ux_not_allowed|reauthenticate|user|401|low|n|A token was asked for where no UI may be shown right now.|Retry interactively when the user is present.
ui_not_allowed|reauthenticate|user|401|low|n|A token was asked for where no UI may be shown right now.|Retry interactively when the user is present.
interrupted_user|reauthenticate|user|401|low|n|The user is in an interrupted state that needs interaction.|Run an interactive sign-in.
`;

// Client-side MSAL codes: MSAL raises these itself, without a server answer. They are text hints in the
// decision policy (rule 6), matched exactly on the error's errorCode.
const MSAL_CODES = `
no_tokens_found|reauthenticate|user|401|low|n|No cached token could be found for this account and scopes.|Sign the user in interactively to get new tokens.
no_account_in_silent_request|reauthenticate|user|401|low|n|A silent token request named no account.|Sign the user in, then call acquireTokenSilent with the account.
no_account_found|reauthenticate|user|401|low|n|The account is not in MSAL's cache.|Sign the user in again to populate the cache.
refresh_token_expired|reauthenticate|user|401|low|n|The cached refresh token has expired.|Sign the user in again interactively.
native_account_unavailable|reauthenticate|user|401|low|n|The broker could not find the account.|Sign the user in interactively.
token_refresh_required|reauthenticate|user|401|low|n|The cached token must be refreshed and could not be.|Sign the user in again.
network_error|retry|service|503|low|n|The token request did not get an answer from Entra ID.|Retry with backoff; check outbound network access to the authority if it persists.
no_network_connectivity|retry|service|503|low|n|The machine has no network connection.|Retry when the network is back.
endpoints_resolution_error|retry|service|503|low|n|MSAL could not load the authority's metadata.|Retry; if it persists, check the authority URL and outbound network access.
openid_config_error|retry|service|503|low|n|MSAL could not read the authority's OpenID configuration.|Retry; if it persists, check the authority URL.
service_not_available|retry|service|503|low|n|MSAL.NET got a 5xx or no answer from the token service (its own error code).|Retry with backoff; if it persists, check the authority's and any federation server's health.
token_parsing_error|retry|service|503|low|n|The token endpoint answered with something that is not JSON, usually an HTML error page during an outage or from a proxy.|Retry with backoff; if it persists, check proxies between the app and the authority.
invalid_state|fail|developer|500|medium|n|The state returned on the redirect is missing or malformed.|Keep the auth code request's state in the session and pass it back unchanged.
state_mismatch|fail|developer|500|medium|n|The state on the redirect does not match the one sent.|Check session handling around sign-in; a mismatch can also mean a forged callback.
state_not_found|fail|developer|500|medium|n|No state was found for this redirect.|Keep the request state in the session until the callback runs.
nonce_mismatch|fail|developer|500|medium|n|The ID token's nonce does not match the one sent.|Keep the nonce with the request; a mismatch can mean a replayed token.
user_canceled|fail|user|403|low|n|The user cancelled the sign-in.|Let the user start again when ready; do not loop.
invalid_authority|fail|developer|500|low|n|The configured authority URL is not valid.|Fix the authority in the MSAL configuration (https://login.microsoftonline.com/<tenant>).
untrusted_authority|fail|developer|500|low|n|The authority is not on MSAL's list of known authorities.|Add it to knownAuthorities or fix the authority URL.
invalid_client_credential|fail|developer|500|medium|n|The client credential given to MSAL is missing or invalid.|Configure a client secret, certificate or assertion for the confidential client.
`;

function parseRows(text: string): ReadonlyMap<string, ProtocolEntry> {
  const map = new Map<string, ProtocolEntry>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [value, action, fixBy, status, risk, adminConsent, summary, remediation] = line.split('|');
    map.set(value!, {
      value: value!,
      action: action as ProtocolEntry['action'],
      fixBy: fixBy as ProtocolEntry['fixBy'],
      status: Number(status) as ProtocolEntry['status'],
      risk: risk as ProtocolEntry['risk'],
      adminConsent: adminConsent === 'y',
      summary: summary!,
      remediation: remediation!,
    });
  }
  return map;
}

let oauth: ReadonlyMap<string, ProtocolEntry> | undefined;
let suberrors: ReadonlyMap<string, ProtocolEntry> | undefined;
let msal: ReadonlyMap<string, ProtocolEntry> | undefined;

/** The OAuth `error` values Entra ID returns, keyed by value. */
export function oauthErrors(): ReadonlyMap<string, ProtocolEntry> {
  return (oauth ??= parseRows(OAUTH_ERRORS));
}

/** Entra's `suberror` values, keyed by value. */
export function suberrorTable(): ReadonlyMap<string, ProtocolEntry> {
  return (suberrors ??= parseRows(SUBERRORS));
}

/** MSAL's own client-side error codes that the policy understands. */
export function msalClientCodes(): ReadonlyMap<string, ProtocolEntry> {
  return (msal ??= parseRows(MSAL_CODES));
}
