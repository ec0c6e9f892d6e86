// A mixed set of real-shaped Entra failures in every shape apps meet them: token bodies (objects and
// JSON text), msal-node errors (7.x and 1.x messages), bare descriptions (CRLF and flattened), callback
// queries, WWW-Authenticate challenges, sign-in log codes and the throttled replay.
import { readFileSync } from 'node:fs';
import { entraErrorBody } from '../dist/testing.js';

const CLAIMS = '{"access_token":{"capolids":{"essential":true,"values":["9ab03e19-ed42-4168-b6b7-7001fb3e933a"]}}}';
const CODES = [
  [50076, 'invalid_grant', { suberror: 'basic_action', claims: CLAIMS }],
  [65001, 'invalid_grant', { suberror: 'consent_required' }],
  [70008, 'invalid_grant', {}],
  [700082, 'invalid_grant', {}],
  [50173, 'invalid_grant', {}],
  [7000215, 'invalid_client', {}],
  [7000222, 'invalid_client', {}],
  [90094, 'invalid_grant', {}],
  [65004, 'consent_required', {}],
  [53003, 'interaction_required', { suberror: 'message_only' }],
  [50126, 'invalid_grant', {}],
  [90033, 'temporarily_unavailable', {}],
  [700016, 'unauthorized_client', {}],
  [70011, 'invalid_scope', {}],
  [50058, 'invalid_grant', {}],
];

function msalError(name, body) {
  const errorMessage = `Error(s): ${body.error_codes.join(',')} - Timestamp: ${body.timestamp} - Description: ${body.error_description} - Correlation ID: ${body.correlation_id} - Trace ID: ${body.trace_id}`;
  const error = new Error(`${body.error}: ${errorMessage}`);
  return Object.assign(error, { name, errorCode: body.error, errorMessage, subError: body.suberror ?? '', correlationId: body.correlation_id, claims: body.claims ?? '', status: 400 });
}

// Long exception texts as apps log them from other SDKs and tools (issue 9): stack frames around the
// Entra message, so the parser has to find the signal inside a few KiB of noise.
const DOTNET_FRAMES = Array.from({ length: 14 }, (_, i) => `   at Microsoft.Identity.Client.Internal.Requests.RequestBase.<RunAsync>d__${i}.MoveNext() in /_/src/client/Microsoft.Identity.Client/Internal/Requests/RequestBase.cs:line ${100 + i}`).join('\n');
const PY_FRAMES = Array.from({ length: 10 }, (_, i) => `  File "/usr/lib/python3.11/site-packages/azure/identity/_internal/get_token_mixin.py", line ${90 + i}, in get_token\n    token = self._request_token(*scopes, **kwargs)`).join('\n');
const JAVA_FRAMES = Array.from({ length: 12 }, (_, i) => `\tat com.microsoft.aad.msal4j.AcquireTokenByAuthorizationGrantSupplier.execute(AcquireTokenByAuthorizationGrantSupplier.java:${60 + i})`).join('\n');
const LONG_TEXTS = [
  `Microsoft.Identity.Client.MsalUiRequiredException: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'. Trace ID: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00 Correlation ID: 7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f Timestamp: 2023-01-04 10:12:13Z\n${DOTNET_FRAMES}\n\tErrorCode: invalid_grant\n\tStatusCode: 400\n\tResponseBody: {"error":"invalid_grant","error_description":"AADSTS50076: Due to a configuration change…","error_codes":[50076],"suberror":"basic_action"}`,
  `Traceback (most recent call last):\n${PY_FRAMES}\nazure.core.exceptions.ClientAuthenticationError: Authentication failed: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\nTrace ID: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00\nCorrelation ID: 7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f\nTimestamp: 2023-01-04 10:12:13Z`,
  `com.microsoft.aad.msal4j.MsalServiceException: AADSTS700082: The refresh token has expired due to inactivity.\n${JAVA_FRAMES}`,
  `ERROR: AADSTS70043: The refresh token has expired or is invalid due to sign-in frequency checks by conditional access. The token was issued on 2023-01-04T10:12:13Z and the maximum allowed lifetime for this request is 86400.\nTrace ID: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00\nCorrelation ID: 7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f\nTimestamp: 2023-01-05 10:12:13Z\nInteractive authentication is needed. Please run:\naz login --scope https://management.core.windows.net//.default`,
  `ChainedTokenCredential authentication failed.\nCredentialUnavailableError: EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.\nCredentialUnavailableError: ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.\nCredentialUnavailableError: Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'.`,
  `HTTP/1.1 401 Unauthorized\nContent-Type: application/json\nWWW-Authenticate: PoP nonce="AAAA", Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0="\nrequest-id: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00`,
  `Error: request to https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token failed, reason: connect ETIMEDOUT 20.190.160.1:443\n    at ClientRequest.<anonymous> (/app/node_modules/node-fetch/lib/index.js:1491:11)\n    at ClientRequest.emit (node:events:517:28)\n    at TLSSocket.socketErrorListener (node:_http_client:501:9)`,
  `Get-AzAccessToken: ClientSecretCredential authentication failed: A configuration issue is preventing authentication - check the error message from the server for details. You can modify the configuration in the application registration portal. See https://aka.ms/msal-net-invalid-client for details.  Original exception: AADSTS7000222: The provided client secret keys for app 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c' are expired. Visit the Azure portal to create new keys for your app.`,
];

// What apps write today: stringify, then a chain of includes and regexes.
export function naiveChain(input) {
  const text = typeof input === 'string' ? input : `${input?.message ?? ''} ${input?.error_description ?? ''} ${input?.errorCode ?? input?.error ?? ''}`;
  if (text.includes('AADSTS50076') || text.includes('AADSTS50079')) return 'mfa';
  if (text.includes('AADSTS65001') || /consent_required/.test(text)) return 'consent';
  if (/AADSTS(70008|700082|50173)/.test(text)) return 'login';
  if (text.includes('AADSTS7000215') || text.includes('invalid_client')) return 'config';
  if (/throttl|AADSTS50196|temporarily_unavailable/i.test(text)) return 'retry';
  if (/interaction_required|login_required/.test(text)) return 'login';
  const match = /AADSTS(\d+)/.exec(text);
  return match ? `code:${match[1]}` : null;
}

export function mixedInputs() {
  const at = new Date(Date.UTC(2026, 10, 21, 9, 0, 0));
  const inputs = [];
  for (const [code, error, extra] of CODES) {
    const body = entraErrorBody(code, { error, ...extra, at, traceId: '0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00', correlationId: '7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f' });
    inputs.push(body);
    inputs.push(msalError(extra.suberror || error === 'interaction_required' ? 'InteractionRequiredAuthError' : 'ServerError', body));
    inputs.push(body.error_description.replace(/\r\n/g, ' '));
    inputs.push(`${code}`);
  }
  inputs.push('error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent+to+access+the+app.&error_subcode=cancel');
  inputs.push('Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0="');
  inputs.push(Object.assign(new Error('50196: Error(s): 50196'), { name: 'ServerError', errorCode: '50196', errorMessage: 'Error(s): 50196 - Timestamp: 2026-11-21 09:00:00Z - Description: AADSTS50196: loop', subError: '' }));
  inputs.push(JSON.stringify(entraErrorBody(50079, { error: 'interaction_required', claims: CLAIMS, at })));
  inputs.push(new TypeError("Cannot read properties of undefined (reading 'account')"));
  inputs.push(...LONG_TEXTS);
  return inputs;
}

/** The long exception texts of the mix alone (the last inputs of the mix). */
export function longTexts() {
  return [...LONG_TEXTS];
}

/** The msal-node errors of the mix alone: the path that must not slow down. */
export function msalInputs() {
  return mixedInputs().filter((input) => input instanceof Error && typeof input.errorCode === 'string');
}

/**
 * The real failures of test/fixtures/real-failures.json (151 texts as users pasted them from issue
 * threads of 25 SDKs and tools): the text path at its most realistic, measured on its own.
 */
export function realFailureTexts() {
  const table = JSON.parse(readFileSync(new URL('../test/fixtures/real-failures.json', import.meta.url), 'utf8'));
  return table.map((row) => row.text);
}
