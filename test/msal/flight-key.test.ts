import { describe, expect, it } from 'vitest';
import { flightKey } from '../../src/msal/single-flight.js';
import { throttleKey } from '../../src/msal/msal-internals.js';

const ACCOUNT = { homeAccountId: 'oid.tid', environment: 'login.microsoftonline.com', tenantId: 'tid', username: 'adele@contoso.com', idTokenClaims: { name: 'Adele' } };

describe('flightKey', () => {
  it('is the same for scopes in another order, repeated or padded', () => {
    expect(flightKey('m', { scopes: ['b', 'a'] })).toBe(flightKey('m', { scopes: [' a', 'b', 'a'] }));
  });

  it('ignores the correlation ID', () => {
    expect(flightKey('m', { scopes: ['a'], correlationId: '1' })).toBe(flightKey('m', { scopes: ['a'], correlationId: '2' }));
  });

  it.each([
    ['the method', ['m', { scopes: ['a'] }], ['n', { scopes: ['a'] }]],
    ['the authority', ['m', { scopes: ['a'], authority: 'https://login.microsoftonline.com/a' }], ['m', { scopes: ['a'], authority: 'https://login.microsoftonline.com/b' }]],
    ['the claims', ['m', { scopes: ['a'], claims: '{"access_token":{}}' }], ['m', { scopes: ['a'] }]],
    ['the user assertion', ['m', { scopes: ['a'], oboAssertion: 'token-one' }], ['m', { scopes: ['a'], oboAssertion: 'token-two' }]],
    ['the account', ['m', { scopes: ['a'], account: ACCOUNT }], ['m', { scopes: ['a'], account: { ...ACCOUNT, homeAccountId: 'other.tid' } }]],
    ['skipCache', ['m', { scopes: ['a'], skipCache: true }], ['m', { scopes: ['a'] }]],
    ['a field this library does not know', ['m', { scopes: ['a'], futureOption: 1 }], ['m', { scopes: ['a'], futureOption: 2 }]],
  ] as const)('differs when %s differs', (_name, [m1, r1], [m2, r2]) => {
    expect(flightKey(m1, r1)).not.toBe(flightKey(m2, r2));
  });

  it.each([
    ['a separator inside a scope', { scopes: ['a|1.b'] }, { scopes: ['a', 'b'] }],
    ['a value moved between fields', { scopes: ['a'], authority: 'x', claims: undefined }, { scopes: ['a'], claims: 'x' }],
    ['a boolean spelled as a string', { scopes: ['a'], skipCache: true }, { scopes: ['a'], skipCache: 'true' }],
  ])('never lets two different plain requests share a key: %s', (_name, one, two) => {
    expect(flightKey('m', one)).not.toBe(flightKey('m', two));
  });

  it('reads only the identifying fields of an account', () => {
    expect(flightKey('m', { scopes: ['a'], account: ACCOUNT })).toBe(flightKey('m', { scopes: ['a'], account: { ...ACCOUNT, idTokenClaims: { name: 'renamed' } } }));
  });

  it('tells callbacks apart by identity', () => {
    const prompt = (): void => {};
    expect(flightKey('m', { scopes: ['a'], deviceCodeCallback: prompt })).toBe(flightKey('m', { scopes: ['a'], deviceCodeCallback: prompt }));
    expect(flightKey('m', { scopes: ['a'], deviceCodeCallback: prompt })).not.toBe(flightKey('m', { scopes: ['a'], deviceCodeCallback: () => {} }));
  });

  it('never contains an assertion, code or refresh token in readable form', () => {
    const secrets = { oboAssertion: 'eyJhbGciOiJSUzI1NiJ9.secret-assertion', code: '0.AAAA-secret-code', refreshToken: '1.AQ-secret-refresh', clientAssertion: 'eyJ.secret-client-assertion' };
    const key = flightKey('acquireTokenOnBehalfOf', { scopes: ['a'], ...secrets });
    for (const secret of Object.values(secrets)) expect(key).not.toContain(secret.slice(-12));
    expect(key).toBe(flightKey('acquireTokenOnBehalfOf', { scopes: ['a'], ...secrets }));
  });

  it('gives an unreadable request a key of its own instead of throwing', () => {
    const hostile = { scopes: ['a'], get boom(): never { throw new Error('getter'); } };
    const one = flightKey('m', hostile);
    expect(one).not.toBe(flightKey('m', hostile));
  });

  it('survives cycles, bigints and symbols', () => {
    const cyclic: Record<string, unknown> = { scopes: ['a'] };
    cyclic['self'] = cyclic;
    expect(typeof flightKey('m', cyclic)).toBe('string');
    // A request it cannot serialise never shares a flight: each call gets a key of its own.
    expect(flightKey('m', { scopes: ['a'], big: 10n })).not.toBe(flightKey('m', { scopes: ['a'], big: 10n }));
    expect(typeof flightKey('m', { scopes: ['a'], sym: Symbol('x') })).toBe('string');
  });
});

describe('throttleKey', () => {
  it('leaves the user assertion out, as msal-node’s thumbprint does', () => {
    expect(throttleKey({ scopes: ['a'], oboAssertion: 'one' })).toBe(throttleKey({ scopes: ['a'], oboAssertion: 'two' }));
  });

  it('keeps the scope order, as msal-node’s thumbprint does', () => {
    expect(throttleKey({ scopes: ['a', 'b'] })).not.toBe(throttleKey({ scopes: ['b', 'a'] }));
  });

  it('differs by claims and by account', () => {
    expect(throttleKey({ scopes: ['a'], claims: '{}' })).not.toBe(throttleKey({ scopes: ['a'] }));
    expect(throttleKey({ scopes: ['a'], account: ACCOUNT })).not.toBe(throttleKey({ scopes: ['a'] }));
  });

  it('never throws on odd input', () => {
    expect(throttleKey(null)).toBe('invalid');
    expect(throttleKey({ get scopes(): never { throw new Error('x'); } })).toMatch(/^uncomparable#/);
  });
});
