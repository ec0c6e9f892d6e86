import type { IncomingMessage } from 'node:http';
import { callbackState, isFormPost, isSignInCallbackError } from './callback.js';
import { readProperty } from './request.js';

/** How the handler answers: a person at a browser (`web_app`) or a program (`web_api`). */
export type HandlerMode = 'web_app' | 'web_api';

/** The `mode` option: force one, or choose per request. */
export type ModeOption = HandlerMode | 'auto';

/**
 * Only a browser navigation can follow a sign-in redirect or read a page: a `GET` or `HEAD` that
 * prefers HTML. JSON is offered first, so `Accept: *\/*` (fetch, curl, SDKs) counts as an API call,
 * while a browser's `text/html,…,*\/*;q=0.8` counts as a navigation.
 */
function prefersHtml(req: IncomingMessage): boolean {
  const header = req.headers?.accept;
  // Most API calls name no HTML at all; only a header that could prefer it goes through negotiation.
  if (typeof header !== 'string' || (!header.includes('html') && !header.includes('text/*'))) return false;
  // A browser navigation names text/html first and no JSON: HTML wins without full negotiation.
  if ((header.startsWith('text/html,') || header === 'text/html') && !header.includes('json')) return true;
  const accepts = readProperty(req, 'accepts');
  if (typeof accepts !== 'function') return header.includes('text/html'); // not an Express request
  try {
    return accepts.call(req, ['json', 'html']) === 'html';
  } catch {
    return false;
  }
}

/**
 * Picks browser or API behaviour for one request: an HTML `GET`/`HEAD`, or Entra's `form_post`
 * redirect back to the app, is a browser; anything else is an API call.
 */
export function chooseMode(req: IncomingMessage, option: ModeOption, err?: unknown): HandlerMode {
  if (option !== 'auto') return option;
  const method = req.method;
  if ((method === 'GET' || method === 'HEAD') && prefersHtml(req)) return 'web_app';
  // Only a form post: an SPA posting `{ code, state }` as JSON to its backend is an API call.
  return method === 'POST' && (isSignInCallbackError(err) || (isFormPost(req) && callbackState(req) !== undefined)) ? 'web_app' : 'web_api';
}
