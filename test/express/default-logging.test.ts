import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { BAD_SECRET_BODY, EXPIRED_GRANT_BODY, MFA_BODY } from '../fixtures/entra-inputs.js';
import { fakeAuthority } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, EXPRESS_VERSIONS, recordingLogger, tokenFails } from './helpers.js';

// Issue 12: an app built from the quick start (no `logger`) says one line when it answers a failure an
// admin or developer must look at, and nothing on the console for the redirects that are its everyday
// work. The test installs its own spies on console.error and console.warn and removes them after.

let errors: MockInstance<typeof console.error>;
let warnings: MockInstance<typeof console.warn>;

beforeEach(() => {
  fakeAuthority();
  errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  errors.mockRestore();
  warnings.mockRestore();
});

const lines = (spy: MockInstance<(...args: unknown[]) => void>): string[] => spy.mock.calls.map((call) => call.map(String).join(' '));

describe.each(EXPRESS_VERSIONS)('default logging on %s', (_name, express, forwardsAsync) => {
  const build = (handler = {}) => createApp(express, forwardsAsync, { handler: { scopes: ['User.Read'], ...handler } });

  it('logs one line with the code, status, who fixes it and the correlation ID for a configuration failure', async () => {
    const { app } = build();
    const sent = tokenFails(401, BAD_SECRET_BODY);
    await request(app).get('/token/client_credentials').set('Accept', 'application/json').expect(500);

    expect(lines(errors)).toHaveLength(1);
    const [line] = lines(errors);
    expect(line).toMatch(/^aad-error-handler: Entra ID failure: fail \(AADSTS7000215\) status=500 fixBy=developer /);
    expect(line).toContain(`correlationId=${String(sent.correlationId)}`);
    expect(line).not.toMatch(/[\r\n]/);
    // Never the upstream description (it names the app and the secret's kind) or any token text.
    expect(line).not.toContain('Invalid client secret');
    expect(line).not.toContain('test-secret-value');
    expect(warnings).not.toHaveBeenCalled();
  });

  it('logs a throttled answer (503) once as a warning', async () => {
    const { app } = build();
    tokenFails(429, entraErrorBody(90055, { error: 'temporarily_unavailable' }), { 'Retry-After': '7' });
    await request(app).get('/token/client_credentials').set('Accept', 'application/json').expect(503);

    expect(lines(warnings)).toEqual([expect.stringMatching(/^aad-error-handler: Entra ID failure: retry \(AADSTS90055\) status=503 /)]);
    expect(errors).not.toHaveBeenCalled();
  });

  it.each([
    ['a sign-in redirect (expired grant)', EXPIRED_GRANT_BODY, 302],
    ['a claims challenge redirect (MFA)', MFA_BODY, 302],
  ] as const)('keeps %s off the console', async (_what, body, status) => {
    const { app } = build();
    tokenFails(400, body);
    await request(app).get('/token/refresh_token').set('Accept', BROWSER).expect(status);

    expect(errors).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
  });

  it('logs nothing at all with `logger: false`', async () => {
    const { app } = build({ logger: false });
    tokenFails(401, BAD_SECRET_BODY);
    await request(app).get('/token/client_credentials').set('Accept', 'application/json').expect(500);

    expect(errors).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
  });

  it('gives every record to a logger that is given, and nothing to the console', async () => {
    const logger = recordingLogger();
    const { app } = build({ logger });
    tokenFails(401, BAD_SECRET_BODY);
    await request(app).get('/token/client_credentials').set('Accept', 'application/json').expect(500);

    expect(logger.records).toMatchObject([{ level: 'error', record: { codeId: 'AADSTS7000215', action: 'fail', status: 500 } }]);
    expect(errors).not.toHaveBeenCalled();
  });
});
