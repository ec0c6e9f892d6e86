import { isBrandedAadError, type AadError } from '../classify/aad-error.js';
import type { Decision } from '../classify/types.js';
import type { HandlerMode } from './choose-mode.js';
import type { HandlerConfig } from './handler-config.js';
import { readProperty } from './request.js';

/** How far `cause` chains are followed to find an AadError an app wrapped in its own error. */
const MAX_CAUSES = 8;

/** The first AadError this library made in `err` or its `cause` chain (look-alikes are not trusted). */
export function findAadError(err: unknown): AadError | undefined {
  let current = err;
  for (let depth = 0; depth <= MAX_CAUSES && typeof current === 'object' && current !== null; depth++) {
    if (isBrandedAadError(current)) return current;
    current = readProperty(current, 'cause');
  }
  return undefined;
}

/**
 * The Decision for an error reaching the handler, or null when it carries no Entra signal. An AadError
 * (from the MSAL wrapper or `aadErrorFromResponse`) already carries one; its cause is classified again
 * only when it was decided for another context than this request's (a daemon decision at a browser).
 */
export function decisionFor(err: unknown, mode: HandlerMode, config: HandlerConfig): Decision | null {
  const classifier = config.classifiers[mode];
  const aadError = findAadError(err);
  if (!aadError) return classifier(err);
  const own = aadError.decision;
  if (own.context === mode) return own;
  const cause = readProperty(aadError, 'cause');
  const again = cause !== undefined ? classifier(cause) : null;
  if (again === null) return own;
  // The wrapper knew more than the cause shows (the server's Retry-After, msal-node's throttle window,
  // the upstream status): keep the wait it computed when the new context still says retry.
  if (again.action === 'retry' && own.action === 'retry') {
    return { ...again, retryAfterMs: own.retryAfterMs ?? again.retryAfterMs, upstreamStatus: own.upstreamStatus ?? again.upstreamStatus };
  }
  return again;
}

