import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decision } from '../classify/types.js';
import { encodeClaims } from '../parse/claims.js';
import { errorValueOrNull, idOrNull } from './log.js';
import type { PageTexts } from '../locales/page-texts.js';
import type { LocalizedTexts } from '../locales/types.js';
import type { HandlerConfig } from './options.js';
import { type AadErrorPage, type PageKind, buildPage, builtInPageCsp, isDeclined, renderBuiltInPage, signInExpiredPage } from './pages.js';
import { failureKey } from './loop-guard.js';
import { requestPath } from './request.js';
import { loginPathUrl, returnToFor, signInParamsFor, signInTarget } from './sign-in.js';

// API callers (SPAs, daemons, other APIs calling on behalf of a user) cannot be redirected: the
// interaction is handed back to them in a challenge they know how to act on, with an RFC 9457 body
// saying the same for clients that only read JSON.

/** The admin-consent link, or undefined when it cannot be built or the app's function fails. */
export function adminLinkFor(decision: Decision, req: IncomingMessage, config: HandlerConfig): string | undefined {
  try {
    const url = config.adminConsentUrl(decision, req);
    return typeof url === 'string' && /^https?:\/\//.test(url) ? headerSafe(url) : undefined;
  } catch {
    return undefined;
  }
}

/** The language one answer with a body is written in, and its texts. */
interface AnswerLanguage {
  readonly lang: string;
  readonly texts: PageTexts;
}

/**
 * Chooses the language of an answer that has a body (a redirect has none) and says so:
 * `Content-Language`, and `Vary: Accept-Language` when the header decided.
 */
function answerLanguage(req: IncomingMessage, res: ServerResponse, config: HandlerConfig): AnswerLanguage {
  const chosen = config.languages.choose(req);
  res.setHeader('Content-Language', chosen.lang);
  if (chosen.negotiated) appendVary(res, 'Accept-Language');
  return { lang: chosen.lang, texts: config.languages.pageTexts(chosen.lang) };
}

/** Answers an API caller; returns the status sent. */
export function respondApi(decision: Decision, err: unknown, req: IncomingMessage, res: ServerResponse, config: HandlerConfig): number {
  const status = decision.status;
  const prefix = config.challengePrefix;
  let challenge: string | undefined;
  let extras: ProblemExtras = {};
  switch (decision.action) {
    case 'reauthenticate':
      challenge = reauthenticateChallenge(prefix);
      break;
    case 'claims_challenge': {
      // Without claims (an override can produce that) the best the caller can do is a fresh token.
      const claims = decision.claims ? encodeClaims(decision.claims) : undefined;
      challenge = claims ? claimsChallenge(prefix, claims) : reauthenticateChallenge(prefix);
      extras = { claims };
      break;
    }
    case 'consent': {
      const scopes = decision.scopes.length > 0 ? decision.scopes : config.scopes;
      challenge = consentChallenge(prefix, scopes);
      extras = {
        scope: scopes.length > 0 ? headerSafe(scopes.join(' ')) : undefined,
        adminConsentUrl: decision.adminConsent ? adminLinkFor(decision, req, config) : undefined,
      };
      break;
    }
    case 'retry': {
      const seconds = retryAfterFor(decision, config);
      res.setHeader('Retry-After', String(seconds));
      extras = { retryAfter: seconds };
      break;
    }
    case 'fail':
      break;
  }
  // RFC 9110 §15.5.2: a 401 must carry a challenge, whatever an override made of the decision.
  if (challenge === undefined && status === 401) challenge = reauthenticateChallenge(prefix);
  if (challenge !== undefined) res.setHeader('WWW-Authenticate', challenge);
  exposeToCors(res, [...(challenge !== undefined ? ['WWW-Authenticate'] : []), ...(decision.action === 'retry' ? ['Retry-After'] : [])]);
  const language = answerLanguage(req, res, config);
  const told = config.languages.decisionTexts(decision, language.lang);
  sendProblem(res, status, buildProblem(decision, status, extras, config.exposeDetails, language.texts, told));
  return status;
}

// A person at a browser can act: sign in again, consent, satisfy a claims challenge. They get a
// redirect that starts that sign-in, guarded against loops; everything a sign-in cannot clear gets a
// page that says what happened, in plain words, with the IDs support needs.

/** What the browser responder did, for the log record. */
export interface BrowserOutcome {
  readonly status: number;
  readonly loopGuard?: true;
  /** Why the direct authorize redirect fell back to `loginPath`, when it did. */
  readonly fallback?: string;
}

/** The status of the page shown when the loop guard trips: the app could not complete sign-in. */
export const LOOP_STATUS = 500;

function isInteractive(decision: Decision): boolean {
  return decision.action === 'reauthenticate' || decision.action === 'claims_challenge' || (decision.action === 'consent' && !decision.adminConsent);
}

/** Answers a browser; resolves to what was sent. */
export async function respondBrowser(
  decision: Decision,
  err: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  config: HandlerConfig,
  onRenderError: (error: unknown) => void,
): Promise<BrowserOutcome> {
  const exposeDetails = config.exposeDetails;
  const signInAgain = (): string => loginPathUrl(config.loginPath, { returnTo: returnToFor(err, req, config.loginPath), scopes: [] });

  const pageIn = (): { texts: PageTexts; lang: string; told: LocalizedTexts } => {
    const language = answerLanguage(req, res, config);
    return { ...language, told: config.languages.decisionTexts(decision, language.lang) };
  };

  if (isInteractive(decision)) {
    if (config.loopGuard && !config.loopGuard.allow(req, res, failureKey(decision.code, decision.error, decision.action, requestPath(req)))) {
      const page = buildPage({ kind: 'loop', status: LOOP_STATUS, decision, exposeDetails, tryAgainUrl: signInAgain(), ...pageIn() });
      await sendPage(res, req, page, config, onRenderError);
      return { status: LOOP_STATUS, loopGuard: true };
    }
    const target = await signInTarget(signInParamsFor(decision, err, req, config), config, req, res);
    if (!res.headersSent) sendRedirect(res, target.location);
    return target.fallback ? { status: 302, fallback: target.fallback } : { status: 302 };
  }

  let kind: PageKind;
  let status: number = decision.status;
  let extra: { retryAfterSeconds?: number; adminConsentUrl?: string | null; tryAgainUrl?: string | null } = {};
  switch (decision.action) {
    case 'consent':
      // Only admin-only consent gets here: a consent screen would just say "Need admin approval".
      kind = 'admin_consent';
      status = 403;
      extra = { adminConsentUrl: adminLinkFor(decision, req, config) ?? null, tryAgainUrl: signInAgain() };
      break;
    case 'retry':
      kind = 'retry';
      status = 503;
      extra = { retryAfterSeconds: retryAfterFor(decision, config), tryAgainUrl: returnToFor(err, req, config.loginPath) };
      break;
    default:
      kind = isDeclined(decision) ? 'declined' : 'error';
      // A user who declined, or whose own sign-in failed, may try again by hand; nobody is sent there automatically.
      extra = kind === 'declined' || decision.fixBy === 'user' ? { tryAgainUrl: signInAgain() } : {};
      // RFC 9110 §15.5.2: a 401 carries a challenge, even on a page (an override can ask for one).
      if (status === 401) res.setHeader('WWW-Authenticate', reauthenticateChallenge(config.challengePrefix));
  }
  await sendPage(res, req, buildPage({ kind, status, decision, exposeDetails, ...extra, ...pageIn() }), config, onRenderError);
  return { status };
}

/** The answer to a refused callback `state` (SignInStateError): a 400 page, or problem+json for API callers. */
export async function respondSignInState(mode: 'web_app' | 'web_api', req: IncomingMessage, res: ServerResponse, config: HandlerConfig, onRenderError: (error: unknown) => void): Promise<void> {
  const language = answerLanguage(req, res, config);
  const page = signInExpiredPage(loginPathUrl(config.loginPath, { returnTo: '/', scopes: [] }), language.texts, language.lang);
  if (mode === 'web_api') {
    sendProblem(res, 400, { type: 'about:blank', title: language.texts['status.400'], status: 400, detail: page.message, action: 'reauthenticate', code: null, correlationId: null, traceId: null });
    return;
  }
  await sendPage(res, req, page, config, onRenderError);
}

// Writing responses with Node's own API works the same on Express 4 and 5 and skips work Express's
// `res.send` does for content (ETag, charset sniffing) that an error answer does not need.

/** MSAL refuses a throttled request for 60 s unless the server said otherwise (its `DEFAULT_THROTTLE_TIME_SECONDS`). */
export const THROTTLED_SECONDS = 60;

/** An authentication answer is never cached by a browser or proxy. */
function noStore(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
}

// Bodies are ended in one chunk, so Node writes Content-Length itself (counting bytes, not characters).

/** A 302 to a URL the caller has already checked. */
export function sendRedirect(res: ServerResponse, location: string): void {
  noStore(res, 302);
  res.setHeader('Location', location);
  res.end();
}

/** An `application/problem+json` answer. */
export function sendProblem(res: ServerResponse, status: number, body: object): void {
  noStore(res, status);
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(JSON.stringify(body));
}

function writePage(res: ServerResponse, page: AadErrorPage, html: string | undefined, texts: PageTexts): void {
  if (res.headersSent || res.writableEnded) return;
  noStore(res, page.status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (html === undefined) res.setHeader('Content-Security-Policy', builtInPageCsp());
  if (page.retryAfterSeconds !== null) res.setHeader('Retry-After', String(page.retryAfterSeconds));
  res.end(html ?? renderBuiltInPage(page, texts));
}

/**
 * An HTML page, drawn by the app's `render` when it returns HTML, else by the built-in page. A
 * failing `render` is reported through `onRenderError` and falls back to the built-in page: the user
 * still gets an answer.
 */
export async function sendPage(res: ServerResponse, req: IncomingMessage, page: AadErrorPage, config: HandlerConfig, onRenderError: (error: unknown) => void): Promise<void> {
  let html: unknown;
  try {
    html = config.render ? await config.render(page, req) : undefined;
  } catch (error) {
    onRenderError(error);
  }
  writePage(res, page, typeof html === 'string' ? html : undefined, config.languages.pageTexts(page.lang));
}

/** Adds a field to `Vary` without dropping what CORS or compression middleware put there. */
export function appendVary(res: ServerResponse, field: string): void {
  const current = res.getHeader('vary');
  if (current === undefined) {
    res.setHeader('Vary', field);
    return;
  }
  const text = Array.isArray(current) ? current.join(', ') : typeof current === 'string' ? current : '';
  const fields = text.split(',').map((name) => name.trim().toLowerCase());
  if (fields.includes('*') || fields.includes(field.toLowerCase())) return;
  res.setHeader('Vary', text.trim() === '' ? field : `${text}, ${field}`);
}

/**
 * Lets a cross-origin caller read the challenge: when CORS middleware already allowed this origin,
 * `WWW-Authenticate` and `Retry-After` are added to `Access-Control-Expose-Headers`, which browsers
 * otherwise hide from `fetch`.
 */
export function exposeToCors(res: ServerResponse, names: readonly string[]): void {
  if (res.getHeader('access-control-allow-origin') === undefined || names.length === 0) return;
  const current = res.getHeader('access-control-expose-headers');
  const listed = typeof current === 'string' ? current.split(',').map((name) => name.trim()).filter(Boolean) : [];
  const lower = new Set(listed.map((name) => name.toLowerCase()));
  if (lower.has('*')) return;
  const merged = [...listed, ...names.filter((name) => !lower.has(name.toLowerCase()))];
  res.setHeader('Access-Control-Expose-Headers', merged.join(', '));
}

/**
 * `Retry-After` in whole seconds: the upstream delay when known (at least 1, at most the cap);
 * otherwise 60 s for throttling (an upstream 429 or MSAL's throttled replay, which keeps refusing for
 * that long) and the configured default for anything else.
 */
export function retryAfterFor(decision: Decision, config: HandlerConfig): number {
  const cap = config.maxRetryAfterSeconds;
  // A hook or override may hand back any number; NaN or Infinity would make `Retry-After: NaN`.
  if (typeof decision.retryAfterMs === 'number' && Number.isFinite(decision.retryAfterMs)) return Math.min(cap, Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  const throttled = decision.upstreamStatus === 429 || decision.throttledReplay;
  return Math.min(cap, throttled ? THROTTLED_SECONDS : config.retryAfterSeconds);
}

// Builds the `WWW-Authenticate` values the handler sends (RFC 6750 §3, Microsoft's claims-challenge
// format). Every value here may have come from upstream text, so each auth-param is reduced to visible
// ASCII and quoted with `"` and `\` escaped (RFC 9110 §5.6.4): no CR/LF, no header splitting, no broken
// quoting, whatever the error contained.

const NOT_VISIBLE = /[^\u0020-\u007e]/g;
const QUOTE_OR_BACKSLASH = /["\\]/g;

/** Removes everything but visible ASCII and space, so the value can never split a header. */
export function headerSafe(value: string): string {
  return value.replace(NOT_VISIBLE, '');
}

/** A quoted-string auth-param value. */
export function quoteParam(value: string): string {
  return `"${headerSafe(value).replace(QUOTE_OR_BACKSLASH, '\\$&')}"`;
}

/** One Bearer challenge; params whose value is undefined are left out, an empty string is kept (`realm=""`). */
export function bearerChallenge(params: ReadonlyArray<readonly [name: string, value: string | undefined]>): string {
  const parts: string[] = [];
  for (const [name, value] of params) if (value !== undefined) parts.push(`${name}=${quoteParam(value)}`);
  return parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}`;
}

/** What every challenge from this app names: where to get a token, and for which client. */
export interface ChallengeTarget {
  /** The authorize endpoint of the configured authority. */
  readonly authorizationUri: string;
  /** This app's (the resource's) client ID, when known. */
  readonly clientId: string | undefined;
}

/**
 * The part every challenge shares, `Bearer realm="", authorization_uri="…", client_id="…"`, built once
 * from the configuration rather than per failure.
 */
export function challengePrefix(target: ChallengeTarget): string {
  return bearerChallenge([
    ['realm', ''],
    ['authorization_uri', target.authorizationUri],
    ['client_id', target.clientId],
  ]);
}

/** `401` for `reauthenticate`: the caller must get a new token, interactively (RFC 6750 `invalid_token`). */
export function reauthenticateChallenge(prefix: string): string {
  return `${prefix}, error="invalid_token"`;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * `401` for `claims_challenge`, in the format Microsoft documents for CAE and Conditional Access
 * step-up, which MSAL's `AuthenticationHeaderParser` and Microsoft.Identity.Web read:
 * `Bearer realm="", authorization_uri="…", client_id="…", error="insufficient_claims", claims="<base64>"`.
 */
export function claimsChallenge(prefix: string, encodedClaims: string): string {
  // Base64 needs no quoting; anything else (it cannot come from encodeClaims) is quoted like any value.
  const claims = BASE64.test(encodedClaims) ? `"${encodedClaims}"` : quoteParam(encodedClaims);
  return `${prefix}, error="insufficient_claims", claims=${claims}`;
}

/** `403` for `consent`: RFC 6750 `insufficient_scope`, naming the scopes when they are known. */
export function consentChallenge(prefix: string, scopes: readonly string[]): string {
  return scopes.length > 0 ? `${prefix}, error="insufficient_scope", scope=${quoteParam(scopes.join(' '))}` : `${prefix}, error="insufficient_scope"`;
}

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

/**
 * The problem's `title`: the RFC 9110 reason phrase of the status, in the answer's language (RFC 9457
 * §3.1.3 lets `about:blank` titles be localized through `Accept-Language`); `Error` for other statuses.
 */
function statusTitle(status: number, texts: PageTexts): string {
  switch (status) {
    case 400:
    case 401:
    case 403:
    case 500:
    case 503:
      return texts[`status.${status}`];
    default:
      return texts['status.other'];
  }
}

/** What the API responder already worked out for one answer. */
export interface ProblemExtras {
  readonly adminConsentUrl?: string | undefined;
  readonly scope?: string | undefined;
  readonly claims?: string | undefined;
  readonly retryAfter?: number | undefined;
}

/** Builds the problem+json body for a decision, its texts in the answer's language. */
export function buildProblem(decision: Decision, status: number, extras: ProblemExtras, exposeDetails: boolean, texts: PageTexts, told: LocalizedTexts): AadProblem {
  const problem: Record<string, unknown> = {
    type: 'about:blank',
    title: statusTitle(status, texts),
    status,
    detail: told.summary,
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
    problem['remediation'] = told.remediation;
  }
  return problem as unknown as AadProblem;
}
