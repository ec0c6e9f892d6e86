import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AadError } from '../../src/errors.js';
import { classify } from '../../src/classify/classify.js';
import { aadErrorHandler } from '../../src/express/handler.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { msalError } from '../fixtures/entra-inputs.js';

describe('an AadError decided for another context', () => {
  it('keeps the wait the wrapper computed when it is re-classified for the request', async () => {
    // What withAadErrors throws for a client-credentials call throttled with Retry-After: 30. msal-node's
    // own error (the cause) carries no header, so classifying the cause again would lose the 30 s.
    const cause = msalError('ServerError', entraErrorBody(90055, { error: 'temporarily_unavailable' }) as unknown as Record<string, unknown>, { status: 429 });
    const daemonDecision = { ...classify(cause, { context: 'daemon' })!, retryAfterMs: 30_000 };
    const app = express();
    app.get('/report', () => {
      throw new AadError(daemonDecision, { cause });
    });
    app.use(aadErrorHandler({ mode: 'web_api', clientId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c' }));
    const response = await request(app).get('/report').set('Accept', 'application/json');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('30');
  });
});
