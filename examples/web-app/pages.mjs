import { code, decodeClaimsParam, html, jwtClaims, layout, postButton, table } from './html.mjs';

// The demo's own pages: the scenario list, the step where the sign-in route shows what reached it,
// and the successful return. Error pages are drawn in error-pages.mjs.

const STEP_TEXT = {
  handler: (step) => `aadErrorHandler got an Entra ID failure${step.mode === 'web_api' ? ' for an API caller' : ''} and decided: ${step.action}${step.code ? ` (${step.code})` : ''}, by the ${step.rule} rule`,
  page: (step) =>
    step.page === 'loop'
      ? `The redirect-loop guard counted the third sign-in redirect within five minutes and answered with its page (HTTP ${step.status}) instead`
      : `It answered the browser with the “${step.page}” page (HTTP ${step.status}) instead of a redirect`,
  'sign-in': (step) => `It redirected the browser to your sign-in route, which built the Entra ID sign-in request${step.prompt ? ` with prompt=${step.prompt}` : ''}${step.claims ? ' with the claims challenge' : ''}${step.loginHint ? ` and login_hint=${step.loginHint}` : ''}`,
  'signed-in': () => 'The simulated Entra ID signed the user in and sent the browser back with a code; the redirect URI redeemed it with msal-node',
};

/** The list of what happened in one scenario run, oldest first. */
export function timeline(attempt) {
  if (!attempt || attempt.steps.length === 0) return '';
  return html`<h2>What happened</h2><ol class="timeline">${attempt.steps.map((step) => html`<li>${STEP_TEXT[step.kind]?.(step) ?? step.kind}</li>`)}</ol>`;
}

export function homePage({ scenarios, simulatorUrl }) {
  const cards = scenarios.map(
    (scenario) => html`<article class="scenario" id="${scenario.id}">
<h2>${scenario.title}</h2>
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
export function signInStepPage({ path, query, request, url, attempt, scenario }) {
  const shownRequest = { ...request, state: `${request.state.slice(0, 24)}… (returnTo and a nonce, read back by readSignInState)` };
  const authorize = new URL(url);
  return layout(
    'Sign-in route',
    html`<p class="eyebrow">${scenario ? `${scenario.title} · ` : ''}step 2 of 3</p>
<h1>aadErrorHandler sent the browser to your sign-in route</h1>
${timeline(attempt)}
<h2>1. The redirect it sent</h2>
<p>A <code>302 Found</code> with <code>Location:</code></p><pre data-field="location">${path}</pre>
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
  ['claims', authorize.searchParams.get('claims')],
])}
<p><a class="button" id="continue" href="${url}">Continue to the simulated Entra ID sign-in →</a></p>`,
  );
}

/** The scenario route's answer when the token call succeeded. */
export function successPage({ scenario, attempt, result }) {
  const claims = jwtClaims(result?.accessToken);
  return layout(
    'It worked',
    html`<p class="eyebrow">${scenario.title} · step 3 of 3</p>
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

/** Where the admin-consent page sends the administrator back. */
export function adminConsentDonePage({ query, retryUrl }) {
  return layout(
    'Admin consent granted',
    html`<h1 data-field="outcome">An administrator approved the app</h1>
<p>The simulated Entra ID sent the administrator back to the app’s redirect URI with:</p>
${table([
  ['admin_consent', query.get('admin_consent')],
  ['tenant', query.get('tenant')],
  ['scope', query.get('scope')],
])}
${retryUrl ? html`<p><a class="button" href="${retryUrl}">Run the same call again</a></p>` : ''}
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
