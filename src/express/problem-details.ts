import type { Decision } from '../classify/types.js';
import { errorValueOrNull, idOrNull } from './safe-fields.js';

/**
 * The `application/problem+json` body (RFC 9457) sent to API callers. `type` is `about:blank`, so
 * `title` is the HTTP status phrase; `action` is the member to switch on.
 */
export interface AadProblem {
  readonly type: 'about:blank';
  readonly title: string;
  readonly status: number;
  /** One line in the library's own words (never upstream text). */
  readonly detail: string;
  readonly action: Decision['action'];
  /** `AADSTS50076`, `AADB2C90118`, … or null. */
  readonly code: string | null;
  readonly correlationId: string | null;
  readonly traceId: string | null;
  /** For `consent`: true when only a tenant administrator can grant it. */
  readonly adminConsent?: boolean;
  /** For admin-only `consent`, when the client ID is known: the link for the administrator. */
  readonly adminConsentUrl?: string;
  /** For `consent`: the scopes to ask for, space-separated, as in the challenge. */
  readonly scope?: string;
  /**
   * For `claims_challenge`: the same base64 claims as the `WWW-Authenticate` challenge, for browser
   * clients that cannot read that header cross-origin.
   */
  readonly claims?: string;
  /** For `retry`: seconds to wait, as in `Retry-After`. */
  readonly retryAfter?: number;
  /** The following appear only with `exposeDetails: true`. */
  readonly error?: string | null;
  readonly suberror?: string | null;
  readonly codes?: readonly number[];
  readonly name?: string | null;
  /** The upstream `error_description`, with secrets and tokens redacted. */
  readonly description?: string | null;
  readonly remediation?: string;
}

/** RFC 9110 reason phrases for the statuses the handler sends (a table, so `node:http` is not loaded for it). */
const TITLES: Readonly<Record<number, string>> = { 401: 'Unauthorized', 403: 'Forbidden', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** What the API responder already worked out for one answer. */
export interface ProblemExtras {
  readonly adminConsentUrl?: string | undefined;
  readonly scope?: string | undefined;
  readonly claims?: string | undefined;
  readonly retryAfter?: number | undefined;
}

/** Builds the problem+json body for a decision. */
export function buildProblem(decision: Decision, status: number, extras: ProblemExtras, exposeDetails: boolean): AadProblem {
  const problem: Record<string, unknown> = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail: decision.summary,
    action: decision.action,
    code: decision.codeId,
    correlationId: idOrNull(decision.correlationId),
    traceId: idOrNull(decision.traceId),
  };
  if (decision.action === 'consent') problem['adminConsent'] = decision.adminConsent;
  if (extras.adminConsentUrl !== undefined) problem['adminConsentUrl'] = extras.adminConsentUrl;
  if (extras.scope !== undefined) problem['scope'] = extras.scope;
  if (extras.claims !== undefined) problem['claims'] = extras.claims;
  if (extras.retryAfter !== undefined) problem['retryAfter'] = extras.retryAfter;
  if (exposeDetails) {
    problem['error'] = errorValueOrNull(decision.error);
    problem['suberror'] = errorValueOrNull(decision.suberror);
    problem['codes'] = decision.codes;
    problem['name'] = decision.name;
    problem['description'] = decision.description;
    problem['remediation'] = decision.remediation;
  }
  return problem as unknown as AadProblem;
}
