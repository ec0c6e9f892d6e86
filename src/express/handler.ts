import type { IncomingMessage, ServerResponse } from 'node:http';
import { read } from '../parse/safe.js';
import { AadOptionsError } from '../errors.js';
import { type AadError, isBrandedAadError } from '../errors.js';
import { applyDecisionChange } from '../classify/apply-change.js';
import type { Decision } from '../classify/types.js';
import { entraProvenance } from '../classify/provenance.js';
import { callbackState, isFormPost, isSignInCallbackError, isSignInStateError } from './callback.js';
import { log } from '../logger.js';
import { logDecision } from './log.js';
import { resolveHandlerConfig, type AadErrorHandlerMode, type AadErrorHandlerOptions, type HandlerConfig, type HandlerMode } from './options.js';
import {canRespond, type AadErrorRequestHandler, type NextFunction } from './request.js';
import { isDeclined } from './pages.js';
import { appendVary, respondApi, respondBrowser, respondSignInState } from './respond.js';

/** Marks an error thrown by the app's own `onDecision`, which goes to `next` instead of the original. */
class HookFailure extends Error {
  constructor(readonly error: unknown) {
    super('onDecision threw');
  }
}

/** `app.use(aadErrorHandler)` hands Express's request to the factory as its options. */
function looksLikeRequest(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'socket' in value && 'headers' in value && 'method' in value;
}

/** What `onDecision` leaves to answer: a decision, `'pass'` for next(err), or `'answered'` when it sent the response. */
type HookOutcome = Decision | 'answered' | 'pass';

function settleHook(decision: Decision, result: unknown, res: ServerResponse, config: HandlerConfig): HookOutcome {
  if (result === null) return 'pass';
  // The hook answered itself: never send a second set of headers.
  if (!canRespond(res)) return 'answered';
  if (result === undefined || typeof result !== 'object') return decision;
  const change = result as Partial<Decision>;
  const changed = applyDecisionChange(decision, change);
  if (!changed) log(config.logger, 'warn', { action: change.action, status: change.status }, 'onDecision returned an unusable change; answering the original decision');
  return changed ?? decision;
}

async function runHook(decision: Decision, req: IncomingMessage, res: ServerResponse, config: HandlerConfig): Promise<HookOutcome> {
  if (!config.onDecision) return decision;
  let result: unknown;
  try {
    result = await config.onDecision(decision, req, res);
  } catch (error) {
    throw new HookFailure(error);
  }
  return settleHook(decision, result, res, config);
}

async function answer(err: unknown, decision: Decision, mode: HandlerMode, req: IncomingMessage, res: ServerResponse, config: HandlerConfig): Promise<void> {
  if (config.mode === 'auto') appendVary(res, 'Accept');
  if (mode === 'web_api') {
    const status = respondApi(decision, err, req, res, config);
    logDecision(config.logger, decision, status, mode, false);
    return;
  }
  const onRenderError = (error: unknown): void =>
    log(config.logger, 'error', { name: error instanceof Error ? error.name : typeof error }, 'render failed; sent the built-in page');
  const outcome = await respondBrowser(decision, err, req, res, config, onRenderError);
  if (outcome.fallback) log(config.logger, 'warn', { reason: outcome.fallback }, 'direct sign-in redirect unavailable; redirected to loginPath');
  logDecision(config.logger, decision, outcome.status, mode, outcome.loopGuard === true);
}

async function answerSignInState(err: unknown, req: IncomingMessage, res: ServerResponse, config: HandlerConfig): Promise<void> {
  const mode = chooseMode(req, config.mode, err);
  if (config.mode === 'auto') appendVary(res, 'Accept');
  const onRenderError = (error: unknown): void =>
    log(config.logger, 'error', { name: error instanceof Error ? error.name : typeof error }, 'render failed; sent the built-in page');
  await respondSignInState(mode, req, res, config, onRenderError);
  const reason = (err as { reason?: unknown }).reason;
  log(config.logger, 'warn', { reason, status: 400, mode }, 'sign-in callback refused: its state was not issued to this browser, was used, or expired');
}

/**
 * Drops the scopes a failure names outside `allowedScopes` (a downstream challenge is written by
 * whoever answered the call), logging which, so no redirect, challenge or admin link carries them.
 */
function withAllowedScopes(decision: Decision, config: HandlerConfig): Decision {
  if (decision.scopes.length === 0) return decision;
  const kept = decision.scopes.filter((scope) => config.allowedScopes.has(scope));
  if (kept.length === decision.scopes.length) return decision;
  const dropped = decision.scopes.filter((scope) => !config.allowedScopes.has(scope)).slice(0, 32);
  log(config.logger, 'warn', { droppedScopes: dropped, codeId: decision.codeId }, 'dropped scopes outside allowedScopes from the failure');
  return { ...decision, scopes: kept };
}

/** Runs the hook, then answers; 'pass' when the error is not this handler's to answer after all. */
async function handle(err: unknown, first: Decision, mode: HandlerMode, req: IncomingMessage, res: ServerResponse, config: HandlerConfig): Promise<'done' | 'pass'> {
  const decision = await runHook(first, req, res, config);
  if (decision === 'pass') return 'pass';
  if (decision !== 'answered') await answer(err, withAllowedScopes(decision, config), mode, req, res, config);
  return 'done';
}

/**
 * The Express error handler for Entra ID failures. Mount it after your routes; every Entra failure
 * that reaches it (an msal-node error, an `AadError`, a downstream challenge from
 * `aadErrorFromResponse`, a sign-in callback error from `aadSignInCallback`) gets the answer its
 * decision calls for: a sign-in redirect or a page for browsers, a `WWW-Authenticate` challenge and
 * problem+json for API callers. Anything else goes to `next(err)` untouched, and so does everything
 * once headers are sent. Options are validated here, once; bad ones throw `AadOptionsError`.
 *
 * @example
 * app.use(aadErrorHandler({ msal: cca, scopes: ['User.Read'], logger }));
 */
export function aadErrorHandler<TRequest extends IncomingMessage = IncomingMessage, TResponse extends ServerResponse = ServerResponse>(
  options: AadErrorHandlerOptions<TRequest, TResponse> = {},
): AadErrorRequestHandler<TRequest, TResponse> {
  if (looksLikeRequest(options)) {
    throw new AadOptionsError('it looks like you passed `aadErrorHandler` to `app.use` without calling it. Use `app.use(aadErrorHandler())` (with options if you have any).');
  }
  const config = resolveHandlerConfig(options);

  return function aadErrorHandlerMiddleware(err: unknown, req: TRequest, res: TResponse, next: NextFunction): void {
    if (!canRespond(res)) {
      next(err);
      return;
    }
    let mode: HandlerMode;
    let decision: Decision | null;
    if (isSignInStateError(err)) {
      answerSignInState(err, req, res, config).catch(() => next(err));
      return;
    }
    try {
      mode = chooseMode(req, config.mode, err);
      decision = decisionFor(err, mode, config);
    } catch {
      // Classification never throws by design; this is the last guard so the handler never does.
      next(err);
      return;
    }
    if (decision === null) {
      next(err);
      return;
    }
    handle(err, decision, mode, req, res, config).then(
      (outcome) => {
        if (outcome === 'pass') next(err);
      },
      (failure: unknown) => {
        if (failure instanceof HookFailure) {
          next(failure.error);
          return;
        }
        log(config.logger, 'error', { name: failure instanceof Error ? failure.name : typeof failure }, 'could not answer the failure; passing it on');
        next(err);
      },
    );
  };
}


/**
 * Only a browser navigation can follow a sign-in redirect or read a page: a `GET` or `HEAD` that
 * prefers HTML. JSON is offered first, so `Accept: *\/*` (fetch, curl, SDKs) counts as an API call,
 * while a browser's `text/html,…,*\/*;q=0.8` counts as a navigation.
 */
function prefersHtml(req: IncomingMessage): boolean {
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a hand-made request may have no headers
  const header = req.headers?.accept;
  // Most API calls name no HTML at all; only a header that could prefer it goes through negotiation.
  if (typeof header !== 'string' || (!header.includes('html') && !header.includes('text/*'))) return false;
  // A browser navigation names text/html first and no JSON: HTML wins without full negotiation.
  if ((header.startsWith('text/html,') || header === 'text/html') && !header.includes('json')) return true;
  const accepts = read(req, 'accepts');
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
export function chooseMode(req: IncomingMessage, option: AadErrorHandlerMode, err?: unknown): HandlerMode {
  if (option !== 'auto') return option;
  const method = req.method;
  if ((method === 'GET' || method === 'HEAD') && prefersHtml(req)) return 'web_app';
  // Only a form post: an SPA posting `{ code, state }` as JSON to its backend is an API call.
  // A JSON POST carrying a callback error is an API call like any other JSON POST.
  return method === 'POST' && isFormPost(req) && (isSignInCallbackError(err) || isSignInStateError(err) || callbackState(req) !== undefined) ? 'web_app' : 'web_api';
}

/** How far `cause` chains are followed to find an AadError an app wrapped in its own error. */
const MAX_CAUSES = 8;

/** The first AadError this library made in `err` or its `cause` chain (look-alikes are not trusted). */
export function findAadError(err: unknown): AadError | undefined {
  let current = err;
  for (let depth = 0; depth <= MAX_CAUSES && typeof current === 'object' && current !== null; depth++) {
    if (isBrandedAadError(current)) return current;
    current = read(current, 'cause');
  }
  return undefined;
}

/**
 * The trust boundary. `classify` reads any text generously, but a route that throws
 * `new Error('No product named ' + userInput)` must get the app's own 404, not a sign-in redirect,
 * whatever code the user typed. So the handler answers only what provably comes from an identity
 * library or Entra (see `entraProvenance`) and the library's own callback errors; `trustText: true`
 * widens it to any text, for apps that rethrow Entra failures as plain messages.
 */
function isTrusted(err: unknown, config: HandlerConfig): boolean {
  return config.trustText || isSignInCallbackError(err) || entraProvenance(err) !== undefined;
}

/**
 * A refusal on the admin-consent redirect URI is an administrator's: only an administrator can change
 * it, so the Decision says so (`fixBy: 'admin'`, `adminConsent: true`) and the page is `admin_declined`.
 */
function asAdminRefusal(err: unknown, decision: Decision | null): Decision | null {
  if (decision === null || !isSignInCallbackError(err) || !err.adminConsent || !isDeclined(decision)) return decision;
  return applyDecisionChange(decision, { fixBy: 'admin', adminConsent: true }) ?? decision;
}

/**
 * The Decision for an error reaching the handler, or null when it carries no Entra signal. An AadError
 * (from the MSAL wrapper or `aadErrorFromResponse`) already carries one; its cause is classified again
 * only when it was decided for another context than this request's (a daemon decision at a browser).
 */
export function decisionFor(err: unknown, mode: HandlerMode, config: HandlerConfig): Decision | null {
  const classifier = config.classifiers[mode];
  const aadError = findAadError(err);
  if (!aadError) return isTrusted(err, config) ? asAdminRefusal(err, classifier(err)) : null;
  const own = aadError.decision;
  if (own.context === mode) return own;
  const cause = read(aadError, 'cause');
  const again = cause !== undefined ? classifier(cause) : null;
  if (again === null) return own;
  // The wrapper knew more than the cause shows (the server's Retry-After, msal-node's throttle window,
  // the upstream status): keep the wait it computed when the new context still says retry.
  if (again.action === 'retry' && own.action === 'retry') {
    return { ...again, retryAfterMs: own.retryAfterMs ?? again.retryAfterMs, upstreamStatus: own.upstreamStatus ?? again.upstreamStatus };
  }
  return again;
}
