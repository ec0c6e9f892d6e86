import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeReturnTo, safeReturnTo } from '../../src/express/return-to.js';

describe('isSafeReturnTo', () => {
  it.each([
    '/',
    '/reports',
    '/reports?year=2025&tab=a%20b',
    '/search?q=100%25',
    '/a/b/c#section',
    '/caf%C3%A9',
    '/path//with//doubles',
    '/foo%2Fbar',
  ])('accepts the same-origin path %j', (value) => {
    expect(isSafeReturnTo(value)).toBe(true);
  });

  it.each([
    ['protocol-relative', '//evil.com'],
    ['protocol-relative with path', '//evil.com/login'],
    ['backslash after slash', '/\\evil.com'],
    ['backslash first', '\\\\evil.com'],
    ['backslash anywhere', '/ok/..\\..\\evil'],
    ['scheme without slashes', 'https:evil.com'],
    ['absolute URL', 'https://evil.com/'],
    ['javascript URL', 'javascript:alert(1)'],
    ['data URL', 'data:text/html,<script>alert(1)</script>'],
    ['relative path', 'reports'],
    ['encoded double slash', '/%2F%2Fevil.com'],
    ['encoded slash after slash', '/%2Fevil.com'],
    ['lower-case encoded slash', '/%2fevil.com'],
    ['encoded backslash', '/%5Cevil.com'],
    ['encoded backslash inside', '/a%5Cb'],
    ['double-encoded slash', '/%252F%252Fevil.com'],
    ['triple-encoded slash', '/%25252F%25252Fevil.com'],
    ['tab between slashes', '/\t/evil.com'],
    ['encoded tab between slashes', '/%09/evil.com'],
    ['newline', '/\nevil'],
    ['encoded CR LF', '/%0d%0aSet-Cookie:x=1'],
    ['NUL', '/\u0000'],
    ['DEL', '/\u007f'],
    ['malformed escape hiding slashes', '/%2F%2Fevil.com%'],
    ['still encoded after every decoding round', '/a%252525252541'],
    ['empty', ''],
    ['too long', `/${'a'.repeat(2048)}`],
  ])('rejects %s (%j)', (_label, value) => {
    expect(isSafeReturnTo(value)).toBe(false);
  });

  it.each([undefined, null, 42, {}, ['/'], new String('/')])('rejects the non-string %j', (value) => {
    expect(isSafeReturnTo(value)).toBe(false);
  });
});

describe('safeReturnTo', () => {
  it('returns a safe path unchanged', () => {
    expect(safeReturnTo('/reports?x=1')).toBe('/reports?x=1');
  });

  it('falls back to / or the given fallback for an unsafe one', () => {
    expect(safeReturnTo('//evil.com')).toBe('/');
    expect(safeReturnTo('//evil.com', '/home')).toBe('/home');
  });
});

describe('isSafeReturnTo against the WHATWG URL parser', () => {
  const BASE = 'https://app.contoso.com';
  // Characters that matter to URL parsing, mixed with plain ones, so the generator hits the edges often.
  const piece = fc.constantFrom('/', '\\', '%', '2F', '2f', '5C', '5c', '25', '09', '0a', '0d', '00', ':', '.', '..', '@', '?', '#', 'evil.com', 'a', ' ', '\t', '\n', '\r', '\u0000', '\u007f', 'é', 'https:', 'javascript:');
  const candidate = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

  it('never accepts anything that resolves to another origin', () => {
    fc.assert(
      fc.property(candidate, (value) => {
        if (!isSafeReturnTo(value)) return;
        expect(new URL(value, BASE).origin).toBe(BASE);
        // Nor after the decoding a lenient proxy might apply first.
        let decoded = value;
        try {
          decoded = decodeURIComponent(value);
        } catch {
          return;
        }
        expect(new URL(decoded, BASE).origin).toBe(BASE);
      }),
      { numRuns: 5000 },
    );
  });
});
