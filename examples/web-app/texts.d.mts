import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

/** The demo's texts in one language (texts-en.mjs, texts-ja.mjs): plain strings, markup and small functions. */
export interface DemoTexts {
  readonly lang: 'en' | 'ja';
  readonly glossary: { readonly title: string; readonly lead: string; readonly terms: ReadonlyArray<readonly [id: string, term: string, text: string]> };
  readonly [section: string]: unknown;
}

/** The cookie the language switch sets: `en` or `ja`; absent means "follow the browser". */
export declare const LANGUAGE_COOKIE: string;
/** The language picked with the switch, or undefined to follow the browser. */
export declare function pickedLanguage(req: IncomingMessage): 'en' | 'ja' | undefined;
/** `en` or `ja` for a request: the switch's choice, else Accept-Language. */
export declare function demoLanguage(req: Request): 'en' | 'ja';
/** The demo's texts for a request. */
export declare function textsFor(req: Request): DemoTexts;
/** The texts of one language (English for any other). */
export declare function demoTexts(lang: string): DemoTexts;
