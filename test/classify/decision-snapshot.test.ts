import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.js';
import type { Decision } from '../../src/classify/types.js';
import { snapshotInputs } from '../fixtures/snapshot-inputs.js';

// The decisions every pre-issue-9 fixture input got, reviewed difference by difference when the parser
// or the policy changes. Regenerate with UPDATE_DECISION_SNAPSHOT=1 only after reviewing the diff.
const FILE = new URL('../fixtures/decision-snapshot.json', import.meta.url);

function essence(decision: Decision | null): unknown {
  if (!decision) return null;
  const { action, codeId, codes, error, suberror, claims, fixBy, status, retryAfterMs, rule, known, throttledReplay } = decision as Decision & { throttledReplay?: boolean };
  return { action, codeId, codes, error, suberror, claims: claims !== null, fixBy, status, retryAfterMs, rule, known, ...(throttledReplay ? { throttledReplay } : {}) };
}

describe('decision snapshot of the pre-issue-9 fixtures', () => {
  const now = Date.UTC(2026, 10, 21, 9, 0, 0);
  const actual = Object.fromEntries(snapshotInputs().map(([name, input]) => [name, essence(classify(input, { now }))]));
  if (process.env['UPDATE_DECISION_SNAPSHOT'] === '1') writeFileSync(FILE, `${JSON.stringify(actual, null, 1)}\n`);
  const expected = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;

  it('covers the same inputs', () => {
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  });
  it.each(Object.keys(expected))('%s decides as reviewed', (name) => {
    expect(actual[name]).toEqual(expected[name]);
  });
});
