import { describe, expect, it } from 'vitest';
import { createEntraSimulator, type EntraSimulator } from '../../src/testing/index.js';
import { CLIENT_ID, CLIENT_SECRET, GRAPH_DEFAULT, REDIRECT_URI } from './helpers.js';

async function token(sim: EntraSimulator, form: Record<string, string> = {}): Promise<{ status: number; body: { error?: string; error_codes?: number[] } }> {
  const response = await sim.fetch(`${sim.authority}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: GRAPH_DEFAULT, ...form }),
  });
  return { status: response.status, body: (await response.json()) as { error?: string; error_codes?: number[] } };
}

describe('the script queue', () => {
  it('answers first in, first out, each answer for its number of requests, then lets requests through', async () => {
    const sim = createEntraSimulator().failNextToken(50076, { times: 2 }).failNextToken(65001).throttleNextToken(1);
    expect(sim.pendingScripts).toBe(4);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await token(sim)).body.error_codes?.[0] ?? 'ok');
    expect(answers).toEqual([50076, 50076, 65001, 90055, 'ok']);
    expect(sim.pendingScripts).toBe(0);
  });

  it('leaves token requests of other grant types to the simulator', async () => {
    const sim = createEntraSimulator().failNextToken(50173, { grantType: 'refresh_token' });
    expect((await token(sim)).status).toBe(200);
    expect(sim.pendingScripts).toBe(1);
    const refreshed = await token(sim, { grant_type: 'refresh_token', refresh_token: 'anything' });
    expect(refreshed.body.error_codes).toEqual([50173]);
  });

  it('answers a raw JSON body exactly as given', async () => {
    const sim = createEntraSimulator().answerNextTokenWith({ status: 400, body: { error: 'invalid_request', error_description: 'custom' }, headers: { 'x-test': '1' } });
    const response = await sim.fetch(`${sim.authority}/oauth2/v2.0/token`, { method: 'POST', body: 'grant_type=client_credentials' });
    expect([response.status, response.headers.get('x-test'), await response.json()]).toEqual([400, '1', { error: 'invalid_request', error_description: 'custom' }]);
  });

  it('drops scripted header values that would split the response', async () => {
    const sim = createEntraSimulator().failNextToken(50076, { headers: { 'x-evil': 'a\r\nset-cookie: x=1', 'x-fine': 'ok' } });
    const response = await sim.fetch(`${sim.authority}/oauth2/v2.0/token`, { method: 'POST', body: 'grant_type=client_credentials' });
    expect([response.headers.get('x-evil'), response.headers.get('x-fine'), response.headers.get('set-cookie')]).toEqual([null, 'ok', null]);
  });

  it('logs every request with secrets redacted', async () => {
    const sim = createEntraSimulator().failNextToken(50076);
    await token(sim);
    const [entry] = sim.requests;
    expect(entry).toMatchObject({ via: 'fetch', method: 'POST', endpoint: 'token', tenant: sim.tenantId, grantType: 'client_credentials', status: 400, scripted: true });
    expect(entry!.params['client_secret']).toBe('[redacted]');
    expect(JSON.stringify(sim.requests)).not.toContain(CLIENT_SECRET);
  });

  it('forgets scripts, issued codes and tokens, and the log on reset', async () => {
    const sim = createEntraSimulator().failNextToken(50076);
    const code = sim.issueAuthorizationCode({ clientId: CLIENT_ID, redirectUri: REDIRECT_URI });
    await token(sim, { client_secret: 'x' });
    sim.failNextAuthorize();
    sim.reset();
    expect([sim.pendingScripts, sim.requests.length]).toEqual([0, 0]);
    const redeemed = await token(sim, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    expect(redeemed.body.error_codes).toEqual([70000]);
  });
});
