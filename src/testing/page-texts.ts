import { escapeHtml } from '../escape-html.js';
import { negotiateLanguage } from '../express/language.js';
import type { Exchange } from './exchange.js';

// The simulator's own pages (sign-in, permissions, admin consent, sign-out, device login, its error
// page) in English and Japanese. Real Entra ID draws its sign-in UI in the language of `ui_locales` on
// the authorize request, else the browser's Accept-Language; the simulator follows the same rule. Only
// the UI changes: parameter names, codes and the AADSTS description (English on the real service too)
// stay.

/** A language the simulator's pages are drawn in. */
export type SimLang = 'en' | 'ja';

/** Every text of the simulator's pages, in English. The keys are what the Japanese table must have. */
const EN = {
  banner: 'Simulated Microsoft Entra ID · tenant {tenant}',
  'signIn.title': 'Sign in',
  'signIn.lead': 'Sign in to continue to {app}.',
  'signIn.scopes': 'Scopes requested',
  'signIn.prompt': 'Prompt',
  'signIn.loginHint': 'Login hint',
  'signIn.domainHint': 'Domain hint',
  'signIn.claims': 'Claims requested',
  redirectUri: 'Redirect URI',
  'signIn.username': 'Email, phone, or Skype',
  'signIn.submit': 'Sign in',
  cancel: 'Cancel',
  'consent.title': 'Permissions requested',
  'admin.title': 'Permissions requested — Accept for your organization',
  'admin.lead': '{app} asks for permissions that only an administrator can grant.',
  'admin.clientId': 'Application (client) ID',
  'admin.permissions': 'Permissions',
  'admin.allPermissions': 'All permissions configured on the app registration',
  'admin.organization': 'Organization',
  'admin.effect': 'Accepting grants these permissions on behalf of every user in the organization.',
  'admin.accept': 'Accept',
  'signOut.title': 'You signed out of your account',
  'signOut.message': "It's a good idea to close all browser windows.",
  'error.title': 'Sign in',
  'error.lead': "Sorry, but we're having trouble signing you in.",
  'error.requestId': 'Request Id',
  'error.correlationId': 'Correlation Id',
  'error.timestamp': 'Timestamp',
  none: '(none)',
  'device.title': 'Enter code',
  'device.lead': 'Enter the code displayed on your app or device.',
  'device.username': 'Sign in as',
  'device.next': 'Next',
  'device.invalidCode': "That code didn't work. Check the code and try again.",
  'device.cancelledTitle': 'Sign-in cancelled',
  'device.cancelled': 'You have declined the sign-in on your device.',
  'device.signedInTitle': 'You have signed in',
  'device.signedIn': 'You have signed in as {user} to the application on your device. You may now close this window.',
} as const;

export type SimTextKey = keyof typeof EN;
export type SimTexts = Readonly<Record<SimTextKey, string>>;

// The words of Entra ID's own Japanese sign-in pages (サインイン, 要求されているアクセス許可, 承諾, 相関 ID …).
const JA: SimTexts = {
  banner: 'シミュレートされた Microsoft Entra ID · テナント {tenant}',
  'signIn.title': 'サインイン',
  'signIn.lead': '{app} に進むにはサインインしてください。',
  'signIn.scopes': '要求されたスコープ',
  'signIn.prompt': 'プロンプト (prompt)',
  'signIn.loginHint': 'ログイン ヒント (login_hint)',
  'signIn.domainHint': 'ドメイン ヒント (domain_hint)',
  'signIn.claims': '要求されたクレーム (claims)',
  redirectUri: 'リダイレクト URI',
  'signIn.username': 'メール、電話、Skype',
  'signIn.submit': 'サインイン',
  cancel: 'キャンセル',
  'consent.title': '要求されているアクセス許可',
  'admin.title': '要求されているアクセス許可 — 組織の代理として承諾',
  'admin.lead': '{app} は、管理者だけが付与できるアクセス許可を要求しています。',
  'admin.clientId': 'アプリケーション (クライアント) ID',
  'admin.permissions': 'アクセス許可',
  'admin.allPermissions': 'アプリの登録で構成されたすべてのアクセス許可',
  'admin.organization': '組織',
  'admin.effect': '承諾すると、組織内のすべてのユーザーに代わってこれらのアクセス許可が付与されます。',
  'admin.accept': '承諾',
  'signOut.title': 'アカウントからサインアウトしました',
  'signOut.message': 'すべてのブラウザー ウィンドウを閉じることをお勧めします。',
  'error.title': 'サインイン',
  'error.lead': '申し訳ございませんが、サインイン中に問題が発生しました。',
  'error.requestId': '要求 ID',
  'error.correlationId': '相関 ID',
  'error.timestamp': 'タイムスタンプ',
  none: '(なし)',
  // The device-login page in the words of microsoft.com/devicelogin in Japanese (コードの入力, 次へ).
  'device.title': 'コードの入力',
  'device.lead': 'アプリまたはデバイスに表示されているコードを入力してください。',
  'device.username': 'サインインするアカウント',
  'device.next': '次へ',
  'device.invalidCode': 'このコードは無効です。コードを確認して、もう一度お試しください。',
  'device.cancelledTitle': 'サインインがキャンセルされました',
  'device.cancelled': 'デバイスでのサインインを拒否しました。',
  'device.signedInTitle': 'サインインしました',
  'device.signedIn': 'デバイス上のアプリケーションに {user} としてサインインしました。このウィンドウは閉じてかまいません。',
};

export const SIM_TEXTS: Readonly<Record<SimLang, SimTexts>> = { en: EN, ja: JA };

/** The language `ui_locales` asks for (a space-separated list of tags, first supported one wins), if any. */
function fromUiLocales(value: string | null): SimLang | undefined {
  if (value === null) return undefined;
  for (const tag of value.slice(0, 256).split(/[\s+]+/)) {
    const primary = tag.split(/[-_]/)[0]?.toLowerCase();
    if (primary === 'en' || primary === 'ja') return primary;
  }
  return undefined;
}

/**
 * The language of a page: `ui_locales` on the request (the authorize or admin-consent URL, or the
 * ticket a form carries), else the browser's Accept-Language, negotiated as the handler does; English
 * by default.
 */
export function simLanguage(exchange: Exchange, uiLocales: string | null = exchange.query.get('ui_locales')): SimLang {
  const asked = fromUiLocales(uiLocales);
  if (asked) return asked;
  return negotiateLanguage(exchange.request.headers['accept-language'], ['en', 'ja'], ['ja']) === 'ja' ? 'ja' : 'en';
}

/** One text with its `{name}` slots filled; slot values are inserted as given (escape them first when they go into HTML). */
export function simText(lang: SimLang, key: SimTextKey, slots: Readonly<Record<string, string>> = {}): string {
  return SIM_TEXTS[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => slots[name] ?? whole);
}

/** `simText` escaped for the page's HTML (placeholders such as `{app}` survive escaping, for markup put in their place). */
export function simHtml(lang: SimLang, key: SimTextKey): string {
  return escapeHtml(simText(lang, key));
}
