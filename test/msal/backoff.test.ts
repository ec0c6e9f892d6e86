import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/msal/retry.js';

describe('backoffDelay', () => {
  it.each([
    // attempt, base, cap, random, expected
    [1, 1000, 30_000, 0, 0],
    [1, 1000, 30_000, 0.5, 500],
    [2, 1000, 30_000, 0.5, 1000],
    [3, 1000, 30_000, 0.5, 2000],
    [4, 1000, 30_000, 0.999, 7992],
    [6, 1000, 30_000, 0.5, 15_000],
    [7, 1000, 30_000, 0.5, 15_000],
    [50, 1000, 30_000, 0.5, 15_000],
    [2000, 1000, 30_000, 0.5, 15_000],
  ])('waits a random share of min(cap, base × 2^(n-1)): attempt %i, base %i, cap %i, random %f → %i ms', (attempt, base, cap, random, expected) => {
    expect(backoffDelay(attempt, base, cap, random)).toBe(expected);
  });

  it.each([
    ['a NaN random', 2, 1000, 30_000, Number.NaN, 0],
    ['a negative random', 2, 1000, 30_000, -3, 0],
    ['a random above 1', 2, 1000, 30_000, 7, 2000],
    ['attempt 0', 0, 1000, 30_000, 0.5, 500],
    ['a fractional attempt', 2.9, 1000, 30_000, 0.5, 1000],
    ['a zero base', 3, 0, 30_000, 0.5, 0],
  ])('stays inside its bounds for %s', (_name, attempt, base, cap, random, expected) => {
    expect(backoffDelay(attempt, base, cap, random)).toBe(expected);
  });

  it('is always a whole number between 0 and the capped ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 600_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, base, cap, random) => {
        const delay = backoffDelay(attempt, base, cap, random);
        const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
        return Number.isInteger(delay) && delay >= 0 && delay <= ceiling;
      }),
    );
  });

  it('gives the same delay for the same inputs', () => {
    expect(backoffDelay(3, 1000, 30_000, 0.37)).toBe(backoffDelay(3, 1000, 30_000, 0.37));
  });
});
