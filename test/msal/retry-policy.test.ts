import { describe, expect, it } from 'vitest';
import { planRetry, type RetryInput, type RetryLimits } from '../../src/msal/retry.js';

const LIMITS: RetryLimits = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxElapsedMs: 120_000 };

function input(overrides: Partial<RetryInput> & { retryAfterMs?: number | null; action?: RetryInput['decision']['action'] } = {}): RetryInput {
  const { retryAfterMs = null, action = 'retry', ...rest } = overrides;
  return { decision: { action, retryAfterMs }, attempt: 1, elapsedMs: 0, throttleRemainingMs: 0, random: 0.5, ...rest };
}

describe('planRetry', () => {
  it.each(['reauthenticate', 'consent', 'claims_challenge', 'fail'] as const)('never retries a %s decision', (action) => {
    expect(planRetry(input({ action }), LIMITS)).toEqual({ retry: false, reason: 'not_retryable', delayMs: 0 });
  });

  it('waits the jittered backoff when nothing else is known', () => {
    expect(planRetry(input({ attempt: 2, random: 0.25 }), LIMITS)).toEqual({ retry: true, delayMs: 500 });
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(planRetry(input({ retryAfterMs: 2000 }), LIMITS)).toEqual({ retry: true, delayMs: 2000 });
  });

  it('keeps the backoff when it is longer than Retry-After', () => {
    expect(planRetry(input({ attempt: 3, random: 0.9, retryAfterMs: 1000 }), LIMITS)).toEqual({ retry: true, delayMs: 3600 });
  });

  it("waits out msal-node's throttle window even when the server asked for less", () => {
    expect(planRetry(input({ retryAfterMs: 2000, throttleRemainingMs: 60_001 }), LIMITS)).toEqual({ retry: true, delayMs: 60_001 });
  });

  it('does not cap a server-sent wait at maxDelayMs', () => {
    expect(planRetry(input({ retryAfterMs: 45_000 }), LIMITS)).toEqual({ retry: true, delayMs: 45_000 });
  });

  it('rounds fractional waits up, never down', () => {
    expect(planRetry(input({ retryAfterMs: 1500.2 }), LIMITS)).toEqual({ retry: true, delayMs: 1501 });
  });

  it('gives up once maxAttempts attempts have failed', () => {
    expect(planRetry(input({ attempt: 4 }), LIMITS)).toMatchObject({ retry: false, reason: 'attempts' });
    expect(planRetry(input({ attempt: 3 }), LIMITS)).toMatchObject({ retry: true });
  });

  it('never retries with maxAttempts 1', () => {
    expect(planRetry(input(), { ...LIMITS, maxAttempts: 1 })).toMatchObject({ retry: false, reason: 'attempts' });
  });

  it('refuses at once a wait that would end at or after maxElapsedMs', () => {
    expect(planRetry(input({ elapsedMs: 100_000, retryAfterMs: 20_000 }), LIMITS)).toEqual({ retry: false, reason: 'elapsed', delayMs: 20_000 });
    expect(planRetry(input({ elapsedMs: 100_000, retryAfterMs: 19_999 }), LIMITS)).toEqual({ retry: true, delayMs: 19_999 });
  });

  it('refuses a Retry-After of an hour under the default bound', () => {
    expect(planRetry(input({ retryAfterMs: 3_600_000 }), LIMITS)).toMatchObject({ retry: false, reason: 'elapsed' });
  });

  it('treats negative server waits and windows as none', () => {
    expect(planRetry(input({ retryAfterMs: -5000, throttleRemainingMs: -10, random: 0 }), LIMITS)).toEqual({ retry: true, delayMs: 0 });
  });
});
