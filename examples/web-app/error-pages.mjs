import { parseWwwAuthenticate } from 'aad-error-handler/parse';
import { breakable, code, decodeClaimsParam, html, layout, table } from './html.mjs';
import { backLink, eyebrow, timeline } from './pages.mjs';

// The pages that show what aadErrorHandler answered: the browser's error pages (drawn from the
// handler's page model through its `render` option, with a developer panel added) and the raw answer
// an API caller gets.

/** The developer panel: the Decision behind the page (our own words and protocol values, never upstream text). */
function decisionPanel(t, decision) {
  if (!decision) return '';
  const words = t.errorPage;
  return html`<aside class="developer"><h2>${words.panel}</h2>
${table([
  [words.action, decision.action],
  [words.code, decision.codeId ? `${decision.codeId}${decision.name ? ` (${decision.name})` : ''}` : null],
  [words.error, [decision.error, decision.suberror].filter(Boolean).join(' / ')],
  [words.fixBy, decision.fixBy],
  [words.rule, decision.rule],
  // The remediation in the page's language: the handler passes the localized texts on the page model.
  [words.remediation, decision.remediation],
])}</aside>`;
}

/**
 * `render` for aadErrorHandler: the same fields as the built-in page (title, message, admin-consent
 * link, Retry-After, correlation ID), plus the developer panel and a way back to the scenarios.
 */
export function renderErrorPage(t, page, { decision, attempt, scenario }) {
  // The user's part is in the page's language (page.lang, page.labels), which the handler chose by the
  // demo's rule; the frame around it uses `t`, the demo's texts in the same language.
  const { labels } = page;
  const admin = page.adminConsentUrl
    ? html`<p>${labels.approvalLink}</p><pre data-field="admin-consent-url">${breakable(page.adminConsentUrl)}</pre>
<p><a class="button" id="admin-consent" href="${page.adminConsentUrl}">${labels.approve}</a></p>`
    : '';
  const retry = page.retryAfterSeconds !== null ? html`<p data-field="retry-after">${labels.retryAfter}</p>` : '';
  const again = page.tryAgainUrl ? html`<p><a class="button secondary" id="try-again" href="${page.tryAgainUrl}">${page.kind === 'retry' ? labels.tryAgain : labels.signInAgain}</a></p>` : '';
  return layout(
    t,
    page.title,
    html`<p class="eyebrow">${eyebrow(t, scenario, attempt, t.errorPage.eyebrow(page.status, page.kind))}</p>
<section class="user-page" data-kind="${page.kind}" lang="${page.lang}">
<h1>${page.title}</h1><p>${page.message}</p><p>${page.reason}</p>
${admin}${retry}${again}
${table([
  [labels.errorCode, page.code],
  [labels.correlationId, page.correlationId ? html`<span data-field="correlation-id">${page.correlationId}</span>` : null],
  [labels.traceId, page.traceId],
  [labels.timestamp, page.timestamp],
])}
</section>
${decisionPanel(t, decision)}
${timeline(t, attempt)}
${backLink(t)}`,
  );
}

const SKIPPED_HEADERS = new Set(['connection', 'keep-alive', 'date', 'transfer-encoding']);

/** What a client library reads from the answer: the Bearer challenge's params, decoded claims, the wait. */
function clientView(t, exchange) {
  const challenge = parseWwwAuthenticate(exchange.headers['www-authenticate'] ?? '').find((item) => item.scheme === 'bearer');
  const retryAfter = exchange.headers['retry-after'];
  if (!challenge && !retryAfter) return html`<p>${t.api.nothing}</p>`;
  const claims = challenge?.params.claims;
  return table([
    ['error', challenge?.params.error],
    [t.api.claims, claims ? code(decodeClaimsParam(claims.replace(/\+/g, '-').replace(/\//g, '_')) ?? claims, 'challenge-claims') : null],
    ['scope', challenge?.params.scope],
    ['authorization_uri', challenge?.params.authorization_uri ? breakable(challenge.params.authorization_uri) : null],
    ['client_id', challenge?.params.client_id],
    ['Retry-After', retryAfter ? html`<span data-field="api-retry-after">${retryAfter}</span> ${t.api.seconds}` : null],
  ]);
}

/** The raw answer an API caller got for a scenario. */
export function apiPage(t, { scenario, exchange, attempt }) {
  const words = t.api;
  const title = t.scenarios[scenario.id].title;
  const headerText = Object.entries(exchange.headers)
    .filter(([name]) => !SKIPPED_HEADERS.has(name))
    .map(([name, value]) => `${name}: ${name === 'set-cookie' ? words.notShown : value}`)
    .join('\n');
  return layout(
    t,
    words.title(title),
    html`<p class="eyebrow">${title} · ${words.eyebrow}</p>
<h1>${words.heading}</h1>
<p>${words[exchange.explanation](t.scenarios[scenario.id].api)}</p>
<h2>${words.request}</h2><pre data-field="request">${exchange.request}</pre>
<h2>${words.response}</h2>
<pre data-field="status-line">HTTP/1.1 ${exchange.status} ${exchange.statusText}</pre>
<pre data-field="headers">${breakable(headerText)}</pre>
${code(exchange.body, 'body')}
<h2>${words.readsHeading}</h2>
${clientView(t, exchange)}
<p class="footnote">${words.footnote}</p>
${timeline(t, attempt)}
${backLink(t)}`,
  );
}
