import { allCodes, lookupId } from '../catalog/code-catalog.js';
import { LIBRARY_TEXTS, type LibraryTextId } from '../catalog/library-texts.js';
import { msalClientCodes, oauthErrors, suberrorTable } from '../catalog/protocol-tables.js';
import { SIGN_IN_SUCCESS } from '../catalog/sign-in-result.js';
import { japaneseTexts, type PartialTexts } from './ja.js';
import type { Lang, LocalizedTexts } from './types.js';

// One lookup path for every human text. English stays where each row is reviewed (the catalog tables
// and library-texts.ts); other languages are tables keyed by the same ids. Ids:
//   AADSTS50076, ACS50008, AADB2C90118   a code-catalog entry
//   error:<value>, suberror:<value>      OAuth `error` and Entra `suberror` rows
//   msal:<errorCode>                     MSAL's client-side codes
//   result:0                             a successful sign-in (sign-in log ResultType 0)
//   policy:…, explain:…                  the library's own texts (library-texts.ts)

function english(id: string): LocalizedTexts | undefined {
  const colon = id.indexOf(':');
  if (colon === -1) return lookupId(id);
  const kind = id.slice(0, colon);
  const value = id.slice(colon + 1);
  switch (kind) {
    case 'error':
      return oauthErrors().get(value);
    case 'suberror':
      return suberrorTable().get(value);
    case 'msal':
      return msalClientCodes().get(value);
    case 'result':
      return value === SIGN_IN_SUCCESS.id ? SIGN_IN_SUCCESS : undefined;
    default:
      return Object.hasOwn(LIBRARY_TEXTS, id) ? LIBRARY_TEXTS[id as LibraryTextId] : undefined;
  }
}

/**
 * The summary and remediation of a text id in a language. English comes from the catalog; another
 * language replaces each text it has and falls back to English per text, so a row added to the catalog
 * before its translation still reads in English rather than not at all. Undefined for an unknown id.
 */
export function texts(id: string, lang: Lang = 'en'): LocalizedTexts | undefined {
  const base = english(id);
  if (!base || lang === 'en') return base;
  return mergeTexts(base, japaneseTexts().get(id));
}

/** A language's texts over English, text by text: what the language lacks stays English. */
export function mergeTexts(english: LocalizedTexts, own: PartialTexts | undefined): LocalizedTexts {
  return { summary: own?.summary ?? english.summary, remediation: own?.remediation ?? english.remediation };
}

/** Every id `texts` answers in English, in catalog order: the keys each language table must cover. */
export function allTextIds(): string[] {
  return [
    ...allCodes().map((entry) => entry.id),
    ...[...oauthErrors().keys()].map((value) => `error:${value}`),
    ...[...suberrorTable().keys()].map((value) => `suberror:${value}`),
    ...[...msalClientCodes().keys()].map((value) => `msal:${value}`),
    `result:${SIGN_IN_SUCCESS.id}`,
    ...Object.keys(LIBRARY_TEXTS),
  ];
}

/** Fills `{name}` placeholders; a placeholder without a value is left as written. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}
