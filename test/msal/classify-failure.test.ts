import { describe, expect, it } from 'vitest';
import { classifyFailure, type FailureContext } from '../../src/msal/throttling.js';
import type { TokenAnswer } from '../../src/msal/throttling.js';
import { ThrottleWindows } from '../../src/msal/throttling.js';
import { entraErrorBody } from '../../src/testing/error-body.js';

// msal-node error shapes as msal-node 7 raises them (see the with-aad-errors tests for the real thing).
function serverError(errorCode: string, message: string, status?: number): Error {
  return Object.assign(new Error(`${errorCode}: ${message}`), { name: 'ServerError', errorCode, errorMessage: message, subError: '', ...(status === undefined ? {} : { status }) });
}
const NETWORK_ERROR = Object.assign(new Error('network_error: Network request failed'), { name: 'ClientAuthError', errorCode: 'network_error', errorMessage: 'Network request failed', subError: '' });
const THROTTLED_BODY = entraErrorBody(50196, { error: 'temporarily_unavailable' });
const NOW = Date.parse('2026-03-02T09:00:00Z');

function context(overrides: Partial<FailureContext> = {}): FailureContext {
  return { classifyOptions: { context: 'daemon' }, answer: undefined, windows: new ThrottleWindows(), throttleKey: 'k', now: NOW, ...overrides };
}

function answer(fields: Partial<TokenAnswer>): TokenAnswer {
  return { at: NOW, status: null, headers: {}, body: null, retryAfterMs: null, msalThrottleMs: null, transportError: null, ...fields };
}

describe('classifyFailure', () => {
  it('prefers the network client’s exact answer: status, Retry-After and the window msal-node holds', () => {
    const error = serverError('temporarily_unavailable', THROTTLED_BODY.error_description);
    const result = classifyFailure(error, context({ answer: answer({ status: 429, headers: { 'retry-after-ms': '1500' }, body: THROTTLED_BODY, retryAfterMs: 1500, msalThrottleMs: 2000 }) }));
    expect(result?.decision).toMatchObject({ action: 'retry', upstreamStatus: 429, retryAfterMs: 1500, code: 50196 });
    expect(result?.window?.endsAt).toBe(NOW + 2001);
  });

  it('reads the transport error the network client saw behind msal-node’s network_error', () => {
    const result = classifyFailure(NETWORK_ERROR, context({ answer: answer({ transportError: 'ETIMEDOUT' }) }));
    expect(result?.decision).toMatchObject({ action: 'retry', rule: 'transport' });
    expect(result?.window).toBeUndefined();
  });

  it('assumes msal-node’s 60 s window for a throttled server answer it could not see', () => {
    const result = classifyFailure(serverError('temporarily_unavailable', THROTTLED_BODY.error_description, 429), context());
    expect(result?.window?.endsAt).toBe(NOW + 60_001);
  });

  it('assumes no window after a 4xx without Retry-After, since msal-node keeps none', () => {
    const result = classifyFailure(serverError('invalid_client', entraErrorBody(7000215).error_description, 401), context());
    expect(result?.decision.action).toBe('fail');
    expect(result?.window).toBeUndefined();
  });

  it('assumes no window when msal-node never got an answer', () => {
    expect(classifyFailure(NETWORK_ERROR, context())?.window).toBeUndefined();
  });

  it('answers a replay with the decision that opened the window, waiting only what is left of it', () => {
    const windows = new ThrottleWindows();
    const unavailable = entraErrorBody(90033, { error: 'temporarily_unavailable' });
    const first = classifyFailure(serverError('temporarily_unavailable', unavailable.error_description), context({ windows, answer: answer({ status: 503, body: unavailable, retryAfterMs: 3000, msalThrottleMs: 3000 }) }));
    // The replay of a body without error codes: an empty code and whatever the description was.
    const replay = serverError('', '');
    const result = classifyFailure(replay, context({ windows, now: NOW + 1000 }));
    expect(result?.decision).toMatchObject({ action: 'retry', upstreamStatus: 503, code: 90033, retryAfterMs: 2000 });
    expect(result?.window).toBe(first?.window);
  });

  it('recognises msal-node’s replay by its digits-only code even without a remembered window', () => {
    const result = classifyFailure(serverError('50196', THROTTLED_BODY.error_description), context());
    expect(result?.decision).toMatchObject({ action: 'retry', retryAfterMs: 60_000 });
    expect(result?.window?.endsAt).toBe(NOW + 60_001);
  });

  it('returns null for an error with no Entra signal', () => {
    expect(classifyFailure(new TypeError('x is not a function'), context())).toBeNull();
  });
});
