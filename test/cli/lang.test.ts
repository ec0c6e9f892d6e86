import { describe, expect, it } from 'vitest';
import { texts } from '../../src/locales/texts.js';
import { MFA_BODY } from '../fixtures/entra-inputs.js';
import { aadsts } from './helpers.js';


describe('aadsts --lang', () => {
  it('explains a code in Japanese with --lang ja', async () => {
    const { code, out } = await aadsts(['explain', '--lang', 'ja', 'AADSTS50076']);
    expect(code).toBe(0);
    expect(out).toContain('AADSTS50076 UserStrongAuthClientAuthNRequired');
    expect(out).toContain(`  発生したこと: ${texts('AADSTS50076', 'ja')!.summary}`);
    expect(out).toMatch(/次の手順: +reauthenticate — ユーザーが/);
    expect(out).toMatch(/対処する人: +ユーザー/);
    expect(out).toMatch(/リスク: +高 \(high\)/);
    expect(out).not.toMatch(/What happened|Next step/);
  });

  it('says "admin consent needed" in Japanese', async () => {
    expect((await aadsts(['explain', 'AADSTS90094', '--lang', 'ja'])).out).toContain('テナントの管理者 (管理者の同意が必要)');
  });

  it('answers unknown input in Japanese, with the same exit codes', async () => {
    const unknownCode = await aadsts(['explain', '--lang', 'ja', '99999999']);
    expect(unknownCode.code).toBe(1);
    expect(unknownCode.out).toMatch(/^不明なコード AADSTS99999999: このライブラリのカタログにありません。\n対処方法: /);
    const text = await aadsts(['explain', '--lang', 'ja', 'hello', 'world']);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^不明: "hello world" は/);
  });

  it('prints Japanese texts in the --json answer but the same machine fields', async () => {
    const english = JSON.parse((await aadsts(['explain', '--json', '65001'])).out) as Record<string, unknown>;
    const japanese = JSON.parse((await aadsts(['explain', '--json', '--lang', 'ja', '65001'])).out) as Record<string, unknown>;
    expect({ ...japanese, summary: null, remediation: null, dependsOn: null }).toEqual({ ...english, summary: null, remediation: null, dependsOn: null });
    expect(japanese['summary']).toBe(texts('AADSTS65001', 'ja')!.summary);
    expect(japanese['dependsOn']).toEqual([
      `claims: ${texts('explain:depends-claims', 'ja')!.summary}${texts('explain:depends-claims', 'ja')!.remediation}`,
      `context: ${texts('explain:depends-context-consent', 'ja')!.summary}${texts('explain:depends-context-consent', 'ja')!.remediation}`,
    ]);
  });

  it('lines the Japanese "depends on" notes up under the first one, counting a CJK character as two columns', async () => {
    const { out } = await aadsts(['explain', '--lang', 'ja', 'AADSTS50076']);
    const lines = out.split('\n');
    const first = lines.findIndex((line) => line.includes('claims: '));
    // Terminal columns before the note: the label's CJK characters (all in the BMP) take two each.
    const column = (line: string): number => {
      const before = line.slice(0, line.indexOf(line.trimStart().startsWith('context') ? 'context' : 'claims'));
      let columns = 0;
      for (let i = 0; i < before.length; i += 1) columns += before.charCodeAt(i) > 0x2e80 ? 2 : 1;
      return columns;
    };
    expect(lines[first + 1]).toMatch(/^ +context: /);
    expect(column(lines[first + 1]!)).toBe(column(lines[first]!));
  });

  it('classifies in Japanese with --lang ja, machine fields unchanged', async () => {
    const english = JSON.parse((await aadsts(['classify'], JSON.stringify(MFA_BODY))).out) as Record<string, unknown>;
    const japanese = JSON.parse((await aadsts(['classify', '--lang', 'ja'], JSON.stringify(MFA_BODY))).out) as Record<string, unknown>;
    expect({ ...japanese, summary: null, remediation: null }).toEqual({ ...english, summary: null, remediation: null });
    expect(japanese['summary']).toBe(texts('AADSTS50076', 'ja')!.summary);
    const jsonl = await aadsts(['classify', '--jsonl', '--lang', 'ja'], `${JSON.stringify(MFA_BODY)}\n`);
    expect((JSON.parse(jsonl.out) as { summary: string }).summary).toBe(texts('AADSTS50076', 'ja')!.summary);
  });

  it('rejects a language it does not ship with exit code 2', async () => {
    const { code, err } = await aadsts(['explain', '--lang', 'fr', '50076']);
    expect(code).toBe(2);
    expect(err).toContain('--lang must be en or ja');
  });
});

describe('aadsts without --lang follows the locale environment', () => {
  it('answers in Japanese under LANG=ja_JP.UTF-8', async () => {
    expect((await aadsts(['explain', '50076'], '', { LANG: 'ja_JP.UTF-8' })).out).toContain('発生したこと');
    const classified = JSON.parse((await aadsts(['classify'], JSON.stringify(MFA_BODY), { LANG: 'ja_JP.UTF-8' })).out) as { summary: string };
    expect(classified.summary).toBe(texts('AADSTS50076', 'ja')!.summary);
  });

  it('lets LC_ALL win over LANG, and --lang win over both', async () => {
    expect((await aadsts(['explain', '50076'], '', { LC_ALL: 'C', LANG: 'ja_JP.UTF-8' })).out).toContain('What happened');
    expect((await aadsts(['explain', '50076'], '', { LC_ALL: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8' })).out).toContain('発生したこと');
    expect((await aadsts(['explain', '--lang', 'en', '50076'], '', { LANG: 'ja_JP.UTF-8' })).out).toContain('What happened');
  });

  it('answers in English with no locale at all, as it always has', async () => {
    const { out } = await aadsts(['explain', '50076']);
    expect(out).toMatch(/^AADSTS50076 UserStrongAuthClientAuthNRequired\n {2}What happened: MFA is required/);
    expect(out).toMatch(/Who fixes it: +the user/);
  });
});
