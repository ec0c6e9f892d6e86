import type { Decision } from '../classify/types.js';
import type { HandlerMode } from './options.js';
import { log, type AadLogger } from '../logger.js';
import type { AadLogRecord } from './options.js';

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

/** Logs a handled failure: `error` for a fail (or a tripped loop guard), `warn` for everything else. */
export function logDecision(logger: AadLogger, decision: Decision, status: number, mode: HandlerMode, loopGuard: boolean): void {
  const record = logRecord(decision, status, mode, loopGuard);
  const id = record.codeId ? ` (${record.codeId})` : '';
  const message = record.loopGuard ? `Entra ID sign-in loop stopped${id}` : `Entra ID failure: ${record.action}${id}`;
  log(logger, record.action === 'fail' ? 'error' : 'warn', record, message);
}

// The identifiers the handler shows to users and logs come from upstream fields (`correlation_id`,
// `trace_id`, `timestamp`, `error`, `suberror`), where a hostile or garbled answer can put any 256
// characters: a secret, or a line of phishing text on the app's own error page ("call this number").
// Only values shaped like what Entra sends are passed on; anything else is left out (test/hardening/no-leak.test.ts).

/** GUIDs and the other request IDs services send: a letter or digit, then letters, digits and `._:-`. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** Entra's `2025-01-23 10:12:13Z` and ISO 8601 with up to seven fraction digits. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z?$/;
/** OAuth `error` and `suberror` values, and MSAL's codes: lower-case snake case. */
const ERROR_VALUE = /^[a-z][a-z0-9_]{0,63}$/;

function matching(pattern: RegExp, value: unknown): string | null {
  return typeof value === 'string' && pattern.test(value) ? value : null;
}

/** A correlation or trace ID, or null when the value does not look like one. */
export function idOrNull(value: unknown): string | null {
  return matching(ID, value);
}

/** A timestamp, or null when the value does not look like one. */
export function timestampOrNull(value: unknown): string | null {
  return matching(TIMESTAMP, value);
}

/** An OAuth `error` / `suberror` value, or null when the value does not look like one. */
export function errorValueOrNull(value: unknown): string | null {
  return matching(ERROR_VALUE, value);
}
