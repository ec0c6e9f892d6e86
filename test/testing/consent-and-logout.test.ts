import { describe, expect, it } from 'vitest';
import { CLIENT_ID, field, listening as listeningWith, REDIRECT_URI, submitPage } from './helpers.js';

const listening = () => listeningWith({ apps: [{ clientId: CLIENT_ID, displayName: 'Contoso Orders', redirectUris: [REDIRECT_URI] }] });

const consentQuery = (scope?: string) => new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, state: 'c-1', ...(scope ? { scope } : {}) });

describe('admin consent', () => {
  it('says what is being approved and redirects back with admin_consent=True, the tenant and the scopes (v2.0)', async () => {
    const { sim, origin } = await listening();
    const response = await fetch(`${sim.browserAuthority}/v2.0/adminconsent?${consentQuery('https://graph.microsoft.com/.default')}`);
    const html = await response.text();
    expect(field(html, 'app')).toBe('Contoso Orders');
    expect(field(html, 'scope')).toBe('https://graph.microsoft.com/.default');
    expect(field(html, 'tenant')).toBe(`contoso.onmicrosoft.com (${sim.tenantId})`);
    const back = new URL((await submitPage(html, origin, { action: 'accept' })).headers.get('location')!);
    expect(Object.fromEntries(back.searchParams)).toEqual({ admin_consent: 'True', tenant: sim.tenantId, scope: 'https://graph.microsoft.com/.default', state: 'c-1' });
  });

  it('uses the app registration permissions and the registered redirect URI on the v1 endpoint', async () => {
    const { sim, origin } = await listening();
    const html = await (await fetch(`${sim.browserAuthority}/adminconsent?client_id=${CLIENT_ID}`)).text();
    expect(field(html, 'scope')).toBe('All permissions configured on the app registration');
    const back = new URL((await submitPage(html, origin, { action: 'accept' })).headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(Object.fromEntries(back.searchParams)).toEqual({ admin_consent: 'True', tenant: sim.tenantId });
  });

  it('redirects back with access_denied and admin_consent=False when the administrator cancels', async () => {
    const { sim, origin } = await listening();
    const html = await (await fetch(`${sim.browserAuthority}/v2.0/adminconsent?${consentQuery('User.Read.All')}`)).text();
    const back = new URL((await submitPage(html, origin, { action: 'cancel' })).headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('admin_consent')).toBe('False');
    expect(back.searchParams.get('error_description')).toMatch(/^AADSTS65004: /);
  });

  it('fails the next admin consent at once when scripted', async () => {
    const { sim } = await listening();
    sim.failNextAdminConsent();
    const response = await fetch(`${sim.browserAuthority}/v2.0/adminconsent?${consentQuery('User.Read.All')}`, { redirect: 'manual' });
    const back = new URL(response.headers.get('location')!);
    expect([back.searchParams.get('error'), back.searchParams.get('state'), back.searchParams.get('admin_consent')]).toEqual(['access_denied', 'c-1', 'False']);
    expect(sim.requests.at(-1)).toMatchObject({ endpoint: 'admin_consent', scripted: true });
  });

  it('refuses an unregistered redirect URI with an AADSTS50011 page', async () => {
    const { sim } = await listening();
    const response = await fetch(`${sim.browserAuthority}/v2.0/adminconsent?client_id=${CLIENT_ID}&redirect_uri=https%3A%2F%2Fevil.example%2F`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(field(await response.text(), 'error_description')).toMatch(/^AADSTS50011: /);
  });
});

describe('logout', () => {
  it('ends the session and returns to post_logout_redirect_uri, so a silent sign-in then needs the user', async () => {
    const { sim, origin } = await listening();
    const authorize = (prompt?: string) =>
      `${sim.browserAuthority}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid', ...(prompt ? { prompt } : {}) })}`;
    const signIn = await submitPage(await (await fetch(authorize())).text(), origin, { action: 'sign_in' });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;

    const logout = await fetch(`${sim.browserAuthority}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent('http://localhost:3000/')}&state=bye`, { redirect: 'manual', headers: { cookie } });
    expect([logout.status, logout.headers.get('location')]).toEqual([302, 'http://localhost:3000/?state=bye']);
    expect(logout.headers.get('set-cookie')).toContain('Max-Age=0');

    const silent = new URL((await fetch(authorize('none'), { redirect: 'manual', headers: { cookie } })).headers.get('location')!);
    expect(silent.searchParams.get('error')).toBe('login_required');
  });

  it('shows a signed-out page without a post-logout redirect URI', async () => {
    const { sim } = await listening();
    const response = await fetch(`${sim.browserAuthority}/oauth2/v2.0/logout`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('You signed out of your account');
  });
});
