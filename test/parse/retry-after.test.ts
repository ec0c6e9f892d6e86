import { describe, expect, it } from 'vitest';
import { parseRetryAfter, parseRetryAfterMs, retryAfterFromHeaders } from '../../src/parse-entry.js';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('parseRetryAfter', () => {
  it.each([
    ['delay-seconds', '120', 120_000],
    ['zero seconds', '0', 0],
    ['seconds with surrounding spaces', ' 5 ', 5_000],
    ['an IMF-fixdate 30 s ahead', 'Sat, 21 Nov 2026 12:00:30 GMT', 30_000],
    ['an RFC 850 date 10 s ahead', 'Saturday, 21-Nov-26 12:00:10 GMT', 10_000],
    ['an asctime date 1 s ahead', 'Sat Nov 21 12:00:01 2026', 1_000],
    ['a date in the past (clamped to 0)', 'Fri, 20 Nov 2026 12:00:00 GMT', 0],
  ])('accepts %s', (_label, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([
    ['a negative delay', '-5'],
    ['a fraction of seconds', '1.5'],
    ['a day that does not exist', 'Mon, 30 Feb 2026 12:00:00 GMT'],
    ['a lower-case month', 'Sat, 21 nov 2026 12:00:30 GMT'],
    ['an ISO date', '2026-11-21T12:00:30Z'],
    ['a value too long to be a header', '1'.repeat(100)],
    ['an empty value', ''],
    ['undefined', undefined],
  ])('returns undefined for %s', (_label, value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it('reads numbers given where strings are expected as invalid', () => {
    expect(parseRetryAfter(5 as unknown as string, NOW)).toBeUndefined();
  });
});

describe('parseRetryAfterMs', () => {
  it.each([
    ['1500', 1500],
    ['1500.4', 1501],
    ['0', 0],
  ])('reads %s as %s ms', (value, expected) => {
    expect(parseRetryAfterMs(value)).toBe(expected);
  });

  it.each(['-1', 'abc', '1e3', ''])('refuses %j', (value) => {
    expect(parseRetryAfterMs(value)).toBeUndefined();
  });
});

describe('retryAfterFromHeaders', () => {
  it('prefers retry-after-ms, then x-ms-retry-after-ms, then Retry-After', () => {
    expect(retryAfterFromHeaders({ 'retry-after-ms': '250', 'x-ms-retry-after-ms': '500', 'retry-after': '9' }, NOW)).toBe(250);
    expect(retryAfterFromHeaders({ 'x-ms-retry-after-ms': '500', 'retry-after': '9' }, NOW)).toBe(500);
    expect(retryAfterFromHeaders({ 'Retry-After': '9' }, NOW)).toBe(9000);
  });

  it('reads fetch Headers and Node header arrays', () => {
    expect(retryAfterFromHeaders(new Headers({ 'Retry-After': '2' }), NOW)).toBe(2000);
    expect(retryAfterFromHeaders({ 'retry-after': ['3'] }, NOW)).toBe(3000);
  });

  it('returns undefined when the headers are missing, unreadable or hostile', () => {
    expect(retryAfterFromHeaders(undefined, NOW)).toBeUndefined();
    expect(retryAfterFromHeaders({}, NOW)).toBeUndefined();
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    expect(retryAfterFromHeaders(hostile, NOW)).toBeUndefined();
  });
});
