import type { IncomingMessage, ServerResponse } from 'node:http';
import { AadOptionsError } from '../errors.js';
import { sameSecret, seal, sealKey, unseal } from './cookie-seal.js';
import { appendSetCookie, cookieValues, initializedSessionOf, isSecure, sessionOf } from './request.js';

// Login CSRF: without a check, anyone can send a victim to `/auth/redirect?code=<attacker's code>` and
// sign them in as the attacker. Each `state` the library issues carries a random nonce that is also
// kept on this browser (in its express-session, or in a signed cookie), and the callback accepts a
// state only when its nonce is pending there, unexpired, and then removes it so it cannot be replayed.

/** How a sign-in's nonce is tied to the browser that started it. */
export interface StateBindingOptions {
  /**
   * Key for the HMAC that signs the state cookie (used when there is no initialized session), at least
   * 32 characters. Set the same value on every instance behind one host name, and on both
   * `signInRequestFromQuery` and `aadSignInCallback`.
   * @default a random key per process (a sign-in started before a restart must be started again)
   */
  readonly secret?: string | undefined;
  /**
   * How long a sign-in may take, from the redirect to Entra to the callback, in milliseconds.
   * @default 600_000 (10 minutes)
   */
  readonly maxAgeMs?: number | undefined;
}

export const DEFAULT_STATE_MAX_AGE_MS = 600_000;
/** Sign-ins pending at once per browser: a few tabs, not an unbounded list. */
export const MAX_PENDING = 4;
/** Where pending nonces live in express-session. */
export const STATE_SESSION_KEY = 'aadErrorHandlerSignIns';
export const STATE_COOKIE = 'aad_sign_in';
const HOST_STATE_COOKIE = `__Host-${STATE_COOKIE}`;
const NONCE = /^[A-Za-z0-9_-]{22}$/;

interface Pending {
  /** The nonce. */
  readonly n: string;
  /** Expiry, epoch milliseconds. */
  readonly e: number;
}

function pendingFrom(value: unknown): Pending[] {
  if (!Array.isArray(value)) return [];
  const list: Pending[] = [];
  for (const item of value.slice(0, MAX_PENDING)) {
    if (typeof item !== 'object' || item === null) continue;
    const { n, e } = item as { n?: unknown; e?: unknown };
    if (typeof n === 'string' && NONCE.test(n) && typeof e === 'number' && Number.isSafeInteger(e)) list.push({ n, e });
  }
  return list;
}

function cookieNameFor(req: IncomingMessage): string {
  return isSecure(req) ? HOST_STATE_COOKIE : STATE_COOKIE;
}

function readCookieList(req: IncomingMessage, secret: string | undefined): Pending[] | undefined {
  const key = sealKey(secret);
  // Every cookie of the name is tried: a junk or foreign one planted first must not hide the real one.
  for (const value of cookieValues(req.headers.cookie, cookieNameFor(req))) {
    const payload = unseal(key, value);
    if (payload === undefined) continue;
    try {
      return pendingFrom(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      continue;
    }
  }
  return undefined;
}

function writeCookieList(req: IncomingMessage, res: ServerResponse, list: readonly Pending[], secret: string | undefined, maxAgeMs: number): void {
  const secure = isSecure(req);
  const tail = `; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  const name = cookieNameFor(req);
  if (list.length === 0) {
    appendSetCookie(res, `${name}=; Max-Age=0${tail}`);
    return;
  }
  const payload = Buffer.from(JSON.stringify(list), 'utf8').toString('base64url');
  appendSetCookie(res, `${name}=${seal(sealKey(secret), payload)}; Max-Age=${Math.ceil(maxAgeMs / 1000)}${tail}`);
}

function live(list: readonly Pending[], now: number): Pending[] {
  return list.filter((item) => item.e > now);
}

/**
 * Records `nonce` as pending for this browser: in express-session when the session already holds
 * something (or there is no `res` to set a cookie on), else in the signed cookie.
 */
export function bindNonce(req: IncomingMessage, res: ServerResponse | undefined, nonce: string, options: StateBindingOptions): void {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_STATE_MAX_AGE_MS;
  const now = Date.now();
  const entry: Pending = { n: nonce, e: now + maxAgeMs };
  const session = initializedSessionOf(req) ?? (res === undefined ? sessionOf(req) : undefined);
  if (session !== undefined) {
    session[STATE_SESSION_KEY] = [...live(pendingFrom(session[STATE_SESSION_KEY]), now), entry].slice(-MAX_PENDING);
    return;
  }
  if (res === undefined || typeof res.setHeader !== 'function') {
    throw new AadOptionsError(
      'aad-error-handler signInRequestFromQuery: there is no session to keep the sign-in state in; pass the response too: `signInRequestFromQuery(req, res, defaults)`',
    );
  }
  writeCookieList(req, res, [...live(readCookieList(req, options.secret) ?? [], now), entry].slice(-MAX_PENDING), options.secret, maxAgeMs);
}

/** Why a callback's state was refused. */
export type StateFailure = 'missing' | 'malformed' | 'unknown' | 'expired';

/**
 * Finds `nonce` among this browser's pending sign-ins and removes it (found or expired), so a state
 * works once. Looks in the session and in the cookie: the session may have been initialized between
 * the sign-in redirect and the callback.
 */
export function consumeNonce(req: IncomingMessage, res: ServerResponse, nonce: string, options: StateBindingOptions): 'ok' | StateFailure {
  const now = Date.now();
  let outcome: 'ok' | StateFailure = 'unknown';
  const take = (list: readonly Pending[]): Pending[] => {
    const rest: Pending[] = [];
    for (const item of list) {
      // Every entry is compared, so the time taken does not depend on where (or whether) it matches.
      if (sameSecret(item.n, nonce)) {
        if (outcome !== 'ok') outcome = item.e > now ? 'ok' : 'expired';
      } else if (item.e > now) rest.push(item);
    }
    return rest;
  };
  const session = sessionOf(req);
  if (session !== undefined && session[STATE_SESSION_KEY] !== undefined) {
    const rest = take(pendingFrom(session[STATE_SESSION_KEY]));
    if (rest.length === 0) delete session[STATE_SESSION_KEY];
    else session[STATE_SESSION_KEY] = rest;
  }
  const cookie = readCookieList(req, options.secret);
  if (cookie !== undefined) {
    const rest = take(cookie);
    if (rest.length !== cookie.length && typeof res.setHeader === 'function' && !res.headersSent) {
      writeCookieList(req, res, rest, options.secret, options.maxAgeMs ?? DEFAULT_STATE_MAX_AGE_MS);
    }
  }
  return outcome;
}
