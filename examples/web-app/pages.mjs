import { breakable, code, decodeClaimsParam, html, jwtClaims, layout, postButton, table } from './html.mjs';

// The demo's own pages: the scenario list, the step where the sign-in route shows what reached it,
// and the successful return. Error pages are drawn in error-pages.mjs.

const STEP_TEXT = {
  handler: (step) => `aadErrorHandler got an Entra ID failure${step.mode === 'web_api' ? ' for an API caller' : ''} and decided: ${step.action}${step.code ? ` (${step.code})` : ''}, by the ${step.rule} rule`,
  page: (step) =>
    step.page === 'loop'
      ? `The redirect-loop guard counted the third sign-in redirect within five minutes and answered with its page (HTTP ${step.status}) instead`
      : `It answered the browser with the “${step.page}” page (HTTP ${step.status}) instead of a redirect`,
  'sign-in': (step) =>
    `${step.via === 'handler' ? 'It redirected the browser to your sign-in route' : `The user followed the “${step.link}” link to your sign-in route (no redirect from aadErrorHandler)`}, which built the Entra ID sign-in request${step.prompt ? ` with prompt=${step.prompt}` : ''}${step.claims ? ' with the claims challenge' : ''}${step.loginHint ? ` and login_hint=${step.loginHint}` : ''}`,
  'signed-in': () => 'The simulated Entra ID signed the user in and sent the browser back with a code; the redirect URI redeemed it with msal-node',
  'admin-approved': () => 'An administrator opened the approval link and accepted the permissions for the organization; the simulated Entra ID sent them back with admin_consent=True',
  token: (step) => `The same route ran the same msal-node call again and got a token${step.fromCache ? ' (from msal-node’s cache, filled by the sign-in)' : ''}`,
};

/** The text of one step of a scenario run, as the timeline shows it. */
export function stepText(step) {
  return STEP_TEXT[step.kind]?.(step) ?? step.kind;
}

/** "step 4": where a page stands in its run. The timeline is the count: a loop can take a dozen steps. */
export function stepLabel(attempt) {
  return attempt && attempt.steps.length > 0 ? `step ${attempt.steps.length}` : '';
}

/** The eyebrow over a page: the scenario, the step, and what the page is. */
export function eyebrow(scenario, attempt, what) {
  return [scenario?.title, stepLabel(attempt), what].filter(Boolean).join(' · ');
}

/** The list of what happened in one scenario run, oldest first. */
export function timeline(attempt) {
  if (!attempt || attempt.steps.length === 0) return '';
  return html`<h2>What happened</h2><ol class="timeline">${attempt.steps.map((step) => html`<li>${stepText(step)}</li>`)}</ol>`;
}

export function homePage({ scenarios, simulatorUrl }) {
  const cards = scenarios.map(
    (scenario) => html`<article class="scenario" id="${scenario.id}">
<h2>${scenario.title}</h2>
<p class="summary">${scenario.summary}</p>
${table([
  ['Entra ID', scenario.entra],
  ['Browser gets', scenario.browser],
  ['API caller gets', scenario.api],
])}
${scenario.hint ? html`<p class="hint">${scenario.hint}</p>` : ''}
<div class="buttons">${postButton(`/scenarios/${scenario.id}/run`, 'Run in the browser')}${postButton(`/scenarios/${scenario.id}/api`, 'Call as API', 'secondary')}</div>
</article>`,
  );
  return layout(
    'Scenarios',
    html`<h1>Every Entra ID token failure, one next step</h1>
<p class="lead">Each scenario scripts the simulated Entra ID to fail one way, then an Express route makes a <strong>real msal-node token call</strong> that meets the failure. <code>aadErrorHandler</code> answers: a person at a browser gets a sign-in redirect or a page in plain words; a program gets a <code>WWW-Authenticate</code> challenge and problem+json.</p>
<p>New to the protocol words on the cards (<code>invalid_grant</code>, suberror, claims, acrs, CAE)? The <a href="/glossary" id="glossary-link">glossary</a> explains each one in a sentence.</p>
<p><strong>Run in the browser</strong> follows what a user sees, step by step. <strong>Call as API</strong> calls the same route with <code>Accept: application/json</code> and shows the raw answer. Each scenario starts with Adele Vance signed in (the demo signs her in through the simulator without showing its page).</p>
<div class="grid">${cards}</div>
<p class="footnote">Simulated Entra ID: <code>${simulatorUrl}</code> · source: <code>examples/web-app/</code> · <a href="/me">a plain protected page (/me)</a></p>`,
  );
}

/** The params aadErrorHandler put on the sign-in route, read back for display. */
function redirectParams(query) {
  const claims = query.get('claims');
  return table([
    ['returnTo', query.get('returnTo')],
    ['prompt', query.get('prompt')],
    ['claims', claims === null ? null : html`<code class="raw">${claims}</code>${code(decodeClaimsParam(claims) ?? '(not base64url JSON)', 'redirect-claims')}`],
    ['scopes', query.get('scopes')],
    ['login_hint', query.get('login_hint')],
    ['domain_hint', query.get('domain_hint')],
  ]);
}

/** The page the demo's sign-in route shows before it sends the browser on to Entra ID. */
export function signInStepPage({ path, query, request, url, attempt, scenario, via = 'handler' }) {
  const shownRequest = { ...request, state: `${request.state.slice(0, 24)}… (returnTo and a nonce, read back by readSignInState)` };
  const authorize = new URL(url);
  const fromHandler = via === 'handler';
  return layout(
    'Sign-in route',
    html`<p class="eyebrow">${eyebrow(scenario, attempt, 'your sign-in route')}</p>
<h1>${fromHandler ? 'aadErrorHandler sent the browser to your sign-in route' : 'The user opened your sign-in route from a link'}</h1>
${timeline(attempt)}
<h2>1. ${fromHandler ? 'The redirect it sent' : 'The link the user followed'}</h2>
${fromHandler ? html`<p>A <code>302 Found</code> with <code>Location:</code></p>` : html`<p>A link on the app’s own page; aadErrorHandler sent no redirect this time.</p>`}<pre data-field="location">${breakable(path)}</pre>
${redirectParams(query)}
<h2>2. What <code>signInRequestFromQuery(req, …)</code> made of it</h2>
<p>Every value is checked: an unsafe returnTo becomes <code>/</code>, unknown scopes and domain hints are dropped.</p>
${code(shownRequest, 'sign-in-request')}
<h2>3. The authorize URL from msal-node’s <code>getAuthCodeUrl</code></h2>
<p>msal-node adds the app’s client capabilities (<code>cp1</code>) to the claims. The demo pauses here so you can read it; a real app redirects at once.</p>
${table([
  ['endpoint', `${authorize.origin}${authorize.pathname}`],
  ['prompt', authorize.searchParams.get('prompt')],
  ['login_hint', authorize.searchParams.get('login_hint')],
  ['claims', authorize.searchParams.get('claims') === null ? null : code(authorize.searchParams.get('claims'), 'authorize-claims')],
])}
<p><a class="button" id="continue" href="${url}">Continue to the simulated Entra ID sign-in →</a></p>`,
  );
}

/** The scenario route's answer when the token call succeeded. */
export function successPage({ scenario, attempt, result }) {
  const claims = jwtClaims(result?.accessToken);
  return layout(
    'It worked',
    html`<p class="eyebrow">${eyebrow(scenario, attempt, 'back in the app')}</p>
<h1 data-field="outcome">Back in the app: the token call succeeded</h1>
<p>The same route ran the same msal-node call again, and this time it got a token${result?.fromCache ? ' (from msal-node’s cache, filled by the sign-in)' : ''}.</p>
${timeline(attempt)}
<h2>The access token’s claims (the token itself is never shown)</h2>
${table([
  ['name', claims.name],
  ['preferred_username', claims.preferred_username],
  ['scp', claims.scp],
  ['acrs (authentication context satisfied)', Array.isArray(claims.acrs) ? claims.acrs.join(', ') : claims.acrs],
  ['xms_cc (client capabilities)', Array.isArray(claims.xms_cc) ? claims.xms_cc.join(', ') : undefined],
])}
<p><a href="/">← All scenarios</a></p>`,
  );
}

/** The label of the admin-consent page's way back: it opens the sign-in route, it does not rerun the call by itself. */
export const ADMIN_RETRY_LINK = 'Sign in again and run the same call';

/** Where the admin-consent page sends the administrator back. */
export function adminConsentDonePage({ query, retryUrl, attempt, scenario }) {
  return layout(
    'Admin consent granted',
    html`<p class="eyebrow">${eyebrow(scenario, attempt, 'the admin-consent redirect URI')}</p>
<h1 data-field="outcome">An administrator approved the app</h1>
<p>The simulated Entra ID sent the administrator back to the app’s redirect URI with:</p>
${table([
  ['admin_consent', query.get('admin_consent')],
  ['tenant', query.get('tenant')],
  ['scope', query.get('scope')],
])}
${timeline(attempt)}
${retryUrl ? html`<p>The user’s tokens were issued before the approval, so the user signs in once more to get the new permissions; then the app runs the same call again.</p>
<p><a class="button" id="sign-in-again" href="${retryUrl}">${ADMIN_RETRY_LINK}</a></p>` : ''}
<p><a href="/">← All scenarios</a></p>`,
  );
}

export function notFoundPage(what) {
  return layout('Not found', html`<h1>Not found</h1><p>${what}</p><p><a href="/">← All scenarios</a></p>`);
}

/** The example's own protected page. */
export function profilePage({ account, result }) {
  const claims = jwtClaims(result.accessToken);
  return layout(
    'Profile',
    html`<h1>Signed in as ${account.name ?? account.username}</h1>
${table([
  ['username', account.username],
  ['tenant', account.tenantId],
  ['token scopes', claims.scp],
  ['token from cache', String(result.fromCache)],
])}
<p><a href="/auth/signout">Sign out</a> · <a href="/">← All scenarios</a></p>`,
  );
}

/** The words the scenario cards use, one sentence or two each. */
const GLOSSARY = [
  ['aadsts', 'AADSTS code', 'The number Entra ID gives each failure, e.g. AADSTS50076. Microsoft’s error-code reference lists them; the library’s catalog maps each to a next step.'],
  ['invalid_grant', 'invalid_grant', 'The OAuth error Entra ID answers when it will not exchange what the app sent (a refresh token, a code) for a token. On its own it says little: the suberror, the claims and the AADSTS code say why.'],
  ['suberror', 'suberror', 'A second, more specific word Entra ID adds to an error: basic_action (sign in again), consent_required (a permission was never granted), bad_token (the refresh token is expired or revoked), message_only (a block the user cannot clear).'],
  ['claims', 'claims (claims challenge)', 'A small JSON document Entra ID or an API sends back to say what a new token must prove, e.g. that the user did MFA. The app passes it unchanged to the next sign-in; Entra ID then asks the user for exactly that.'],
  ['acrs', 'acrs (authentication context)', 'The claim that names a Conditional Access authentication context, such as "c1" for “MFA within the last hour”. A claims challenge asks for it; a token that satisfies it carries acrs: c1.'],
  ['cae', 'CAE (Continuous Access Evaluation)', 'Entra ID and APIs such as Microsoft Graph revoke access in near real time (a disabled account, a changed location) instead of waiting for a token to expire. An app that declares the cp1 client capability gets long-lived tokens and must handle the claims challenges CAE sends.'],
  ['consent', 'consent and admin consent', 'A user’s agreement that the app may use a permission on their behalf. Some permissions, or a tenant’s settings, allow only an administrator to agree for the whole organization: that is admin consent, given on the /adminconsent page.'],
  ['conditional-access', 'Conditional Access', 'The organization’s sign-in rules: require MFA, block a country, allow only managed devices. A rule that can be met gives a claims challenge; one that cannot (AADSTS53003) blocks the sign-in.'],
  ['www-authenticate', 'WWW-Authenticate', 'The HTTP header in which an API tells a program how to get in: Bearer error="insufficient_claims" with claims, error="insufficient_scope" with the missing scope, or error="invalid_token".'],
  ['retry-after', 'Retry-After', 'The HTTP header that says how many seconds to wait before asking again, sent with 429 (throttled) and 503 answers.'],
  ['correlation-id', 'Correlation ID', 'The ID of one request to Entra ID. Give it to an administrator: the tenant’s sign-in logs find the failure by it.'],
  ['problem-json', 'problem+json', 'RFC 9457’s JSON error body (type, title, status, detail), which the handler sends to programs with the action, code and correlation ID.'],
];

/** The glossary, linked from the header of every page. */
export function glossaryPage() {
  return layout(
    'Glossary',
    html`<h1>Glossary</h1>
<p class="lead">The protocol words the scenarios use, in plain language.</p>
<section class="glossary"><dl>${GLOSSARY.map(([id, term, text]) => html`<dt id="${id}">${term}</dt><dd>${text}</dd>`)}</dl></section>
<p><a href="/">← All scenarios</a></p>`,
  );
}
