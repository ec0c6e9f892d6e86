import request from 'supertest';
import express from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import { AadOptionsError } from '../../src/errors.js';
import { aadErrorHandler } from '../../src/express/handler.js';
import { EXPIRED_GRANT_BODY } from '../fixtures/entra-inputs.js';
import { fakeAuthority } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, tokenFails } from './helpers.js';

// Options are checked once, when aadErrorHandler() is called; every message names the option in
// backticks and shows what was received.

describe('aadErrorHandler options', () => {
  it.each([
    [{ loginpath: '/x' }, 'unknown option `loginpath` (did you mean `loginPath`?)'],
    [{ exposeDetail: true }, 'unknown option `exposeDetail` (did you mean `exposeDetails`?)'],
    [{ mode: 'browser' }, '`mode`'],
    [{ loginPath: 'https://evil.com' }, '`loginPath` must be a same-origin path'],
    [{ scopes: 'User.Read' }, '`scopes`'],
    [{ scopes: ['has space'] }, '`scopes.0` must be a scope'],
    [{ authority: 'http://login.microsoftonline.com/common' }, '`authority` must be an https URL'],
    [{ authority: 'https://login.microsoftonline.com' }, '`authority`'],
    [{ clientId: 'bad "id"\r\n' }, '`clientId`'],
    [{ redirectUri: 'not a url' }, '`redirectUri` must be an absolute http(s) URL'],
    [{ msal: {} }, '`msal` must be a ConfidentialClientApplication'],
    [{ exposeDetails: 'yes' }, '`exposeDetails`'],
    [{ loopGuard: true }, '`loopGuard`'],
    [{ loopGuard: { limit: 1 } }, '`loopGuard.limit`'],
    [{ loopGuard: { secret: 'short' } }, '`loopGuard.secret` must be at least 32 characters'],
    [{ loopGuard: { windowms: 1000 } }, '`loopGuard.windowms`'],
    [{ retryAfterSeconds: -1 }, '`retryAfterSeconds`'],
    [{ maxRetryAfterSeconds: 1.5 }, '`maxRetryAfterSeconds`'],
    [{ adminConsentUrl: 'javascript:alert(1)' }, '`adminConsentUrl`'],
    [{ logger: { warn: 'yes' } }, '`logger` must be false, or an object with only functions as debug, info, warn and error'],
    [{ onDecision: 'nope' }, '`onDecision` must be a function'],
    [{ render: {} }, '`render` must be a function'],
    [{ overrides: { codes: { 50076: { action: 'sometimes' } } } }, '`overrides.codes.50076.action`'],
  ])('rejects %j naming the option', (options, message) => {
    expect(() => aadErrorHandler(options as never)).toThrow(AadOptionsError);
    expect(() => aadErrorHandler(options as never)).toThrow(message);
  });

  it('shows the received value', () => {
    expect(() => aadErrorHandler({ mode: 'browser' } as never)).toThrow('received "browser"');
  });

  it.each([null, 'web_app', 42, []])('rejects %j as options with AadOptionsError', (options) => {
    expect(() => aadErrorHandler(options as never)).toThrow(AadOptionsError);
  });

  it('accepts no options at all, and every option at once', () => {
    expect(aadErrorHandler()).toBeTypeOf('function');
    expect(
      aadErrorHandler({
        mode: 'web_app',
        loginPath: '/login',
        scopes: ['User.Read', 'api://my-api/.default'],
        clientId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
        authority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com',
        msal: { getAuthCodeUrl: async () => 'https://login.microsoftonline.com/x' },
        redirectUri: 'https://app.contoso.com/auth/redirect',
        exposeDetails: true,
        loopGuard: { limit: 5, windowMs: 60_000, secret: 'x'.repeat(32), cookieName: 'loop' },
        retryAfterSeconds: 10,
        maxRetryAfterSeconds: 600,
        adminConsentUrl: () => undefined,
        account: () => undefined,
        onDecision: () => undefined,
        logger: console,
        render: () => undefined,
        overrides: { codes: { 50058: { action: 'fail' } } },
      }),
    ).toBeTypeOf('function');
  });

  it('is an error middleware: Express sees four parameters', () => {
    expect(aadErrorHandler().length).toBe(4);
  });
});

describe('options are read once', () => {
  beforeEach(() => fakeAuthority());

  it('ignores changes made to the options object after construction', async () => {
    const options = { loginPath: '/first' };
    const { app } = createApp(express, true, { handler: options });
    options.loginPath = '/second';
    tokenFails(400, EXPIRED_GRANT_BODY);
    const res = await request(app).get('/token/refresh_token').set('Accept', BROWSER).expect(302);
    expect(res.headers['location']).toMatch(/^\/first\?/);
  });
});
