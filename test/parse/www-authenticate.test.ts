import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from '../../src/parse-entry.js';
import { decodeClaims, encodeClaims } from '../../src/parse/claims.js';
import { redactSecrets } from '../../src/parse/redact.js';
import { CAE_CLAIMS_B64, GRAPH_CAE_CHALLENGE } from '../fixtures/entra-inputs.js';

describe('parseWwwAuthenticate', () => {
  it('reads a Graph CAE challenge', () => {
    const [bearer] = parseWwwAuthenticate(GRAPH_CAE_CHALLENGE);
    expect(bearer?.scheme).toBe('bearer');
    expect(bearer?.params).toMatchObject({ realm: '', error: 'insufficient_claims', claims: CAE_CLAIMS_B64, client_id: '00000003-0000-0000-c000-000000000000' });
  });

  it('reads several challenges in one value', () => {
    const challenges = parseWwwAuthenticate('Basic realm="x", Bearer error="invalid_token", error_description="The token expired", PoP nonce="abc"');
    expect(challenges.map((c) => c.scheme)).toEqual(['basic', 'bearer', 'pop']);
    expect(challenges[1]?.params['error_description']).toBe('The token expired');
  });

  it('unescapes quoted-pairs and reads unquoted values', () => {
    const [bearer] = parseWwwAuthenticate('Bearer realm="a \\"quoted\\" realm", error=invalid_token');
    expect(bearer?.params).toMatchObject({ realm: 'a "quoted" realm', error: 'invalid_token' });
  });

  it('keeps a param named __proto__ as a plain param', () => {
    const [bearer] = parseWwwAuthenticate('Bearer __proto__="x", error="e"');
    expect(Object.getPrototypeOf(bearer?.params)).toBeNull();
    expect(bearer?.params['error']).toBe('e');
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it.each(['', ',,,', '=====', '"unterminated', 'Bearer error="x'])('never throws on %j', (value) => {
    expect(() => parseWwwAuthenticate(value)).not.toThrow();
  });
});

describe('claims', () => {
  const json = '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}';
  it.each([
    ['JSON text', json],
    ['padded base64', CAE_CLAIMS_B64],
    ['unpadded base64', CAE_CLAIMS_B64.replace(/=+$/, '')],
    ['base64url', Buffer.from(json).toString('base64url')],
  ])('decodes %s', (_label, value) => {
    expect(decodeClaims(value)).toBe(json);
  });

  it.each(['', 'not base64!', Buffer.from('not json').toString('base64'), Buffer.from('[1,2]').toString('base64'), '{}', '{"a":'])('drops %j', (value) => {
    expect(decodeClaims(value)).toBeNull();
  });

  it('encodes to padded standard base64, as Microsoft challenges carry it', () => {
    expect(encodeClaims(json)).toBe('eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwidmFsdWUiOiIxNjA0MTA2NjUxIn19fQ==');
    expect(decodeClaims(encodeClaims(json))).toBe(json);
  });
});

describe('redactSecrets', () => {
  it.each([
    ['client_secret=abc123&x=1', 'client_secret=[redacted]&x=1'],
    ['"refresh_token":"0.AAA-bbb"', '"refresh_token":"[redacted]"'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'Authorization: Bearer [redacted]'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl end', 'token [redacted] end'],
  ])('redacts %j', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves ordinary descriptions alone', () => {
    const text = 'AADSTS50076: you must use multi-factor authentication. Trace ID: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00';
    expect(redactSecrets(text)).toBe(text);
  });
});
