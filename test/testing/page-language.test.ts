import { describe, expect, it } from 'vitest';
import { SIM_TEXTS } from '../../src/testing/page-texts.js';
import { englishRuns } from '../locales/english-words.js';
import { CLIENT_ID, field, listening as listeningWith, REDIRECT_URI, submitPage } from './helpers.js';

// The simulated Entra ID draws its sign-in, permissions and admin-consent pages in the language of
// `ui_locales`, else of Accept-Language, as the real service does; English when neither asks for Japanese.

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
