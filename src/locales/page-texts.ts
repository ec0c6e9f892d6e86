import { readFileSync } from 'node:fs';

// The texts of the handler's own answers (built-in pages, the labels a `render` function can reuse,
// problem+json titles) as one flat table per language, keyed by name. English is here, in code, where
// it is reviewed; Japanese is `ja-pages.json` beside this file, read on first use like `ja.json` (an
// English-only app never reads it). An app adds a language, or rewords one, with the handler's
// `locales` option. `{seconds}` is filled in when the page is drawn.

/** Every text the built-in pages and problem+json use, in English. The keys are the contract other languages follow. */
export const EN_PAGE_TEXTS = {
  'declined.title': 'Permission was not granted',
  'declined.message': 'The app cannot continue without the permissions it asked for. Sign in again and accept them when you are ready.',
  'admin_consent.title': 'An administrator must approve this app',
  'admin_consent.message':
    'This app needs permissions that only an administrator of your organization can grant. Send the approval link below to your administrator, then sign in again once they have approved it.',
  'retry.title': 'Sign-in is temporarily unavailable',
  'retry.message': 'Microsoft Entra ID is busy or could not be reached. Please try again shortly.',
  'sign_in_expired.title': 'Please sign in again',
  'sign_in_expired.message': 'The sign-in link expired or was opened in another browser — sign in again.',
  'sign_in_expired.reason': 'The sign-in response did not match a sign-in started in this browser.',
  'loop.title': 'Sign-in keeps failing',
  'loop.message':
    'Signing you in failed several times in a row, so we stopped instead of trying again. Try again in a few minutes, or contact support with the reference below.',
  'error.user.title': 'Sign-in could not be completed',
  'error.user.message': 'Your sign-in did not meet what this app requires.',
  'error.admin.title': "Your organization's settings block this sign-in",
  'error.admin.message': 'An administrator of your organization must change a setting before you can continue. Give them the reference below.',
  'error.developer.title': 'This app is not set up correctly',
  'error.developer.message': "The app could not complete sign-in because of a problem in its configuration. Contact the app's support team with the reference below.",
  'error.service.title': 'Sign-in service problem',
  'error.service.message': 'Microsoft Entra ID could not complete the sign-in. Please try again later.',
  'error.none.title': 'Sign-in could not be completed',
  'error.none.message': 'Please try again later.',
  'label.approvalLink': 'Approval link for your administrator:',
  'button.approve': 'I am an administrator: review and approve',
  'button.tryAgain': 'Try again',
  'button.signInAgain': 'Sign in again',
  'label.retryAfter': 'Try again in {seconds} seconds.',
  'label.errorCode': 'Error code',
  'label.correlationId': 'Correlation ID',
  'label.traceId': 'Trace ID',
  'label.timestamp': 'Timestamp',
  'details.heading': 'Details (exposeDetails is on)',
  'details.error': 'Error',
  'details.suberror': 'Suberror',
  'details.name': 'Name',
  'details.codes': 'All codes',
  'details.whatToDo': 'What to do',
  'status.400': 'Bad Request',
  'status.401': 'Unauthorized',
  'status.403': 'Forbidden',
  'status.500': 'Internal Server Error',
  'status.503': 'Service Unavailable',
  'status.other': 'Error',
} as const;

/** The name of one page text. */
export type PageTextKey = keyof typeof EN_PAGE_TEXTS;

/** One language's page texts: every key, each a string. */
export type PageTexts = Readonly<Record<PageTextKey, string>>;

/** Every key, in table order: what a new language must provide. */
export const PAGE_TEXT_KEYS = Object.keys(EN_PAGE_TEXTS) as readonly PageTextKey[];

let japanese: PageTexts | undefined;

/** True once the Japanese page table was read; lets a test prove English answers never read it. */
export function isJapanesePagesLoaded(): boolean {
  return japanese !== undefined;
}

/**
 * The Japanese page texts, read from `ja-pages.json` on first use. A key the file lacks (or holds
 * as something other than a non-empty string) reads in English; the tests keep the file complete.
 */
export function japanesePageTexts(): PageTexts {
  if (japanese) return japanese;
  const parsed = JSON.parse(readFileSync(new URL('./ja-pages.json', import.meta.url), 'utf8')) as unknown;
  japanese = overPageTexts(EN_PAGE_TEXTS, typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {});
  return japanese;
}

/** `own` over `base`, key by key: what `own` lacks (or holds empty) stays as `base` has it. Unknown keys are dropped. */
export function overPageTexts(base: PageTexts, own: Readonly<Record<string, unknown>>): PageTexts {
  const merged: Record<string, string> = { ...base };
  for (const key of PAGE_TEXT_KEYS) {
    const value = Object.hasOwn(own, key) ? own[key] : undefined;
    if (typeof value === 'string' && value !== '') merged[key] = value;
  }
  return merged as PageTexts;
}
