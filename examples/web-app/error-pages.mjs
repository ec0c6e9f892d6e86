import { parseWwwAuthenticate } from 'aad-error-handler/parse';
import { code, decodeClaimsParam, html, layout, table } from './html.mjs';
import { timeline } from './pages.mjs';

// The pages that show what aadErrorHandler answered: the browser's error pages (drawn from the
// handler's page model through its `render` option, with a developer panel added) and the raw answer
// an API caller gets.

/** The developer panel: the Decision behind the page (our own words and protocol values, never upstream text). */
function decisionPanel(decision) {
  if (!decision) return '';
  return html`<aside class="developer"><h2>Developer view: the Decision</h2>
${table([
  ['action', decision.action],
  ['code', decision.codeId ? `${decision.codeId}${decision.name ? ` (${decision.name})` : ''}` : null],
  ['error / suberror', [decision.error, decision.suberror].filter(Boolean).join(' / ')],
  ['fix by', decision.fixBy],
  ['decided by rule', decision.rule],
  ['what to do', decision.remediation],
])}</aside>`;
}

/**
 * `render` for aadErrorHandler: the same fields as the built-in page (title, message, admin-consent
 * link, Retry-After, correlation ID), plus the developer panel and a way back to the scenarios.
 */
export function renderErrorPage(page, { decision, attempt, scenario }) {
  // The user's part is in the page's language (page.lang, page.labels); the demo's own frame stays English.
  const { labels } = page;
  const admin = page.adminConsentUrl
    ? html`<p>${labels.approvalLink}</p><pre data-field="admin-consent-url">${page.adminConsentUrl}</pre>
<p><a class="button" id="admin-consent" href="${page.adminConsentUrl}">${labels.approve}</a></p>`
    : '';
  const retry = page.retryAfterSeconds !== null ? html`<p data-field="retry-after">${labels.retryAfter}</p>` : '';
  const again = page.tryAgainUrl ? html`<p><a class="button secondary" id="try-again" href="${page.tryAgainUrl}">${page.kind === 'retry' ? labels.tryAgain : labels.signInAgain}</a></p>` : '';
  return layout(
    page.title,
    html`<p class="eyebrow">${scenario ? `${scenario.title} · ` : ''}what the user sees: HTTP ${page.status}, page “${page.kind}”</p>
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
${decisionPanel(decision)}
${timeline(attempt)}
<p><a href="/">← All scenarios</a></p>`,
  );
}

const SKIPPED_HEADERS = new Set(['connection', 'keep-alive', 'date', 'transfer-encoding']);

/** What a client library reads from the answer: the Bearer challenge's params, decoded claims, the wait. */
function clientView(exchange) {
  const challenge = parseWwwAuthenticate(exchange.headers['www-authenticate'] ?? '').find((item) => item.scheme === 'bearer');
  const retryAfter = exchange.headers['retry-after'];
  if (!challenge && !retryAfter) return html`<p>No challenge and no Retry-After: the caller shows the error, with the correlation ID.</p>`;
  const claims = challenge?.params.claims;
  return table([
    ['error', challenge?.params.error],
    ['claims (base64 decoded)', claims ? code(decodeClaimsParam(claims.replace(/\+/g, '-').replace(/\//g, '_')) ?? claims, 'challenge-claims') : null],
    ['scope', challenge?.params.scope],
    ['authorization_uri', challenge?.params.authorization_uri],
    ['client_id', challenge?.params.client_id],
    ['Retry-After', retryAfter ? html`<span data-field="api-retry-after">${retryAfter}</span> seconds` : null],
  ]);
}

/** The raw answer an API caller got for a scenario. */
export function apiPage({ scenario, exchange, attempt }) {
  const headerText = Object.entries(exchange.headers)
    .filter(([name]) => !SKIPPED_HEADERS.has(name))
    .map(([name, value]) => `${name}: ${name === 'set-cookie' ? '(not shown)' : value}`)
    .join('\n');
  return layout(
    `${scenario.title} as an API`,
    html`<p class="eyebrow">${scenario.title} · called as an API</p>
<h1>The same failure, answered to a program</h1>
<p>${exchange.explanation}</p>
<h2>Request</h2><pre data-field="request">${exchange.request}</pre>
<h2>Response</h2>
<pre data-field="status-line">HTTP/1.1 ${exchange.status} ${exchange.statusText}</pre>
<pre data-field="headers">${headerText}</pre>
${code(exchange.body, 'body')}
<h2>What the caller’s library reads from it</h2>
${clientView(exchange)}
${timeline(attempt)}
<p><a href="/">← All scenarios</a></p>`,
  );
}
