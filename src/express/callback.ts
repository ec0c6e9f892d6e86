import type { IncomingMessage, ServerResponse } from 'node:http';
import { read } from '../parse/safe.js';
import { AadOptionsError } from '../errors.js';
import { AadBaseError, brand, hasBrand } from '../errors.js';
import {type NextFunction, requestQuery, requestUrl } from './request.js';
import { MAX_STATE, checkBindingOptions, decodeSignInState, markVerified } from './sign-in.js';
import { type StateBindingOptions, type StateFailure, consumeNonce } from './state-binding.js';

// Entra reports interactive failures on the redirect URI, as a query (`response_mode=query`) or a form
// post (`form_post`): `error=access_denied&error_description=AADSTS65004: …&error_subcode=cancel`.
// `aadSignInCallback()` turns that into an error for `aadErrorHandler`, so a declined consent gets a
// friendly page instead of another trip to the sign-in route.

/** Caps per field: identifiers are short; descriptions are kept for `exposeDetails` and parsing. */
const MAX_SHORT = 256;
const MAX_DESCRIPTION = 4096;

/** The fields of a sign-in callback error, as Entra sends them on the redirect URI. */
export interface SignInCallbackFields {
  readonly error: string;
  readonly error_description?: string | undefined;
  readonly error_subcode?: string | undefined;
  readonly error_uri?: string | undefined;
  readonly state?: string | undefined;
  /** True on the admin-consent redirect URI: an administrator, not the user, turned the request down. */
  readonly adminConsent?: boolean | undefined;
}

/**
 * The error `aadSignInCallback()` passes on when the redirect URI carries `error=…`. Its fields mirror
 * the callback parameters so the parser reads it like the query itself. The message names only the
 * `error` value: the description is upstream text and stays internal.
 */
export class SignInCallbackError extends AadBaseError<'ERR_AAD_SIGN_IN_CALLBACK'> {
  /** Always `'SignInCallbackError'`. */
  override readonly name = 'SignInCallbackError';
  /** The OAuth `error` Entra sent to the redirect URI (`access_denied`, `consent_required`, …). */
  readonly error: string;
  /** Entra's description (upstream text, up to 4 KiB): internal, never shown unless `exposeDetails` is on. */
  readonly error_description: string | undefined;
  /** Entra's `error_subcode` (`cancel` when the user cancelled), if sent. */
  readonly error_subcode: string | undefined;
  /** Entra's `error_uri`, if sent. */
  readonly error_uri: string | undefined;
  /** The callback's `state`, only when `aadSignInCallback()` verified it for this browser. */
  readonly state: string | undefined;
  /** Where the user was going, from `state`; `/` when unknown or unsafe. */
  readonly returnTo: string;
  /**
   * True when the error came back from the admin-consent endpoint (`/adminconsent`): the person at the
   * browser is an administrator, and "sign in again and accept" is the wrong advice for everyone else.
   */
  readonly adminConsent: boolean;

  constructor(fields: SignInCallbackFields) {
    super(`Sign-in callback returned error=${JSON.stringify(fields.error)}.`, 'ERR_AAD_SIGN_IN_CALLBACK');
    this.error = fields.error;
    this.error_description = fields.error_description;
    this.error_subcode = fields.error_subcode;
    this.error_uri = fields.error_uri;
    this.state = fields.state;
    this.returnTo = decodeSignInState(fields.state)?.returnTo ?? '/';
    this.adminConsent = fields.adminConsent === true;
    brand(this, 'SignInCallbackError');
  }
}

/**
 * True only for a SignInCallbackError this library made (any copy, ESM or CJS, by its brand). A
 * look-alike object with the same `code` could name any `returnTo`, so it is not trusted.
 */
export function isSignInCallbackError(value: unknown): value is SignInCallbackError {
  return hasBrand(value, 'SignInCallbackError');
}

/** Why `aadSignInCallback()` refused a callback's `state`. */
export type SignInStateFailure = StateFailure;

const STATE_FAILURE_TEXT: Record<SignInStateFailure, string> = {
  missing: 'the callback carried no state',
  malformed: 'the callback state was not made by this app',
  unknown: 'the callback state was not issued to this browser, or was already used',
  expired: 'the callback state expired',
};

/**
 * The error `aadSignInCallback()` passes on when the redirect URI's `state` is missing, forged, used
 * before, expired, or was issued to another browser (a login CSRF attempt, a replay, a sign-in link
 * opened in another browser). The code is never redeemed; `aadErrorHandler` answers with a 400 page
 * or problem+json asking the user to sign in again.
 */
export class SignInStateError extends AadBaseError<'ERR_AAD_SIGN_IN_STATE'> {
  /** Always `'SignInStateError'`. */
  override readonly name = 'SignInStateError';
  /** Why the state was refused: `missing`, `malformed`, `unknown` (not issued to this browser, or used) or `expired`. */
  readonly reason: SignInStateFailure;
  /** 400: the request, not the app or Entra, is at fault. */
  readonly status = 400;
  /** The same as `status`, for code that reads `statusCode`. */
  readonly statusCode = 400;
  /** http-errors' flag: the message is safe to show. */
  readonly expose = true;

  constructor(reason: SignInStateFailure) {
    super(`Sign-in callback refused: ${STATE_FAILURE_TEXT[reason]}.`, 'ERR_AAD_SIGN_IN_STATE');
    this.reason = reason;
    brand(this, 'SignInStateError');
  }
}

/** True only for a SignInStateError this library made (any copy, ESM or CJS). */
export function isSignInStateError(value: unknown): value is SignInStateError {
  return hasBrand(value, 'SignInStateError');
}

function field(source: (name: string) => unknown, name: string, max: number): string | undefined {
  const value = source(name);
  const text: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof text === 'string' && text !== '' ? text.slice(0, max) : undefined;
}

/**
 * When the request is Entra's redirect back to the app (`state` with `code` or `error`, in the query or
 * a parsed form post), its `state`; otherwise undefined.
 */
export function callbackState(req: IncomingMessage): string | undefined {
  const body = read(req, 'body');
  if (typeof body === 'object' && body !== null) {
    const state = read(body, 'state');
    if (typeof state === 'string' && (read(body, 'code') !== undefined || read(body, 'error') !== undefined)) return state;
  }
  // Most requests carry no state at all: skip parsing their query.
  if (!requestUrl(req).includes('state=')) return undefined;
  const query = requestQuery(req);
  const state = query.get('state');
  return state !== null && (query.has('code') || query.has('error')) ? state : undefined;
}

/** A `POST` with an HTML form body, as Entra's `form_post` response mode sends. */
export function isFormPost(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return req.method === 'POST' && typeof type === 'string' && type.toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** Options for `aadSignInCallback()`: the same `secret` and `maxAgeMs` the sign-in route used. */
export interface SignInCallbackOptions extends StateBindingOptions {
  /**
   * Mount it on the admin-consent redirect URI: a refusal there is an administrator's, so the handler's
   * page says that only an administrator can approve the app instead of asking the user to sign in
   * again. A callback that carries `admin_consent` is recognised without it.
   * @default false
   */
  readonly adminConsent?: boolean | undefined;
}

/** Checks the callback's state against this browser's pending sign-ins and consumes it. */
function verifyState(req: IncomingMessage, res: ServerResponse, state: string | undefined, options: SignInCallbackOptions): SignInStateError | undefined {
  if (state === undefined) return new SignInStateError('missing');
  const decoded = decodeSignInState(state);
  if (decoded === undefined) return new SignInStateError('malformed');
  const outcome = consumeNonce(req, res, decoded.nonce, options);
  if (outcome !== 'ok') return new SignInStateError(outcome);
  markVerified(req, decoded);
  return undefined;
}

/**
 * Middleware for the redirect URI route. It verifies the `state` (issued to this browser by
 * `signInRequestFromQuery` or the handler's direct redirect, unused, unexpired) and consumes it, so
 * your route runs only for a sign-in this browser started; `readSignInState(req)` then returns it. A
 * refused state goes to `next(err)` as a `SignInStateError` (400), and Entra's `error=…` (query or
 * form post) as a `SignInCallbackError`, both for `aadErrorHandler`. For `response_mode=form_post`,
 * mount `express.urlencoded()` before it.
 *
 * @example
 * app.get('/auth/redirect', aadSignInCallback(), async (req, res) => {
 *   await msal.acquireTokenByCode({ code: String(req.query.code), scopes, redirectUri });
 *   res.redirect(readSignInState(req)?.returnTo ?? '/');
 * });
 */
export function aadSignInCallback(options: SignInCallbackOptions = {}): (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void {
  checkBindingOptions('aadSignInCallback', options);
  if (options.adminConsent !== undefined && typeof options.adminConsent !== 'boolean') {
    throw new AadOptionsError(`aad-error-handler aadSignInCallback: \`adminConsent\` must be true or false; received ${JSON.stringify(options.adminConsent)}`, 'type');
  }
  return function aadSignInCallbackMiddleware(req, res, next) {
    const body = read(req, 'body');
    if (body === undefined && isFormPost(req)) {
      next(new AadOptionsError('aad-error-handler: the sign-in callback is a form post but `req.body` is not parsed. Mount `express.urlencoded({ extended: false })` before `aadSignInCallback()`.'));
      return;
    }
    const query = requestQuery(req);
    const fromBody = typeof body === 'object' && body !== null && (typeof read(body, 'error') === 'string' || typeof read(body, 'code') === 'string');
    const source = fromBody ? (name: string) => read(body, name) : (name: string) => query.get(name) ?? undefined;
    const state = field(source, 'state', MAX_STATE);
    const error = field(source, 'error', MAX_SHORT);
    // Nothing to redeem and nothing to report (an admin-consent success carries neither): the state is
    // left alone, and readSignInState(req) stays undefined.
    if (error === undefined && field(source, 'code', MAX_DESCRIPTION) === undefined) {
      next();
      return;
    }
    // Consumed before anything else runs: a state works once, whatever the callback carries.
    const refused = verifyState(req, res, state, options);
    if (error !== undefined) {
      next(
        new SignInCallbackError({
          error,
          error_description: field(source, 'error_description', MAX_DESCRIPTION),
          error_subcode: field(source, 'error_subcode', MAX_SHORT),
          error_uri: field(source, 'error_uri', 2048),
          // Only a verified state names where to go back to.
          state: refused === undefined ? state : undefined,
          // Entra's /adminconsent answers carry `admin_consent` (True or False); the sign-in's never do.
          adminConsent: options.adminConsent === true || field(source, 'admin_consent', MAX_SHORT) !== undefined,
        }),
      );
      return;
    }
    next(refused);
  };
}
