import { beforeEach, describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.js';
import { aadErrorHandler } from '../../src/express/handler.js';
import { aadErrorFromResponse } from '../../src/express/downstream.js';
import type { AadLogger } from '../../src/logger.js';
import { SignInCallbackError } from '../../src/express/callback.js';
import { withAadErrors } from '../../src/msal/with-aad-errors.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { aadNetworkClient } from '../../src/msal/network-client.js';
import { AUTHORITY, CLIENT_ID, fakeAuthority, fakeJwt } from '../fixtures/fake-authority.js';
import { newMsal, runFlow, tokenFails, type Flow } from '../express/helpers.js';
import { BROWSER, exchange } from './helpers.js';

// The hostile inputs here reach the handler as raw bodies, snapshots and text; `trustText: true` lets each
// one reach the answer paths under test. The trust boundary itself is tested in test/express/trust-boundary.test.ts.

// No leaks: secrets, tokens and upstream wording planted in every place an upstream can put them (MSAL
// errors from real msal-node, token bodies, network errors quoting the request, downstream answers,
// sign-in callbacks) reach neither a production answer (`exposeDetails: false`) nor a log record.
// With `exposeDetails: true` the redacted description may show, the secrets still never do.

const ACCESS_TOKEN = fakeJwt({ aud: 'https://graph.microsoft.com', oid: 'LeakedAccessTokenOid', scp: 'Mail.Read' });
const REFRESH_TOKEN = '0.AAAAleakedRefreshTokenValue-xyz_123';
const CLIENT_SECRET = 'Sup3r~LeakedClientSecretValue';
const ASSERTION = fakeJwt({ iss: 'c44b4083', sub: 'LeakedAssertionSubject' });
const AUTH_CODE = '1.AQwALeakedAuthorizationCode';
const PASSWORD = 'LeakedP@ssw0rd!';
const DESCRIPTION = 'UpstreamOnlyWordingThatStaysInternal';

/** The values that must never be sent or logged; the JWTs are checked by their payload part. */
const SECRETS = [ACCESS_TOKEN.split('.')[1]!, REFRESH_TOKEN, CLIENT_SECRET, ASSERTION.split('.')[1]!, AUTH_CODE, PASSWORD];

/** Upstream text carrying every secret, in the forms MSAL and Entra quote them. */
const PLANTED = `${DESCRIPTION}: request grant_type=refresh_token&refresh_token=${REFRESH_TOKEN}&client_secret=${CLIENT_SECRET}&client_assertion=${ASSERTION}&code=${AUTH_CODE}&password=${PASSWORD} ` +
  `{"access_token": "${ACCESS_TOKEN}", "refresh_token": "${REFRESH_TOKEN}"} Authorization: Bearer ${ACCESS_TOKEN}`;

function recordingLogger(): AadLogger & { readonly text: () => string } {
  const records: unknown[] = [];
  return { warn: (record, message) => records.push([record, message]), error: (record, message) => records.push([record, message]), text: () => JSON.stringify(records) };
}

function leaked(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

/** Answers `err` in every mode, production and development, and checks the answer and the log records. */
async function expectNoLeak(err: unknown): Promise<void> {
  for (const exposeDetails of [false, true]) {
    for (const accept of [BROWSER, 'application/json']) {
      const logger = recordingLogger();
      const answer = await exchange(aadErrorHandler({ trustText: true, exposeDetails, logger, clientId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c' }), err, { headers: { accept } });
      expect(answer.passedOn, 'the failure is answered').toEqual([]);
      const sent = `${answer.head}\r\n\r\n${answer.body}`;
      expect(leaked(sent), `secrets in the answer (exposeDetails ${exposeDetails}, ${accept})`).toEqual([]);
      if (!exposeDetails) expect(sent).not.toContain(DESCRIPTION);
      expect(leaked(logger.text()), 'secrets in a log record').toEqual([]);
      expect(logger.text()).not.toContain(DESCRIPTION);
    }
  }
}

const CODES = [50076, 65001, 7000215, 70008, 90094, 50196, 53003];

describe('secrets planted in token-endpoint bodies', () => {
  it.each(CODES)('never leave the handler for AADSTS%i', async (code) => {
    const body = entraErrorBody(code, { message: PLANTED, ...(code === 50076 ? { suberror: 'basic_action', claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' } : {}) });
    await expectNoLeak(body);
    await expectNoLeak(JSON.stringify(body));
    await expectNoLeak({ status: code === 50196 ? 429 : 400, headers: { 'client-request-id': body.correlation_id }, body });
  });

  it('do not ride along in the identifiers the handler shows (regression: any correlation_id was shown and logged)', async () => {
    const body = { ...entraErrorBody(70008), correlation_id: `client_secret=${CLIENT_SECRET}`, trace_id: `Bearer ${ACCESS_TOKEN}`, timestamp: `${DESCRIPTION} call +1 555 0100`, error: `invalid_grant refresh_token=${REFRESH_TOKEN}` };
    await expectNoLeak(body);
    const logger = recordingLogger();
    const answer = await exchange(aadErrorHandler({ trustText: true, logger }), entraErrorBody(70008, { correlationId: '7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f' }), { headers: { accept: 'application/json' } });
    expect(JSON.parse(answer.body)).toMatchObject({ correlationId: '7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f' });
    expect(logger.text()).toContain('7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f');
  });
});

describe('secrets planted in MSAL errors', () => {
  beforeEach(() => fakeAuthority());

  it.each(['refresh_token', 'on_behalf_of', 'client_credentials', 'auth_code'] satisfies Flow[])('never leave the handler for a real msal-node %s failure', async (flow) => {
    for (const code of [50076, 65001, 7000215, 50196]) {
      const body = entraErrorBody(code, { message: PLANTED, ...(code === 50076 ? { suberror: 'basic_action' } : {}) });
      tokenFails(code === 50196 ? 429 : code === 7000215 ? 401 : 400, { ...body, error_uri: `https://login.microsoftonline.com/error?code=${code}&refresh_token=${REFRESH_TOKEN}` });
      const error = await runFlow(newMsal(), flow).then(() => undefined, (caught: unknown) => caught);
      expect(classify(error)).not.toBeNull();
      await expectNoLeak(error);
    }
  });

  it('never leave the handler when MSAL quotes the request body in a network error', async () => {
    const networkError = Object.assign(new Error(`network_error: Network request failed: POST https://login.microsoftonline.com/common/oauth2/v2.0/token body ${PLANTED}`), {
      name: 'ClientAuthError',
      errorCode: 'network_error',
      errorMessage: `Network request failed: body ${PLANTED}`,
      cause: Object.assign(new Error(`connect ECONNRESET ${PLANTED}`), { code: 'ECONNRESET' }),
    });
    await expectNoLeak(networkError);
  });

  it('are not in the message or the log records of the AadError withAadErrors throws', async () => {
    const records: unknown[] = [];
    const log = (record: object, message: string): void => void records.push([record, message]);
    tokenFails(429, entraErrorBody(50196, { error: 'temporarily_unavailable', message: PLANTED }), { 'Retry-After': '1' });
    tokenFails(401, entraErrorBody(7000215, { message: PLANTED }));
    const msal = new ConfidentialClientApplication({ auth: { clientId: CLIENT_ID, authority: AUTHORITY, clientSecret: 'test-secret-value' }, system: { networkClient: aadNetworkClient() } });
    const aad = withAadErrors(msal, { retry: { baseDelayMs: 0, maxDelayMs: 0 }, logger: { info: log, warn: log, error: log, debug: log } });
    // The 429 opens msal-node's throttle window for 1 s (aadNetworkClient tells the wrapper so); the retry
    // waits it out, then gets the 401.
    const error = await aad.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'], skipCache: true }).then(() => undefined, (caught: unknown) => caught as Error);
    expect(error).toMatchObject({ name: 'AadError', decision: { action: 'fail', code: 7000215 } });
    expect(leaked(`${error!.message} ${JSON.stringify(records)}`)).toEqual([]);
    expect(`${error!.message} ${JSON.stringify(records)}`).not.toContain(DESCRIPTION);
    expect(records.length).toBeGreaterThan(0);
    await expectNoLeak(error);
  });
});

describe('secrets planted in downstream answers and sign-in callbacks', () => {
  it('never leave the handler from a Graph error body or a challenge description', async () => {
    await expectNoLeak({ status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="Mail.Read"' }, body: { error: { code: 'Authorization_RequestDenied', message: `AADSTS65001: ${PLANTED}`, innerError: { 'request-id': 'x', 'client-request-id': CLIENT_SECRET } } } });
    await expectNoLeak({ status: 401, headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${PLANTED.replace(/"/g, "'")}"` }, body: PLANTED });
  });

  it('never leave the handler from a fetch Response turned into an AadError', async () => {
    const response = new Response(JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: PLANTED } }), {
      status: 401,
      headers: { 'www-authenticate': `Bearer realm="", error="insufficient_claims", claims="${Buffer.from('{"access_token":{"nbf":{"essential":true,"value":"1"}}}').toString('base64')}"`, 'set-cookie': `session=${CLIENT_SECRET}` },
    });
    const error = await aadErrorFromResponse(response);
    expect(error).toBeDefined();
    expect(leaked(error!.message)).toEqual([]);
    await expectNoLeak(error);
  });

  it('never leave the handler from an error on the redirect URI', async () => {
    await expectNoLeak(new SignInCallbackError({ error: 'access_denied', error_description: `AADSTS65004: ${PLANTED}`, error_subcode: 'cancel', error_uri: `https://x/?code=${AUTH_CODE}` }));
    await expectNoLeak(new SignInCallbackError({ error: 'interaction_required', error_description: `AADSTS50076: ${PLANTED}` }));
  });
});

describe('an object that only looks like an AadError (regression: its decision was answered as it was)', () => {
  const lookAlike = () => JSON.parse(JSON.stringify({ name: 'AadError', code: 'ERR_AAD_FAIL', decision: { action: 'fail', status: 200, summary: `${DESCRIPTION} ${CLIENT_SECRET}`, scopes: [], codes: [], retryAfterMs: null } })) as unknown;

  it('is not trusted by classify', () => {
    expect(classify(lookAlike())).toBeNull();
  });

  it('is passed on by the handler rather than answered with its status and summary', async () => {
    const answer = await exchange(aadErrorHandler({ trustText: true }), lookAlike(), { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(0);
    expect(answer.passedOn).toHaveLength(1);
  });

  it('does not stop the handler from answering the Entra failure wrapped with it', async () => {
    const wrapped = Object.assign(new Error('route failed'), { cause: Object.assign(lookAlike() as object, { cause: entraErrorBody(70008) }) });
    const answer = await exchange(aadErrorHandler({ trustText: true }), wrapped, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(401);
    expect(answer.body).not.toContain(DESCRIPTION);
  });
});
