import { describe, expect, it } from 'vitest';
import { demoTexts } from '../../examples/web-app/texts.mjs';
import { englishRuns } from './english-words.js';

// The demo's own texts (examples/web-app/texts-*.mjs): the Japanese table has every English key, and
// every Japanese text, drawn with sample values, is Japanese with no run of three English words. The
// browser test (test/browser/demo-ja.browser.test.ts) checks the pages themselves.

const EN = demoTexts('en');
const JA = demoTexts('ja');
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const SAMPLE_STEPS = [
  { kind: 'handler', mode: 'web_app', action: 'claims_challenge', code: 'AADSTS50076', rule: 'claims' },
  { kind: 'handler', mode: 'web_api', action: 'consent', code: null, rule: 'suberror' },
  { kind: 'page', page: 'loop', status: 500 },
  { kind: 'page', page: 'admin_consent', status: 403 },
  { kind: 'sign-in', via: 'handler', prompt: 'consent', claims: true, loginHint: 'adele@contoso.onmicrosoft.com' },
  { kind: 'sign-in', via: 'link', link: 'admin-retry' },
  { kind: 'signed-in' },
  { kind: 'admin-approved' },
  { kind: 'token', fromCache: true },
];

/** Every leaf of a table as [path, text]: functions are called with sample values, markup is read as text. */
function leaves(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    if (path.startsWith('steps.')) return SAMPLE_STEPS.filter((step) => `steps.${step.kind}` === path).flatMap((step, i) => leaves(fn(step, 'LINK'), `${path}[${i}]`));
    return leaves(fn(path.endsWith('glossary') ? (label: string) => label : '30'), `${path}()`);
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    // html`` markup: its text, without tags and code spans.
    if ('text' in value && typeof value.text === 'string' && Object.keys(value).length === 1) return [[path, value.text.replace(/<code>[^<]*<\/code>/g, ' ').replace(/<[^>]+>/g, '')]];
    return Object.entries(value).flatMap(([key, item]) => leaves(item, path ? `${path}.${key}` : key));
  }
  return [];
}

function shape(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !('text' in value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shape(item)]));
  return Array.isArray(value) ? `array(${value.length})` : typeof value;
}

describe('the demo texts', () => {
  it('has the same keys, kinds and glossary length in Japanese as in English', () => {
    expect(shape(JA)).toEqual(shape(EN));
    expect(JA.glossary.terms.map(([id]) => id)).toEqual(EN.glossary.terms.map(([id]) => id));
  });

  it('writes every Japanese text in Japanese, with no run of three English words', () => {
    const english = new Map(leaves(EN, ''));
    // A text the same in both tables is a name kept as it is (glossary ids, WWW-Authenticate, Entra ID).
    const texts = leaves(JA, '').filter(([path, text]) => english.get(path) !== text && path !== 'api.title()' && path !== 'lang');
    expect(texts.length).toBeGreaterThan(100);
    const offenders = texts.flatMap(([path, text]) => (JAPANESE.test(text) ? englishRuns(text).map((run) => `${path}: "${run}"`) : [`${path}: no Japanese in "${text}"`]));
    expect(offenders).toEqual([]);
  });

  it('would catch the English table', () => {
    const flagged = leaves(EN, '').filter(([, text]) => englishRuns(text).length > 0);
    expect(flagged.length).toBeGreaterThan(50);
  });
});
