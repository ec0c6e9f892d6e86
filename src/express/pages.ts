import { createHash } from 'node:crypto';
import { escapeHtml } from '../escape-html.js';
import type { Decision } from '../classify/types.js';
import type { PageTexts } from '../locales/page-texts.js';
import { fillPlaceholders } from '../locales/texts.js';
import type { LocalizedTexts } from '../locales/types.js';
import { errorValueOrNull, idOrNull, timestampOrNull } from './log.js';

/** Which page the browser gets. */
export type PageKind = 'error' | 'declined' | 'admin_consent' | 'retry' | 'loop' | 'sign_in_expired';

/** Upstream details, present only with `exposeDetails: true`. Never show these in production. */
export interface PageDetails {
  readonly error: string | null;
  readonly suberror: string | null;
  readonly codes: readonly number[];
  readonly name: string | null;
  /** The upstream `error_description`, with secrets and tokens already redacted. */
  readonly description: string | null;
  readonly remediation: string;
}

/** Everything a page shows. Pass your own `render` to draw it; every field is safe to show. */
export interface AadErrorPage {
  readonly kind: PageKind;
  readonly status: number;
  readonly title: string;
  readonly message: string;
  /** One line in the library's own words about what happened (never upstream text). */
  readonly reason: string;
  readonly action: Decision['action'];
  /** `AADSTS50076`, `AADB2C90118`, … or null. */
  readonly code: string | null;
  readonly correlationId: string | null;
  readonly traceId: string | null;
  readonly timestamp: string | null;
  /** For `retry`: seconds until it is worth trying again. */
  readonly retryAfterSeconds: number | null;
  /** For `admin_consent`: the link to send to a tenant administrator. */
  readonly adminConsentUrl: string | null;
  /** A same-origin link the user may follow to try again by hand. */
  readonly tryAgainUrl: string | null;
  readonly details: PageDetails | null;
  /** The language every text of the page is in (`en`, `ja`, or one the `locales` option added): use it for `<html lang>`. */
  readonly lang: string;
  /** The built-in page's labels and button texts in `lang`, for a `render` function that draws the same page. */
  readonly labels: PageLabels;
}

/** The labels of the built-in page, in the page's language. */
export interface PageLabels {
  /** Above the admin-consent link. */
  readonly approvalLink: string;
  /** The admin-consent button. */
  readonly approve: string;
  /** The try-again link of the `retry` page. */
  readonly tryAgain: string;
  /** The try-again link of every other page. */
  readonly signInAgain: string;
  /** "Try again in 30 seconds.", with the page's `retryAfterSeconds` filled in; empty when there is none. */
  readonly retryAfter: string;
  readonly errorCode: string;
  readonly correlationId: string;
  readonly traceId: string;
  readonly timestamp: string;
}

function labelsOf(texts: PageTexts, retryAfterSeconds: number | null): PageLabels {
  return {
    approvalLink: texts['label.approvalLink'],
    approve: texts['button.approve'],
    tryAgain: texts['button.tryAgain'],
    signInAgain: texts['button.signInAgain'],
    retryAfter: retryAfterSeconds === null ? '' : fillPlaceholders(texts['label.retryAfter'], { seconds: String(retryAfterSeconds) }),
    errorCode: texts['label.errorCode'],
    correlationId: texts['label.correlationId'],
    traceId: texts['label.traceId'],
    timestamp: texts['label.timestamp'],
  };
}

/** The title and message of a page kind; an `error` page's depend on who can fix it. */
function headline(kind: PageKind, fixBy: Decision['fixBy'], texts: PageTexts): readonly [title: string, message: string] {
  switch (kind) {
    case 'error':
      return [texts[`error.${fixBy}.title`], texts[`error.${fixBy}.message`]];
    case 'declined':
    case 'admin_consent':
    case 'retry':
    case 'loop':
    case 'sign_in_expired':
      return [texts[`${kind}.title`], texts[`${kind}.message`]];
  }
}

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
  /** The page texts of the answer's language. */
  readonly texts: PageTexts;
  readonly lang: string;
  /** The Decision's summary and remediation in that language. */
  readonly told: LocalizedTexts;
}

/** Builds the page model for a decision: titles and messages in plain words, IDs for support. */
export function buildPage(input: PageInput): AadErrorPage {
  const { decision } = input;
  const [title, message] = headline(input.kind, decision.fixBy, input.texts);
  const retryAfterSeconds = input.retryAfterSeconds ?? null;
  return {
    kind: input.kind,
    status: input.status,
    title,
    message,
    reason: input.told.summary,
    action: decision.action,
    code: decision.codeId,
    correlationId: idOrNull(decision.correlationId),
    traceId: idOrNull(decision.traceId),
    timestamp: timestampOrNull(decision.timestamp),
    retryAfterSeconds,
    adminConsentUrl: input.adminConsentUrl ?? null,
    tryAgainUrl: input.tryAgainUrl ?? null,
    details: input.exposeDetails
      ? {
          error: errorValueOrNull(decision.error),
          suberror: errorValueOrNull(decision.suberror),
          codes: decision.codes,
          name: decision.name,
          description: decision.description,
          remediation: input.told.remediation,
        }
      : null,
    lang: input.lang,
    labels: labelsOf(input.texts, retryAfterSeconds),
  };
}

// The built-in pages: small, dependency-free, every value HTML-escaped. Apps replace them through the
// `render` option. The built-in pages run no script and load nothing, so they are served with a CSP
// that allows only their own inline style (by hash). `word-break: auto-phrase` keeps a Japanese heading from
// breaking inside a word (browsers without it break as usual).


const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1b1b}' +
  'main{max-width:36rem;margin:10vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}' +
  'h1{font-size:1.4rem;margin-top:0;word-break:auto-phrase}dt{font-weight:600;margin-top:.5rem}dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}' +
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
export function signInExpiredPage(tryAgainUrl: string, texts: PageTexts, lang: string): AadErrorPage {
  const [title, message] = headline('sign_in_expired', 'user', texts);
  return {
    kind: 'sign_in_expired',
    status: 400,
    title,
    message,
    reason: texts['sign_in_expired.reason'],
    action: 'reauthenticate',
    code: null,
    correlationId: null,
    traceId: null,
    timestamp: null,
    retryAfterSeconds: null,
    adminConsentUrl: null,
    tryAgainUrl,
    details: null,
    lang,
    labels: labelsOf(texts, null),
  };
}

/**
 * Renders the built-in HTML for a page. Every text is escaped, the library's own included (a language
 * an app added through `locales` is text, not markup).
 */
export function renderBuiltInPage(page: AadErrorPage, texts: PageTexts): string {
  const { labels } = page;
  const consent = page.adminConsentUrl
    ? `<p>${escapeHtml(labels.approvalLink)}</p><pre>${escapeHtml(page.adminConsentUrl)}</pre>${link(page.adminConsentUrl, labels.approve, true)}`
    : '';
  const retry = page.retryAfterSeconds !== null ? `<p>${escapeHtml(labels.retryAfter)}</p>` : '';
  const details = page.details
    ? `<h2>${escapeHtml(texts['details.heading'])}</h2><dl>${row(texts['details.error'], page.details.error)}${row(texts['details.suberror'], page.details.suberror)}${row(texts['details.name'], page.details.name)}${row(texts['details.codes'], page.details.codes.join(', ') || null)}${row(texts['details.whatToDo'], page.details.remediation)}</dl>${page.details.description ? `<pre>${escapeHtml(page.details.description)}</pre>` : ''}`
    : '';
  return (
    `<!doctype html><html lang="${escapeHtml(page.lang)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">' +
    `<title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head><body><main>` +
    `<h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p><p>${escapeHtml(page.reason)}</p>` +
    `${consent}${retry}${link(page.tryAgainUrl, page.kind === 'retry' ? labels.tryAgain : labels.signInAgain)}` +
    `<dl>${row(labels.errorCode, page.code)}${row(labels.correlationId, page.correlationId)}${row(labels.traceId, page.traceId)}${row(labels.timestamp, page.timestamp)}</dl>` +
    `${details}</main></body></html>`
  );
}
