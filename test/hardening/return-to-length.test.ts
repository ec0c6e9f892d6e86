import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { aadSignInCallback } from '../../src/express/callback.js';
import { decodeSignInState, readSignInState, signInRequestFromQuery } from '../../src/express/sign-in.js';
import { AUTHORITY } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, EXPRESS_VERSIONS, locationQuery, recordingLogger, REDIRECT_URI, type ExpressModule } from '../express/helpers.js';

// A long but safe returnTo is never silently lost (issue 11, item 7). A page's path reaches the handler
// percent-encoded (a CJK character is nine characters of escapes), so a 1,500-character CJK page used
// to be "too long" and the user landed on `/`. It is limited by what fits in the encoded sign-in state:
// too long → the path without its query, still too long → `/`, each with a log record.

const CJK_PATH = `/${'報告書'.repeat(500)}`;

/** The whole round trip: a protected page fails, the sign-in route starts a sign-in, the callback returns. */
function app(express: ExpressModule, forwardsAsync: boolean) {
  const logger = recordingLogger();
  const built = createApp(express, forwardsAsync, {
    handler: { logger },
    routes: (app, route) => {
      app.get(
        '/auth/signin',
        route(async (req, res) => {
          const signIn = signInRequestFromQuery(req, res, { redirectUri: REDIRECT_URI, scopes: ['User.Read'], logger });
          res.redirect(`${AUTHORITY}/oauth2/v2.0/authorize?state=${signIn.state}`);
        }),
      );
      app.get('/auth/redirect', aadSignInCallback(), (req, res) => void res.redirect(readSignInState(req)?.returnTo ?? '/'));
      // Every other page needs a fresh sign-in, as msal-node says it.
      app.use(() => {
        const message = 'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.';
        throw Object.assign(new Error(message), { name: 'InteractionRequiredAuthError', errorCode: 'invalid_grant', errorMessage: message, subError: 'basic_action' });
      });
    },
  });
  return { ...built, logger };
}

/** Follows the round trip from `page` and returns where the browser lands, and each returnTo on the way. */
async function roundTrip(target: ReturnType<typeof app>['app'], page: string) {
  const agent = request.agent(target);
  const failed = await agent.get(page).set('Accept', BROWSER).expect(302);
  const asked = locationQuery(failed.headers['location']).get('returnTo');
  const signIn = await agent.get(failed.headers['location']!).set('Accept', BROWSER).expect(302);
  const state = new URL(signIn.headers['location']!).searchParams.get('state')!;
  const back = await agent.get(`/auth/redirect?code=c&state=${state}`).set('Accept', BROWSER).expect(302);
  return { asked, inState: decodeSignInState(state)?.returnTo, landed: back.headers['location']! };
}

describe.each(EXPRESS_VERSIONS)('a long returnTo from the request URL on %s', (_name, express, forwardsAsync) => {
  it('brings the user back to a 1,500-character CJK page', async () => {
    const { app: target, logger } = app(express, forwardsAsync);
    const { asked, inState, landed } = await roundTrip(target, encodeURI(CJK_PATH));
    expect(decodeURIComponent(asked!)).toBe(CJK_PATH);
    expect(decodeURIComponent(inState!)).toBe(CJK_PATH);
    expect(decodeURIComponent(landed)).toBe(CJK_PATH);
    expect(logger.records.filter((entry) => 'returnToTrimmed' in entry.record)).toEqual([]);
  });

  it('keeps an encoded slash and question mark in the path as they were', async () => {
    const { app: target } = app(express, forwardsAsync);
    const page = `${encodeURI(CJK_PATH)}/a%2Fb%3Fc?q=%E5%A0%B1`;
    const { landed } = await roundTrip(target, page);
    expect(landed).toBe(page);
  });

  it('drops the query of a page too long for the state, and logs it', async () => {
    const { app: target, logger } = app(express, forwardsAsync);
    // Node reads request lines up to 16 KiB: 9,000 characters of escaped path and a 3,500-character query.
    const path = `/${'報告書'.repeat(333)}`;
    const { landed } = await roundTrip(target, `${encodeURI(path)}?filter=${'x'.repeat(3500)}`);
    expect(decodeURIComponent(landed)).toBe(path);
    expect(logger.records.map((entry) => entry.record['returnToTrimmed'])).toContain('query');
  });

  it('returns to / for a path too long even without its query, and logs it', async () => {
    const { app: target, logger } = app(express, forwardsAsync);
    const { landed } = await roundTrip(target, `${encodeURI(`/${'報告書'.repeat(300)}`)}/${'a'.repeat(1500)}`);
    expect(landed).toBe('/');
    expect(logger.records.map((entry) => entry.record['returnToTrimmed'])).toContain('path');
  });

  it('still refuses an encoded off-site path, however it is written', async () => {
    const { app: target, logger } = app(express, forwardsAsync);
    const { landed } = await roundTrip(target, `/%2F%2Fevil.example/${encodeURI('報告書'.repeat(300))}`);
    expect(landed).toBe('/');
    expect(logger.records.filter((entry) => 'returnToTrimmed' in entry.record)).toEqual([]);
  });
});
