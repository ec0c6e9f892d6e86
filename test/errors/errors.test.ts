import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AadBaseError, AadError, AadNetworkError, AadOptionsError, isAadError, type AadBaseErrorCode } from '../../src/errors.js';
import { SignInCallbackError, isSignInCallbackError } from '../../src/express/callback.js';
import { classify } from '../../src/classify/classify.js';

// Every code of the union, checked by the compiler: a new code without an entry here fails the build.
const EVERY_CODE: { readonly [C in AadBaseErrorCode]: true } = {
  ERR_AAD_REAUTHENTICATE: true,
  ERR_AAD_CONSENT: true,
  ERR_AAD_CLAIMS_CHALLENGE: true,
  ERR_AAD_RETRY: true,
  ERR_AAD_FAIL: true,
  ERR_AAD_ABORTED: true,
  ERR_AAD_OPTIONS: true,
  ERR_AAD_SIGN_IN_CALLBACK: true,
  ERR_AAD_SIGN_IN_STATE: true,
  ERR_AAD_REDIRECT: true,
  ERR_AAD_NOT_JSON: true,
  ERR_AAD_BODY_TOO_LARGE: true,
  ETIMEDOUT: true,
};

const docs = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const decision = classify('AADSTS50196')!;

describe('the error family', () => {
  it.each(Object.keys(EVERY_CODE))('documents %s in docs/errors.md', (code) => {
    expect(docs).toContain(`\n## ${code.toLowerCase()}\n`);
  });

  it.each([
    ['AadError', new AadError(decision)],
    ['AadError (aborted)', new AadError(decision, { code: 'ERR_AAD_ABORTED', message: 'The wait was aborted.' })],
    ['AadOptionsError', new AadOptionsError('`retry.maxAttempts` must be at least 1; received 0', 'range')],
    ['AadNetworkError', new AadNetworkError('No answer from login.microsoftonline.com within 30 ms', 'ETIMEDOUT')],
    ['SignInCallbackError', new SignInCallbackError({ error: 'access_denied' })],
  ])('%s extends AadBaseError and ends its message with the link to its section', (_name, error) => {
    expect(error).toBeInstanceOf(AadBaseError);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(new RegExp(`[^.]\\. See https://github\\.com/aad-error-handler/aad-error-handler/blob/main/docs/errors\\.md#${error.code.toLowerCase()}$`));
  });

  it('tells a wrong type from a value out of range and an unknown option', () => {
    expect(new AadOptionsError('x').problem).toBe('type');
    expect(new AadOptionsError('x', 'range').problem).toBe('range');
    expect(new AadOptionsError('x', 'unknown').problem).toBe('unknown');
  });

  it('recognises its errors by brand across copies, and never trusts a look-alike callback error', () => {
    expect(isAadError(new AadError(decision))).toBe(true);
    expect(isSignInCallbackError(new SignInCallbackError({ error: 'access_denied' }))).toBe(true);
    expect(isSignInCallbackError({ name: 'SignInCallbackError', code: 'ERR_AAD_SIGN_IN_CALLBACK', error: 'access_denied', returnTo: 'https://evil.example/login' })).toBe(false);
    const hostile = new Proxy({}, { get() { throw new Error('trap'); } });
    expect(isAadError(hostile)).toBe(false);
    expect(isSignInCallbackError(hostile)).toBe(false);
  });
});
