import type { Decision } from '../classify/types.js';
import { defaultLogger, log, type AadLogger } from '../logger.js';
import type { AadLogRecord, HandlerMode } from './options.js';

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

/** True for a handled failure nobody but an admin or developer can clear: a `fail`, or a 5xx answer. */
function needsAttention(record: object): boolean {
  const { action, status } = record as Partial<AadLogRecord>;
  return action === 'fail' || (typeof status === 'number' && status >= 500);
}

/** One line with what an operator searches for: status, action, code, who fixes it, correlation and trace IDs. */
function conciseLine(record: object, message: string): string {
  const fields = record as Partial<AadLogRecord>;
  const parts = [message];
  if (typeof fields.status === 'number') parts.push(`status=${String(fields.status)}`);
  if (fields.fixBy !== undefined) parts.push(`fixBy=${fields.fixBy}`);
  // Only the handler's own sanitised values reach here, but a line must never be split by what it carries.
  for (const key of ['correlationId', 'traceId'] as const) {
    const value = idOrNull(fields[key]);
    if (value !== null) parts.push(`${key}=${value}`);
  }
  return parts.join(' ');
}

/**
 * The handler's logger when none is given. A quick-start app must not be silent about failures its
 * users cannot clear (issue 12), nor noisy about the sign-in redirects that are its everyday work: one
 * line on `console.error` (`console.warn` for a 503) per failure an admin or developer must look at,
 * and everything else to `NODE_DEBUG=aad-error-handler`. Error-level records that are not failures
 * (a `render` hook that threw) are a developer's problem too, so they get their line.
 */
export function defaultHandlerLogger(): AadLogger {
  const debug = defaultLogger();
  const write = (level: 'warn' | 'error') => (record: object, message: string): void => {
    const decision = 'action' in record && 'status' in record;
    if (decision ? needsAttention(record) : level === 'error') {
      const line = conciseLine(record, message);
      if (level === 'error') console.error(line);
      else console.warn(line);
    } else {
      debug[level]?.(record, message);
    }
  };
  return {
    debug: (record, message) => debug.debug?.(record, message),
    info: (record, message) => debug.info?.(record, message),
    warn: write('warn'),
    error: write('error'),
  };
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
