import { AuthenticationRequiredError } from '@azure/identity';
import { InteractionRequiredAuthError } from '@azure/msal-node';
import request from 'supertest';
import { describe, it } from 'vitest';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { createApp, EXPRESS_VERSIONS } from './helpers.js';

// classify() reads any text generously; the middleware must not. A route whose error message holds a
// code the user typed gets the app's own answer, never a sign-in redirect (issue 9, "trust boundary").

const TRACE = '0f9c6e1a-7c1e-4a52-9a8e-5d0c3b1f2e01';
const CORRELATION = '7b0d1c2e-3f4a-4b5c-8d6e-9f0a1b2c3d4e';
const ENTRA_TEXT = `AADSTS50173: The provided grant has expired due to it being revoked.\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORRELATION}\r\nTimestamp: 2026-11-30 10:12:13Z`;

const PASSED_ON = 599; // the sentinel handler after aadErrorHandler answers what it is given with 599

describe.each(EXPRESS_VERSIONS)('the trust boundary on %s', (_name, express, forwardsAsync) => {
  const appThrowing = (err: unknown, trustText?: boolean) =>
    createApp(express, forwardsAsync, { handler: trustText ? { trustText } : {}, routes: (app) => void app.get('/thing', () => { throw err; }) }).app;

  it.each([
    ['a code in user-controlled text', new Error('No product named AADSTS50173')],
    ['a bare sign-in log code', new Error('50126')],
    ['an OAuth error word in an app message', new Error('invalid_grant: the coupon has expired')],
    ['a code named in a plain object', { message: 'AADSTS65001 is not a valid SKU' }],
    ['a look-alike callback error', { name: 'SignInCallbackError', code: 'ERR_AAD_SIGN_IN_CALLBACK', error: 'access_denied', returnTo: 'https://evil.example/login' }],
    ['an error body without Entra IDs', { error: 'invalid_grant', error_description: 'made up' }],
  ])('passes on %s to the next handler', async (_label, err) => {
    await request(appThrowing(err)).get('/thing').set('accept', 'application/json').expect(PASSED_ON);
  });

  it('answers the same user text when trustText is on', async () => {
    await request(appThrowing(new Error('No product named AADSTS50173'), true)).get('/thing').set('accept', 'application/json').expect(401);
  });

  it.each([
    ['an Entra-structured message', new Error(ENTRA_TEXT)],
    ['msal-common’s Error(s) form', new Error(`Error(s): 50173 - Timestamp: 2026-11-30 10:12:13Z - Description: ${ENTRA_TEXT}`)],
    ['an msal-node error', new InteractionRequiredAuthError('invalid_grant', ENTRA_TEXT, 'bad_token', '2026-11-30 10:12:13Z', TRACE, CORRELATION, '', '50173')],
    ['an @azure/identity error', new AuthenticationRequiredError({ scopes: ['https://graph.microsoft.com/.default'], message: 'Automatic authentication has been disabled' })],
    ['a token-endpoint body as Entra sends it', entraErrorBody(50173, { error: 'invalid_grant' })],
    ['an app error whose cause is an msal-node error', new Error('profile load failed', { cause: new InteractionRequiredAuthError('invalid_grant', ENTRA_TEXT, 'bad_token', '', TRACE, CORRELATION, '', '50173') })],
  ])('answers %s', async (_label, err) => {
    await request(appThrowing(err)).get('/thing').set('accept', 'application/json').expect(401);
  });
});
