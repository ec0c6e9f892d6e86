import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.js';
import { parseAadError } from '../../src/parse/parse-aad-error.js';
import type { Decision } from '../../src/classify/types.js';
import { CA_CLAIMS, CAE_CLAIMS_B64, CORRELATION, TRACE } from '../fixtures/entra-inputs.js';

// Issue 9, categories 1–11: one table per category, each row a text or object as users meet it and
// the decision fields that matter. `null` means: no Entra signal, no decision (the input is passed on).

type Row = readonly [label: string, input: unknown, expected: Partial<Decision> | null];

function check(rows: readonly Row[]): void {
  it.each(rows)('%s', (_label, input, expected) => {
    const decision = classify(input);
    if (expected === null) expect(decision).toBeNull();
    else expect(decision).toMatchObject(expected);
  });
}

const B64_OTHER = Buffer.from('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}').toString('base64');
const CAE_JSON = '{"access_token":{"nbf":{"essential":true, "value":"1604106651"}}}';

describe('1. prefixes in any case, never inside a longer word', () => {
  check([
    ['aaDSTS90093', 'aaDSTS90093: Graph returned 403', { codeId: 'AADSTS90093' }],
    ['Aadsts50076', 'Aadsts50076: Due to a configuration change you must use multi-factor authentication', { codeId: 'AADSTS50076', action: 'reauthenticate' }],
    ['acs50008', 'acs50008: SAML token is invalid', { codeId: 'ACS50008' }],
    ['aadb2c90118', 'aadb2c90118: The user has forgotten their password', { codeId: 'AADB2C90118' }],
    ['inside a longer word', 'XAADSTS50076 is a part number', null],
    ['followed by letters', 'see AADSTS50076abc', null],
  ]);
});

describe('2. codes after labels', () => {
  check([
    ['Sign-in error code', 'Sign-in error code: 90095\nAdmin consent is required', { code: 90095 }],
    ['Error Code', 'Error Code: 50076', { code: 50076, action: 'reauthenticate' }],
    ['error code without colon', 'Failed with error code 700082 while refreshing', { code: 700082 }],
    ['errorCode', 'errorCode: 50126 errorMessage: invalid username or password', { code: 50126 }],
    ['ResultType', 'SigninLogs | ResultType: 53003', { code: 53003 }],
    ['"error_codes" inside text', 'Body was "error_codes": [50076] from login', { code: 50076 }],
    ['a short number after a label is not a code', 'Process exited with error code 1', null],
  ]);
});

describe('3. OAuth errors and MSAL client codes anywhere in a wrapper chain', () => {
  check([
    ['ServerError: temporarily_unavailable: 50033', 'ServerError: temporarily_unavailable: 50033 - [2021-05-03 12:00:00Z]: AADSTS50033: A transient error has occurred. Please try again.', { action: 'retry', code: 50033 }],
    ['Exception: ClientAuthError: network_error', 'Exception: ClientAuthError: network_error: Network request failed. Please check network trace to determine root cause.', { action: 'retry' }],
    ['Error ClientAuthError: no_tokens_found', 'Error ClientAuthError: no_tokens_found: No refresh token found in the cache. Please sign-in.', { action: 'reauthenticate' }],
    ['Error Code: interaction_required, Error Message', 'Error Code: interaction_required, Error Message: AADSTS50079: Due to a configuration change made by your administrator, you must enroll in multi-factor authentication', { action: 'reauthenticate', code: 50079, error: 'interaction_required' }],
    ['.NET text with invalid_grant', 'Microsoft.Identity.Client.MsalUiRequiredException: invalid_grant\n   at Microsoft.Identity.Client.Internal.Requests.RequestBase.HandleTokenRefreshErrorAsync', { action: 'reauthenticate', error: 'invalid_grant' }],
    ['Python dict with invalid_grant', "{'error': 'invalid_grant', 'error_description': 'AADSTS70043: The refresh token has expired'}", { error: 'invalid_grant', code: 70043 }],
    ['prose that merely uses the word', 'we see invalid_grant sometimes in the logs', null],
    ['unknown value', 'Error: some_thing: went wrong', null],
  ]);
});

describe('4. JSON bodies embedded in text', () => {
  const body = `{"error":"interaction_required","error_description":"AADSTS50079: MFA enrolment required.\\r\\nTrace ID: ${TRACE}","error_codes":[50079],"suberror":"basic_action","claims":${JSON.stringify(CA_CLAIMS)}}`;
  check([
    ['System.Exception: {…}', `System.Exception: ${body}`, { action: 'claims_challenge', code: 50079, claims: CA_CLAIMS, traceId: TRACE }],
    ['reply status code was 400:\\n{…}', `The reply status code was 400:\n${body}`, { action: 'claims_challenge', claims: CA_CLAIMS }],
    ['ResponseBody: {…}', `Token request failed. ResponseBody: {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}`, { action: 'fail', code: 7000215, error: 'invalid_client' }],
    ['a body cut off by the log line', `Request failed: {"error":"invalid_grant","error_description":"AADSTS50076: Due to a configuration change","error_codes":[50076],"suberror":"basic_action","claims":"{\\"access_token\\":{\\"capolids\\":{\\"essential\\":true,\\"values\\":[\\"9ab03e19\\"]}}}","timest`, { action: 'claims_challenge', code: 50076, claims: '{"access_token":{"capolids":{"essential":true,"values":["9ab03e19"]}}}' }],
    ['a Python dict with claims', `msal: {'error': 'invalid_grant', 'error_codes': [50076], 'claims': '${CA_CLAIMS}'}`, { action: 'claims_challenge', claims: CA_CLAIMS }],
    ['prose mentioning claims is not a body', `AADSTS50076: you must use MFA. claims: ${CA_CLAIMS}`, { action: 'reauthenticate', claims: null }],
  ]);
});

describe('5. HTTP status and waits in text', () => {
  check([
    ['http error: 504 from the token endpoint', 'POST https://login.microsoftonline.com/contoso/oauth2/v2.0/token failed: http error: 504', { action: 'retry', upstreamStatus: 504 }],
    ['StatusCode: 429 with Retry-After', 'ManagedIdentityCredential authentication failed. StatusCode: 429, Retry-After: 60', { action: 'retry', upstreamStatus: 429, retryAfterMs: 60_000 }],
    ['Status code: 503 from MSAL', 'MsalServiceException: Status code: 503 Service Unavailable', { action: 'retry', upstreamStatus: 503 }],
    ['Too Many Requests from discovery', 'GET https://login.microsoftonline.com/common/discovery/instance returned Too Many Requests', { action: 'retry', upstreamStatus: 429 }],
    ['Service Unavailable from a credential', 'ClientSecretCredential: Service Unavailable', { action: 'retry' }],
    ['a 429 from some other service', 'GET https://api.example.com/orders StatusCode: 429', null],
    ['@azure/identity AuthenticationError with statusCode 429', Object.assign(new Error('Too many requests'), { name: 'AuthenticationError', statusCode: 429, errorResponse: { error: 'temporarily_unavailable', errorDescription: 'AADSTS50196: loop' } }), { action: 'retry', upstreamStatus: 429 }],
  ]);
});

describe('6. network failures from any runtime', () => {
  check([
    ['ETIMEDOUT to login.microsoftonline.com', 'connect ETIMEDOUT 20.190.160.1:443 (login.microsoftonline.com)', { action: 'retry', rule: 'transport' }],
    ['ECONNRESET from ClientAuthError', 'ClientAuthError: read ECONNRESET', { action: 'retry' }],
    ['Python Max retries exceeded', "HTTPSConnectionPool(host='login.microsoftonline.com', port=443): Max retries exceeded with url: /common/discovery/instance", { action: 'retry' }],
    ['Connection reset by peer from msal4j', 'com.microsoft.aad.msal4j.MsalClientException: java.net.SocketException: Connection reset by peer', { action: 'retry' }],
    ['getaddrinfo ENOTFOUND login.microsoftonline.com', 'getaddrinfo ENOTFOUND login.microsoftonline.com', { action: 'retry' }],
    ['EAI_AGAIN from a credential', 'ManagedIdentityCredential: getaddrinfo EAI_AGAIN 169.254.169.254', { action: 'retry' }],
    ['socket hang up at the token endpoint', 'request to https://login.microsoftonline.com/tenant/oauth2/v2.0/token failed, reason: socket hang up', { action: 'retry' }],
    ['ECONNRESET from a database', 'read ECONNRESET at TCP.onStreamRead (db.internal:5432)', null],
    ['Connection refused elsewhere', 'redis: Connection refused', null],
  ]);
});

describe('7. WWW-Authenticate everywhere, several challenges in any order', () => {
  const insufficient = (claims: string) => `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${claims}"`;
  check([
    ['a header line', `HTTP/1.1 401 Unauthorized\nWWW-Authenticate: ${insufficient(CAE_CLAIMS_B64)}\nContent-Length: 0`, { action: 'claims_challenge', claims: JSON.stringify(JSON.parse(CAE_JSON)) }],
    ['a quoted header map entry', `{ 'WWW-Authenticate': '${insufficient(CAE_CLAIMS_B64)}', 'Content-Type': 'application/json' }`, { action: 'claims_challenge' }],
    ['a JSON header dump', `"headers":{"www-authenticate":${JSON.stringify(insufficient(CAE_CLAIMS_B64))}}`, { action: 'claims_challenge' }],
    ['PoP before Bearer', `PoP nonce="AAAA", ${insufficient(CAE_CLAIMS_B64)}`, { action: 'claims_challenge' }],
    ['Digest before Bearer', `Digest realm="x", qop="auth", nonce="abc", ${insufficient(CAE_CLAIMS_B64)}`, { action: 'claims_challenge' }],
    ['Bearer before PoP', `${insufficient(CAE_CLAIMS_B64)}, PoP nonce="AAAA"`, { action: 'claims_challenge' }],
    ['Basic, Bearer, PoP', `Basic realm="r", ${insufficient(CAE_CLAIMS_B64)}, PoP nonce="n"`, { action: 'claims_challenge' }],
    ['unusable claims first, valid later', `Bearer error="insufficient_claims", claims="not-base64!!", ${insufficient(CAE_CLAIMS_B64)}`, { action: 'claims_challenge' }],
    ['a bearer without error before the insufficient_claims one', `Bearer realm="", ${insufficient(CAE_CLAIMS_B64)}`, { action: 'claims_challenge' }],
    ['two different claims: ambiguous, no claims', `${insufficient(CAE_CLAIMS_B64)}, ${insufficient(B64_OTHER)}`, { action: 'reauthenticate', claims: null }],
    ['the same claims twice', `${insufficient(CAE_CLAIMS_B64)}, ${insufficient(CAE_CLAIMS_B64)}`, { action: 'claims_challenge' }],
    ['claims without insufficient_claims do not count', `Bearer realm="", claims="${CAE_CLAIMS_B64}"`, null],
    ['claims on a PoP challenge do not count', `PoP nonce="n", error="insufficient_claims", claims="${CAE_CLAIMS_B64}"`, { action: 'reauthenticate', claims: null }],
    ['insufficient_scope after Digest', 'Digest realm="x", Bearer error="insufficient_scope", scope="Mail.Read"', { action: 'consent', scopes: ['Mail.Read'] }],
  ]);
});

describe('8. Continuous Access Evaluation texts without a claims value', () => {
  const cae = 'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp';
  it('is recognised (rule cae) and reauthenticates in a web app', () => {
    expect(classify(cae)).toMatchObject({ action: 'reauthenticate', rule: 'cae', fixBy: 'user' });
  });
  it('hands the interaction to the caller in a web API', () => {
    expect(classify(cae, { context: 'web_api' })).toMatchObject({ action: 'reauthenticate', rule: 'cae', status: 401 });
  });
  it('fails for the developer in a daemon', () => {
    expect(classify(cae, { context: 'daemon' })).toMatchObject({ action: 'fail', rule: 'cae' });
  });
  it('still prefers a claims value when one comes with it', () => {
    expect(classify(`${cae}. WWW-Authenticate: Bearer error="insufficient_claims", claims="${CAE_CLAIMS_B64}"`)).toMatchObject({ action: 'claims_challenge' });
  });
  it('reads a blocked result as a policy block', () => {
    expect(classify('Continuous access evaluation resulted in challenge with result: Blocked and code: LocationConditionEvaluationSatisfied')).toMatchObject({ action: 'fail', rule: 'cae', fixBy: 'admin' });
  });
});

describe('9. wrappers around an inner Entra error', () => {
  check([
    ['AADB2C90273 around interaction_required + AADSTS16000', "AADB2C90273: An invalid response was received : 'Error: interaction_required, Error Description: AADSTS16000: Either multiple user identities are available for the current request or selected account is not supported.'", { code: 16000, action: 'reauthenticate' }],
    ['AADB2C90273 around access_denied only', "AADB2C90273: An invalid response was received : 'Error: access_denied, Error Description: The user has denied access to the scope requested by the client application.'", { codeId: 'AADB2C90273', action: 'fail', fixBy: 'user', rule: 'error' }],
    ['AADB2C90273 alone', 'AADB2C90273: An invalid response was received', { codeId: 'AADB2C90273', rule: 'code' }],
    ['165004 around invalid_grant', 'AADSTS165004: Actual message content is runtime specific. Error: invalid_grant, Error Description: expired', { action: 'reauthenticate', rule: 'error' }],
  ]);
});

describe('10. exception class names as hints when nothing stronger is present', () => {
  check([
    ['MsalUiRequiredException', 'Microsoft.Identity.Client.MsalUiRequiredException: No account or login hint was passed to the AcquireTokenSilent call.', { action: 'reauthenticate', rule: 'hint' }],
    ['InteractionRequiredAuthError', 'InteractionRequiredAuthError: The user must sign in again', { action: 'reauthenticate' }],
    ['AdalClaimChallengeException', 'Microsoft.IdentityModel.Clients.ActiveDirectory.AdalClaimChallengeException: The claims challenge must be satisfied', { action: 'reauthenticate' }],
    ['ClaimsChallengeException', 'ClaimsChallengeException thrown by the downstream call', { action: 'reauthenticate' }],
    ['MsalThrottledServiceException', 'Microsoft.Identity.Client.MsalThrottledServiceException: Request was throttled', { action: 'retry' }],
    ['@azure/identity AuthenticationRequiredError (object)', Object.assign(new Error('Interactive authentication is required to get a token.'), { name: 'AuthenticationRequiredError' }), { action: 'reauthenticate' }],
    ['@azure/identity CredentialUnavailableError (object)', Object.assign(new Error('EnvironmentCredential is unavailable. No underlying credential could be used.'), { name: 'CredentialUnavailableError' }), { action: 'fail', fixBy: 'developer' }],
    ['a code is stronger than the class', 'MsalUiRequiredException: AADSTS65001: The user or administrator has not consented to use the application', { action: 'consent', code: 65001 }],
  ]);
});

describe('11. throttling codes are waits', () => {
  check([
    ['AADSTS50196 from the server', 'AADSTS50196: The server terminated an operation because it encountered a client request loop.', { action: 'retry', fixBy: 'developer', code: 50196 }],
    ['msal-node throttled replay of 50196', Object.assign(new Error('50196: Error(s): 50196'), { name: 'ServerError', errorCode: '50196', errorMessage: 'Error(s): 50196 - Timestamp: 2026-11-21 09:00:00Z - Description: AADSTS50196: loop', subError: '' }), { action: 'retry', fixBy: 'developer', throttledReplay: true }],
    ['AADSTS90055 tenant throttling', 'AADSTS90055: Too many requests', { action: 'retry' }],
    ['AADSTS9002313 is a malformed request, not a sign-in', 'AADSTS9002313: Invalid request. Request is malformed or invalid.', { action: 'fail', fixBy: 'developer' }],
  ]);
  it('says the remediation is to cache tokens', () => {
    expect(classify('AADSTS50196')!.remediation).toMatch(/cache/i);
  });
  it('marks a server-sent 50196 as not replayed', () => {
    expect(classify('AADSTS50196: loop')!.throttledReplay).toBe(false);
  });
});

describe('the lazy description', () => {
  it('is redacted when read, spread, serialised or cloned', () => {
    const secret = 'client_secret=abc123DEF456ghi789';
    const decision = classify(`AADSTS7000215: Invalid client secret provided. Request body: ${secret}&grant_type=client_credentials Trace ID: ${TRACE} Correlation ID: ${CORRELATION}`)!;
    expect(JSON.stringify(decision)).not.toContain('abc123');
    expect({ ...decision, extra: 1 }.description).toContain('client_secret=[redacted]');
    expect(structuredClone(decision).description).toContain('[redacted]');
    expect(decision.description).not.toContain('abc123');
    expect(Object.keys(decision)).toContain('description');
  });

  it('leaves the parse and the Decision with the same fields, in the same order, as a plain description', () => {
    const lazyText = 'AADSTS7000215: Invalid client secret provided. Request body: client_secret=abc123DEF456';
    const plainText = 'AADSTS7000215: Invalid client secret provided.';
    const lazy = parseAadError(lazyText)!;
    const plain = parseAadError(plainText)!;
    expect(Object.getOwnPropertyDescriptor(lazy, 'description')).toHaveProperty('get');
    expect(Object.getOwnPropertyDescriptor(plain, 'description')).not.toHaveProperty('get');
    expect(Object.keys(lazy)).toEqual(Object.keys(plain));
    expect({ ...lazy, description: plainText }).toEqual(plain);
    expect(Object.keys(classify(lazyText)!)).toEqual(Object.keys(classify(plainText)!));
  });
});
