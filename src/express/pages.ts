import { createHash } from 'node:crypto';
import { escapeHtml } from '../escape-html.js';
import type { Decision } from '../classify/types.js';
import { errorValueOrNull, idOrNull, timestampOrNull } from './log.js';

/** Which page the browser gets. */
export type PageKind = 'error' | 'declined' | 'admin_declined' | 'admin_consent' | 'retry' | 'loop' | 'sign_in_expired';

/** Upstream details, present only with `exposeDetails: true`. Never show these in production. */
export interface PageDetails {
  /** The OAuth `error` value, when it has the shape of one. */
  readonly error: string | null;
  /** The Entra `suberror` value, when it has the shape of one. */
  readonly suberror: string | null;
  /** Every AADSTS number seen, in order. */
  readonly codes: readonly number[];
  /** Microsoft's identifier for the primary code (`UserStrongAuthClientAuthNRequired`), or null. */
  readonly name: string | null;
  /** The upstream `error_description`, with secrets and tokens already redacted. */
  readonly description: string | null;
  /** What to do, in the library's own words. */
  readonly remediation: string;
}

/** Everything a page shows. Pass your own `render` to draw it; every field is safe to show. */
export interface AadErrorPage {
  /** Which page: `error`, `declined`, `admin_consent`, `retry`, `loop` or `sign_in_expired`. */
  readonly kind: PageKind;
  /** The HTTP status the page is sent with. */
  readonly status: number;
  /** The page's heading, in plain words for the user. */
  readonly title: string;
  /** The page's paragraph: what the user can do. */
  readonly message: string;
  /** One line in the library's own words about what happened (never upstream text). */
  readonly reason: string;
  /** The Decision's action (`reauthenticate` for `sign_in_expired`). */
  readonly action: Decision['action'];
  /** `AADSTS50076`, `AADB2C90118`, … or null. */
  readonly code: string | null;
  /** The correlation ID to give support, when it has the shape of an ID. */
  readonly correlationId: string | null;
  /** Entra's trace ID, when it has the shape of an ID. */
  readonly traceId: string | null;
  /** When Entra answered, when it has the shape of a timestamp. */
  readonly timestamp: string | null;
  /** For `retry`: seconds until it is worth trying again. */
  readonly retryAfterSeconds: number | null;
  /** For `admin_consent`: the link to send to a tenant administrator. */
  readonly adminConsentUrl: string | null;
  /** A same-origin link the user may follow to try again by hand. */
  readonly tryAgainUrl: string | null;
  /** Upstream details with `exposeDetails: true`, else null. Never show them in production. */
  readonly details: PageDetails | null;
}

const TEXT: Record<Exclude<PageKind, 'error'>, readonly [title: string, message: string]> = {
  declined: [
    'Permission was not granted',
    'The app cannot continue without the permissions it asked for. Sign in again and accept them when you are ready.',
  ],
  admin_declined: [
    'The app was not approved for your organization',
    'The permissions this app asked for were not granted, so it cannot be used yet. Signing in again will not change that: only an administrator can approve the app, with the link below.',
  ],
  admin_consent: [
    'An administrator must approve this app',
    'This app needs permissions that only an administrator of your organization can grant. Send the approval link below to your administrator, then sign in again once they have approved it.',
  ],
  retry: ['Sign-in is temporarily unavailable', 'Microsoft Entra ID is busy or could not be reached. Please try again shortly.'],
  sign_in_expired: [
    'Please sign in again',
    'The sign-in link expired or was opened in another browser — sign in again.',
  ],
  loop: [
    'Sign-in keeps failing',
    'Signing you in failed several times in a row, so we stopped instead of trying again. Try again in a few minutes, or contact support with the reference below.',
  ],
};

const ERROR_TEXT: Record<Decision['fixBy'], readonly [title: string, message: string]> = {
  user: ['Sign-in could not be completed', 'Your sign-in did not meet what this app requires.'],
  admin: ["Your organization's settings block this sign-in", 'An administrator of your organization must change a setting before you can continue. Give them the reference below.'],
  developer: ['This app is not set up correctly', "The app could not complete sign-in because of a problem in its configuration. Contact the app's support team with the reference below."],
  service: ['Sign-in service problem', 'Microsoft Entra ID could not complete the sign-in. Please try again later.'],
  none: ['Sign-in could not be completed', 'Please try again later.'],
};

/** True when the user said no: consent declined (65004) or a plain `access_denied` / cancel on the callback. */
export function isDeclined(decision: Decision): boolean {
  if (decision.code === 65004) return true;
  return decision.code === null && (decision.error === 'access_denied' || decision.error === 'authorization_declined');
}

export interface PageInput {
  readonly kind: PageKind;
  readonly status: number;
  readonly decision: Decision;
  readonly exposeDetails: boolean;
  readonly retryAfterSeconds?: number;
  readonly adminConsentUrl?: string | null;
  readonly tryAgainUrl?: string | null;
}

/** Builds the page model for a decision: titles and messages in plain words, IDs for support. */
export function buildPage(input: PageInput): AadErrorPage {
  const { decision } = input;
  const [title, message] = input.kind === 'error' ? ERROR_TEXT[decision.fixBy] : TEXT[input.kind];
  return {
    kind: input.kind,
    status: input.status,
    title,
    message,
    // The catalog's 65004 summary speaks of the user; on the admin-consent callback it was an administrator.
    reason: input.kind === 'admin_declined' ? 'An administrator declined to grant the permissions for the organization.' : decision.summary,
    action: decision.action,
    code: decision.codeId,
    correlationId: idOrNull(decision.correlationId),
    traceId: idOrNull(decision.traceId),
    timestamp: timestampOrNull(decision.timestamp),
    retryAfterSeconds: input.retryAfterSeconds ?? null,
    adminConsentUrl: input.adminConsentUrl ?? null,
    tryAgainUrl: input.tryAgainUrl ?? null,
    details: input.exposeDetails
      ? {
          error: errorValueOrNull(decision.error),
          suberror: errorValueOrNull(decision.suberror),
          codes: decision.codes,
          name: decision.name,
          description: decision.description,
          remediation: decision.remediation,
        }
      : null,
  };
}

// The built-in pages: small, dependency-free, every value HTML-escaped. Apps replace them through the
// `render` option. The built-in pages run no script and load nothing, so they are served with a CSP
// that allows only their own inline style (by hash).


const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1b1b}' +
  'main{max-width:36rem;margin:10vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}' +
  'h1{font-size:1.4rem;margin-top:0}dt{font-weight:600;margin-top:.5rem}dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}' +
  'a.button{display:inline-block;margin:.5rem 0;padding:.5rem 1rem;background:#0b5cad;color:#fff;border-radius:4px;text-decoration:none}' +
  'pre{white-space:pre-wrap;background:#f1f1f1;padding:.5rem}';

let csp: string | undefined;

/** The Content-Security-Policy of the built-in pages: nothing but their own style. */
export function builtInPageCsp(): string {
  csp ??= `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  return csp;
}

function row(label: string, value: string | null): string {
  return value ? `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>` : '';
}

function link(href: string | null, text: string, external = false): string {
  if (!href) return '';
  const rel = external ? ' rel="noopener noreferrer"' : '';
  return `<p><a class="button" href="${escapeHtml(href)}"${rel}>${escapeHtml(text)}</a></p>`;
}

/**
 * The page for a callback whose `state` was refused: no upstream decision exists, so the page is
 * built from the library's own words only.
 */
export function signInExpiredPage(tryAgainUrl: string): AadErrorPage {
  const [title, message] = TEXT.sign_in_expired;
  return {
    kind: 'sign_in_expired',
    status: 400,
    title,
    message,
    reason: 'The sign-in response did not match a sign-in started in this browser.',
    action: 'reauthenticate',
    code: null,
    correlationId: null,
    traceId: null,
    timestamp: null,
    retryAfterSeconds: null,
    adminConsentUrl: null,
    tryAgainUrl,
    details: null,
  };
}

/** Renders the built-in HTML for a page. */
export function renderBuiltInPage(page: AadErrorPage): string {
  const consent = page.adminConsentUrl
    ? `<p>Approval link for your administrator:</p><pre>${escapeHtml(page.adminConsentUrl)}</pre>${link(page.adminConsentUrl, 'I am an administrator: review and approve', true)}`
    : '';
  const retry = page.retryAfterSeconds !== null ? `<p>Try again in ${page.retryAfterSeconds} seconds.</p>` : '';
  const details = page.details
    ? `<h2>Details (exposeDetails is on)</h2><dl>${row('Error', page.details.error)}${row('Suberror', page.details.suberror)}${row('Name', page.details.name)}${row('All codes', page.details.codes.join(', ') || null)}${row('What to do', page.details.remediation)}</dl>${page.details.description ? `<pre>${escapeHtml(page.details.description)}</pre>` : ''}`
    : '';
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">' +
    `<title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head><body><main>` +
    `<h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p><p>${escapeHtml(page.reason)}</p>` +
    `${consent}${retry}${link(page.tryAgainUrl, page.kind === 'retry' ? 'Try again' : 'Sign in again')}` +
    `<dl>${row('Error code', page.code)}${row('Correlation ID', page.correlationId)}${row('Trace ID', page.traceId)}${row('Timestamp', page.timestamp)}</dl>` +
    `${details}</main></body></html>`
  );
}
