import { readFileSync } from 'node:fs';

// The Japanese texts live in ja.json beside this file (copied next to the bundles by tsup), one line
// per id: "id": ["summary", "remediation"]. They are read synchronously the first time Japanese is
// asked for, never at import: kept in the bundle, even as one string literal, the 190 KB of text made
// every import of the library measurably slower, English-only apps included (docs/languages.md has
// the numbers). Read rather than required: require() would keep a second, parsed copy in its cache
// (5 MB of heap instead of 0.2 MB). An empty text falls back to English.

/** What a language table holds for one id; a missing text falls back to English. */
export interface PartialTexts {
  readonly summary?: string;
  readonly remediation?: string;
}

let table: ReadonlyMap<string, PartialTexts> | undefined;

/** Turns the file's `id: [summary, remediation]` entries into texts, dropping empty ones and anything malformed. */
export function readLocaleTable(json: unknown): ReadonlyMap<string, PartialTexts> {
  const map = new Map<string, PartialTexts>();
  if (typeof json !== 'object' || json === null) return map;
  for (const [id, value] of Object.entries(json)) {
    if (!Array.isArray(value)) continue;
    const [summary, remediation] = value as unknown[];
    const entry: { summary?: string; remediation?: string } = {};
    if (typeof summary === 'string' && summary !== '') entry.summary = summary;
    if (typeof remediation === 'string' && remediation !== '') entry.remediation = remediation;
    map.set(id, entry);
  }
  return map;
}

/** True once something asked for Japanese; lets a test prove an English-only process never reads the table. */
export function isJapaneseLoaded(): boolean {
  return table !== undefined;
}

/** The Japanese table, read on first use. */
export function japaneseTexts(): ReadonlyMap<string, PartialTexts> {
  return (table ??= readLocaleTable(JSON.parse(readFileSync(new URL('./ja.json', import.meta.url), 'utf8')) as unknown));
}
