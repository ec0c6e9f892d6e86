import { EN } from './texts-en.mjs';
import { JA } from './texts-ja.mjs';

// The demo's texts, one table per language (texts-en.mjs, texts-ja.mjs), and the rule that picks one
// per request: the language switch's cookie, else the browser's Accept-Language. aadErrorHandler's
// pages follow the same rule (demo.mjs passes `pickedLanguage` as its `locale`), so the demo's frame,
// the handler's page inside it and the simulated Entra ID's pages are always in one language.

/** @typedef {typeof EN} DemoTexts */

/** The cookie the language switch sets: `en` or `ja`; absent means "follow the browser". */
export const LANGUAGE_COOKIE = 'demo-lang';

const TABLES = { en: EN, ja: JA };

/** The language picked with the switch, or undefined to follow the browser. */
export function pickedLanguage(req) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === LANGUAGE_COOKIE && (value === 'en' || value === 'ja')) return value;
  }
  return undefined;
}

/**
 * `en` or `ja` for a request: the switch's choice, else Accept-Language with its q-values. Express's
 * `req.acceptsLanguages` runs the negotiator package the handler's own negotiation uses, over the same
 * two languages with English first, so `ja`, `ja-JP` → Japanese and `*`, `en-US,ja;q=0.9`, no header
 * or garbage → English, as on the handler's pages.
 */
export function demoLanguage(req) {
  return pickedLanguage(req) ?? (req.acceptsLanguages('en', 'ja') === 'ja' ? 'ja' : 'en');
}

/** The demo's texts for a request. */
export function textsFor(req) {
  return TABLES[demoLanguage(req)];
}

/** The texts of one language, for the tests. */
export function demoTexts(lang) {
  return TABLES[lang] ?? EN;
}
