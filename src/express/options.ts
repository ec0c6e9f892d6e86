import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClassifyOptions, Decision } from '../classify/types.js';
import type { HandlerMode, ModeOption } from './choose-mode.js';
import type { LoopGuardOptions } from './loop-guard.js';
import type { AadErrorPage } from './page-model.js';
import type { SignInRequest } from './sign-in-request.js';

/** The part of msal-node's `ConfidentialClientApplication` the handler uses. */
export interface MsalAuthCodeClient {
  getAuthCodeUrl(request: SignInRequest): Promise<string>;
}

/** The signed-in account, for `login_hint` and `domain_hint`; msal-node's `AccountInfo` fits. */
export interface SignInAccount {
  readonly username?: string;
  /** The `login_hint` ID-token claim, preferred over `username` when present. */
  readonly loginHint?: string;
  readonly tenantId?: string;
}

/** One structured record per handled failure. Never carries descriptions, claims, tokens or secrets. */
export interface AadLogRecord {
  readonly code: number | null;
  readonly codeId: string | null;
  readonly action: Decision['action'];
  readonly error: string | null;
  readonly suberror: string | null;
  readonly risk: Decision['risk'];
  readonly fixBy: Decision['fixBy'];
  /** The status actually sent (302 for a sign-in redirect). */
  readonly status: number;
  readonly correlationId: string | null;
  readonly traceId: string | null;
  readonly mode: HandlerMode;
  readonly rule: Decision['rule'];
  readonly known: boolean;
  /** True when the redirect-loop guard turned a sign-in redirect into a page. */
  readonly loopGuard?: true;
}

/** A pino-style logger (`pino`, `bunyan`, or `console`). */
export interface AadLogger {
  warn(record: object, message: string): void;
  error(record: object, message: string): void;
}

/**
 * What `onDecision` may return:
 * - nothing: answer the decision as it is;
 * - some Decision fields, or the whole Decision changed (`{ ...decision, action: 'fail' }`): answer
 *   that instead (a changed `action` or `fixBy` recomputes `status` unless you change it too);
 * - `null`: not this handler's business (as `classify` returns null for a non-Entra error); it calls
 *   `next(err)` with the error untouched.
 *
 * To answer yourself, send the response before the hook returns (or its promise settles): the
 * handler sees the headers were sent and does nothing more.
 */
export type OnDecisionResult = Partial<Decision> | null | undefined | void;

/**
 * Options for `aadErrorHandler`. Validated once, when `aadErrorHandler()` is called. The type
 * parameters let hooks take Express's own types: `aadErrorHandler<Request, Response>({ … })`.
 */
export interface AadErrorHandlerOptions<TRequest extends IncomingMessage = IncomingMessage, TResponse extends ServerResponse = ServerResponse> {
  /**
   * Browser behaviour (`web_app`: redirects and pages), API behaviour (`web_api`: `WWW-Authenticate`
   * and problem+json), or per request (`auto`: an HTML `GET`/`HEAD` is a browser, anything else an API).
   * @default 'auto'
   */
  readonly mode?: ModeOption;
  /**
   * Your sign-in route. Browsers are redirected here with `prompt`, `claims`, `scopes`, `login_hint`,
   * `domain_hint` and `returnTo` in the query; call `signInRequestFromQuery(req, …)` there.
   * A same-origin path.
   * @default '/auth/signin'
   */
  readonly loginPath?: string;
  /**
   * The scopes your app signs in with: named in consent challenges and admin-consent links when the
   * failure itself names none.
   * @default []
   */
  readonly scopes?: readonly string[];
  /**
   * Your app's client ID, for the challenges' `client_id` and the admin-consent link.
   * @default read from `msal` when given
   */
  readonly clientId?: string;
  /**
   * Your authority, e.g. `https://login.microsoftonline.com/<tenant>`: the challenges'
   * `authorization_uri`, the only origin a direct redirect may go to, the admin-consent tenant.
   * @default read from `msal`, else 'https://login.microsoftonline.com/common'
   */
  readonly authority?: string;
  /**
   * Your `ConfidentialClientApplication`. Supplies `clientId` and `authority`; with `redirectUri` too,
   * browsers go straight to Entra's authorize URL instead of `loginPath` (no PKCE, and the `state`
   * is not stored in your session: keep `loginPath` if your sign-in route does either).
   */
  readonly msal?: MsalAuthCodeClient;
  /**
   * Your redirect URI, exactly as registered: turns on the direct redirect with `msal`, and is the
   * admin-consent link's `redirect_uri`.
   */
  readonly redirectUri?: string;
  /**
   * Put upstream details (`error`, `suberror`, the redacted `error_description`, remediation) in
   * pages and problem+json. Off by default in every environment, `NODE_ENV` included: turn it on
   * yourself in development, e.g. `exposeDetails: process.env.NODE_ENV === 'development'`.
   * @default false
   */
  readonly exposeDetails?: boolean;
  /**
   * The redirect-loop guard, or `false` to turn it off.
   * @default { limit: 3, windowMs: 300_000 }
   */
  readonly loopGuard?: LoopGuardOptions | false;
  /**
   * `Retry-After` in seconds for a `retry` when the failure named no delay. A throttled MSAL replay
   * or an upstream 429 without a delay uses 60 s, MSAL's own throttling default.
   * @default 5
   */
  readonly retryAfterSeconds?: number;
  /**
   * The longest `Retry-After` passed on, in seconds; longer upstream delays are capped.
   * @default 300
   */
  readonly maxRetryAfterSeconds?: number;
  /**
   * The admin-consent link on the admin page and in problem+json, or a function of the decision.
   * @default built from `authority`, `clientId`, `scopes` and `redirectUri`
   */
  readonly adminConsentUrl?: string | ((decision: Decision, req: TRequest) => string | undefined);
  /**
   * Finds the signed-in account for `login_hint` and `domain_hint`.
   * @default reads `req.session.account` (where msal-node samples keep it)
   */
  account?(req: TRequest): SignInAccount | undefined;
  /** Sees every decision before it is answered: change it, pass it on, or answer yourself (see `OnDecisionResult`). May be async. */
  onDecision?(decision: Decision, req: TRequest, res: TResponse): OnDecisionResult | Promise<OnDecisionResult>;
  /**
   * Gets one record per handled failure: `warn` for reauthenticate, consent, claims challenge and
   * retry; `error` for fail.
   * @default no logging
   */
  readonly logger?: AadLogger;
  /**
   * Draws the HTML pages yourself. Return the HTML, or undefined for the built-in page. May be async.
   * @default the built-in pages
   */
  render?(page: AadErrorPage, req: TRequest): string | undefined | Promise<string | undefined>;
  /** Per-code changes to the classification, as for `classify`. */
  readonly overrides?: ClassifyOptions['overrides'];
}
