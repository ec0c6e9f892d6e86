import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type NegotiatorClass from 'negotiator';
import type * as Zod from 'zod';
import { decisionTextIds } from '../classify/localize.js';
import type { Decision } from '../classify/types.js';
import { allTextIds, texts } from '../locales/texts.js';
import { EN_PAGE_TEXTS, PAGE_TEXT_KEYS, japanesePageTexts, overPageTexts, type PageTextKey, type PageTexts } from '../locales/page-texts.js';
import { LANGS, type Lang, type LocalizedTexts } from '../locales/types.js';

// Which language one answer is written in, and its texts. The handler negotiates `Accept-Language`
// (RFC 9110 §12.5.4, q-values included) against the languages it has: English, Japanese and whatever
// the `locales` option adds. Machine fields (status, action, codes, headers) never change with it.

/** Texts an app adds for a language, or rewords in a shipped one (the handler's `locales` option). */
export interface AadLocaleTexts {
  /**
   * The pages' and problem+json's own texts, by key (the keys of `EN_PAGE_TEXTS`). A language the
   * library does not ship needs every key; for `en` and `ja` any subset rewords those keys.
   */
  readonly pages?: Readonly<Partial<Record<PageTextKey, string>>>;
  /**
   * A failure's `summary` and `remediation` by text id (`AADSTS50076`, `error:invalid_grant`,
   * `suberror:bad_token`, `msal:no_tokens_found`, `policy:unknown`, …; docs/languages.md lists them).
   * Any id or text may be missing: it reads in English (or, for `ja`, in the shipped Japanese).
   */
  readonly texts?: Readonly<Record<string, { readonly summary?: string; readonly remediation?: string }>>;
}

/** The `locale` option: negotiate (`'auto'`), one language for every answer, or a function of the request. */
export type AadLocaleOption<TRequest> = 'auto' | Lang | (string & {}) | ((req: TRequest) => string | undefined);

/** The language of one answer and how it was chosen. */
export interface ChosenLanguage {
  /** `en`, `ja`, or a language the `locales` option added. */
  readonly lang: string;
  /** True when `Accept-Language` decided, so the answer varies with it. */
  readonly negotiated: boolean;
}

// negotiator is loaded on the first negotiation that could pick another language than English, never
// at import: an English-only app (no request names another language) does not load it at all.
let negotiatorClass: typeof NegotiatorClass | undefined;
function negotiator(): typeof NegotiatorClass {
  return (negotiatorClass ??= createRequire(import.meta.url)('negotiator') as typeof NegotiatorClass);
}

/** The primary subtag of one `Accept-Language` entry (`ja` of ` ja-JP;q=0.8`), lower-cased; `*` for the wildcard. */
function primarySubtag(entry: string): string {
  let start = 0;
  while (start < entry.length && (entry.charCodeAt(start) === 0x20 || entry.charCodeAt(start) === 0x09)) start++;
  let end = start;
  while (end < entry.length) {
    const code = entry.charCodeAt(end);
    if (code === 0x2d || code === 0x3b || code === 0x20 || code === 0x09) break;
    end++;
  }
  return entry.slice(start, end).toLowerCase();
}

/**
 * Only the entries that can match one of the languages (same primary subtag, or `*`), in their order.
 * negotiator's answer depends on nothing else, and the rest of a huge header never reaches it: one
 * scan, where negotiator's per-entry objects made a 5 MB header of other tags cost super-linear time.
 */
function entriesFor(header: string, primaries: ReadonlySet<string>): string {
  const kept: string[] = [];
  let start = 0;
  while (start <= header.length) {
    let end = header.indexOf(',', start);
    if (end === -1) end = header.length;
    const entry = header.slice(start, end);
    if (primaries.has(primarySubtag(entry))) kept.push(entry);
    start = end + 1;
  }
  return kept.join(',');
}

/**
 * The best of `available` (English first, so it wins ties and `*`) for an `Accept-Language` value;
 * English when nothing matches, the header is absent, empty or garbage. Linear in the header's length:
 * a header naming neither `*` nor the other languages' primary subtags is answered without parsing it; any
 * other is cut down to the entries that can match (one scan) and handed to negotiator 1.x, which
 * applies the q-values and prefix rules of RFC 4647 basic filtering with a hand-written scanner.
 */
export function negotiateLanguage(header: unknown, available: readonly string[], prefixes: readonly string[]): string {
  if (typeof header !== 'string' || header === '') return 'en';
  const lower = header.toLowerCase();
  // `*` can pick another language too: `*, en;q=0` refuses English.
  if (!lower.includes('*') && !prefixes.some((prefix) => lower.includes(prefix))) return 'en';
  try {
    const Negotiator = negotiator();
    const primaries = new Set(['*', 'en', ...prefixes]);
    return new Negotiator({ headers: { 'accept-language': entriesFor(header, primaries) } }).language(available) ?? 'en';
  } catch {
    return 'en';
  }
}

/** What the handler knows about languages, worked out once from the options. */
export interface Languages {
  /** Every language an answer can be in, English first. */
  readonly available: readonly string[];
  choose(req: IncomingMessage): ChosenLanguage;
  /** Every page text in `lang`, English for any the language lacks. */
  pageTexts(lang: string): PageTexts;
  /** The Decision's summary and remediation in `lang`; texts no table holds (an override's own) are kept. */
  decisionTexts(decision: Decision, lang: string): LocalizedTexts;
}

function isShipped(lang: string): lang is Lang {
  return (LANGS as readonly string[]).includes(lang);
}

/** Builds the language side of the handler's configuration; `locales` is assumed validated. */
export function createLanguages(
  option: AadLocaleOption<IncomingMessage> | undefined,
  locales: Readonly<Record<string, AadLocaleTexts>> = {},
): Languages {
  const added = Object.keys(locales).filter((lang) => !isShipped(lang));
  const available = ['en', 'ja', ...added];
  const prefixes = [...new Set(available.filter((lang) => lang !== 'en').map((lang) => lang.toLowerCase().split('-')[0] ?? lang))];
  const pageCache = new Map<string, PageTexts>();

  const negotiate = (req: IncomingMessage): ChosenLanguage => ({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a hand-made request may have no headers
    lang: negotiateLanguage(req.headers?.['accept-language'], available, prefixes),
    negotiated: true,
  });

  const choose = (req: IncomingMessage): ChosenLanguage => {
    if (option === undefined || option === 'auto') return negotiate(req);
    if (typeof option === 'string') return { lang: option, negotiated: false };
    let picked: unknown;
    try {
      picked = option(req);
    } catch {
      picked = undefined;
    }
    // A function's answer outside the languages the handler has falls back to negotiation.
    return typeof picked === 'string' && available.includes(picked) ? { lang: picked, negotiated: false } : negotiate(req);
  };

  const pageTexts = (lang: string): PageTexts => {
    const cached = pageCache.get(lang);
    if (cached) return cached;
    const base = lang === 'ja' ? japanesePageTexts() : EN_PAGE_TEXTS;
    const own = locales[lang]?.pages;
    const built = own ? overPageTexts(base, own) : base;
    pageCache.set(lang, built);
    return built;
  };

  const decisionTexts = (decision: Decision, lang: string): LocalizedTexts => {
    const own = locales[lang]?.texts;
    // The handler's Decisions are made in English: an English answer without rewording uses them as they are.
    if (lang === 'en' && !own) return decision;
    const ids = decisionTextIds(decision);
    const shipped: Lang = isShipped(lang) ? lang : 'en';
    const pick = (id: string | undefined, field: keyof LocalizedTexts): string => {
      if (id === undefined) return decision[field];
      const custom = own && Object.hasOwn(own, id) ? own[id]?.[field] : undefined;
      return custom ?? texts(id, shipped)?.[field] ?? decision[field];
    };
    return { summary: pick(ids.summary, 'summary'), remediation: pick(ids.remediation, 'remediation') };
  };

  return { available, choose, pageTexts, decisionTexts };
}

// The `locales` option's schema, built with the zod instance the handler's validation loads lazily.

/** A BCP 47 language tag as apps write them: `ko`, `pt-BR`, `zh-Hant-TW`. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}$/;

/**
 * Checks `locales` once, at construction: every language tag well formed; every page key known and,
 * for a language the library does not ship, present (each missing key is named); `{seconds}` kept;
 * every text id one the library has. Catalog texts may be missing: they fall back per text.
 */
export function localesSchema(z: typeof Zod) {
  const text = z.string().min(1, 'must be a non-empty text');
  const pages = z.strictObject(Object.fromEntries(PAGE_TEXT_KEYS.map((key) => [key, text.optional()])) as Record<PageTextKey, ReturnType<typeof text.optional>>);
  const locale = z.strictObject({
    pages: pages.optional(),
    texts: z.record(z.string(), z.strictObject({ summary: text.optional(), remediation: text.optional() })).optional(),
  });
  return z.record(z.string(), locale).superRefine((value, ctx) => {
    let known: ReadonlySet<string> | undefined;
    for (const [lang, table] of Object.entries(value)) {
      if (!LANGUAGE_TAG.test(lang)) ctx.addIssue({ code: 'custom', path: [lang], message: 'must be named by a language tag such as ko or pt-BR' });
      if (!isShipped(lang)) {
        for (const key of PAGE_TEXT_KEYS) {
          if (table.pages?.[key] === undefined) ctx.addIssue({ code: 'custom', path: [lang, 'pages', key], message: 'is missing: a language the library does not ship needs every page text (the English ones are EN_PAGE_TEXTS)' });
        }
      }
      const retry = table.pages?.['label.retryAfter'];
      if (retry !== undefined && !retry.includes('{seconds}')) ctx.addIssue({ code: 'custom', path: [lang, 'pages', 'label.retryAfter'], message: 'must contain the {seconds} placeholder' });
      for (const id of Object.keys(table.texts ?? {})) {
        known ??= new Set(allTextIds());
        if (!known.has(id)) ctx.addIssue({ code: 'custom', path: [lang, 'texts', id], message: 'is not a text id the library has (AADSTS50076, error:invalid_grant, policy:unknown, …; see docs/languages.md)' });
      }
    }
  });
}
