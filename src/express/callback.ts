import type { IncomingMessage, ServerResponse } from 'node:http';
import { read } from '../parse/safe.js';
import { AadOptionsError } from '../errors.js';
import { AadBaseError, brand, hasBrand } from '../errors.js';
import {type NextFunction, requestQuery, requestUrl } from './request.js';
import { readSignInState } from './sign-in.js';

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
}

/**
 * The error `aadSignInCallback()` passes on when the redirect URI carries `error=…`. Its fields mirror
 * the callback parameters so the parser reads it like the query itself. The message names only the
 * `error` value: the description is upstream text and stays internal.
 */
export class SignInCallbackError extends AadBaseError<'ERR_AAD_SIGN_IN_CALLBACK'> {
  override readonly name = 'SignInCallbackError';
  readonly error: string;
  readonly error_description: string | undefined;
  readonly error_subcode: string | undefined;
  readonly error_uri: string | undefined;
  readonly state: string | undefined;
  /** Where the user was going, from `state`; `/` when unknown or unsafe. */
  readonly returnTo: string;

  constructor(fields: SignInCallbackFields) {
    super(`Sign-in callback returned error=${JSON.stringify(fields.error)}.`, 'ERR_AAD_SIGN_IN_CALLBACK');
    this.error = fields.error;
    this.error_description = fields.error_description;
    this.error_subcode = fields.error_subcode;
    this.error_uri = fields.error_uri;
    this.state = fields.state;
    this.returnTo = readSignInState(fields.state)?.returnTo ?? '/';
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

function field(source: (name: string) => unknown, name: string, max: number): string | undefined {
  const value = source(name);
  const text = Array.isArray(value) ? value[0] : value;
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

/**
 * Middleware for the redirect URI route: when Entra sent `error=…` (query or form post), it calls
 * `next(err)` with a `SignInCallbackError` for `aadErrorHandler`; otherwise it calls `next()` and your
 * route redeems the code. For `response_mode=form_post`, mount `express.urlencoded()` before it.
 *
 * @example
 * app.get('/auth/redirect', aadSignInCallback(), async (req, res) => { ... acquireTokenByCode ... });
 */
export function aadSignInCallback(): (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void {
  return function aadSignInCallbackMiddleware(req, _res, next) {
    const body = read(req, 'body');
    if (body === undefined && isFormPost(req)) {
      next(new AadOptionsError('aad-error-handler: the sign-in callback is a form post but `req.body` is not parsed. Mount `express.urlencoded({ extended: false })` before `aadSignInCallback()`.'));
      return;
    }
    const query = requestQuery(req);
    const fromBody = typeof body === 'object' && body !== null && typeof read(body, 'error') === 'string';
    const source = fromBody ? (name: string) => read(body, name) : (name: string) => query.get(name) ?? undefined;
    const error = field(source, 'error', MAX_SHORT);
    if (error === undefined) {
      next();
      return;
    }
    next(
      new SignInCallbackError({
        error,
        error_description: field(source, 'error_description', MAX_DESCRIPTION),
        error_subcode: field(source, 'error_subcode', MAX_SHORT),
        error_uri: field(source, 'error_uri', 2048),
        state: field(source, 'state', 4096),
      }),
    );
  };
}
