import { msalClientCodes } from '../catalog/protocol-tables.js';
import { texts } from '../locales/texts.js';
import { LANGS, type Lang, type LocalizedTexts } from '../locales/types.js';
import type { Decision } from './types.js';

/** The summary and remediation of the given ids in `lang`, each falling back to the English given. */
export function localize(textId: string, remediationId: string, lang: Lang, english: LocalizedTexts): LocalizedTexts {
  if (lang === 'en') return english;
  return {
    summary: texts(textId, lang)?.summary ?? english.summary,
    remediation: texts(remediationId, lang)?.remediation ?? english.remediation,
  };
}

// The ids a Decision's texts can have come from, most likely first.
function candidateIds(decision: Decision): string[] {
  const ids = ['policy:daemon-consent', 'policy:claims', 'policy:network', 'policy:unknown'];
  if (decision.codeId !== null) ids.unshift(decision.codeId);
  if (decision.error !== null) ids.push(`error:${decision.error}`);
  if (decision.suberror !== null) ids.push(`suberror:${decision.suberror}`);
  for (const code of msalClientCodes().keys()) ids.push(`msal:${code}`);
  return ids;
}

function findId(ids: readonly string[], field: keyof LocalizedTexts, text: string, lang: Lang): string | undefined {
  return ids.find((id) => texts(id, lang)?.[field] === text);
}

/** The text ids a Decision's `summary` and `remediation` were taken from, when a shipped table holds them. */
export interface DecisionTextIds {
  readonly summary: string | undefined;
  readonly remediation: string | undefined;
}

/**
 * Which ids a Decision's texts came from, found by matching the texts against the tables (English first,
 * so an English Decision never loads another language). A text no table holds, such as one an override
 * rule wrote, has no id. Remembering the ids per Decision instead (a WeakMap) cost every English
 * classify ~60 % in bench/core.mjs, so the few callers that change a Decision's language look them up.
 */
export function decisionTextIds(decision: Decision): DecisionTextIds & { readonly foundIn: Lang | undefined } {
  const ids = candidateIds(decision);
  let summary: string | undefined;
  let remediation: string | undefined;
  const order: Lang[] = ['en', ...LANGS.filter((other) => other !== 'en')];
  for (const from of order) {
    summary ??= findId(ids, 'summary', decision.summary, from);
    remediation ??= findId(ids, 'remediation', decision.remediation, from);
    if (summary !== undefined && remediation !== undefined) return { summary, remediation, foundIn: from };
  }
  return { summary, remediation, foundIn: undefined };
}

/**
 * The Decision with its texts in `lang`: how classify(aadError, { lang }) retells an AadError made in
 * another language without parsing the failure again.
 */
export function retell(decision: Decision, lang: Lang): Decision {
  const found = decisionTextIds(decision);
  if (found.foundIn === lang) return decision;
  const summary = found.summary === undefined ? decision.summary : (texts(found.summary, lang)?.summary ?? decision.summary);
  const remediation = found.remediation === undefined ? decision.remediation : (texts(found.remediation, lang)?.remediation ?? decision.remediation);
  return summary === decision.summary && remediation === decision.remediation ? decision : { ...decision, summary, remediation };
}
