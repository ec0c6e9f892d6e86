import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decision } from '../classify/types.js';
import { chooseMode, type HandlerMode } from './choose-mode.js';
import { resolveHandlerConfig, type HandlerConfig } from './handler-config.js';
import { logDecision, safeLog } from './log-record.js';
import { andThen, isThenable, type MaybePromise } from './maybe-async.js';
import type { AadErrorHandlerOptions } from './options.js';
import { canRespond, type AadErrorRequestHandler, type NextFunction } from './request.js';
import { applyDecisionChange } from '../classify/apply-change.js';
import { decisionFor } from './resolve-decision.js';
import { respondApi } from './respond-api.js';
import { respondBrowser } from './respond-browser.js';
import { appendVary } from './send.js';

/** Marks an error thrown by the app's own `onDecision`, which goes to `next` instead of the original. */
class HookFailure {
  constructor(readonly error: unknown) {}
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
  if (!changed) safeLog(config.logger, 'warn', { action: change.action, status: change.status }, 'aad-error-handler: onDecision returned an unusable change; answering the original decision');
  return changed ?? decision;
}

function runHook(decision: Decision, req: IncomingMessage, res: ServerResponse, config: HandlerConfig): MaybePromise<HookOutcome> {
  if (!config.onDecision) return decision;
  let result: unknown;
  try {
    result = config.onDecision(decision, req, res);
  } catch (error) {
    throw new HookFailure(error);
  }
  if (!isThenable(result)) return settleHook(decision, result, res, config);
  return Promise.resolve(result).then(
    (resolved) => settleHook(decision, resolved, res, config),
    (error: unknown) => {
      throw new HookFailure(error);
    },
  );
}

function answer(err: unknown, decision: Decision, mode: HandlerMode, req: IncomingMessage, res: ServerResponse, config: HandlerConfig): MaybePromise<'done'> {
  if (config.mode === 'auto') appendVary(res, 'Accept');
  if (mode === 'web_api') {
    const status = respondApi(decision, err, req, res, config);
    logDecision(config.logger, decision, status, mode, false);
    return 'done';
  }
  const onRenderError = (error: unknown): void =>
    safeLog(config.logger, 'error', { name: error instanceof Error ? error.name : typeof error }, 'aad-error-handler: render failed; sent the built-in page');
  return andThen(respondBrowser(decision, err, req, res, config, onRenderError), (outcome) => {
    if (outcome.fallback) safeLog(config.logger, 'warn', { reason: outcome.fallback }, 'aad-error-handler: direct sign-in redirect unavailable; redirected to loginPath');
    logDecision(config.logger, decision, outcome.status, mode, outcome.loopGuard === true);
    return 'done' as const;
  });
}

function handle(err: unknown, first: Decision, mode: HandlerMode, req: IncomingMessage, res: ServerResponse, config: HandlerConfig): MaybePromise<'done' | 'pass'> {
  return andThen(runHook(first, req, res, config), (decision) => {
    if (decision === 'pass') return 'pass';
    if (decision === 'answered') return 'done';
    return answer(err, decision, mode, req, res, config);
  });
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
    throw new TypeError('aad-error-handler: it looks like you passed `aadErrorHandler` to `app.use` without calling it. Use `app.use(aadErrorHandler())` (with options if you have any).');
  }
  const config = resolveHandlerConfig(options);

  return function aadErrorHandlerMiddleware(err: unknown, req: TRequest, res: TResponse, next: NextFunction): void {
    if (!canRespond(res)) {
      next(err);
      return;
    }
    let mode: HandlerMode;
    let decision: Decision | null;
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
    const onOutcome = (outcome: 'done' | 'pass'): void => {
      if (outcome === 'pass') next(err);
    };
    const onFailure = (failure: unknown): void => {
      if (failure instanceof HookFailure) {
        next(failure.error);
        return;
      }
      safeLog(config.logger, 'error', { name: failure instanceof Error ? failure.name : typeof failure }, 'aad-error-handler: could not answer the failure; passing it on');
      next(err);
    };
    let outcome: MaybePromise<'done' | 'pass'>;
    try {
      outcome = handle(err, decision, mode, req, res, config);
    } catch (failure) {
      onFailure(failure);
      return;
    }
    if (isThenable(outcome)) outcome.then(onOutcome, onFailure);
    else onOutcome(outcome);
  };
}
