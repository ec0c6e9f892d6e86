import type { AuthorizationUrlRequest } from '@azure/msal-node';
import { beforeEach, describe, expect, it } from 'vitest';
import { AadOptionsError } from '../../src/errors.js';
import { fromQuery, toQuery } from '../../src/express/sign-in.js';
import { signInRequestFromQuery, type SignInRequest, type SignInRequestDefaults } from '../../src/express/sign-in.js';
import { createSignInState, decodeSignInState } from '../../src/express/sign-in.js';
import { CA_CLAIMS, CAE_CLAIMS_B64 } from '../fixtures/entra-inputs.js';
import { AUTHORITY, fakeAuthority } from '../fixtures/fake-authority.js';
import { newMsal, REDIRECT_URI } from './helpers.js';

const DEFAULTS: SignInRequestDefaults = { redirectUri: REDIRECT_URI, scopes: ['User.Read'] };

function fromUrl(url: string, defaults: SignInRequestDefaults = DEFAULTS): SignInRequest {
  return signInRequestFromQuery({ url, headers: {}, session: {} } as never, defaults);
}

describe('signInRequestFromQuery', () => {
  it('turns the query the handler wrote back into an msal-node request', () => {
    const query = toQuery({ returnTo: '/reports?x=1', prompt: 'consent', claims: CA_CLAIMS, scopes: ['User.Read'], loginHint: 'adele@contoso.com', domainHint: 'organizations' });
    const request = fromUrl(`/auth/signin?${query}`);
    expect(request).toMatchObject({ scopes: ['User.Read'], redirectUri: REDIRECT_URI, prompt: 'consent', claims: CA_CLAIMS, loginHint: 'adele@contoso.com', domainHint: 'organizations' });
    expect(decodeSignInState(request.state)?.returnTo).toBe('/reports?x=1');
  });

  it('reads Express-style originalUrl before url, so mounted routers keep their query', () => {
    const request = signInRequestFromQuery({ url: '/signin', originalUrl: '/auth/signin?prompt=login', headers: {}, session: {} } as never, DEFAULTS);
    expect(request.prompt).toBe('login');
  });

  it('accepts claims as JSON text, base64 or base64url', () => {
    expect(JSON.parse(fromUrl(`/s?claims=${encodeURIComponent(CA_CLAIMS)}`).claims!)).toEqual(JSON.parse(CA_CLAIMS));
    expect(JSON.parse(fromUrl(`/s?claims=${encodeURIComponent(CAE_CLAIMS_B64)}`).claims!)).toEqual({ access_token: { nbf: { essential: true, value: '1604106651' } } });
    expect(fromUrl(`/s?claims=${Buffer.from(CA_CLAIMS).toString('base64url')}`).claims).toBeDefined();
  });

  it.each([
    ['claims that are not a JSON object', 'claims=%5B1%2C2%5D', 'claims'],
    ['claims that are not JSON', 'claims=hello', 'claims'],
    ['an unknown prompt', 'prompt=none', 'prompt'],
    ['a prompt with a header injection', 'prompt=login%0d%0aX:1', 'prompt'],
    ['a login_hint with spaces', 'login_hint=a%20b', 'loginHint'],
    ['a login_hint with CR LF', 'login_hint=a%0d%0ab', 'loginHint'],
    ['a domain_hint naming a federated domain', 'domain_hint=evil.com', 'domainHint'],
  ] as const)('drops %s', (_label, query, field) => {
    expect(fromUrl(`/s?${query}`)).not.toHaveProperty(field);
  });

  it('keeps only the default scopes unless more are allowed', () => {
    expect(fromUrl('/s?scopes=Mail.ReadWrite%20User.Read').scopes).toEqual(['User.Read']);
    expect(fromUrl('/s?scopes=Mail.Read%20Files.Read', { ...DEFAULTS, allowedScopes: ['Mail.Read'] }).scopes).toEqual(['User.Read', 'Mail.Read']);
    expect(fromUrl('/s?scopes=Mail.Read%20Files.Read', { ...DEFAULTS, allowedScopes: 'any' }).scopes).toEqual(['User.Read', 'Mail.Read', 'Files.Read']);
  });

  it('drops malformed scopes even when any scope is allowed', () => {
    expect(fromUrl('/s?scopes=%22quoted%22%20back%5Cslash%20ok', { ...DEFAULTS, allowedScopes: 'any' }).scopes).toEqual(['User.Read', 'ok']);
  });

  it('allows more domain hints when listed', () => {
    expect(fromUrl('/s?domain_hint=Contoso.com', { ...DEFAULTS, allowedDomainHints: ['contoso.com'] }).domainHint).toBe('contoso.com');
  });

  it.each(['//evil.com', '/\\evil.com', 'https:evil.com', '/%2F%2Fevil.com', 'https://evil.com'])('returns to / instead of %j', (returnTo) => {
    const request = fromUrl(`/s?returnTo=${encodeURIComponent(returnTo)}`);
    expect(decodeSignInState(request.state)?.returnTo).toBe('/');
  });

  it('makes a fresh state for every request', () => {
    expect(fromUrl('/s').state).not.toBe(fromUrl('/s').state);
  });

  it('throws AadOptionsError naming `redirectUri` when it is missing or not a URL', () => {
    expect(() => fromUrl('/s', { redirectUri: 'not a url' })).toThrow(AadOptionsError);
    expect(() => fromUrl('/s', {} as SignInRequestDefaults)).toThrow(/`redirectUri`/);
  });

  it('ignores repeated parameters beyond the first', () => {
    expect(fromQuery(new URLSearchParams('prompt=consent&prompt=login'), { allowedScopes: 'any', allowedDomainHints: new Set() }).prompt).toBe('consent');
  });
});

describe('decodeSignInState', () => {
  it('reads back what createSignInState wrote', () => {
    const { state, nonce } = createSignInState('/x');
    expect(decodeSignInState(state)).toEqual({ returnTo: '/x', nonce });
  });

  it.each([undefined, '', 'not base64url!', Buffer.from('{"v":2,"r":"/","n":"abcdefghijklmnop"}').toString('base64url'), Buffer.from('[1]').toString('base64url'), 'a'.repeat(5000)])(
    'returns undefined for a state it did not make (%j)',
    (state) => {
      expect(decodeSignInState(state)).toBeUndefined();
    },
  );

  it('turns an unsafe returnTo written into a forged state into /', () => {
    const forged = Buffer.from(JSON.stringify({ v: 1, r: '//evil.com', n: 'abcdefghijklmnopqrstuv' })).toString('base64url');
    expect(decodeSignInState(forged)?.returnTo).toBe('/');
  });
});

describe('signInRequestFromQuery with real msal-node', () => {
  beforeEach(() => fakeAuthority());

  it('is accepted by getAuthCodeUrl as an AuthorizationUrlRequest, claims and state included', async () => {
    const request: AuthorizationUrlRequest = fromUrl(`/s?${toQuery({ returnTo: '/r', claims: CA_CLAIMS, prompt: 'login', scopes: [] })}`);
    const url = new URL(await newMsal().getAuthCodeUrl(request));
    expect(`${url.origin}${url.pathname}`).toBe(`${AUTHORITY}/oauth2/v2.0/authorize`);
    expect(url.searchParams.get('prompt')).toBe('login');
    expect(JSON.parse(url.searchParams.get('claims')!)).toMatchObject(JSON.parse(CA_CLAIMS));
    expect(decodeSignInState(url.searchParams.get('state'))?.returnTo).toBe('/r');
  });
});
