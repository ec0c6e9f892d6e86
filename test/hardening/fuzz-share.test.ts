import express from 'express';
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../scripts/fuzz-harness.mjs';
import * as root from '../../src/index.js';
import * as parsers from '../../src/parse-entry.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { BAD_SECRET_BODY, CONSENT_BODY, EXPIRED_GRANT_BODY, GRAPH_CAE_CHALLENGE, HTML_503, legacyMsalMessage, MFA_BODY, msalError, msalMessage, SIGN_IN_PAGE_BLOCK } from '../fixtures/entra-inputs.js';

// The seeded share of `npm run fuzz` that CI runs every time: the same generators and checks as the
// full 200,000-case run (scripts/fuzz-harness.mjs), against src/ instead of dist/. FUZZ_RUNS and
// FUZZ_SEED change the share; a failure prints the first examples of each kind.

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 5000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20260601);

/** The test fixtures as more seeds to mutate, each a fresh copy. */
const extraSeeds = [
  () => structuredClone(MFA_BODY),
  () => structuredClone(CONSENT_BODY),
  () => structuredClone(BAD_SECRET_BODY),
  () => structuredClone(EXPIRED_GRANT_BODY),
  () => msalError('InteractionRequiredAuthError', MFA_BODY, { status: 400 }),
  () => msalError('ServerError', BAD_SECRET_BODY, { status: 401 }),
  () => msalMessage(CONSENT_BODY),
  () => legacyMsalMessage(EXPIRED_GRANT_BODY),
  () => SIGN_IN_PAGE_BLOCK,
  () => GRAPH_CAE_CHALLENGE,
  () => ({ status: 503, headers: { 'content-type': 'text/html' }, body: HTML_503 }),
];

describe('the seeded fuzz share', () => {
  it(`runs ${RUNS} hostile inputs through parseAadError, classify and aadErrorHandler with no failure`, async () => {
    const lib = { ...root, ...parsers };
    const report = await runFuzz({ lib, entraErrorBody, expressRequest: express.request, runs: RUNS, seed: SEED, extraSeeds, bigStrings: ['x'.repeat(1024 * 1024)] });
    expect(report.examples, 'first failures').toEqual([]);
    expect(report.failures).toEqual({});
    expect(report.pollution).toBe(false);
    expect(report.unhandledRejections).toBe(0);
    expect(report.inputs).toBe(RUNS);
    // The generators reach every kind of answer: a change that made them miss the handler would show here.
    expect(report.entra).toBeGreaterThan(RUNS / 3);
    expect(Object.keys(report.statuses).sort()).toEqual(['302', '401', '403', '500', '503']);
    expect(report.logRecords).toBeGreaterThan(0);
  }, 120_000);
});
