import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { seal, sealKey, unseal } from './cookie-seal.js';
import { appendSetCookie, cookieValues, initializedSessionOf, isSecure } from './request.js';

// A failure that sign-in cannot clear (a policy the user cannot meet, lost cookies, an app that keeps
// asking for claims it then drops) would bounce the browser between the app and Entra forever. The
// guard counts interactive redirects per browser and turns the `limit`-th one within the window into
// a page instead. It counts loops, not sign-ins: only the same failure (same code or error, action and
// route) coming back within the window counts; a different one starts a new count, so a first session
// that goes sign-in → MFA → consent is never stopped. The count is three short fields whatever the
// limit, in express-session when the session already holds something (an anonymous request never
// creates one), otherwise in a cookie signed over a random per-browser ID kept in a second cookie.

/** Options for the redirect-loop guard. */
export interface LoopGuardOptions {
  /**
   * The interactive redirect that trips the guard: with 3, two sign-in redirects for the same failure
   * (same code or error, same action, same route) within `windowMs` go through and the third is
   * answered with a "sign-in keeps failing" page. A different failure starts a new count; tripping
   * resets it, so the user's next deliberate attempt is allowed.
   * @default 3
   */
  readonly limit?: number;
  /**
   * The window redirects are counted in, in milliseconds.
   * @default 300_000 (5 minutes)
   */
  readonly windowMs?: number;
  /**
   * Key for the HMAC that signs the guard cookie (used only without express-session), at least 32
   * characters. Set it when several instances serve the same users.
   * @default a random key per process (counts reset on restart)
   */
  readonly secret?: string;
  /**
   * Name of the guard cookie. Over https it gets the `__Host-` prefix, so no sibling subdomain can
   * plant one (cookie tossing) to trip the guard for a user.
   * @default 'aad_loop_guard'
   */
  readonly cookieName?: string;
  /**
   * Where the count lives. `'auto'` and `'session'` use express-session when the session already
   * holds something (so no session is stored for an anonymous request), else the signed cookie. Choose `'cookie'` when your sign-in callback regenerates the session
   * (`req.session.regenerate`, the usual defence against session fixation): a regenerated session
   * starts with no count, so the guard would never trip.
   * @default 'auto'
   */
  readonly store?: 'auto' | 'session' | 'cookie';
}

export interface LoopGuard {
  /**
   * Records one interactive redirect for `failure` (a key naming the code or error, action and
   * route); false when this one trips the guard. Never throws.
   */
  allow(req: IncomingMessage, res: ServerResponse, failure: string): boolean;
}

/** Where the count lives in express-session. */
export const SESSION_KEY = 'aadErrorHandlerRedirects';
const MAX_COOKIE = 256;
const BROWSER_ID = /^[A-Za-z0-9_-]{22}$/;
/** How many same-named cookies are tried: enough to get past planted ones, bounded for cost. */
const MAX_TRIES = 4;
const ONE_YEAR = 31_536_000;

/** The count for one failure: which failure, when its count started, how many redirects so far. */
interface Count {
  readonly k: string;
  readonly f: number;
  readonly c: number;
}

/** A short, fixed-size key for a failure, so any text in it never reaches a cookie. */
export function failureKey(code: number | null, error: string | null, action: string, route: string): string {
  return createHash('sha256').update(`${code ?? ''}|${error ?? ''}|${action}|${route}`).digest('base64url').slice(0, 16);
}

function countFrom(value: unknown): Count | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { k, f, c } = value as { k?: unknown; f?: unknown; c?: unknown };
  return typeof k === 'string' && k.length <= 32 && Number.isSafeInteger(f) && Number.isSafeInteger(c) ? { k, f: f as number, c: c as number } : undefined;
}

function decodeCount(payload: string): Count | undefined {
  const [k, f, c] = payload.split('.');
  return k !== undefined && /^[A-Za-z0-9_-]{1,32}$/.test(k) ? countFrom({ k, f: Number(f), c: Number(c) }) : undefined;
}

/** Builds the guard. Options are assumed valid (the handler's schema checked them). */
export function createLoopGuard(options: LoopGuardOptions): LoopGuard {
  const limit = options.limit ?? 3;
  const windowMs = options.windowMs ?? 300_000;
  const cookieName = options.cookieName ?? 'aad_loop_guard';
  const idName = `${cookieName}_id`;
  const store = options.store ?? 'auto';
  const key = options.secret !== undefined ? sealKey(options.secret) : sealKey(undefined);
  const maxAge = Math.ceil(windowMs / 1000);
  const secureName = (req: IncomingMessage, name: string): string => (isSecure(req) ? `__Host-${name}` : name);

  /** The browser IDs this request carries (planted ones too), and the count one of them verifies. */
  function readCookie(req: IncomingMessage): { readonly ids: string[]; readonly count: Count | undefined } {
    const header = req.headers.cookie;
    const ids = cookieValues(header, secureName(req, idName)).filter((id) => BROWSER_ID.test(id)).slice(0, MAX_TRIES);
    for (const value of cookieValues(header, secureName(req, cookieName)).slice(0, MAX_TRIES)) {
      for (const id of ids) {
        const payload = unseal(key, value, id, MAX_COOKIE);
        const count = payload === undefined ? undefined : decodeCount(payload);
        if (count) return { ids: [id], count };
      }
    }
    return { ids, count: undefined };
  }

  const attributes = (req: IncomingMessage): string => `; Path=/; HttpOnly; SameSite=Lax${isSecure(req) ? '; Secure' : ''}`;
  function writeCookie(req: IncomingMessage, res: ServerResponse, ids: readonly string[], count: Count | undefined): void {
    const name = secureName(req, cookieName);
    if (count === undefined) {
      appendSetCookie(res, `${name}=; Max-Age=0${attributes(req)}`);
      return;
    }
    let id = ids[0];
    if (id === undefined) {
      id = randomBytes(16).toString('base64url');
      appendSetCookie(res, `${secureName(req, idName)}=${id}; Max-Age=${ONE_YEAR}${attributes(req)}`);
    }
    appendSetCookie(res, `${name}=${seal(key, `${count.k}.${count.f}.${count.c}`, id)}; Max-Age=${maxAge}${attributes(req)}`);
  }

  /** The next count and whether this redirect trips the guard. */
  function step(stored: Count | undefined, failure: string, now: number): { readonly next: Count | undefined; readonly tripped: boolean } {
    const same = stored !== undefined && stored.k === failure && stored.f <= now && now - stored.f < windowMs;
    if (!same) return { next: { k: failure, f: now, c: 1 }, tripped: false };
    const c = stored.c + 1;
    return c >= limit ? { next: undefined, tripped: true } : { next: { k: failure, f: stored.f, c }, tripped: false };
  }

  return {
    allow(req, res, failure) {
      try {
        const now = Date.now();
        const session = store === 'cookie' ? undefined : initializedSessionOf(req);
        if (session) {
          const { next, tripped } = step(countFrom(session[SESSION_KEY]), failure, now);
          if (next === undefined) delete session[SESSION_KEY];
          else session[SESSION_KEY] = next;
          return !tripped;
        }
        const { ids, count } = readCookie(req);
        const { next, tripped } = step(count, failure, now);
        if (next !== undefined || count !== undefined) writeCookie(req, res, ids, next);
        return !tripped;
      } catch {
        // Counting is best effort: a store that cannot be read must not block sign-in.
        return true;
      }
    },
  };
}
