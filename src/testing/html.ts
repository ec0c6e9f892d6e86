import { randomBytes } from 'node:crypto';
import { escapeHtml } from '../escape-html.js';
import { lookupCode } from '../catalog/code-catalog.js';
import { entraMessage, type MessageSlots } from './entra-messages.js';
import { entraTimestamp } from './error-body.js';
import type { Exchange } from './exchange.js';
import { simLanguage, simText, type SimLang } from './page-texts.js';
import { pageHeaders } from './responses.js';
import type { SimResponse } from './types.js';

// The simulator's pages. Every value that came from a request is escaped here, once, and the pages
// run no script except the one form_post needs (allowed by a per-response nonce in the CSP).


const STYLE = `
body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}
main{max-width:560px;margin:48px auto;background:#fff;padding:32px 40px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 16px}
.banner{font-size:13px;color:#605e5c;margin-bottom:24px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;font-size:14px}
dt{font-weight:600}dd{margin:0;word-break:break-all}
pre{background:#f6f6f6;padding:8px;white-space:pre-wrap;word-break:break-all;margin:0}
input[type=text]{width:100%;padding:6px;font-size:15px;box-sizing:border-box;margin:8px 0 16px}
button{font-size:15px;padding:6px 24px;margin-right:8px;border:0;cursor:pointer}
button.primary{background:#0067b8;color:#fff}button.secondary{background:#ccc}
.error{color:#a80000}`;

/** A whole page: the simulator's banner, a title and already-escaped content, in `lang` (page-texts.ts), said in `<html lang>` and `Content-Language`. */
export function page(exchange: Exchange, status: number, title: string, content: string, script?: string, lang: SimLang = 'en'): SimResponse {
  const nonce = randomBytes(16).toString('base64');
  const body = [
    '<!DOCTYPE html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`,
    '<body><main>',
    `<div class="banner">${escapeHtml(simText(lang, 'banner', { tenant: exchange.context.options.tenantDomain }))}</div>`,
    `<h1>${escapeHtml(title)}</h1>`,
    content,
    '</main>',
    script === undefined ? '' : `<script nonce="${nonce}">${script}</script>`,
    '</body></html>',
  ].join('\n');
  return { status, headers: { ...pageHeaders(exchange, nonce), 'content-language': lang }, body };
}

/** A definition list of label → value, each value escaped; `pre` values keep their line breaks. */
export function details(rows: ReadonlyArray<readonly [label: string, value: string, field: string, pre?: boolean]>, lang: SimLang = 'en'): string {
  const items = rows.map(([label, value, field, pre]) => {
    const shown = value === '' ? `<em>${escapeHtml(simText(lang, 'none'))}</em>` : pre ? `<pre>${escapeHtml(value)}</pre>` : escapeHtml(value);
    return `<dt>${escapeHtml(label)}</dt><dd data-field="${escapeHtml(field)}">${shown}</dd>`;
  });
  return `<dl>${items.join('')}</dl>`;
}

/** A hidden form field. */
export function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

/**
 * The page Entra shows when it cannot send the browser back to the app (bad redirect URI, unknown
 * app, malformed request): the AADSTS code and the IDs support asks for, and no redirect.
 */
export function errorPage(exchange: Exchange, code: number, slots: MessageSlots = {}, message?: string, lang: SimLang = simLanguage(exchange)): SimResponse {
  const text = message ?? entraMessage(code, slots) ?? lookupCode(code)?.summary ?? 'The request failed.';
  exchange.outcome.error = 'error_page';
  exchange.outcome.errorCodes = [code];
  const content = [
    `<p class="error" data-field="error">${escapeHtml(simText(lang, 'error.lead'))}</p>`,
    // The description stays in English, as on the real service's localized error page: it is the protocol text.
    `<p lang="en" data-field="error_description">AADSTS${code}: ${escapeHtml(text)}</p>`,
    details([
      [simText(lang, 'error.requestId'), exchange.traceId, 'trace_id'],
      [simText(lang, 'error.correlationId'), exchange.correlationId, 'correlation_id'],
      [simText(lang, 'error.timestamp'), entraTimestamp(new Date(exchange.now)), 'timestamp'],
    ], lang),
  ].join('\n');
  return page(exchange, 400, simText(lang, 'error.title'), content, undefined, lang);
}

/** Reads a claims parameter for display: pretty JSON when it parses, else the text as sent. */
export function showClaims(raw: string | null): string {
  if (raw === null || raw === '') return '';
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}
