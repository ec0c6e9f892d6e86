import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEntraSimulator } from '../../src/testing/index.js';
import { CLIENT_ID, REDIRECT_URI } from './helpers.js';

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const PATHS = [
  '/common/discovery/instance',
  `/${TENANT}/v2.0/.well-known/openid-configuration`,
  `/${TENANT}/discovery/v2.0/keys`,
  `/${TENANT}/oauth2/v2.0/token`,
  `/${TENANT}/oauth2/v2.0/devicecode`,
  `/${TENANT}/oauth2/v2.0/authorize`,
  `/${TENANT}/oauth2/v2.0/logout`,
  `/${TENANT}/adminconsent`,
  `/${TENANT}/v2.0/adminconsent`,
  `/${TENANT}/login`,
  '/devicelogin',
  '/common/oauth2/v2.0/token',
  '/%E0%A4%A/oauth2/v2.0/token',
];
const NAMES = [
  'client_id', 'redirect_uri', 'response_type', 'response_mode', 'scope', 'state', 'prompt', 'login_hint', 'claims', 'nonce', 'code_challenge',
  'code_challenge_method', 'post_logout_redirect_uri', 'authorization_endpoint', 'grant_type', 'code', 'code_verifier', 'refresh_token', 'assertion',
  'requested_token_use', 'client_secret', 'client_assertion', 'client_assertion_type', 'device_code', 'ticket', 'action', 'username', 'otc', 'client-request-id',
];
const GOOD_VALUES = [CLIENT_ID, REDIRECT_URI, 'code', 'form_post', 'fragment', 'openid profile User.Read', 'none', 'consent', 'client_credentials', 'authorization_code', 'refresh_token', 'device_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'on_behalf_of', 'S256', 'sign_in', 'cancel', 'https://graph.microsoft.com/.default', '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}'];

const value = fc.oneof(fc.constantFrom(...GOOD_VALUES), fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 4000 }));
const params = fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 10 });

describe('the router', () => {
  it('answers any request to any endpoint with an HTTP status and never fails inside', async () => {
    const sim = createEntraSimulator();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'HEAD'), fc.constantFrom(...PATHS), params, params, fc.string({ maxLength: 100 }), async (method, path, query, form, cookie) => {
        const url = new URL(`https://${sim.host}${path}`);
        for (const [name, text] of Object.entries(query)) url.searchParams.set(name, text);
        const body = method === 'GET' || method === 'HEAD' ? null : new URLSearchParams(form);
        const response = await sim.fetch(url, { method, body, headers: { cookie: cookie.replace(/[^\x20-\x7e]/g, '') } });
        expect(response.status).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(600);
        const location = response.headers.get('location');
        if (location !== null) expect(new URL(location).protocol).toMatch(/^https?:$/);
        await response.arrayBuffer();
      }),
      { numRuns: 600 },
    );
    // AADSTS50000 with server_error is the simulator's own failure answer: it must never be needed.
    expect(sim.requests.filter((request) => request.error === 'server_error')).toEqual([]);
    expect(sim.requests.length).toBeGreaterThan(0);
  });

  it('answers a failing clock with a 500 server_error instead of throwing', async () => {
    const sim = createEntraSimulator({
      now: () => {
        throw new Error('clock broke');
      },
    });
    const response = await sim.fetch(`${sim.authority}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(500);
  });
});
