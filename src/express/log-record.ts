import type { Decision } from '../classify/types.js';
import type { HandlerMode } from './choose-mode.js';
import type { AadLogger, AadLogRecord } from './options.js';
import { errorValueOrNull, idOrNull } from './safe-fields.js';

/**
 * The one record logged per handled failure. Built field by field from the Decision, so nothing that
 * may carry user data or secrets (description, claims, scopes, hints) can slip in, and the upstream
 * identifiers only when they are shaped like identifiers.
 */
export function logRecord(decision: Decision, status: number, mode: HandlerMode, loopGuard: boolean): AadLogRecord {
  return {
    code: decision.code,
    codeId: decision.codeId,
    action: loopGuard ? 'fail' : decision.action,
    error: errorValueOrNull(decision.error),
    suberror: errorValueOrNull(decision.suberror),
    risk: decision.risk,
    fixBy: decision.fixBy,
    status,
    correlationId: idOrNull(decision.correlationId),
    traceId: idOrNull(decision.traceId),
    mode,
    rule: decision.rule,
    known: decision.known,
    ...(loopGuard ? { loopGuard: true as const } : {}),
  };
}

/** Logs without ever letting the logger break the response. */
export function safeLog(logger: AadLogger | undefined, level: 'warn' | 'error', record: object, message: string): void {
  if (!logger) return;
  try {
    logger[level](record, message);
  } catch {
    // A broken logger must not turn a handled failure into an unhandled one.
  }
}

/** Logs a handled failure: `error` for a fail (or a tripped loop guard), `warn` for everything else. */
export function logDecision(logger: AadLogger | undefined, decision: Decision, status: number, mode: HandlerMode, loopGuard: boolean): void {
  if (!logger) return;
  const record = logRecord(decision, status, mode, loopGuard);
  const id = record.codeId ? ` (${record.codeId})` : '';
  const message = record.loopGuard ? `Entra ID sign-in loop stopped${id}` : `Entra ID failure: ${record.action}${id}`;
  safeLog(logger, record.action === 'fail' ? 'error' : 'warn', record, message);
}
