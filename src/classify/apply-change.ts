import { ACTIONS, FIX_BY } from '../catalog/types.js';
import { statusFor } from './policy.js';
import type { Decision } from './types.js';

const STATUSES = new Set([401, 403, 500, 503]);

/**
 * Applies a change to a Decision: what classify's `overrides.rule` or the middleware's `onDecision`
 * returned, either some fields or a whole changed Decision (`{ ...decision, action }`). A changed action
 * or fixBy recomputes the status unless the change set the status too. Returns undefined when the
 * result is unusable (an unknown action, fixBy or status), so the caller keeps the original.
 */
export function applyDecisionChange(decision: Decision, change: Partial<Decision>): Decision | undefined {
  const action = change.action ?? decision.action;
  const fixBy = change.fixBy ?? decision.fixBy;
  if (!ACTIONS.includes(action) || !FIX_BY.includes(fixBy)) return undefined;
  const statusChanged = change.status !== undefined && change.status !== decision.status;
  const status = statusChanged ? change.status : action !== decision.action || fixBy !== decision.fixBy ? statusFor(action, fixBy) : decision.status;
  if (!STATUSES.has(status)) return undefined;
  return { ...decision, ...change, action, fixBy, status, retryable: action === 'retry' };
}
