import { texts } from '../locales/texts.js';
import type { Lang, LocalizedTexts } from '../locales/types.js';
import type { Decision } from './types.js';

/** Which texts a Decision carries, so a Decision made in one language can be retold in another. */
interface TextOrigin {
  readonly textId: string;
  readonly remediationId: string;
  readonly lang: Lang;
}

// Keyed by the Decision object itself: an AadError carries the Decision it was made with, and
// classify(aadError, { lang }) must retell it without parsing the failure again. Weak, so nothing
// outlives the error.
const origins = new WeakMap<Decision, TextOrigin>();

/** The summary and remediation of the given ids in `lang`, each falling back to the English given. */
export function localize(textId: string, remediationId: string, lang: Lang, english: LocalizedTexts): LocalizedTexts {
  if (lang === 'en') return english;
  return {
    summary: texts(textId, lang)?.summary ?? english.summary,
    remediation: texts(remediationId, lang)?.remediation ?? english.remediation,
  };
}

/** Records where a Decision's texts came from; only for texts the library wrote (a rule may replace them). */
export function rememberOrigin(decision: Decision, origin: TextOrigin): void {
  origins.set(decision, origin);
}

/** The Decision with its texts in `lang`; unchanged when its texts are not the library's own. */
export function retell(decision: Decision, lang: Lang): Decision {
  const origin = origins.get(decision);
  if (!origin || origin.lang === lang) return decision;
  const english = texts(origin.textId, 'en');
  const englishRemediation = texts(origin.remediationId, 'en');
  if (!english || !englishRemediation) return decision;
  const told = { ...decision, ...localize(origin.textId, origin.remediationId, lang, { summary: english.summary, remediation: englishRemediation.remediation }) };
  origins.set(told, { ...origin, lang });
  return told;
}
