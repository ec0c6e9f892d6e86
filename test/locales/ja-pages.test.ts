import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localesSchema } from '../../src/express/language.js';
import { EN_PAGE_TEXTS, PAGE_TEXT_KEYS, japanesePageTexts } from '../../src/locales/page-texts.js';
import { zod } from '../../src/validation/options-validation.js';
import { englishRuns } from './english-words.js';

// The Japanese page table (src/locales/ja-pages.json) against the English one: the same keys, the same
// placeholders, written in Japanese, and complete by the rule the `locales` option applies to a new language.

const source = JSON.parse(readFileSync(new URL('../../src/locales/ja-pages.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const placeholders = (text: string): string[] => [...text.matchAll(/\{\w+\}/g)].map((match) => match[0]).sort();

describe('Japanese page texts', () => {
  it('has exactly the English keys, each a non-empty string', () => {
    expect(Object.keys(source).sort()).toEqual([...PAGE_TEXT_KEYS].sort());
    expect(Object.entries(source).filter(([, value]) => typeof value !== 'string' || value === '')).toEqual([]);
  });

  it('passes the completeness check the locales option applies to a language the library does not ship', () => {
    const result = localesSchema(zod()).safeParse({ qaa: { pages: source } });
    expect(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([]);
  });

  it('keeps every placeholder of the English text', () => {
    const mismatches = PAGE_TEXT_KEYS.filter((key) => placeholders(EN_PAGE_TEXTS[key]).join() !== placeholders(japanesePageTexts()[key]).join());
    expect(mismatches).toEqual([]);
    expect(japanesePageTexts()['label.retryAfter']).toContain('{seconds}');
  });

  it('is written in Japanese: every text has Japanese characters and no run of three English words', () => {
    const offenders = PAGE_TEXT_KEYS.flatMap((key) => {
      const text = japanesePageTexts()[key];
      if (!JAPANESE.test(text)) return [`${key}: no Japanese in "${text}"`];
      return englishRuns(text).map((run) => `${key}: "${run}"`);
    });
    expect(offenders).toEqual([]);
  });

  it('uses the polite form on the sentences end users read', () => {
    const sentences = PAGE_TEXT_KEYS.filter((key) => key.endsWith('.message') || key === 'sign_in_expired.reason' || key === 'label.retryAfter');
    const plain = sentences.filter((key) => !/(?:です|ます|ください|でした|ません)。$/.test(japanesePageTexts()[key]));
    expect(plain).toEqual([]);
  });

  it('says what the English says for the terms Microsoft translates one way', () => {
    const ja = japanesePageTexts();
    expect(ja['admin_consent.title']).toContain('管理者の同意');
    expect(ja['label.correlationId']).toBe('相関 ID');
    expect(ja['label.traceId']).toBe('トレース ID');
    expect(ja['button.signInAgain']).toContain('サインイン');
  });
});
