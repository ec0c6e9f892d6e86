import { describe, expect, it } from 'vitest';
import { AnswerLog, type TokenAnswer } from '../../src/msal/throttling.js';
import { msalThrottleMs } from '../../src/msal/msal-internals.js';

describe('msalThrottleMs', () => {
  it.each([
    [429, '2', 2000],
    [503, '7', 7000],
    [429, undefined, 60_000],
    [500, undefined, 60_000],
    [429, '0', 60_000],
    [429, '-4', 60_000],
    [429, '2.9', 2000],
    [429, 'Wed, 21 Oct 2026 07:28:00 GMT', 60_000],
    [429, '99999', 3_600_000],
    [400, '5', 5000],
    [401, '5', 5000],
    [400, undefined, null],
    [404, undefined, null],
    [200, '5', null],
    [204, undefined, null],
  ] as const)('is what msal-node holds after HTTP %i with Retry-After %j: %j ms', (status, header, expected) => {
    expect(msalThrottleMs(status, header)).toBe(expected);
  });
});

function answer(status: number): TokenAnswer {
  return { at: 0, status, headers: {}, body: null, retryAfterMs: null, msalThrottleMs: null, transportError: null };
}

describe('AnswerLog', () => {
  it('gives an answer once, by correlation ID', () => {
    const log = new AnswerLog();
    log.record('a', answer(429));
    expect(log.take('b')).toBeUndefined();
    expect(log.take('a')?.status).toBe(429);
    expect(log.take('a')).toBeUndefined();
  });

  it('keeps the newest answer for a correlation ID', () => {
    const log = new AnswerLog();
    log.record('a', answer(429));
    log.record('a', answer(503));
    expect(log.take('a')?.status).toBe(503);
  });

  it('drops the oldest unread answers beyond 256', () => {
    const log = new AnswerLog();
    for (let i = 0; i < 300; i++) log.record(`id-${i}`, answer(500));
    expect(log.size).toBe(256);
    expect(log.take('id-0')).toBeUndefined();
    expect(log.take('id-299')).toBeDefined();
  });
});
