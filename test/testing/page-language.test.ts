import { describe, expect, it } from 'vitest';
import { SIM_TEXTS } from '../../src/testing/page-texts.js';
import { englishRuns } from '../locales/english-words.js';
import type { EntraSimulator } from '../../src/testing/index.js';
import { CLIENT_ID, field, listening as listeningWith, REDIRECT_URI, submitPage } from './helpers.js';

// The simulated Entra ID draws its sign-in, permissions, admin-consent and device-login pages in the
// language of `ui_locales`, else of Accept-Language, as the real service does; English when neither asks
// for Japanese.

const listening = () => listeningWith({ apps: [{ clientId: CLIENT_ID, displayName: 'Contoso Orders', redirectUris: [REDIRECT_URI] }] });
const authorizeQuery = (params: Record<string, string> = {}) =>
  new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid User.Read', state: 's-1', ...params });

const htmlLang = (html: string): string | undefined => /<html lang="([^"]+)"/.exec(html)?.[1];
const title = (html: string): string | undefined => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
/** The page's visible text, with the values echoed from the request (data-field) and <pre> blocks left out. */
function uiText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>|<title>[\s\S]*?<\/title>|<pre>[\s\S]*?<\/pre>/g, ' ')
    .replace(/<(\w+)[^>]*data-field="[^"]*"[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&\w+;|&#\d+;/g, ' ');
}

describe('the simulator pages in English and Japanese', () => {
  it('draws the sign-in page in English by default', async () => {
    const { sim } = await listening();
    const html = await (await fetch(`${sim.browserAuthority}/oauth2/v2.0/authorize?${authorizeQuery()}`)).text();
    expect(htmlLang(html)).toBe('en');
    expect(title(html)).toBe('Sign in');
    expect(html).toContain('>Email, phone, or Skype</label>');
  });

  it.each([
    ['ui_locales=ja', { ui_locales: 'ja' }, {}],
    ['ui_locales=ja-JP after an unknown tag', { ui_locales: 'fr-FR ja-JP' }, {}],
    ['Accept-Language: ja-JP', {}, { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' }],
  ])('draws the sign-in page in Japanese for %s', async (_, params, headers) => {
    const { sim } = await listening();
    const html = await (await fetch(`${sim.browserAuthority}/oauth2/v2.0/authorize?${authorizeQuery(params)}`, { headers })).text();
    expect(htmlLang(html)).toBe('ja');
    expect(title(html)).toBe('サインイン');
    expect(html).toContain('>メール、電話、Skype</label>');
    expect(html).toContain('>サインイン</button>');
    expect(html).toContain('>キャンセル</button>');
    expect(field(html, 'app')).toBe('Contoso Orders');
    expect(englishRuns(uiText(html))).toEqual([]);
  });

  it('lets ui_locales override the browser language, as Entra does', async () => {
    const { sim } = await listening();
    const html = await (await fetch(`${sim.browserAuthority}/oauth2/v2.0/authorize?${authorizeQuery({ ui_locales: 'en-US' })}`, { headers: { 'accept-language': 'ja' } })).text();
    expect(title(html)).toBe('Sign in');
  });

  it('titles the consent prompt in Japanese and keeps protocol values as sent', async () => {
    const { sim } = await listening();
    const html = await (await fetch(`${sim.browserAuthority}/oauth2/v2.0/authorize?${authorizeQuery({ prompt: 'consent', login_hint: 'adele@contoso.com' })}`, { headers: { 'accept-language': 'ja' } })).text();
    expect(title(html)).toBe('要求されているアクセス許可');
    expect(field(html, 'prompt')).toBe('consent');
    expect(field(html, 'login_hint')).toBe('adele@contoso.com');
  });

  it('draws the admin-consent page in Japanese, and its form still redirects back with admin_consent=True', async () => {
    const { sim, origin } = await listening();
    const query = new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, state: 'c-1' });
    const html = await (await fetch(`${sim.browserAuthority}/adminconsent?${query}`, { headers: { 'accept-language': 'ja-JP' } })).text();
    expect(htmlLang(html)).toBe('ja');
    expect(title(html)).toBe('要求されているアクセス許可 — 組織の代理として承諾');
    expect(field(html, 'scope')).toBe('アプリの登録で構成されたすべてのアクセス許可');
    expect(html).toContain('>承諾</button>');
    expect(englishRuns(uiText(html))).toEqual([]);
    const back = new URL((await submitPage(html, origin, { action: 'accept' })).headers.get('location')!);
    expect(Object.fromEntries(back.searchParams)).toEqual({ admin_consent: 'True', tenant: sim.tenantId, state: 'c-1' });
  });

  it('answers a page it cannot redirect from in Japanese, with the AADSTS description as Entra sends it', async () => {
    const { sim } = await listening();
    const html = await (await fetch(`${sim.browserAuthority}/oauth2/v2.0/authorize?${authorizeQuery({ redirect_uri: 'https://evil.example/cb' })}`, { headers: { 'accept-language': 'ja' } })).text();
    expect(htmlLang(html)).toBe('ja');
    expect(field(html, 'error')).toBe('申し訳ございませんが、サインイン中に問題が発生しました。');
    expect(field(html, 'error_description')).toMatch(/^AADSTS50011: /);
    expect(html).toContain('<dt>相関 ID</dt>');
  });

  it('says the language in Content-Language as well as <html lang>', async () => {
    const { sim } = await listening();
    const ja = await fetch(`${sim.browserAuthority}/oauth2/v2.0/authorize?${authorizeQuery()}`, { headers: { 'accept-language': 'ja' } });
    const en = await fetch(`${sim.browserAuthority}/oauth2/v2.0/authorize?${authorizeQuery()}`);
    expect([ja.headers.get('content-language'), htmlLang(await ja.text())]).toEqual(['ja', 'ja']);
    expect([en.headers.get('content-language'), htmlLang(await en.text())]).toEqual(['en', 'en']);
  });

  it('has every English text in Japanese, with the same placeholders and no English phrase', () => {
    const keys = Object.keys(SIM_TEXTS.en);
    expect(Object.keys(SIM_TEXTS.ja).sort()).toEqual([...keys].sort());
    const slots = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((match) => match[0]).sort().join();
    const offenders = keys.flatMap((key) => {
      const en = SIM_TEXTS.en[key as keyof typeof SIM_TEXTS.en];
      const ja = SIM_TEXTS.ja[key as keyof typeof SIM_TEXTS.ja];
      return [...(slots(en) === slots(ja) ? [] : [`${key}: placeholders`]), ...englishRuns(ja).map((run) => `${key}: "${run}"`)];
    });
    expect(offenders).toEqual([]);
  });
});

describe('the device-login page in English and Japanese', () => {
  /** Starts a device code flow as an app on a device would, over HTTP; returns what the device shows. */
  async function startDeviceFlow(sim: EntraSimulator): Promise<{ userCode: string; deviceCode: string; uri: string }> {
    const answer = await fetch(`${sim.browserAuthority}/oauth2/v2.0/devicecode`, { method: 'POST', body: new URLSearchParams({ client_id: CLIENT_ID, scope: 'User.Read' }) });
    const body = (await answer.json()) as { user_code: string; device_code: string; verification_uri: string };
    return { userCode: body.user_code, deviceCode: body.device_code, uri: body.verification_uri };
  }

  /** Posts the code form of `html` like a browser: its hidden fields plus what the user typed. */
  async function submitCodeForm(html: string, uri: string, typed: Record<string, string>): Promise<Response> {
    const hiddenFields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [match[1], match[2]]));
    expect(/<form method="post" action="([^"]+)"/.exec(html)?.[1]).toBe('/devicelogin');
    return fetch(new URL('/devicelogin', uri), { method: 'POST', body: new URLSearchParams({ ...hiddenFields, ...typed }) });
  }

  /** The device's next poll of the token endpoint. */
  async function poll(sim: EntraSimulator, deviceCode: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const grant = 'urn:ietf:params:oauth:grant-type:device_code';
    const answer = await fetch(`${sim.browserAuthority}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ client_id: CLIENT_ID, grant_type: grant, device_code: deviceCode }) });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  }

  it('draws the code form in English by default', async () => {
    const { sim } = await listening();
    const { uri } = await startDeviceFlow(sim);
    const answer = await fetch(uri);
    const html = await answer.text();
    expect(answer.headers.get('content-language')).toBe('en');
    expect(htmlLang(html)).toBe('en');
    expect(title(html)).toBe('Enter code');
    expect(html).toContain('>Enter the code displayed on your app or device.</label>');
    expect(html).toContain('>Next</button>');
    expect(html).toContain('>Cancel</button>');
  });

  it.each([
    ['ui_locales=ja', '?ui_locales=ja', {}],
    ['Accept-Language: ja-JP', '', { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' }],
  ])('draws the code form in Japanese for %s', async (_, search, headers) => {
    const { sim } = await listening();
    const { uri } = await startDeviceFlow(sim);
    const answer = await fetch(`${uri}${search}`, { headers });
    const html = await answer.text();
    expect(answer.headers.get('content-language')).toBe('ja');
    expect(htmlLang(html)).toBe('ja');
    expect(title(html)).toBe('コードの入力');
    expect(html).toContain('>アプリまたはデバイスに表示されているコードを入力してください。</label>');
    expect(html).toContain('>次へ</button>');
    expect(html).toContain('>キャンセル</button>');
    expect(englishRuns(uiText(html))).toEqual([]);
  });

  it('answers a wrong code and then the sign-in in the language of the form, and the device gets its tokens', async () => {
    const { sim } = await listening();
    const { userCode, deviceCode, uri } = await startDeviceFlow(sim);
    const form = await (await fetch(`${uri}?ui_locales=ja`)).text();
    // No Accept-Language on the posts: the form itself carries the language it was drawn in.
    const wrong = await submitCodeForm(form, uri, { otc: 'WRONGCODE', action: 'sign_in' });
    const wrongHtml = await wrong.text();
    expect([wrong.status, wrong.headers.get('content-language'), title(wrongHtml)]).toEqual([400, 'ja', 'コードの入力']);
    expect(field(wrongHtml, 'error')).toBe('このコードは無効です。コードを確認して、もう一度お試しください。');
    expect(englishRuns(uiText(wrongHtml))).toEqual([]);
    const right = await submitCodeForm(wrongHtml, uri, { otc: userCode, username: '', action: 'sign_in' });
    const rightHtml = await right.text();
    expect([right.status, right.headers.get('content-language'), htmlLang(rightHtml), title(rightHtml)]).toEqual([200, 'ja', 'ja', 'サインインしました']);
    expect(field(rightHtml, 'result')).toBe('デバイス上のアプリケーションに adele@contoso.onmicrosoft.com としてサインインしました。このウィンドウは閉じてかまいません。');
    const tokens = await poll(sim, deviceCode);
    expect(tokens.status).toBe(200);
    expect(tokens.body['access_token']).toEqual(expect.any(String));
  });

  it('says in Japanese that the sign-in was cancelled, and the device is told it was declined', async () => {
    const { sim } = await listening();
    const { userCode, deviceCode, uri } = await startDeviceFlow(sim);
    const form = await (await fetch(uri, { headers: { 'accept-language': 'ja' } })).text();
    const cancelled = await submitCodeForm(form, uri, { otc: userCode, action: 'cancel' });
    const html = await cancelled.text();
    expect([cancelled.status, cancelled.headers.get('content-language'), title(html)]).toEqual([200, 'ja', 'サインインがキャンセルされました']);
    expect(field(html, 'result')).toBe('デバイスでのサインインを拒否しました。');
    expect(englishRuns(uiText(html))).toEqual([]);
    expect(await poll(sim, deviceCode)).toMatchObject({ status: 400, body: { error: 'authorization_declined' } });
  });

  it('keeps the English result pages as they were, with the user name escaped', async () => {
    const { sim } = await listening();
    const { userCode, uri } = await startDeviceFlow(sim);
    const form = await (await fetch(uri)).text();
    const wrongHtml = await (await submitCodeForm(form, uri, { otc: 'WRONGCODE', action: 'sign_in' })).text();
    expect(field(wrongHtml, 'error')).toBe('That code didn&#39;t work. Check the code and try again.');
    const html = await (await submitCodeForm(form, uri, { otc: userCode, username: 'r&d@contoso.com', action: 'sign_in' })).text();
    expect(title(html)).toBe('You have signed in');
    expect(field(html, 'result')).toBe('You have signed in as r&amp;d@contoso.com to the application on your device. You may now close this window.');
  });
});
