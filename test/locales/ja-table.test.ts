import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { japaneseTexts, readLocaleTable } from '../../src/locales/ja.js';
import { JA_CLI_LABELS } from '../../src/locales/ja-cli.js';
import { allTextIds, mergeTexts, texts } from '../../src/locales/texts.js';
import { EN_CLI_LABELS } from '../../src/cli/format-explanation.js';
import { englishRuns } from './english-words.js';

const ids = allTextIds();
const table = japaneseTexts();
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** `{tenant}`, `<namespace>` and the like: slots that must survive translation unchanged. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\w+\}|<[\w-]+>/g)].map((match) => match[0]).sort();
}

/** Parameter names, URLs, paths and values the reader types or searches for (prompt=none, api://…, /common). */
function identifiers(text: string): string[] {
  return [...text.matchAll(/(?:[\w.-]*[_=][\w.=-]*\w|https?:\/\/[^\s,;)]+[^\s,;).]|\/(?:common|organizations|consumers|authorize|adminconsent)\b)/g)].map((match) => match[0]);
}

describe('Japanese table', () => {
  it('has a summary and a remediation for every text id the library has', () => {
    const missing = ids.filter((id) => !table.get(id)?.summary || !table.get(id)?.remediation);
    expect(missing).toEqual([]);
    expect(ids.length).toBeGreaterThanOrEqual(383 + 77 + 27 + 23 + 13 + 19);
  });

  it('holds no id the library does not know (a renamed or removed row)', () => {
    const known = new Set(ids);
    expect([...table.keys()].filter((id) => !known.has(id))).toEqual([]);
  });

  it('has exactly one line per id, each a summary and a remediation', () => {
    // JSON.parse keeps the last of two equal keys without a word, so duplicates are found in the text.
    const source = readFileSync(new URL('../../src/locales/ja.json', import.meta.url), 'utf8');
    const lines = source.split('\n').filter((line) => line.startsWith('  "'));
    const keys = lines.map((line) => /^ {2}"([^"]+)":/.exec(line)?.[1]);
    expect(keys.filter((key, i) => key === undefined || keys.indexOf(key) !== i)).toEqual([]);
    const parsed = JSON.parse(source) as Record<string, unknown>;
    expect(Object.keys(parsed)).toHaveLength(lines.length);
    const malformed = Object.entries(parsed).filter(([, value]) => !Array.isArray(value) || value.length !== 2 || value.some((text) => typeof text !== 'string'));
    expect(malformed).toEqual([]);
  });

  it('keeps every placeholder of the English text', () => {
    const mismatches = ids.flatMap((id) => {
      const en = texts(id, 'en')!;
      const ja = texts(id, 'ja')!;
      return (['summary', 'remediation'] as const)
        .filter((key) => placeholders(en[key]).join() !== placeholders(ja[key]).join())
        .map((key) => `${id}.${key}: ${placeholders(en[key]).join()} vs ${placeholders(ja[key]).join()}`);
    });
    expect(mismatches).toEqual([]);
  });

  it('keeps parameter names, values and URLs exactly as the English has them', () => {
    const lost = ids.flatMap((id) => {
      const en = texts(id, 'en')!;
      const ja = texts(id, 'ja')!;
      return (['summary', 'remediation'] as const).flatMap((key) => identifiers(en[key]).filter((token) => !ja[key].includes(token)).map((token) => `${id}.${key}: ${token}`));
    });
    expect(lost).toEqual([]);
  });

  it('is written in Japanese: every text has Japanese characters and no run of three English words', () => {
    const offenders = [...table].flatMap(([id, entry]) =>
      [entry.summary, entry.remediation].flatMap((text) => {
        if (text === undefined) return [];
        if (!JAPANESE.test(text)) return [`${id}: no Japanese in "${text}"`];
        return englishRuns(text).map((run) => `${id}: "${run}"`);
      }),
    );
    expect(offenders).toEqual([]);
  });

  it('translates the CLI labels, keeping the action names the user can search for', () => {
    for (const key of ['reauthenticate', 'consent', 'retry', 'fail'] as const) {
      expect(JA_CLI_LABELS.action[key].startsWith(key)).toBe(true);
      expect(JA_CLI_LABELS.action[key]).toMatch(JAPANESE);
    }
    const flat = (labels: object): string[] => Object.values(labels).flatMap((value: unknown) => (typeof value === 'string' ? [value] : flat(value as object)));
    expect(flat(JA_CLI_LABELS)).toHaveLength(flat(EN_CLI_LABELS).length);
    expect(placeholders(JA_CLI_LABELS.unknownInput.replace('{input}', '<input>'))).toEqual(placeholders(EN_CLI_LABELS.unknownInput.replace('{input}', '<input>')));
    expect(JA_CLI_LABELS.unknownCode).toContain('{code}');
    for (const text of flat(JA_CLI_LABELS)) expect(englishRuns(text), text).toEqual([]);
  });
});

describe('texts', () => {
  it('returns the catalog English for English, unchanged', () => {
    expect(texts('AADSTS50076', 'en')).toMatchObject({ summary: expect.stringMatching(/^MFA is required/) });
    expect(texts('error:invalid_grant')).toMatchObject({ remediation: expect.stringContaining('sign the user in again') });
    expect(texts('nonsense', 'ja')).toBeUndefined();
    expect(texts('error:nonsense', 'ja')).toBeUndefined();
  });

  it('returns Japanese for Japanese', () => {
    expect(texts('AADSTS50076', 'ja')?.summary).toContain('多要素認証');
    expect(texts('AADSTS90094', 'ja')?.summary).toContain('管理者の同意');
  });

  it('falls back to English text by text', () => {
    const english = { summary: 'What happened.', remediation: 'What to do.' };
    expect(mergeTexts(english, undefined)).toEqual(english);
    expect(mergeTexts(english, { summary: '発生したこと。' })).toEqual({ summary: '発生したこと。', remediation: 'What to do.' });
  });

  it('reads an empty text as a missing one, so it falls back, and skips malformed entries', () => {
    const rows = readLocaleTable({ AADSTS1: ['要約。', ''], AADSTS2: ['', '対処。'], AADSTS3: 'not a pair', AADSTS4: [1, null] });
    expect(rows.get('AADSTS1')).toEqual({ summary: '要約。' });
    expect(rows.get('AADSTS2')).toEqual({ remediation: '対処。' });
    expect(rows.has('AADSTS3')).toBe(false);
    expect(rows.get('AADSTS4')).toEqual({});
    expect(readLocaleTable(null).size).toBe(0);
  });
});
