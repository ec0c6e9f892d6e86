import { describe, expect, it } from 'vitest';
import { langFromEnv } from '../../src/locales/env-lang.js';

describe('langFromEnv', () => {
  it.each([
    [{ LANG: 'ja_JP.UTF-8' }, 'ja'],
    [{ LANG: 'ja_JP.eucJP' }, 'ja'],
    [{ LANG: 'ja' }, 'ja'],
    [{ LANG: 'ja-JP' }, 'ja'],
    [{ LC_MESSAGES: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8' }, 'ja'],
    [{ LC_ALL: 'ja_JP.UTF-8', LANG: 'C' }, 'ja'],
    [{ LC_ALL: 'en_US.UTF-8', LANG: 'ja_JP.UTF-8' }, 'en'],
    [{ LC_ALL: 'C', LANG: 'ja_JP.UTF-8' }, 'en'],
    [{ LC_ALL: '', LANG: 'ja_JP.UTF-8' }, 'ja'],
    [{ LANG: 'jam_JM' }, 'en'],
    [{ LANG: 'POSIX' }, 'en'],
    [{ LANG: '\u0000garbage' }, 'en'],
    [{}, 'en'],
  ] as const)('reads %j as %s', (env, lang) => {
    expect(langFromEnv(env)).toBe(lang);
  });
});
