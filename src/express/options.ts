import type { IncomingMessage, ServerResponse } from 'node:http';
import { read } from '../parse/safe.js';
import { defaultLogger, isLogger, LOGGER_RULE, type AadLogger } from '../logger.js';
import { createClassifier } from '../classify/classify.js';
import type { ClassifyOptions, Decision } from '../classify/types.js';
import { optionsError, zod } from '../validation/options-validation.js';
import { AadOptionsError } from '../errors.js';
import { type AadLocaleOption, type AadLocaleTexts, type Languages, createLanguages, localesSchema } from './language.js';
import { type LoopGuard, type LoopGuardOptions, createLoopGuard } from './loop-guard.js';
import type { AadErrorPage } from './pages.js';
import {sessionOf } from './request.js';
import { challengePrefix } from './respond.js';
import { isSafeReturnTo } from './return-to.js';
import { SCOPE_TOKEN, type SignInRequest } from './sign-in.js';
import type { StateBindingOptions } from './state-binding.js';

/** How the handler answers: a person at a browser (`web_app`) or a program (`web_api`). */
export type HandlerMode = 'web_app' | 'web_api';

/** The `mode` option: force one, or choose per request. */
export type AadErrorHandlerMode = HandlerMode | 'auto';

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
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a hook that returns nothing must type-check
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
  readonly mode?: AadErrorHandlerMode;
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
   * The only scopes a failure may put on a consent screen. Scopes a downstream API's challenge names
   * outside this list are dropped from every sign-in redirect, API consent challenge and admin-consent
   * link (with one log record naming them): anyone answering your app's downstream calls could
   * otherwise ask your users, under your app's name, for `Directory.ReadWrite.All`.
   * `openid`, `profile`, `offline_access` and `email` are always allowed.
   * @default `scopes`
   */
  readonly allowedScopes?: readonly string[];
  /**
   * How the direct redirect (`msal` + `redirectUri`) binds its `state` to the browser; give
   * `aadSignInCallback()` the same values.
   * @default { maxAgeMs: 600_000 } and a random key per process
   */
  readonly signInState?: StateBindingOptions;
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
  /**
   * Answer plain errors whose text merely names an Entra code. Off by default: the handler answers only
   * errors that provably come from msal-node, `@azure/identity`, this library, or an Entra message
   * (an AADSTS code with its Trace ID, Correlation ID or Timestamp), so a route that throws
   * `new Error('No product named ' + userInput)` never turns into a sign-in redirect. Turn it on when
   * your app rethrows Entra failures as plain text of its own.
   * @default false
   */
  readonly trustText?: boolean;
  /**
   * The language of pages and problem+json. `'auto'` negotiates `Accept-Language` (q-values included:
   * `ja`, `ja-JP` → Japanese; anything else → English), answers with `Content-Language` and adds
   * `Accept-Language` to `Vary`. A language (`'en'`, `'ja'`, or one `locales` adds) answers every request
   * in it. A function picks per request (a language switch stored in a cookie or the session); when it
   * returns undefined or a language the handler does not have, `Accept-Language` decides.
   * The Decision `onDecision` sees and the log records stay in English.
   * @default 'auto'
   */
  readonly locale?: AadLocaleOption<TRequest>;
  /**
   * Adds languages, or rewords texts of `en` and `ja`: `{ ko: { pages: {…}, texts: {…} } }`. A new
   * language needs every page text (the keys of `EN_PAGE_TEXTS`; a missing one is named in the error);
   * failure texts (`summary`, `remediation`) by id are optional and fall back to English text by text.
   * Checked once, here. See docs/languages.md.
   * @example { ko: { pages: { 'retry.title': '로그인을 일시적으로 사용할 수 없습니다', … } } }
   */
  readonly locales?: Readonly<Record<string, AadLocaleTexts>>;
}

/** Everything the handler needs per request, worked out once from the options. */
export interface HandlerConfig {
  readonly mode: AadErrorHandlerMode;
  readonly loginPath: string;
  readonly scopes: readonly string[];
  /** Scopes a failure may ask for (see the `allowedScopes` option). */
  readonly allowedScopes: ReadonlySet<string>;
  readonly authority: Authority;
  /** `Bearer realm="", authorization_uri="…", client_id="…"`, shared by every challenge. */
  readonly challengePrefix: string;
  /** Set only when a direct redirect to the authorize URL is configured (`msal` and `redirectUri`). */
  readonly direct: { readonly msal: MsalAuthCodeClient; readonly redirectUri: string; readonly state: StateBindingOptions } | undefined;
  readonly exposeDetails: boolean;
  readonly trustText: boolean;
  readonly loopGuard: LoopGuard | undefined;
  readonly retryAfterSeconds: number;
  readonly maxRetryAfterSeconds: number;
  readonly adminConsentUrl: (decision: Decision, req: IncomingMessage) => string | undefined;
  readonly account: (req: IncomingMessage) => SignInAccount | undefined;
  readonly onDecision: ((decision: Decision, req: IncomingMessage, res: ServerResponse) => OnDecisionResult | Promise<OnDecisionResult>) | undefined;
  readonly logger: AadLogger;
  readonly render: ((page: AadErrorPage, req: IncomingMessage) => string | undefined | Promise<string | undefined>) | undefined;
  /** The languages answers can be in, and their texts. */
  readonly languages: Languages;
  /** One classifier per context, built once so options are validated at setup, not per failure. */
  readonly classifiers: Readonly<Record<HandlerMode, (input: unknown) => Decision | null>>;
}

/** msal-node keeps its configuration on a protected `config`; read it defensively, it is not public API. */
function msalSetting(msal: MsalAuthCodeClient | undefined, key: 'clientId' | 'authority'): string | undefined {
  const value = read(read(read(msal, 'config'), 'auth'), key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function defaultAccount(req: IncomingMessage): SignInAccount | undefined {
  const account = read(sessionOf(req), 'account');
  return typeof account === 'object' && account !== null ? (account) : undefined;
}

/** Validates the options and precomputes the configuration. Throws `AadOptionsError` on bad options. */
export function resolveHandlerConfig(input: unknown): HandlerConfig {
  // The cast widens the request type: the handler hands every hook the request Express gave it.
  const options = validateHandlerOptions(input);
  const clientId = options.clientId ?? msalSetting(options.msal, 'clientId');
  const authority = parseAuthority(options.authority ?? msalSetting(options.msal, 'authority') ?? DEFAULT_AUTHORITY) ?? parseAuthority(DEFAULT_AUTHORITY)!;
  const scopes = options.scopes ?? [];
  const redirectUri = options.redirectUri;
  const adminOption = options.adminConsentUrl;
  const classifyOptions = options.overrides ? { overrides: options.overrides } : {};
  return {
    mode: options.mode ?? 'auto',
    loginPath: options.loginPath ?? '/auth/signin',
    scopes,
    authority,
    challengePrefix: challengePrefix({ authorizationUri: authority.authorizeUrl, clientId }),
    allowedScopes: new Set([...(options.allowedScopes ?? scopes), ...OIDC_SCOPES]),
    direct: options.msal && redirectUri ? { msal: options.msal, redirectUri, state: options.signInState ?? {} } : undefined,
    exposeDetails: options.exposeDetails ?? false,
    trustText: options.trustText ?? false,
    loopGuard: options.loopGuard === false ? undefined : createLoopGuard(options.loopGuard ?? {}),
    retryAfterSeconds: options.retryAfterSeconds ?? 5,
    maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 300,
    adminConsentUrl:
      typeof adminOption === 'function'
        ? adminOption
        : typeof adminOption === 'string'
          ? () => adminOption
          : (decision) => (clientId ? adminConsentUrl(authority, clientId, decision.scopes.length > 0 ? decision.scopes : scopes, redirectUri) : undefined),
    account: options.account ? options.account.bind(options) : defaultAccount,
    onDecision: options.onDecision?.bind(options),
    logger: options.logger ?? defaultLogger(),
    render: options.render?.bind(options),
    languages: createLanguages(options.locale, options.locales),
    classifiers: {
      web_app: createClassifier({ ...classifyOptions, context: 'web_app' }),
      web_api: createClassifier({ ...classifyOptions, context: 'web_api' }),
    },
  };
}

// The options schema, checked once when `aadErrorHandler()` is called, through the library's shared
// validation (zod loaded lazily, messages that name the option in backticks, "did you mean").

const PREFIX = 'aad-error-handler aadErrorHandler';

/** Every option, checked by the compiler: adding an option without listing it here fails the build. */
const KNOWN: { readonly [K in keyof Required<AadErrorHandlerOptions>]: true } = {
  mode: true,
  loginPath: true,
  scopes: true,
  allowedScopes: true,
  signInState: true,
  clientId: true,
  authority: true,
  msal: true,
  redirectUri: true,
  exposeDetails: true,
  trustText: true,
  loopGuard: true,
  retryAfterSeconds: true,
  maxRetryAfterSeconds: true,
  adminConsentUrl: true,
  account: true,
  onDecision: true,
  logger: true,
  render: true,
  overrides: true,
  locale: true,
  locales: true,
};

function buildSchema() {
  const z = zod();
  const fn = (what: string) => z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', `must be a function (${what})`);
  const scopeToken = z.string().regex(SCOPE_TOKEN, 'must be a scope such as User.Read or api://my-api/.default');
  const absoluteUrl = z.string().refine((value) => {
    try {
      const protocol = new URL(value).protocol;
      return protocol === 'https:' || protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL');

  return z.strictObject({
    mode: z.enum(['auto', 'web_app', 'web_api']).optional(),
    loginPath: z
      .string()
      .refine((value) => isSafeReturnTo(value) && !/[?#]/.test(value), 'must be a same-origin path such as /auth/signin, without query or fragment')
      .optional(),
    scopes: z.array(scopeToken).max(32).optional(),
    allowedScopes: z.array(scopeToken).max(256).optional(),
    signInState: z
      .strictObject({
        secret: z.string().min(32, 'must be at least 32 characters').optional(),
        maxAgeMs: z.number().int().min(1000).max(86_400_000).optional(),
      })
      .optional(),
    clientId: z.string().regex(/^[\u0021-\u007e]{1,256}$/, 'must be the application (client) ID').optional(),
    authority: z.string().refine((value) => parseAuthority(value) !== undefined, 'must be an https URL such as https://login.microsoftonline.com/<tenant>').optional(),
    msal: z
      .custom<object>((value) => typeof value === 'object' && value !== null && typeof (value as { getAuthCodeUrl?: unknown }).getAuthCodeUrl === 'function', 'must be a ConfidentialClientApplication (an object with getAuthCodeUrl)')
      .optional(),
    redirectUri: absoluteUrl.optional(),
    exposeDetails: z.boolean().optional(),
    trustText: z.boolean().optional(),
    loopGuard: z
      .union([
        z.literal(false),
        z.strictObject({
          limit: z.number().int().min(2).max(100).optional(),
          windowMs: z.number().int().min(1000).max(86_400_000).optional(),
          secret: z.string().min(32, 'must be at least 32 characters').optional(),
          cookieName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, _ or -').optional(),
          store: z.enum(['auto', 'session', 'cookie']).optional(),
        }),
      ])
      .optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    maxRetryAfterSeconds: z.number().int().min(1).max(86_400).optional(),
    adminConsentUrl: z.union([absoluteUrl, fn('decision, req) => string | undefined')]).optional(),
    account: fn('req => account').optional(),
    onDecision: fn('(decision, req, res) => …').optional(),
    logger: z
      .custom<object>(isLogger, LOGGER_RULE)
      .optional(),
    render: fn('(page, req) => html').optional(),
    // `createClassifier` checks overrides with the same schema `classify` uses, so it is not repeated here.
    overrides: z.unknown().optional(),
    locale: z.union([z.string(), fn('req => language | undefined')]).optional(),
    locales: localesSchema(z).optional(),
  }).superRefine((options, ctx) => {
    const { locale } = options;
    if (typeof locale !== 'string' || locale === 'auto' || locale === 'en' || locale === 'ja') return;
    if (options.locales !== undefined && Object.hasOwn(options.locales, locale)) return;
    ctx.addIssue({ code: 'custom', path: ['locale'], message: "must be 'auto', 'en', 'ja', a language the `locales` option adds, or a function" });
  });
}

let schema: ReturnType<typeof buildSchema> | undefined;

/** Validates the options; throws `AadOptionsError` naming every bad or unknown key. */
export function validateHandlerOptions(options: unknown): AadErrorHandlerOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new AadOptionsError(`${PREFIX}: options must be an object; received ${JSON.stringify(options)}`);
  }
  schema ??= buildSchema();
  const result = schema.safeParse(options);
  if (!result.success) throw optionsError(PREFIX, result.error, options, Object.keys(KNOWN));
  return options;
}

// The configured authority, read once at construction: where challenges point callers, the only origin
// a direct redirect may go to, and the tenant the admin-consent link names.

/** Entra's multi-tenant authority, used when neither `authority` nor `msal` names one. */
export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/common';

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export interface Authority {
  /** `https://login.microsoftonline.com/<tenant>` without a trailing slash. */
  readonly url: string;
  /** `https://login.microsoftonline.com` */
  readonly origin: string;
  /** The first path segment: a tenant ID, a domain, `common`, `organizations` or `consumers`. */
  readonly tenant: string;
  /** The v2.0 authorize endpoint, named in every `WWW-Authenticate` challenge. */
  readonly authorizeUrl: string;
}

/** Parses an authority URL; returns undefined for anything that is not an absolute https URL. */
export function parseAuthority(value: string): Authority | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
  // Trailing slashes trimmed by hand: `/\/+$/` backtracks quadratically on a path of many slashes.
  let end = url.pathname.length;
  while (end > 0 && url.pathname.charCodeAt(end - 1) === 0x2f) end--;
  const path = url.pathname.slice(0, end);
  const tenant = path.split('/')[1] ?? '';
  if (tenant === '') return undefined;
  const base = `${url.origin}${path}`;
  return { url: base, origin: url.origin, tenant, authorizeUrl: `${base}/oauth2/v2.0/authorize` };
}

/**
 * The tenant admin-consent URL. With scopes and a redirect URI it is the v2.0 form
 * (`/{tenant}/v2.0/adminconsent?client_id&scope&redirect_uri`), which asks for exactly those
 * permissions; otherwise the v1 form (`/{tenant}/adminconsent?client_id[&redirect_uri]`), which asks
 * for every permission configured on the app registration.
 */
export function adminConsentUrl(authority: Authority, clientId: string, scopes: readonly string[], redirectUri: string | undefined): string {
  const params = new URLSearchParams({ client_id: clientId });
  const resourceScopes = scopes.filter((scope) => !OIDC_SCOPES.has(scope));
  const tenant = encodeURIComponent(authority.tenant);
  if (resourceScopes.length > 0 && redirectUri !== undefined) {
    params.set('scope', resourceScopes.join(' '));
    params.set('redirect_uri', redirectUri);
    return `${authority.origin}/${tenant}/v2.0/adminconsent?${params.toString()}`;
  }
  if (redirectUri !== undefined) params.set('redirect_uri', redirectUri);
  return `${authority.origin}/${tenant}/adminconsent?${params.toString()}`;
}
