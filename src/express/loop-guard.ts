import { type KeyObject, createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appendSetCookie, isSecure, sessionOf } from './request.js';

// A failure that sign-in cannot clear (a policy the user cannot meet, lost cookies, an app that keeps
// asking for claims it then drops) would bounce the browser between the app and Entra forever. The
// guard counts interactive redirects per browser and turns the `limit`-th one within the window into
// a page instead. It counts in express-session when the app has it, otherwise in a small signed cookie.

/** Options for the redirect-loop guard. */
export interface LoopGuardOptions {
  /**
   * The interactive redirect that trips the guard: with 3, two sign-in redirects within `windowMs`
   * go through and the third is answered with a "sign-in keeps failing" page. Tripping resets the
   * count, so the user's next deliberate attempt is allowed.
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
   * Where the count lives. `'auto'` uses express-session when `req.session` exists, else the signed
   * cookie. Choose `'cookie'` when your sign-in callback regenerates the session
   * (`req.session.regenerate`, the usual defence against session fixation): a regenerated session
   * starts with no count, so the guard would never trip.
   * @default 'auto'
   */
  readonly store?: 'auto' | 'session' | 'cookie';
}

export interface LoopGuard {
  /** Records one interactive redirect; false when this one trips the guard. Never throws. */
  allow(req: IncomingMessage, res: ServerResponse): boolean;
}

/** Where the count lives in express-session. */
export const SESSION_KEY = 'aadErrorHandlerRedirects';
const MAX_COOKIE = 512;

function sign(key: KeyObject, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

function verified(key: KeyObject, value: string | undefined): string | undefined {
  if (value === undefined || value.length > MAX_COOKIE) return undefined;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const payload = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(key, payload));
  return given.length === expected.length && timingSafeEqual(given, expected) ? payload : undefined;
}

/**
 * The value of one cookie in a `Cookie` header, or undefined. Only this guard's own cookie is read and
 * its value is base64url, so there is nothing to decode; a full cookie parser would be wasted here.
 */
function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const pair = part.trim();
    if (pair.length > name.length && pair.charCodeAt(name.length) === 0x3d && pair.startsWith(name)) return pair.slice(name.length + 1);
  }
  return undefined;
}

function stampsFrom(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((stamp): stamp is number => typeof stamp === 'number' && Number.isSafeInteger(stamp)) : [];
}

/** Builds the guard. Options are assumed valid (the handler's schema checked them). */
export function createLoopGuard(options: LoopGuardOptions): LoopGuard {
  const limit = options.limit ?? 3;
  const windowMs = options.windowMs ?? 300_000;
  const cookieName = options.cookieName ?? 'aad_loop_guard';
  const store = options.store ?? 'auto';
  // A KeyObject, made once: cheaper per signature than handing createHmac the raw bytes each time.
  const key = createSecretKey(options.secret !== undefined ? Buffer.from(options.secret, 'utf8') : randomBytes(32));
  const maxAge = Math.ceil(windowMs / 1000);

  const hostCookieName = `__Host-${cookieName}`;
  const nameFor = (req: IncomingMessage): string => (isSecure(req) ? hostCookieName : cookieName);

  function readCookie(req: IncomingMessage): number[] {
    const header = req.headers.cookie;
    if (typeof header !== 'string' || !header.includes(cookieName)) return [];
    const payload = verified(key, cookieValue(header, nameFor(req)));
    return payload === undefined ? [] : stampsFrom(Buffer.from(payload, 'base64url').toString('latin1').split('.').map(Number));
  }

  // Written by hand rather than with `cookie`'s serializer: the name was checked at construction and
  // the value is base64url, so there is nothing to encode, and this runs on every sign-in redirect.
  const attributes = `; Path=/; HttpOnly; SameSite=Lax`;
  function writeCookie(req: IncomingMessage, res: ServerResponse, stamps: readonly number[]): void {
    const secure = isSecure(req);
    const name = secure ? hostCookieName : cookieName;
    const tail = secure ? `${attributes}; Secure` : attributes;
    if (stamps.length === 0) {
      appendSetCookie(res, `${name}=; Max-Age=0${tail}`);
      return;
    }
    const payload = Buffer.from(stamps.join('.'), 'latin1').toString('base64url');
    appendSetCookie(res, `${name}=${payload}.${sign(key, payload)}; Max-Age=${maxAge}${tail}`);
  }

  return {
    allow(req, res) {
      try {
        const now = Date.now();
        const session = store === 'cookie' ? undefined : sessionOf(req);
        // 'session' never falls back to a cookie: without a session there is nowhere to count.
        if (session === undefined && store === 'session') return true;
        const stored = session ? stampsFrom(session[SESSION_KEY]) : readCookie(req);
        const recent = stored.filter((stamp) => stamp <= now && now - stamp < windowMs);
        const tripped = recent.length + 1 >= limit;
        const next = tripped ? [] : [...recent, now];
        if (session) {
          if (next.length === 0) delete session[SESSION_KEY];
          else session[SESSION_KEY] = next;
        } else if (next.length > 0 || stored.length > 0) {
          writeCookie(req, res, next);
        }
        return !tripped;
      } catch {
        // Counting is best effort: a store that cannot be read must not block sign-in.
        return true;
      }
    },
  };
}
