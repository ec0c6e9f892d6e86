import { JA_AADSTS_1 } from './ja-aadsts-1.js';
import { JA_AADSTS_2 } from './ja-aadsts-2.js';
import { JA_AADSTS_3 } from './ja-aadsts-3.js';
import { JA_ACS_B2C } from './ja-acs-b2c.js';
import { JA_PROTOCOL } from './ja-protocol.js';

// The Japanese texts, one pipe-separated row per id: `id|summary|remediation`. They stay strings until
// Japanese is first asked for, so an app that only ever uses English pays for a few string literals at
// import and nothing else (bench/core.mjs measures it). An empty column falls back to English.

/** What a language table holds for one id; a missing text falls back to English. */
export interface PartialTexts {
  readonly summary?: string;
  readonly remediation?: string;
}

let table: ReadonlyMap<string, PartialTexts> | undefined;

/** Parses one table; exported for the completeness tests, which check every row's shape. */
export function parseLocaleRows(text: string, into: Map<string, PartialTexts>): void {
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [id, summary, remediation] = line.split('|');
    const entry: { summary?: string; remediation?: string } = {};
    if (summary) entry.summary = summary;
    if (remediation) entry.remediation = remediation;
    into.set(id!, entry);
  }
}

/** The raw tables, for tests that check each row's shape before parsing hides it. */
export const JAPANESE_SOURCES: readonly string[] = [JA_AADSTS_1, JA_AADSTS_2, JA_AADSTS_3, JA_ACS_B2C, JA_PROTOCOL];

/** True once something asked for Japanese; lets a test prove an English-only process never parses the table. */
export function isJapaneseLoaded(): boolean {
  return table !== undefined;
}

/** The Japanese table, parsed on first use. */
export function japaneseTexts(): ReadonlyMap<string, PartialTexts> {
  if (table) return table;
  const map = new Map<string, PartialTexts>();
  for (const source of JAPANESE_SOURCES) parseLocaleRows(source, map);
  table = map;
  return map;
}
