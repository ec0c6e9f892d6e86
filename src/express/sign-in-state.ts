import { randomBytes } from 'node:crypto';
import { MAX_RETURN_TO, safeReturnTo } from './return-to.js';

// The OAuth `state` sent to Entra and echoed back on the redirect URI. It carries where to go after
// sign-in and a random nonce the app may keep in its session to tie the callback to this browser
// (login CSRF). It comes back from the browser, so everything read from it is checked again.

/** What the `state` of a sign-in started by this library carries. */
export interface SignInState {
  /** The same-origin path to return to after sign-in; `/` when none or an unsafe one was given. */
  readonly returnTo: string;
  /** 128 random bits, base64url. Store it in the session before redirecting and compare on the callback. */
  readonly nonce: string;
}

const VERSION = 1;
const MAX_STATE = 4096;

/** Encodes a new state for `returnTo` with a fresh nonce. */
export function createSignInState(returnTo: string): { readonly state: string; readonly nonce: string } {
  const nonce = randomBytes(16).toString('base64url');
  const state = Buffer.from(JSON.stringify({ v: VERSION, r: safeReturnTo(returnTo), n: nonce }), 'utf8').toString('base64url');
  return { state, nonce };
}

/**
 * Reads the `state` echoed back on the redirect URI. Returns undefined when it was not made by
 * `signInRequestFromQuery` (or was tampered with beyond reading); an unsafe `returnTo` becomes `/`.
 *
 * @example
 * const signedIn = readSignInState(req.query.state);
 * if (!signedIn || signedIn.nonce !== req.session.signInNonce) return res.status(400).end();
 * res.redirect(signedIn.returnTo);
 */
export function readSignInState(state: unknown): SignInState | undefined {
  if (typeof state !== 'string' || state.length === 0 || state.length > MAX_STATE || !/^[A-Za-z0-9_-]+$/.test(state)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(state, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { v, r, n } = parsed as { v?: unknown; r?: unknown; n?: unknown };
  if (v !== VERSION || typeof n !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(n)) return undefined;
  return { returnTo: typeof r === 'string' && r.length <= MAX_RETURN_TO ? safeReturnTo(r) : '/', nonce: n };
}
