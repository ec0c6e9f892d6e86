import { lookupCode, lookupName } from '../catalog/code-catalog.js';
import { LIBRARY_TEXTS, type LibraryTextId } from '../catalog/library-texts.js';
import { SIGN_IN_SUCCESS } from '../catalog/sign-in-result.js';
import type { Action, FixBy, Risk } from '../catalog/types.js';
import { fillPlaceholders, texts } from '../locales/texts.js';
import { LANGS, type Lang, type LocalizedTexts } from '../locales/types.js';
import { classify } from './classify.js';
import { validateClassifyOptions } from './options.js';
import type { ClassifyOptions } from './types.js';

/** What `explain` says about a code or an error text. */
export interface Explanation {
  /** False when neither the catalog nor the policy recognised the input. */
  readonly known: boolean;
  /** The prefixed code (`AADSTS50076`), `0` for a successful sign-in, or null; named as in a Decision. */
  readonly codeId: string | null;
  readonly name: string | null;
  readonly aliases: readonly string[];
  /** Null only for a successful sign-in, which needs no action. */
  readonly action: Action | null;
  readonly fixBy: FixBy | null;
  readonly risk: Risk | null;
  readonly adminConsent: boolean;
  readonly summary: string;
  readonly remediation: string;
  /**
   * When the action above is not the whole story: what a claims value in the same failure or the
   * context (web app, web API, daemon) changes. Empty when neither changes anything.
   */
  readonly dependsOn: readonly string[];
}

const UNKNOWN_INPUT: Explanation = {
  known: false,
  codeId: null,
  name: null,
  aliases: [],
  action: null,
  fixBy: null,
  risk: null,
  adminConsent: false,
  ...LIBRARY_TEXTS['explain:unknown-input'],
  dependsOn: [],
};

/** Options for `explain`. */
export interface ExplainOptions {
  /**
   * The language of `summary` and `remediation`; the other fields are the same in every language.
   * @default 'en'
   */
  readonly lang?: Lang;
}

// English needs no lookup: the catalog row already holds it, so an English-only app never touches
// the other languages' tables.
function textsOf(id: string, lang: Lang, english: LocalizedTexts): LocalizedTexts {
  const told = lang === 'en' ? english : (texts(id, lang) ?? english);
  return { summary: told.summary, remediation: told.remediation };
}

// One frozen options object per language, so classify validates it once, not on every explain call.
const CLASSIFY_OPTIONS = new Map<Lang, ClassifyOptions>(LANGS.map((lang) => [lang, Object.freeze({ lang })]));

type NoteId = Extract<LibraryTextId, `explain:depends-${string}`>;

/** One "Depends on" note in a language: its label (a protocol word, never translated) and its text. */
function note(label: 'claims' | 'context' | 'transport', id: NoteId, lang: Lang): string {
  const told = textsOf(id, lang, LIBRARY_TEXTS[id]);
  // Japanese sentences end in 「。」 and run on without a space.
  const gap = told.summary.endsWith('。') ? '' : ' ';
  return `${label}: ${told.summary}${gap}${told.remediation}`;
}

/** What the decision policy and the context change about an action (see DESIGN.md "Decision policy"). */
function dependsOn(action: Action | null, fixBy: FixBy | null, lang: Lang): string[] {
  const notes: string[] = [];
  if (action === 'reauthenticate' || ((action === 'fail' || action === 'consent') && fixBy === 'user')) {
    notes.push(note('claims', 'explain:depends-claims', lang));
  }
  if (action === 'reauthenticate') notes.push(note('context', 'explain:depends-context-reauthenticate', lang));
  else if (action === 'consent') notes.push(note('context', 'explain:depends-context-consent', lang));
  if (action === 'retry') notes.push(note('transport', 'explain:depends-transport', lang));
  return notes;
}

/**
 * Explains an AADSTS/ACS/AADB2C code, a code name, or any error text or body: what happened, what to
 * do, who fixes it and how risky it is. For people reading sign-in logs as much as for developers.
 */
export function explain(input: string | number, options: ExplainOptions = {}): Explanation {
  // A bad value gets the same message as classify's; a good one skips zod.
  if (options.lang !== undefined && !LANGS.includes(options.lang)) validateClassifyOptions({ lang: options.lang });
  const lang = options.lang ?? 'en';
  const text = String(input).trim();
  if (text === '0') {
    return { ...UNKNOWN_INPUT, known: true, codeId: SIGN_IN_SUCCESS.id, risk: SIGN_IN_SUCCESS.risk, ...textsOf('result:0', lang, SIGN_IN_SUCCESS) };
  }
  const entry = /^[A-Za-z]\w{2,80}$/.test(text) && !/^(?:AADSTS|ACS|AADB2C)\d+$/i.test(text) ? lookupName(text) : lookupCode(text);
  if (entry) {
    return {
      known: true,
      codeId: entry.id,
      name: entry.name,
      aliases: entry.aliases,
      action: entry.action,
      fixBy: entry.fixBy,
      risk: entry.risk,
      adminConsent: entry.adminConsent,
      ...textsOf(entry.id, lang, entry),
      dependsOn: dependsOn(entry.action, entry.fixBy, lang),
    };
  }
  const decision = classify(text, CLASSIFY_OPTIONS.get(lang));
  if (!decision) return lang === 'en' ? UNKNOWN_INPUT : { ...UNKNOWN_INPUT, ...textsOf('explain:unknown-input', lang, UNKNOWN_INPUT) };
  return {
    known: decision.known,
    codeId: decision.codeId,
    name: decision.name,
    aliases: decision.codeId ? (lookupCode(decision.codeId)?.aliases ?? []) : [],
    action: decision.action,
    fixBy: decision.fixBy,
    risk: decision.risk,
    adminConsent: decision.adminConsent,
    summary: decision.known
      ? decision.summary
      : fillPlaceholders(textsOf('explain:unknown-code', lang, LIBRARY_TEXTS['explain:unknown-code']).summary, { code: decision.codeId ? ` ${decision.codeId}` : '' }),
    remediation: decision.remediation,
    dependsOn: decision.claims !== null ? [note('claims', 'explain:depends-claims-present', lang)] : dependsOn(decision.action, decision.fixBy, lang),
  };
}
