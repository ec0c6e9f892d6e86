import { describe, expect, it } from 'vitest';
import { createEntraSimulator, type EntraSimulator } from '../../src/testing/index.js';
import { CLIENT_ID, confidentialApp, field, GUID, MFA_CLAIMS, REDIRECT_URI, submitPage, listening } from './helpers.js';

function authorizeUrl(sim: EntraSimulator, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid profile User.Read', state: 's-1', ...params });
  return `${sim.browserAuthority}/oauth2/v2.0/authorize?${query}`;
}

function redirectOf(response: Response): URL {
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

describe('the sign-in page', () => {
  it('shows the scopes, prompt, login hint and the decoded claims it received, escaped', async () => {
    const { sim } = await listening();
    const url = await confidentialApp(sim).getAuthCodeUrl({
      scopes: ['User.Read'],
      redirectUri: REDIRECT_URI,
      prompt: 'consent',
      loginHint: '<script>alert(1)</script>@contoso.com',
      claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"},"x":{"value":"</pre><img src=x onerror=alert(1)>"}}}',
    });
    const response = await fetch(url);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(field(html, 'scope')).toBe('User.Read openid profile offline_access');
    expect(field(html, 'prompt')).toBe('consent');
    expect(field(html, 'login_hint')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;@contoso.com');
    expect(field(html, 'claims')).toContain('&quot;acrs&quot;: {\n      &quot;essential&quot;: true,\n      &quot;value&quot;: &quot;c1&quot;');
    expect(field(html, 'claims')).toContain('&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|<img/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('answers without sockets through sim.fetch when the simulator is not listening', async () => {
    const sim = createEntraSimulator();
    const url = await confidentialApp(sim).getAuthCodeUrl({ scopes: ['User.Read'], redirectUri: REDIRECT_URI, claims: MFA_CLAIMS });
    expect(url.startsWith(`https://${sim.host}/`)).toBe(true);
    const html = await (await sim.fetch(url)).text();
    expect(field(html, 'claims')).toContain('&quot;value&quot;: &quot;c1&quot;');
  });

  it('sends the browser back with error=access_denied and AADSTS65004 when scripted', async () => {
    const { sim } = await listening();
    sim.failNextAuthorize({ error: 'access_denied', code: 65004 });
    const back = redirectOf(await fetch(authorizeUrl(sim), { redirect: 'manual' }));
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toMatch(/^AADSTS65004: User declined to consent to access the app\.\r\nTrace ID: .+\r\nCorrelation ID: .+\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(back.searchParams.get('error_uri')).toBe('https://login.microsoftonline.com/error?code=65004');
    expect(back.searchParams.get('state')).toBe('s-1');
    expect(sim.requests.at(-1)).toMatchObject({ endpoint: 'authorize', status: 302, error: 'access_denied', errorCodes: [65004], scripted: true });
  });

  it('derives the redirect error from the code when only the code is scripted', async () => {
    const { sim } = await listening();
    sim.failNextAuthorize({ code: 50076 }).failNextAuthorize({ code: 65001 }).failNextAuthorize({ code: 53003 });
    const errors = [];
    for (let i = 0; i < 3; i++) errors.push(redirectOf(await fetch(authorizeUrl(sim), { redirect: 'manual' })).searchParams.get('error'));
    expect(errors).toEqual(['interaction_required', 'consent_required', 'access_denied']);
  });

  it('shows the page first and fails when it is submitted, with showPage', async () => {
    const { sim, origin } = await listening();
    sim.failNextAuthorize({ code: 50105, showPage: true });
    const html = await (await fetch(authorizeUrl(sim))).text();
    const back = redirectOf(await submitPage(html, origin, { action: 'sign_in' }));
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toMatch(/^AADSTS50105: /);
  });

  it('answers Cancel with access_denied, AADSTS65004 and error_subcode=cancel', async () => {
    const { sim, origin } = await listening();
    const back = redirectOf(await submitPage(await (await fetch(authorizeUrl(sim))).text(), origin, { action: 'cancel' }));
    expect([back.searchParams.get('error'), back.searchParams.get('error_subcode')]).toEqual(['access_denied', 'cancel']);
    expect(back.searchParams.get('error_description')).toMatch(/^AADSTS65004: /);
  });

  it('accepts a page once: a second submission gets an error page', async () => {
    const { sim, origin } = await listening();
    const html = await (await fetch(authorizeUrl(sim))).text();
    await submitPage(html, origin, { action: 'sign_in' });
    const again = await submitPage(html, origin, { action: 'sign_in' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('AADSTS90100: The sign-in page expired or was already submitted.');
  });

  it('answers prompt=none with login_required (AADSTS50058) without a session, and with a code once the browser has signed in', async () => {
    const { sim, origin } = await listening();
    const silent = redirectOf(await fetch(authorizeUrl(sim, { prompt: 'none' }), { redirect: 'manual' }));
    expect(silent.searchParams.get('error')).toBe('login_required');
    expect(silent.searchParams.get('error_description')).toMatch(/^AADSTS50058: /);

    const signIn = await submitPage(await (await fetch(authorizeUrl(sim))).text(), origin, { action: 'sign_in' });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(signIn.headers.get('set-cookie')).toContain('HttpOnly; SameSite=Lax');
    const withSession = redirectOf(await fetch(authorizeUrl(sim, { prompt: 'none' }), { redirect: 'manual', headers: { cookie } }));
    expect(withSession.searchParams.get('code')).toBeTruthy();
  });

  it('posts the code back to the app with response_mode=form_post', async () => {
    const { sim, origin } = await listening();
    const html = await (await fetch(authorizeUrl(sim, { response_mode: 'form_post' }))).text();
    const answer = await submitPage(html, origin, { action: 'sign_in' });
    const page = await answer.text();
    expect(answer.status).toBe(200);
    expect(page).toContain(`<form method="post" action="${REDIRECT_URI}" id="return">`);
    expect(page).toMatch(/<input type="hidden" name="code" value="1\.A[\w-]+">/);
    expect(page).toContain('<input type="hidden" name="state" value="s-1">');
    const nonce = /script-src 'nonce-([^']+)'/.exec(answer.headers.get('content-security-policy')!)![1];
    expect(page).toContain(`<script nonce="${nonce}">`);
  });

  it('puts the answer in the fragment with response_mode=fragment', async () => {
    const { sim, origin } = await listening();
    const back = redirectOf(await submitPage(await (await fetch(authorizeUrl(sim, { response_mode: 'fragment' }))).text(), origin, { action: 'sign_in' }));
    expect(back.search).toBe('');
    expect(new URLSearchParams(back.hash.slice(1)).get('state')).toBe('s-1');
  });

  it.each([
    ['an unregistered redirect URI', { redirect_uri: 'http://localhost:3000/elsewhere' }, 50011],
    ['a javascript: redirect URI', { redirect_uri: 'javascript:alert(1)' }, 50011],
    ['an unknown app', { client_id: 'unknown-app' }, 700016],
    ['no client_id', { client_id: '' }, 900144],
  ])('shows an error page, not a redirect, for %s', async (_, params, code) => {
    const { sim } = await listening({ apps: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI] }] });
    const response = await fetch(authorizeUrl(sim, params), { redirect: 'manual' });
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(field(html, 'error_description')).toMatch(new RegExp(`^AADSTS${code}: `));
    expect(field(html, 'correlation_id')).toMatch(GUID);
    expect(html).not.toMatch(/(?:href|action|location)="?javascript:/i);
    expect(response.headers.get('location')).toBeNull();
  });

  it('answers an unknown tenant with an AADSTS90002 error page', async () => {
    const { origin } = await listening();
    const html = await (await fetch(`${origin}/fabrikam.com/oauth2/v2.0/authorize?client_id=${CLIENT_ID}`)).text();
    expect(field(html, 'error_description')).toMatch(/^AADSTS90002: Tenant &#39;fabrikam.com&#39; not found/);
  });
});
