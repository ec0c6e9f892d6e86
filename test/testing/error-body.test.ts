import { describe, expect, it } from 'vitest';
import { allCodes, lookupCode } from '../../src/catalog/code-catalog.js';
import { classify } from '../../src/classify/classify.js';
import { parseAadError } from '../../src/parse/parse-aad-error.js';
import { createEntraSimulator, entraErrorBody, type EntraErrorBody, type EntraSimulator } from '../../src/testing/index.js';
import { CLIENT_ID, confidentialApp, GUID, MFA_CLAIMS, rejectionOf } from './helpers.js';

// The keys of Entra's token error body (see ../shared/reference/observed-responses.tsv and
// Microsoft's OAuth 2.0 reference); suberror and claims appear only when Entra has them.
const REQUIRED_KEYS = ['error', 'error_description', 'error_codes', 'timestamp', 'trace_id', 'correlation_id', 'error_uri'];
const OPTIONAL_KEYS = ['suberror', 'claims'];
const OAUTH_ERRORS = new Set([
  'invalid_request', 'invalid_grant', 'unauthorized_client', 'invalid_client', 'unsupported_grant_type', 'invalid_resource', 'interaction_required',
  'temporarily_unavailable', 'consent_required', 'invalid_scope', 'access_denied', 'server_error', 'login_required', 'authorization_pending',
  'authorization_declined', 'bad_verification_code', 'expired_token', 'invalid_instance',
]);

async function scriptedFailure(sim: EntraSimulator, code: number, options: Parameters<EntraSimulator['failNextToken']>[1] = {}) {
  sim.failNextToken(code, options);
  const response = await sim.networkClient.sendPostRequestAsync<EntraErrorBody>(`${sim.authority}/oauth2/v2.0/token?client-request-id=5e1f3b52-0000-4000-8000-00000000abcd`, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: `grant_type=client_credentials&client_id=${CLIENT_ID}`,
  });
  return response;
}

function expectEntraShape(body: EntraErrorBody, code: number): void {
  const keys = Object.keys(body);
  expect(keys.slice(0, REQUIRED_KEYS.length)).toEqual(REQUIRED_KEYS);
  expect(keys.slice(REQUIRED_KEYS.length).every((key) => OPTIONAL_KEYS.includes(key))).toBe(true);
  expect(OAUTH_ERRORS.has(body.error)).toBe(true);
  expect(body.error_codes[0]).toBe(code);
  expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(body.trace_id).toMatch(GUID);
  expect(body.correlation_id).toMatch(GUID);
  expect(body.error_uri).toBe(`https://login.microsoftonline.com/error?code=${code}`);
  const [first, trace, correlation, timestamp, ...rest] = body.error_description.split('\r\n');
  expect(first).toMatch(new RegExp(`^AADSTS${code}: \\S`));
  expect([trace, correlation, timestamp, rest.length]).toEqual([`Trace ID: ${body.trace_id}`, `Correlation ID: ${body.correlation_id}`, `Timestamp: ${body.timestamp}`, 0]);
}

describe('failures for any catalog code', () => {
  it('answers every AADSTS code of the catalog with a body shaped like Entra, which the parser reads back', async () => {
    const sim = createEntraSimulator();
    const codes = allCodes().filter((entry) => entry.prefix === 'AADSTS');
    expect(codes.length).toBeGreaterThan(300);
    for (const { code } of codes) {
      const { status, body, headers } = await scriptedFailure(sim, code);
      expectEntraShape(body, code);
      expect(status).toBe(body.error === 'invalid_client' ? 401 : body.error === 'temporarily_unavailable' ? 503 : 400);
      expect(headers['x-ms-request-id']).toBe(body.trace_id);
      const info = parseAadError(body);
      expect([info?.codes[0], info?.error, info?.correlationId, info?.traceId]).toEqual([code, body.error, body.correlation_id, body.trace_id]);
    }
    expect(sim.pendingScripts).toBe(0);
  });

  it('echoes the client-request-id as the correlation ID', async () => {
    const { body, headers } = await scriptedFailure(createEntraSimulator(), 50076);
    expect(body.correlation_id).toBe('5e1f3b52-0000-4000-8000-00000000abcd');
    expect(headers['client-request-id']).toBe('5e1f3b52-0000-4000-8000-00000000abcd');
  });

  // The latest observation per code in ../shared/reference/observed-responses.tsv (status only where
  // it was recorded, suberror only where the excerpt showed it).
  it.each([
    [70003, 'unsupported_grant_type', null, 400],
    [70016, 'authorization_pending', null, 400],
    [50079, 'invalid_grant', 'basic_action', null],
    [9002313, 'invalid_grant', null, 400],
    [65001, 'invalid_grant', 'consent_required', null],
    [700082, 'invalid_grant', undefined, 400],
    [7000215, 'invalid_client', null, 401],
    [50076, 'invalid_grant', 'basic_action', null],
    [70000, 'invalid_grant', undefined, null],
    [53003, 'invalid_grant', undefined, null],
    [7000218, 'invalid_client', null, null],
    [70011, 'invalid_scope', null, null],
    [70002, 'invalid_grant', null, 400],
  ])('answers %i by default with the error, suberror and status Entra was observed to send', async (code, error, suberror, status) => {
    const { body, status: sent } = await scriptedFailure(createEntraSimulator(), code);
    expect(body.error).toBe(error);
    if (suberror !== undefined) expect(body.suberror ?? null).toBe(suberror);
    if (status !== null) expect(sent).toBe(status);
  });

  it('carries the claims challenge unencoded and lets a test override error, suberror and status', async () => {
    const sim = createEntraSimulator();
    const { body } = await scriptedFailure(sim, 50076, { claims: MFA_CLAIMS });
    expect(body.claims).toBe(MFA_CLAIMS);
    const { body: plain, status } = await scriptedFailure(sim, 50079, { error: 'interaction_required', suberror: null, status: 400, moreCodes: [50076] });
    expect([plain.error, plain.suberror, plain.error_codes, status]).toEqual(['interaction_required', undefined, [50079, 50076], 400]);
  });

  it.each([
    [50076, { claims: MFA_CLAIMS }, 'claims_challenge'],
    [65001, {}, 'consent'],
    [65004, {}, 'fail'],
    [7000215, {}, 'fail'],
    [90033, {}, 'retry'],
  ] as const)('round-trips %i through msal-node and classify to the action the design names', async (code, options, action) => {
    const sim = createEntraSimulator().failNextToken(code, options);
    const error = await rejectionOf(confidentialApp(sim).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }));
    expect(classify(error, { context: 'web_app' })).toMatchObject({ action, code });
  });
});

describe('entraErrorBody', () => {
  it('uses Entra wording with the slots filled, else the catalog summary', () => {
    expect(entraErrorBody(7000215, { slots: { clientId: 'app-1' } }).error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\. .* for a secret added to app 'app-1'\.\r\n/);
    expect(entraErrorBody(50105).error_description).toContain(`AADSTS50105: ${lookupCode(50105)!.summary}\r\n`);
  });

  it('keeps CR and LF of slot values out of the description, so no extra trace lines can be forged', () => {
    const body = entraErrorBody(90002, { slots: { tenant: 'x\r\nTrace ID: forged' } });
    expect(body.error_description.split('\r\n')).toHaveLength(4);
  });

  it('writes the timestamp Entra-style from the given time', () => {
    expect(entraErrorBody(50058, { at: new Date(Date.UTC(2024, 9, 3, 8, 1, 2, 999)) }).timestamp).toBe('2024-10-03 08:01:02Z');
  });
});
