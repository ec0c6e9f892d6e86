import { ChainedTokenCredential, ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import { beforeEach, describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { HTML_503 } from '../fixtures/entra-inputs.js';
import { CLIENT_ID, fakeAuthority, TENANT_ID, tokenEndpoint } from '../fixtures/fake-authority.js';

// Real @azure/identity (Node apps' other identity library) against a nock-faked token endpoint: every
// failure it raises is classified as a daemon would (client credentials, no user).

const SCOPE = 'https://graph.microsoft.com/.default';

function credential(): ClientSecretCredential {
  // No pipeline retries: each test scripts exactly one answer.
  return new ClientSecretCredential(TENANT_ID, CLIENT_ID, 'test-secret-value', { retryOptions: { maxRetries: 0 } });
}

async function failure(answer: () => void): Promise<unknown> {
  answer();
  return credential().getToken(SCOPE).then(
    () => {
      throw new Error('expected getToken to fail');
    },
    (error: unknown) => error,
  );
}

beforeEach(() => fakeAuthority());

describe('classify against real @azure/identity failures', () => {
  it('reads a 401 invalid_client body (bad secret) as fail for the developer', async () => {
    const err = await failure(() => tokenEndpoint().reply(401, entraErrorBody(7000215, { error: 'invalid_client' })));
    // @azure/identity 4 raises AuthenticationRequiredError around the body; the code inside decides.
    expect(classify(err, { context: 'daemon' })).toMatchObject({ action: 'fail', code: 7000215, fixBy: 'developer' });
  });

  it('reads a 400 unauthorized_client body as fail', async () => {
    const err = await failure(() => tokenEndpoint().reply(400, entraErrorBody(700016, { error: 'unauthorized_client' })));
    expect(classify(err, { context: 'daemon' })).toMatchObject({ action: 'fail', code: 700016 });
  });

  it('reads a 400 consent body as an admin fail in a daemon', async () => {
    const err = await failure(() => tokenEndpoint().reply(400, entraErrorBody(65001, { error: 'invalid_grant', suberror: 'consent_required' })));
    expect(classify(err, { context: 'daemon' })).toMatchObject({ action: 'fail', code: 65001, fixBy: 'admin' });
  });

  it('reads a 429 with Retry-After as a wait', async () => {
    const err = await failure(() => tokenEndpoint().reply(429, entraErrorBody(50196, { error: 'temporarily_unavailable' }), { 'Retry-After': '7' }));
    const decision = classify(err, { context: 'daemon' });
    expect(decision, JSON.stringify(err)).toMatchObject({ action: 'retry', retryable: true });
  });

  it('reads an HTML 503 page as a wait', async () => {
    const err = await failure(() => tokenEndpoint().reply(503, HTML_503, { 'Content-Type': 'text/html' }));
    expect(classify(err, { context: 'daemon' }), String(err)).toMatchObject({ action: 'retry' });
  });

  it('reads a reset connection as a wait', async () => {
    // nock 14 needs an Error instance to destroy the request with: a plain `{ code, message }` object
    // never reaches the request, which then never settles (nock/nock#2789).
    const err = await failure(() => tokenEndpoint().replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
    // @azure/identity 4 raises AuthenticationRequiredError around msal-node's network_error.
    expect(err).toMatchObject({ name: 'AuthenticationRequiredError' });
    expect(classify(err, { context: 'daemon' }), String(err)).toMatchObject({ action: 'retry', retryable: true, rule: 'transport' });
    expect(classify(err, { context: 'web_app' })).toMatchObject({ action: 'retry' });
  });

  it("reads ChainedTokenCredential's aggregate error by its Entra failure", async () => {
    tokenEndpoint().reply(401, entraErrorBody(7000222, { error: 'invalid_client' }));
    const chain = new ChainedTokenCredential(credential());
    const err = await chain.getToken(SCOPE).catch((error: unknown) => error);
    expect(classify(err, { context: 'daemon' }), String(err)).toMatchObject({ action: 'fail', code: 7000222 });
  });

  it("reads DefaultAzureCredential's aggregate of unavailable credentials as fail for the developer", async () => {
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('AZURE_') || key.startsWith('IDENTITY_') || key.startsWith('MSI_')) delete process.env[key];
    try {
      const err = await new DefaultAzureCredential({ retryOptions: { maxRetries: 0 } })
        .getToken(SCOPE, { requestOptions: { timeout: 2000 } })
        .catch((error: unknown) => error);
      expect(classify(err), String(err)).toMatchObject({ action: 'fail', fixBy: 'developer' });
    } finally {
      process.env = saved;
    }
  });
});
