import type { Action, FixBy, ResponseStatus, Risk } from '../catalog/types.js';
import type { Lang } from '../locales/types.js';

/**
 * Where the failure happened. `web_app`: a user is at a browser. `web_api`: the caller is another app,
 * so interaction is handed back to it. `daemon`: no user at all, so `reauthenticate` and `consent`
 * become `fail`.
 */
export type Context = 'web_app' | 'web_api' | 'daemon';

/** Which step of the decision policy decided. */
export type DecisionRule = 'transport' | 'claims' | 'cae' | 'suberror' | 'code' | 'error' | 'hint' | 'unknown';

/** The one next step for a failure, with everything the acting layers need. */
export interface Decision {
  /** The next step: `reauthenticate`, `consent`, `claims_challenge`, `retry` or `fail`. */
  readonly action: Action;
  /** The primary AADSTS number, or null. */
  readonly code: number | null;
  /** The primary code with its prefix (`AADSTS50076`, `AADB2C90118`, `ACS50008`), or null. */
  readonly codeId: string | null;
  /** Every AADSTS number seen, in order. */
  readonly codes: readonly number[];
  /** Microsoft's identifier for the primary code, e.g. `UserStrongAuthClientAuthNRequired`. */
  readonly name: string | null;
  /** The OAuth `error` value (`invalid_grant`, `interaction_required`, …), or null. */
  readonly error: string | null;
  /** The Entra `suberror` value (`basic_action`, `consent_required`, …), or null. */
  readonly suberror: string | null;
  /** The claims challenge as JSON text, when the action is `claims_challenge`. */
  readonly claims: string | null;
  /** The HTTP status the middleware answers an API caller with. */
  readonly status: ResponseStatus;
  /** True when repeating the same request later may succeed. */
  readonly retryable: boolean;
  /** How long to wait before retrying, in milliseconds, when the server said. */
  readonly retryAfterMs: number | null;
  /**
   * True when msal-node answered from its throttle cache without sending a request (its replay of an
   * earlier 429, 5xx or AADSTS50196): the wait is msal's own, and sending again before it ends is refused.
   */
  readonly throttledReplay: boolean;
  /** Who can fix it: `user`, `admin`, `developer`, `service`, or `none` (nothing to fix). */
  readonly fixBy: FixBy;
  /** For security monitoring: `high` for wrong passwords, denied MFA, reply-URL mismatches and the like. */
  readonly risk: Risk;
  /** True when only a tenant administrator can grant what is missing. */
  readonly adminConsent: boolean;
  /** The correlation ID of the failed request, for the sign-in logs and Microsoft support. */
  readonly correlationId: string | null;
  /** Entra's trace ID of the failed request. */
  readonly traceId: string | null;
  /** When Entra answered, as it wrote it (`2025-01-23 10:12:13Z`). */
  readonly timestamp: string | null;
  /** Scopes a downstream challenge asked for. */
  readonly scopes: readonly string[];
  /** The `authorization_uri` a downstream challenge named. */
  readonly authorizationUri: string | null;
  /** The upstream HTTP status, when one was seen. */
  readonly upstreamStatus: number | null;
  /** The context the failure was decided for. */
  readonly context: Context;
  /** Which step of the decision policy decided (see docs/decision-policy.md). */
  readonly rule: DecisionRule;
  /** False when no catalog entry or protocol value explained the failure. */
  readonly known: boolean;
  /** One line in our own words: what happened. Safe to show. */
  readonly summary: string;
  /** One line in our own words: what to do. Safe to show. */
  readonly remediation: string;
  /**
   * The upstream description, with secrets, tokens and assertions redacted. Internal: never show it to
   * end users unless you opt in. Redacted on first read (it is an enumerable getter, so spreading,
   * `JSON.stringify` and `structuredClone` see a plain redacted value).
   */
  readonly description: string | null;
}

/** A per-code change to the catalog's choices. */
export interface CodeOverride {
  /** The next step to take for this code instead of the catalog's. */
  readonly action?: Action;
  /** Who fixes it, instead of the catalog's choice. */
  readonly fixBy?: FixBy;
  /** The HTTP status answered to API callers, instead of the one derived from the action. */
  readonly status?: ResponseStatus;
  /** The security-monitoring risk, instead of the catalog's. */
  readonly risk?: Risk;
  /** True when only a tenant administrator can grant what is missing. */
  readonly adminConsent?: boolean;
}

/** Options for `classify` and `createClassifier`. */
export interface ClassifyOptions {
  /**
   * Where the failure happened.
   * @default 'web_app'
   */
  readonly context?: Context;
  /**
   * Re-maps codes or adds a rule of your own.
   * @example { codes: { 50058: { action: 'fail' } }, rule: (d) => d.code === 53003 ? { fixBy: 'user' } : undefined }
   */
  readonly overrides?: {
    /** Keyed by AADSTS number or prefixed id (`AADB2C90118`). */
    readonly codes?: Readonly<Record<string, CodeOverride>>;
    /** Runs last; return the fields to change, or undefined to keep the decision. */
    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a rule that returns nothing must type-check
    readonly rule?: (decision: Decision) => Partial<Decision> | undefined | null | void;
  };
  /** The clock for HTTP-date `Retry-After` values, in epoch milliseconds. @default Date.now() */
  readonly now?: number;
  /** Passed on to `parseAadError`: treat bare network errors as token-request failures. @default false */
  readonly fromTokenRequest?: boolean;
  /**
   * The language of `summary` and `remediation`; every other field is the same in every language.
   * A text not yet translated falls back to English.
   * @default 'en'
   */
  readonly lang?: Lang;
}
