import type { Lang } from './types.js';

/**
 * The language a POSIX locale environment asks for: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
 * that is set and not empty decides, as in setlocale(3). `ja`, `ja_JP.UTF-8`, `ja-JP` → Japanese;
 * anything else (`C`, `POSIX`, `en_US.UTF-8`, garbage) → English.
 */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((value) => value !== undefined && value !== '');
  return locale !== undefined && /^ja(?:$|[_.@-])/i.test(locale) ? 'ja' : 'en';
}
