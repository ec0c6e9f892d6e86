import { describe, expect, it } from 'vitest';
import { AadBaseError, AadOptionsError } from '../../src/errors.js';
import { aadNetworkClient } from '../../src/msal/network-client.js';
import { DEFAULT_LIMITS, resolveWrapperOptions } from '../../src/msal/options.js';

describe('resolveWrapperOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveWrapperOptions(undefined, undefined);
    expect(resolved.limits).toEqual({ maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxElapsedMs: 120_000 });
    expect(resolved.limits).toEqual(DEFAULT_LIMITS);
    expect(resolved.singleFlight).toBe(true);
    expect(resolved.context).toBeUndefined();
    expect(resolved.answers).toBeUndefined();
  });

  it('keeps the defaults for retry limits left out or given as undefined', () => {
    expect(resolveWrapperOptions({ retry: { maxAttempts: 2 } }, undefined).limits).toEqual({ ...DEFAULT_LIMITS, maxAttempts: 2 });
    expect(resolveWrapperOptions({ retry: { maxAttempts: undefined } }, undefined).limits).toEqual(DEFAULT_LIMITS);
  });

  it('uses the answer log of a network client it is given over the detected one', () => {
    const network = aadNetworkClient();
    const resolved = resolveWrapperOptions({ networkClient: network }, undefined);
    expect(resolved.answers).toBeDefined();
    expect(resolveWrapperOptions({}, resolved.answers).answers).toBe(resolved.answers);
  });

  it.each([
    [{ retrys: {} }, /unknown option `retrys` \(did you mean `retry`\?\)/],
    [{ onretry: () => {} }, /unknown option `onretry` \(did you mean `onRetry`\?\)/],
    [{ retry: { maxAttempt: 3 } }, /unknown option `retry\.maxAttempt` \(did you mean `retry\.maxAttempts`\?\)/],
    [{ retry: { jitter: 'full' } }, /unknown option `retry\.jitter`\. See /],
  ])('rejects unknown keys and names the closest known one: %j', (options, message) => {
    expect(() => resolveWrapperOptions(options, undefined)).toThrow(message);
  });

  it.each([
    [{ context: 'browser' }, '`context` must be "web_app", "web_api" or "daemon"; received "browser"'],
    [{ retry: { maxAttempts: 0 } }, '`retry.maxAttempts` must be at least 1; received 0'],
    [{ retry: { maxAttempts: 2.5 } }, '`retry.maxAttempts` must be a whole number; received 2.5'],
    [{ retry: { baseDelayMs: '1000' } }, '`retry.baseDelayMs` must be a number; received "1000"'],
    [{ retry: { maxElapsedMs: -1 } }, '`retry.maxElapsedMs` must be 0 or more; received -1'],
    [{ retry: { maxElapsedMs: 3e9 } }, "`retry.maxElapsedMs` must be at most 2147483647 (setTimeout's limit); received 3000000000"],
    [{ retry: 'fast' }, '`retry` must be an object; received "fast"'],
    [{ onRetry: 'log' }, '`onRetry` must be a function; received "log"'],
    [{ logger: { warn: 'yes' } }, '`logger` must be false, or an object with only functions as debug, info, warn and error'],
    [{ networkClient: {} }, '`networkClient` must be a client made by aadNetworkClient()'],
    [{ singleFlight: 'yes' }, '`singleFlight` must be true or false; received "yes"'],
    [{ retry: { baseDelayMs: 5000, maxDelayMs: 1000 } }, '`retry.baseDelayMs` must not exceed `retry.maxDelayMs` (1000); received 5000'],
  ])('rejects %j with a message naming the key and the value', (options, message) => {
    expect(() => resolveWrapperOptions(options, undefined)).toThrow(message);
  });

  it('throws AadOptionsError with a stable code, telling a wrong type from a value out of range and an unknown key', () => {
    const thrown = (options: unknown): unknown => {
      try {
        resolveWrapperOptions(options, undefined);
      } catch (error) {
        return error;
      }
      return expect.unreachable();
    };
    expect(thrown({ context: 1 })).toMatchObject({ name: 'AadOptionsError', code: 'ERR_AAD_OPTIONS', problem: 'type' });
    expect(thrown({ retry: { maxAttempts: 0 } })).toMatchObject({ problem: 'range' });
    expect(thrown({ retry: { baseDelayMs: 5000, maxDelayMs: 10 } })).toMatchObject({ problem: 'range' });
    expect(thrown({ retries: 3 })).toMatchObject({ problem: 'unknown' });
    expect(thrown({ retry: { jitter: 'full' } })).toMatchObject({ problem: 'unknown' });
    expect(thrown({ context: 1 })).toBeInstanceOf(AadOptionsError);
    expect(thrown({ context: 1 })).toBeInstanceOf(AadBaseError);
  });

  it('turns logging off with `logger: false`', () => {
    expect(resolveWrapperOptions({ logger: false }, undefined).logger).toEqual({});
  });

  it('accepts console as a logger', () => {
    expect(resolveWrapperOptions({ logger: console }, undefined).logger).toBe(console);
  });

  it('rejects options that are not an object', () => {
    expect(() => resolveWrapperOptions('fast', undefined)).toThrow(/must be an object/);
  });
});
