import { describe, expect, it } from 'vitest';
import { AadError, classify, createClassifier, explain } from '../../src/index.js';
import { allCodes } from '../../src/catalog/code-catalog.js';
import { texts } from '../../src/locales/texts.js';
import type { Decision } from '../../src/classify/types.js';
import { BAD_SECRET_BODY, CONSENT_BODY, GRAPH_CAE_CHALLENGE, MFA_BODY } from '../fixtures/entra-inputs.js';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Everything but the two human texts: what must not change with the language. */
function machineFields(decision: Decision | null): Omit<Decision, 'summary' | 'remediation'> | null {
  if (!decision) return null;
  const { summary: _summary, remediation: _remediation, ...rest } = decision;
  return rest;
}

const inputs: Array<[string, unknown]> = [
  ['an MFA body', MFA_BODY],
  ['a consent body', CONSENT_BODY],
  ['a bad secret', BAD_SECRET_BODY],
  ['a CAE challenge', GRAPH_CAE_CHALLENGE],
  ['an unknown code', 'AADSTS99999999: something new'],
  ['an OAuth error alone', { error: 'invalid_grant', error_description: 'grant expired' }],
  ['a suberror', { error: 'invalid_grant', suberror: 'bad_token', error_description: 'token is bad' }],
  ['an MSAL client code', Object.assign(new Error('no_tokens_found'), { name: 'InteractionRequiredAuthError', errorCode: 'no_tokens_found', errorMessage: '', subError: '' })],
  ['a throttled reply', { status: 429, error: 'temporarily_unavailable' }],
];

describe('classify(…, { lang })', () => {
  it.each(inputs)('tells %s in Japanese and keeps every machine field', (_name, input) => {
    const english = classify(input);
    const japanese = classify(input, { lang: 'ja' });
    expect(japanese).not.toBeNull();
    expect(machineFields(japanese)).toEqual(machineFields(english));
    expect(japanese!.summary).toMatch(JAPANESE);
    expect(japanese!.remediation).toMatch(JAPANESE);
  });

  it.each(inputs)('leaves %s exactly as before when English is chosen', (_name, input) => {
    expect(classify(input, { lang: 'en' })).toEqual(classify(input));
    expect(classify(input)?.summary).not.toMatch(JAPANESE);
  });

  it('uses the Japanese row of the code that decided, for every catalog code', () => {
    const wrong = allCodes().filter((entry) => {
      const decision = classify(`${entry.id}: text`, { lang: 'ja' });
      return decision?.codeId === entry.id && decision.summary !== texts(entry.id, 'ja')!.summary;
    });
    expect(wrong.map((entry) => entry.id)).toEqual([]);
  });

  it('tells a daemon in Japanese that an administrator must consent', () => {
    const decision = classify(CONSENT_BODY, { context: 'daemon', lang: 'ja' });
    expect(decision).toMatchObject({ action: 'fail', fixBy: 'admin', adminConsent: true });
    expect(decision!.remediation).toBe(texts('policy:daemon-consent', 'ja')!.remediation);
    expect(decision!.summary).toBe(texts('AADSTS65001', 'ja')!.summary);
  });

  it('retells an AadError in the language asked for, without changing the error', () => {
    const english = classify(MFA_BODY)!;
    const error = new AadError(english);
    expect(classify(error)).toBe(english);
    const japanese = classify(error, { lang: 'ja' })!;
    expect(machineFields(japanese)).toEqual(machineFields(english));
    expect(japanese.summary).toBe(texts('AADSTS50076', 'ja')!.summary);
    expect(classify(new AadError(japanese), { lang: 'en' })!.summary).toBe(english.summary);
    expect(error.decision).toBe(english);
  });

  it.each(inputs)('retells an AadError for %s in either direction to exactly the Decision of that language', (_name, input) => {
    const english = classify(input)!;
    const japanese = classify(input, { lang: 'ja' })!;
    expect(classify(new AadError(japanese), { lang: 'en' })).toEqual(english);
    expect(classify(new AadError(english), { lang: 'ja' })).toEqual(japanese);
  });

  it('retells a daemon AadError, whose remediation is the daemon text', () => {
    const japanese = classify(CONSENT_BODY, { context: 'daemon', lang: 'ja' })!;
    expect(classify(new AadError(japanese), { lang: 'en' })).toEqual(classify(CONSENT_BODY, { context: 'daemon' }));
  });

  it('keeps texts an override rule wrote, in any language', () => {
    const options = { lang: 'ja', overrides: { rule: () => ({ summary: 'ours' }) } } as const;
    const decision = classify(MFA_BODY, options)!;
    expect(decision.summary).toBe('ours');
    expect(decision.remediation).toBe(texts('AADSTS50076', 'ja')!.remediation);
    expect(classify(new AadError(decision), { lang: 'en' })!.summary).toBe('ours');
  });

  it('gives the rule the Japanese texts to work with', () => {
    const seen: string[] = [];
    createClassifier({ lang: 'ja', overrides: { rule: (d) => void seen.push(d.summary) } })(MFA_BODY);
    expect(seen[0]).toBe(texts('AADSTS50076', 'ja')!.summary);
  });

  it('rejects a language it does not ship, naming the option', () => {
    expect(() => classify(MFA_BODY, { lang: 'fr' } as never)).toThrow(/lang/);
    expect(() => explain('50076', { lang: 'fr' } as never)).toThrow(/lang/);
  });
});

describe('explain(…, { lang })', () => {
  it('explains a code in Japanese with the same machine fields', () => {
    const english = explain('AADSTS50076');
    const japanese = explain('AADSTS50076', { lang: 'ja' });
    expect({ ...japanese, summary: '', remediation: '', dependsOn: [] }).toEqual({ ...english, summary: '', remediation: '', dependsOn: [] });
    expect(japanese.summary).toBe(texts('AADSTS50076', 'ja')!.summary);
    expect(japanese.remediation).toContain('多要素認証');
    // The notes keep their protocol labels and say the rest in Japanese.
    expect(japanese.dependsOn.map((note) => note.slice(0, note.indexOf(':')))).toEqual(english.dependsOn.map((note) => note.slice(0, note.indexOf(':'))));
    expect(japanese.dependsOn).toEqual([
      `claims: ${texts('explain:depends-claims', 'ja')!.summary}${texts('explain:depends-claims', 'ja')!.remediation}`,
      `context: ${texts('explain:depends-context-reauthenticate', 'ja')!.summary}${texts('explain:depends-context-reauthenticate', 'ja')!.remediation}`,
    ]);
    expect(explain('AADSTS50196', { lang: 'ja' }).dependsOn[0]).toMatch(/^transport: .*Retry-After.*待/);
    const withClaims = explain('{"error":"interaction_required","error_description":"AADSTS50076: MFA required.","error_codes":[50076],"claims":"{\\"access_token\\":{\\"capolids\\":{\\"essential\\":true,\\"values\\":[\\"c1\\"]}}}"}', { lang: 'ja' });
    expect(withClaims.dependsOn).toEqual([`claims: ${texts('explain:depends-claims-present', 'ja')!.summary}${texts('explain:depends-claims-present', 'ja')!.remediation}`]);
  });

  it('explains a name, a successful sign-in, an error text and an unknown code in Japanese', () => {
    expect(explain('UserDeclinedConsent', { lang: 'ja' }).summary).toBe(texts('AADSTS65004', 'ja')!.summary);
    expect(explain('0', { lang: 'ja' })).toMatchObject({ codeId: '0', known: true, summary: texts('result:0', 'ja')!.summary });
    expect(explain('invalid_grant: the grant expired', { lang: 'ja' }).summary).toBe(texts('error:invalid_grant', 'ja')!.summary);
    expect(explain('AADSTS99999999', { lang: 'ja' })).toMatchObject({ known: false, codeId: 'AADSTS99999999', summary: '不明なコード AADSTS99999999: このライブラリのカタログにありません。' });
    expect(explain('hello world', { lang: 'ja' })).toMatchObject({ known: false, codeId: null, summary: texts('explain:unknown-input', 'ja')!.summary });
  });

  it('answers in English exactly as before without a language', () => {
    expect(explain('AADSTS99999999').summary).toBe("Unknown code AADSTS99999999: not in this library's catalog.");
    expect(explain('AADSTS50076', { lang: 'en' })).toEqual(explain('AADSTS50076'));
    expect(Object.keys(explain('AADSTS50076'))).toEqual(['known', 'codeId', 'name', 'aliases', 'action', 'fixBy', 'risk', 'adminConsent', 'summary', 'remediation', 'dependsOn']);
  });
});
