import { createHash } from 'node:crypto';
import type { AadErrorPage } from './page-model.js';

// The built-in pages: small, dependency-free, every value HTML-escaped. Apps replace them through the
// `render` option. The built-in pages run no script and load nothing, so they are served with a CSP
// that allows only their own inline style (by hash).

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

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
