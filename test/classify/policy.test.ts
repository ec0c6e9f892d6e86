import { describe, expect, it } from 'vitest';
import { AadError, AadOptionsError, classify, createClassifier, isAadError } from '../../src/index.js';
import { body, CA_CLAIMS, CONSENT_BODY, EXPIRED_GRANT_BODY, GRAPH_CAE_CHALLENGE, MFA_BODY, msalError } from '../fixtures/entra-inputs.js';

describe('classify: the decision policy', () => {
  it('lets transport win: a 429 is retry with its Retry-After', () => {
    const decision = classify({ status: 429, headers: { 'retry-after': '4' }, body: body(50196, 'temporarily_unavailable', 'The server terminated an operation because it encountered a client request loop.') });
    expect(decision).toMatchObject({ action: 'retry', rule: 'transport', retryAfterMs: 4000, status: 503, upstreamStatus: 429 });
  });

  it('lets a permanent code beat a server error: 90036 under a 500 is not retryable', () => {
    const decision = classify({ status: 500, headers: {}, body: body(90036, 'server_error', 'An unexpected, non-retryable error from the MSODS service has occurred.') });
    expect(decision).toMatchObject({ action: 'fail', code: 90036, retryable: false, rule: 'code' });
  });

  it('answers claims with a claims challenge, even under invalid_grant + basic_action', () => {
    expect(classify(MFA_BODY)).toMatchObject({ action: 'claims_challenge', claims: CA_CLAIMS, rule: 'claims', code: 50076, status: 401, risk: 'high' });
  });

  it('ignores claims-looking JSON inside free text', () => {
    const text = `AADSTS50076: you must use MFA. claims: ${CA_CLAIMS}`;
    expect(classify(text)).toMatchObject({ action: 'reauthenticate', claims: null });
  });

  it('reads consent_required as consent', () => {
    expect(classify(CONSENT_BODY)).toMatchObject({ action: 'consent', rule: 'suberror', code: 65001, status: 403 });
  });

  it('lets 65004 under consent_required fail: a user who declined is not sent back to consent', () => {
    const declined = body(65004, 'consent_required', 'User declined to consent to access the app.', { suberror: 'consent_required' });
    expect(classify(declined)).toMatchObject({ action: 'fail', code: 65004, fixBy: 'user' });
    expect(classify({ error: 'consent_required', error_description: 'AADSTS65004: User declined to consent to access the app.' })).toMatchObject({ action: 'fail', code: 65004 });
  });

  it('treats interaction_required + message_only as a block the user cannot clear', () => {
    const blocked = body(53003, 'interaction_required', 'Access has been blocked by Conditional Access policies.', { suberror: 'message_only' });
    expect(classify(blocked)).toMatchObject({ action: 'fail', rule: 'suberror', code: 53003 });
  });

  it('refines invalid_grant with the code: 50076 is reauthenticate', () => {
    expect(classify(body(50076, 'invalid_grant', 'you must use multi-factor authentication'))).toMatchObject({ action: 'reauthenticate', rule: 'code' });
  });

  it('picks the most specific of several codes: 70002 + 16000 is 16000, 70002 + 70008 is 70008', () => {
    expect(classify('AADSTS70002: Error validating credentials. AADSTS16000: Either multiple user identities are available.')).toMatchObject({ code: 16000, codes: [70002, 16000] });
    expect(classify(EXPIRED_GRANT_BODY)).toMatchObject({ code: 70008, action: 'reauthenticate' });
  });

  it('falls back to the error value alone', () => {
    expect(classify({ error: 'interaction_required', error_description: 'Silent authentication failed.' })).toMatchObject({ action: 'reauthenticate', rule: 'error' });
    expect(classify({ error: 'invalid_scope', error_description: 'The provided value for scope is not valid.' })).toMatchObject({ action: 'fail', fixBy: 'developer', status: 500 });
    expect(classify({ error: 'authorization_pending', error_description: 'The user has not yet finished authenticating.' })).toMatchObject({ action: 'retry' });
  });

  it('uses MSAL client codes and text hints last', () => {
    const noTokens = Object.assign(new Error('no_tokens_found'), { name: 'InteractionRequiredAuthError', errorCode: 'no_tokens_found', errorMessage: '', subError: '' });
    expect(classify(noTokens)).toMatchObject({ action: 'reauthenticate', rule: 'hint' });
  });

  it('marks an unknown code as fail and unknown', () => {
    expect(classify('AADSTS99999999: something new')).toMatchObject({ action: 'fail', known: false, rule: 'unknown', code: 99999999 });
  });

  it('answers a downstream claims challenge as claims_challenge with the decoded claims', () => {
    expect(classify({ status: 401, headers: { 'WWW-Authenticate': GRAPH_CAE_CHALLENGE }, body: '' })).toMatchObject({ action: 'claims_challenge', claims: '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}', upstreamStatus: 401 });
  });

  it('returns null for errors with no Entra signal', () => {
    expect(classify(new TypeError('x'))).toBeNull();
  });
});

describe('classify: context', () => {
  it('turns reauthenticate and consent into fail for a daemon', () => {
    expect(classify(body(70008, 'invalid_grant', 'expired'), { context: 'daemon' })).toMatchObject({ action: 'fail', context: 'daemon' });
    expect(classify(CONSENT_BODY, { context: 'daemon' })).toMatchObject({ action: 'fail', fixBy: 'admin', adminConsent: true });
  });

  it('keeps claims_challenge and retry for a daemon', () => {
    expect(classify(MFA_BODY, { context: 'daemon' })?.action).toBe('claims_challenge');
    expect(classify({ error: 'temporarily_unavailable', error_description: 'AADSTS90033: A transient error has occurred.' }, { context: 'daemon' })?.action).toBe('retry');
  });

  it('keeps interaction for a web API so it can hand it back', () => {
    expect(classify(CONSENT_BODY, { context: 'web_api' })).toMatchObject({ action: 'consent', context: 'web_api' });
  });
});

describe('classify: overrides and options', () => {
  it('re-maps a code', () => {
    const decision = classify(body(50058, 'invalid_grant', 'A silent sign-in request was sent but no user is signed in.'), { overrides: { codes: { 50058: { action: 'fail', fixBy: 'developer' } } } });
    expect(decision).toMatchObject({ action: 'fail', fixBy: 'developer', status: 500 });
  });

  it('runs a rule function last', () => {
    const decision = classify(MFA_BODY, { overrides: { rule: (d) => (d.code === 50076 ? { risk: 'medium' } : undefined) } });
    expect(decision).toMatchObject({ action: 'claims_challenge', risk: 'medium' });
  });

  it.each([
    [{ context: 'browser' }, /`context`/],
    [{ overrides: { codes: { 50076: { action: 'sometimes' } } } }, /`overrides\.codes\.50076\.action`.*received "sometimes"/],
    [{ overrides: { codes: { abc: {} } } }, /`overrides\.codes\.abc`/],
    [{ overrides: { rule: 'x' } }, /`overrides\.rule`/],
    [{ contxt: 'daemon' }, /contxt/],
  ])('rejects bad options %j with a message naming the key', (options, message) => {
    expect(() => createClassifier(options as never)).toThrow(AadOptionsError);
    expect(() => classify('50126', options as never)).toThrow(message);
  });
});

describe('AadError', () => {
  it('carries the decision, http-errors fields and no upstream text', () => {
    const decision = classify(msalError('ServerError', { ...body(7000215, 'invalid_client', 'Invalid client secret provided: s3cr3t'), error_codes: [7000215] }))!;
    const error = new AadError(decision);
    expect(error).toMatchObject({ name: 'AadError', code: 'ERR_AAD_FAIL', status: 500, expose: false });
    expect(error.message).not.toContain('s3cr3t');
    expect(isAadError(error)).toBe(true);
    expect(isAadError({ name: 'AadError', code: 'ERR_AAD_FAIL', decision })).toBe(true);
    expect(isAadError(new Error('x'))).toBe(false);
    expect(classify(error)).toBe(decision);
  });

  it('sets Retry-After for retry decisions', () => {
    const decision = classify({ status: 429, headers: { 'retry-after': '3' }, body: body(50196, 'temporarily_unavailable', 'loop') })!;
    expect(new AadError(decision).headers).toEqual({ 'Retry-After': '3' });
  });
});
