import { describe, expect, it } from 'vitest';
import { parseAadError } from '../../src/index.js';
import {
  BAD_SECRET_BODY,
  CA_CLAIMS,
  CONSENT_BODY,
  CORRELATION,
  EXPIRED_GRANT_BODY,
  GRAPH_CAE_CHALLENGE,
  HTML_503,
  legacyMsalMessage,
  MFA_BODY,
  msalError,
  msalMessage,
  SIGN_IN_PAGE_BLOCK,
  TRACE,
} from '../fixtures/entra-inputs.js';

const flattened = String(MFA_BODY['error_description']).replace(/\r\n/g, ' ');

describe('parseAadError', () => {
  it.each([
    ['a token-endpoint body object', MFA_BODY, { source: 'token_response', error: 'invalid_grant', suberror: 'basic_action', codes: [50076], claims: CA_CLAIMS, traceId: TRACE, correlationId: CORRELATION }],
    ['a token-endpoint body as JSON text', JSON.stringify(CONSENT_BODY), { source: 'token_response', error: 'invalid_grant', suberror: 'consent_required', codes: [65001] }],
    ['an error_description with CRLF', String(BAD_SECRET_BODY['error_description']), { source: 'text', codes: [7000215], traceId: TRACE, correlationId: CORRELATION, timestamp: '2023-01-04 10:12:13Z' }],
    ['an error_description flattened to spaces', flattened, { codes: [50076], traceId: TRACE, correlationId: CORRELATION }],
    ['an msal-node 7 message', msalMessage(EXPIRED_GRANT_BODY), { error: 'invalid_grant', codes: [70002, 70008], correlationId: CORRELATION }],
    ['an msal-node 1.x message', legacyMsalMessage(MFA_BODY), { error: 'invalid_grant', codes: [50076], traceId: TRACE }],
    ['an old ACS message', 'ACS50008: SAML token is invalid.', { codeIds: ['ACS50008'], codes: [] }],
    ['a B2C message', 'AADB2C90118: The user has forgotten their password.\r\nCorrelation ID: 7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f', { codeIds: ['AADB2C90118'], correlationId: CORRELATION }],
    ['a callback query string', '?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent+to+access+the+app.&error_subcode=cancel&state=abc', { source: 'callback', error: 'access_denied', codes: [65004], errorSubcode: 'cancel' }],
    ['a parsed callback query object', { error: 'consent_required', error_description: 'AADSTS65001: The user or administrator has not consented', state: 'xyz' }, { source: 'callback', error: 'consent_required', codes: [65001] }],
    ['a WWW-Authenticate claims challenge', GRAPH_CAE_CHALLENGE, { source: 'challenge', error: 'insufficient_claims', claims: '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}', authorizationUri: 'https://login.microsoftonline.com/common/oauth2/authorize' }],
    ['an unpadded, unquoted challenge', 'Bearer error=insufficient_claims, claims=eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0', { error: 'insufficient_claims', claims: '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}' }],
    ['an insufficient_scope challenge', 'Bearer realm="", error="insufficient_scope", scope="Mail.Read Calendars.Read"', { error: 'insufficient_scope', scopes: ['Mail.Read', 'Calendars.Read'] }],
    ['a bare sign-in log code', '50126', { source: 'code', codes: [50126] }],
    ['a bare code as a number', 500121, { source: 'code', codes: [500121] }],
    ['a prefixed bare code', 'AADSTS50053', { codes: [50053] }],
    ['the sign-in page troubleshooting block', SIGN_IN_PAGE_BLOCK, { codes: [500121], traceId: TRACE, correlationId: CORRELATION }],
    ['several codes in one message', 'AADSTS70002: Error validating credentials. AADSTS16000: Either multiple user identities are available for the current request or selected account is not supported.', { codes: [70002, 16000] }],
  ])('reads %s', (_label, input, expected) => {
    expect(parseAadError(input)).toMatchObject(expected);
  });

  it('reads an MSAL InteractionRequiredAuthError with claims, duck-typed', () => {
    const error = msalError('InteractionRequiredAuthError', MFA_BODY, { claims: CA_CLAIMS, traceId: TRACE, timestamp: '2023-01-04 10:12:13Z' });
    expect(parseAadError(error)).toMatchObject({ source: 'msal_error', error: 'invalid_grant', suberror: 'basic_action', claims: CA_CLAIMS, codes: [50076] });
  });

  it('recognises MSAL throttled replay: errorCode made only of digits and no status', () => {
    const replay = Object.assign(new Error('50196: Error(s): 50196 - …'), { name: 'ServerError', errorCode: '50196', errorMessage: 'Error(s): 50196 - Timestamp: …', subError: '', correlationId: CORRELATION });
    expect(parseAadError(replay)).toMatchObject({ throttledReplay: true, codes: [50196] });
  });

  it('recognises MSAL network_error as a network failure', () => {
    const error = Object.assign(new Error('network_error: Network request failed'), { name: 'AuthError', errorCode: 'network_error', errorMessage: 'Network request failed', subError: '', correlationId: CORRELATION });
    expect(parseAadError(error)).toMatchObject({ network: 'network_error', msalErrorCode: 'network_error', error: null });
  });

  it('walks cause chains to the Entra failure', () => {
    const inner = msalError('ServerError', BAD_SECRET_BODY, { status: 401 });
    const outer = new Error('token refresh failed', { cause: new Error('wrapped', { cause: inner }) });
    expect(parseAadError(outer)).toMatchObject({ codes: [7000215], error: 'invalid_client', status: 401 });
  });

  it('treats a bare ECONNRESET as an Entra failure only when asked or when it names an Entra host', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(parseAadError(reset)).toBeNull();
    expect(parseAadError(reset, { fromTokenRequest: true })).toMatchObject({ source: 'network', network: 'ECONNRESET' });
    const named = Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT', hostname: 'login.microsoftonline.com' });
    expect(parseAadError(named)).toMatchObject({ network: 'ETIMEDOUT' });
  });

  it('reads a downstream response with a CAE challenge, status and Retry-After', () => {
    const response = { status: 401, headers: new Headers({ 'www-authenticate': GRAPH_CAE_CHALLENGE, 'client-request-id': CORRELATION }), body: { error: { code: 'InvalidAuthenticationToken', message: 'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp' } } };
    expect(parseAadError(response)).toMatchObject({ status: 401, error: 'insufficient_claims', correlationId: CORRELATION });
    const throttled = { status: 429, headers: { 'Retry-After': '7' }, body: JSON.stringify({ error: 'temporarily_unavailable', error_description: 'AADSTS50196: The server terminated an operation because it encountered a client request loop.', error_codes: [50196] }) };
    expect(parseAadError(throttled)).toMatchObject({ status: 429, retryAfterMs: 7000, codes: [50196] });
  });

  it('reads an HTML 503 page from the token endpoint, but not from any other service', () => {
    const response = { status: 503, headers: { 'retry-after': '3' }, body: HTML_503 };
    expect(parseAadError(response, { fromTokenRequest: true })).toMatchObject({ source: 'http_response', status: 503, html: true, retryAfterMs: 3000 });
    expect(parseAadError(response)).toBeNull();
  });

  it.each([
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a plain 404 response', { status: 404, headers: {}, body: 'Not Found' }],
    ['a non-Entra JSON error', { error: 'not_found', message: 'no such user' }],
    ['null', null],
    ['undefined', undefined],
    ['a small number', 404],
    ['ResultType 0 (success)', '0'],
    ['an empty string', ''],
    ['a symbol', Symbol('x')],
    ['a function', () => 1],
  ])('returns null for %s', (_label, input) => {
    expect(parseAadError(input)).toBeNull();
  });

  it('never throws on hostile objects: cycles, throwing getters and Proxies', () => {
    const cyclic: Record<string, unknown> = { message: 'AADSTS50126: bad password' };
    cyclic['cause'] = cyclic;
    expect(parseAadError(cyclic)?.codes).toEqual([50126]);
    const throwing = Object.defineProperty({}, 'errorCode', { get: () => { throw new Error('boom'); } });
    expect(() => parseAadError(throwing)).not.toThrow();
    const proxy = new Proxy({}, { get: () => { throw new Error('trap'); }, has: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); } });
    expect(parseAadError(proxy)).toBeNull();
  });

  it('caps what it scans: a 10 MB string with a code at the start still parses', () => {
    const huge = `AADSTS50126: bad password ${'x'.repeat(10_000_000)}`;
    expect(parseAadError(huge)?.codes).toEqual([50126]);
  });

  it('keeps descriptions free of secrets MSAL quoted from the request', () => {
    const error = Object.assign(new Error('x'), { name: 'AuthError', errorCode: 'network_error', errorMessage: 'Network request failed: body client_id=abc&client_secret=s3cr3t-Value&refresh_token=0.AAAA1234&grant_type=refresh_token', subError: '' });
    const info = parseAadError(error);
    expect(info?.description).not.toContain('s3cr3t');
    expect(info?.description).not.toContain('0.AAAA1234');
    expect(info?.description).toContain('client_secret=[redacted]');
  });
});
