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

/**
 * The Decision with its texts in `lang`: how classify(aadError, { lang }) retells an AadError made in
 * another language without parsing the failure again. The ids are found by matching the texts against
 * the table (English first, so an English-only app never loads another language to find that nothing
 * changes); a text no table holds, such as one an override rule wrote, is kept as it is. Remembering
 * the ids per Decision instead (a WeakMap) cost every English classify ~60 % in bench/core.mjs.
 */
export function retell(decision: Decision, lang: Lang): Decision {
  const ids = candidateIds(decision);
  let summaryId: string | undefined;
  let remediationId: string | undefined;
  const order: Lang[] = ['en', ...LANGS.filter((other) => other !== 'en')];
  for (const from of order) {
    summaryId ??= findId(ids, 'summary', decision.summary, from);
    remediationId ??= findId(ids, 'remediation', decision.remediation, from);
    if (from === lang && summaryId !== undefined && remediationId !== undefined) return decision;
    if (summaryId !== undefined && remediationId !== undefined) break;
  }
  const summary = summaryId === undefined ? decision.summary : (texts(summaryId, lang)?.summary ?? decision.summary);
  const remediation = remediationId === undefined ? decision.remediation : (texts(remediationId, lang)?.remediation ?? decision.remediation);
  return summary === decision.summary && remediation === decision.remediation ? decision : { ...decision, summary, remediation };
}
