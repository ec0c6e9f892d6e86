import { createRequire } from 'node:module';
import { getRequestThumbprint, ThrottlingUtils } from '@azure/msal-common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnswerLog, type TokenAnswer } from '../../src/msal/throttling.js';
import { msalThrottleMs, PAST_END, throttleKey } from '../../src/msal/msal-internals.js';

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

  it('stays bounded when answers are never read, dropping the oldest first', () => {
    const log = new AnswerLog();
    for (let i = 0; i < 20_000; i++) log.record(`id-${i}`, answer(500));
    expect(log.size).toBeGreaterThan(0);
    expect(log.size).toBeLessThan(2_000);
    expect(log.take('id-0')).toBeUndefined();
    expect(log.take('id-19999')).toBeDefined();
  });
});

// The contract test: every piece of msal-node behaviour that src/msal/msal-internals.ts mirrors,
// checked against the msal-common that the installed msal-node is built from. When an msal-node upgrade
// changes one, this fails here instead of a retry silently waiting too little.
describe('msal-internals against the installed msal-node', () => {
  const require = createRequire(import.meta.url);
  const msalNode = require('@azure/msal-node/package.json') as { version: string; dependencies: Record<string, string> };
  const msalCommon = require('@azure/msal-common/package.json') as { version: string };
  const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);

  afterEach(() => void vi.useRealTimers());

  it('is checked against the msal-common msal-node is built from (msal-node 7)', () => {
    expect(msalNode.version).toMatch(/^7\./);
    expect(msalNode.dependencies['@azure/msal-common']).toBe(msalCommon.version);
  });

  it.each([
    [429, '2'], [503, '7'], [429, undefined], [500, undefined], [429, '0'], [429, '-4'], [429, '2.9'],
    [429, 'Wed, 21 Oct 2026 07:28:00 GMT'], [429, '99999'], [400, '5'], [401, '5'], [400, undefined], [404, undefined], [200, '5'], [204, undefined],
  ] as const)('msalThrottleMs(%i, %j) is the window ThrottlingUtils stores', (status, header) => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const response = { status, headers: header === undefined ? {} : { 'retry-after': header }, body: {} };
    const stores = ThrottlingUtils.checkResponseStatus(response) || ThrottlingUtils.checkResponseForRetryAfter(response);
    const expected = stores ? ThrottlingUtils.calculateThrottleTime(Number.parseInt(header ?? '', 10)) - NOW : null;
    expect(msalThrottleMs(status, header)).toBe(expected);
  });

  it('lets a request through PAST_END ms after the stored throttle time, not before', () => {
    const throttleTime = NOW + 2000;
    const cache = { removed: false, getThrottlingCache: () => ({ throttleTime, errorCodes: ['50196'] }), removeItem() { this.removed = true; } };
    vi.useFakeTimers({ now: throttleTime + PAST_END - 1, toFake: ['Date'] });
    expect(() => ThrottlingUtils.preProcess(cache as never, {} as never, 'c')).toThrow();
    vi.setSystemTime(throttleTime + PAST_END);
    expect(() => ThrottlingUtils.preProcess(cache as never, {} as never, 'c')).not.toThrow();
    expect(cache.removed).toBe(true);
  });

  const BASE = { scopes: ['https://graph.microsoft.com/.default'], authority: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47' };
  const VARIANTS: Array<[string, Record<string, unknown>]> = [
    ['authority', { authority: 'https://login.microsoftonline.com/common' }],
    ['scopes', { scopes: ['User.Read'] }],
    ['scope order', { scopes: ['b', 'a'] }],
    ['account', { account: { homeAccountId: 'oid.tid' } }],
    ['claims', { claims: '{"access_token":{"xms_cc":{"values":["cp1"]}}}' }],
    ['authenticationScheme', { authenticationScheme: 'pop' }],
    ['resourceRequestMethod', { resourceRequestMethod: 'GET' }],
    ['resourceRequestUri', { resourceRequestUri: 'https://graph.microsoft.com/v1.0/me' }],
    ['shrClaims', { shrClaims: '{"nonce":"1"}' }],
    ['sshKid', { sshKid: 'kid-1' }],
    ['embeddedClientId', { embeddedClientId: 'broker-client' }],
    ['extraParameters.clientId', { extraParameters: { clientId: 'broker-client' } }],
    ['resource', { resource: 'https://management.azure.com' }],
    ['attributeTokens', { attributeTokens: ['b', 'a'] }],
    ['attributeTokens in another order', { attributeTokens: ['a', 'b'] }],
    ['a user assertion (not in the thumbprint)', { oboAssertion: 'eyJ.assertion' }],
    ['skipCache (not in the thumbprint)', { skipCache: true }],
    ['correlationId (not in the thumbprint)', { correlationId: 'c-1' }],
  ];
  const thumbprint = (request: Record<string, unknown>): string => {
    const account = request['account'] as { homeAccountId?: string } | undefined;
    return JSON.stringify(getRequestThumbprint('client-id', request as never, account?.homeAccountId));
  };

  it.each(VARIANTS.flatMap(([a, one]) => VARIANTS.map(([b, two]) => [a, b, one, two] as const)))(
    'throttleKey tells %s from %s exactly when msal-common does',
    (_a, _b, one, two) => {
      const first = { ...BASE, ...one };
      const second = { ...BASE, ...two };
      expect(throttleKey(first) === throttleKey(second)).toBe(thumbprint(first) === thumbprint(second));
    },
  );
});
