import { breakable, code, decodeClaimsParam, html, jwtClaims, layout, postButton, table } from './html.mjs';

// The demo's own pages: the scenario list, the step where the sign-in route shows what reached it,
// and the successful return. Error pages are drawn in error-pages.mjs. Every page takes `t`, the
// texts of the request's language (texts.mjs); the words are there, the markup and values are here.

/** The text of one step of a scenario run, as the timeline shows it. */
export function stepText(t, step) {
  return t.steps[step.kind]?.(step, t.links[step.link]) ?? step.kind;
}

/** "step 4": where a page stands in its run. The timeline is the count: a loop can take a dozen steps. */
export function stepLabel(t, attempt) {
  return attempt && attempt.steps.length > 0 ? t.stepLabel(attempt.steps.length) : '';
}

/** The eyebrow over a page: the scenario, the step, and what the page is. */
export function eyebrow(t, scenario, attempt, what) {
  return [scenario ? t.scenarios[scenario.id]?.title : undefined, stepLabel(t, attempt), what].filter(Boolean).join(' · ');
}

/** The list of what happened in one scenario run, oldest first. */
export function timeline(t, attempt) {
  if (!attempt || attempt.steps.length === 0) return '';
  return html`<h2>${t.timeline}</h2><ol class="timeline">${attempt.steps.map((step) => html`<li>${stepText(t, step)}</li>`)}</ol>`;
}

/** A link back to the scenario list. */
export function backLink(t) {
  return html`<p><a href="/">${t.frame.back}</a></p>`;
}

export function homePage(t, { scenarios, simulatorUrl }) {
  const { home } = t;
  const cards = scenarios.map((scenario) => {
    const words = t.scenarios[scenario.id];
    return html`<article class="scenario" id="${scenario.id}">
<h2>${words.title}</h2>
<p class="summary">${words.summary}</p>
${table([
  [home.entra, words.entra],
  [home.browser, words.browser],
  [home.api, words.api],
])}
${words.hint ? html`<p class="hint">${words.hint}</p>` : ''}
<div class="buttons">${postButton(`/scenarios/${scenario.id}/run`, home.run)}${postButton(`/scenarios/${scenario.id}/api`, home.callAsApi, 'secondary')}</div>
</article>`;
  });
  return layout(
    t,
    home.title,
    html`<h1>${home.heading}</h1>
<p class="lead">${home.lead}</p>
<p>${home.glossary((label) => html`<a href="/glossary" id="glossary-link">${label}</a>`)}</p>
<p>${home.howTo}</p>
<div class="grid">${cards}</div>
<p class="footnote">${home.footnote(simulatorUrl)}</p>`,
  );
}

/** The params aadErrorHandler put on the sign-in route, read back for display. */
function redirectParams(t, query) {
  const claims = query.get('claims');
  return table([
    ['returnTo', query.get('returnTo')],
    ['prompt', query.get('prompt')],
    ['claims', claims === null ? null : html`<code class="raw">${claims}</code>${code(decodeClaimsParam(claims) ?? t.signIn.notJson, 'redirect-claims')}`],
    ['scopes', query.get('scopes')],
    ['login_hint', query.get('login_hint')],
    ['domain_hint', query.get('domain_hint')],
  ]);
}

/** The page the demo's sign-in route shows before it sends the browser on to Entra ID. */
export function signInStepPage(t, { path, query, request, url, attempt, scenario, via = 'handler' }) {
  const words = t.signIn;
  const shownRequest = { ...request, state: `${request.state.slice(0, 24)}… ${words.stateNote}` };
  const authorize = new URL(url);
  const fromHandler = via === 'handler';
  return layout(
    t,
    words.title,
    html`<p class="eyebrow">${eyebrow(t, scenario, attempt, words.eyebrow)}</p>
<h1>${fromHandler ? words.fromHandler : words.fromLink}</h1>
${timeline(t, attempt)}
<h2>1. ${fromHandler ? words.redirectHeading : words.linkHeading}</h2>
<p>${fromHandler ? words.redirectIntro : words.linkIntro}</p><pre data-field="location">${breakable(path)}</pre>
${redirectParams(t, query)}
<h2>2. ${words.requestHeading}</h2>
<p>${words.requestIntro}</p>
${code(shownRequest, 'sign-in-request')}
<h2>3. ${words.urlHeading}</h2>
<p>${words.urlIntro}</p>
${table([
  [words.endpoint, `${authorize.origin}${authorize.pathname}`],
  ['prompt', authorize.searchParams.get('prompt')],
  ['login_hint', authorize.searchParams.get('login_hint')],
  ['claims', authorize.searchParams.get('claims') === null ? null : code(authorize.searchParams.get('claims'), 'authorize-claims')],
])}
<p><a class="button" id="continue" href="${url}">${words.continue}</a></p>`,
  );
}

/** The scenario route's answer when the token call succeeded. */
export function successPage(t, { scenario, attempt, result }) {
  const words = t.success;
  const claims = jwtClaims(result?.accessToken);
  return layout(
    t,
    words.title,
    html`<p class="eyebrow">${eyebrow(t, scenario, attempt, words.eyebrow)}</p>
<h1 data-field="outcome">${words.heading}</h1>
<p>${words.text(result?.fromCache === true)}</p>
${timeline(t, attempt)}
<h2>${words.claimsHeading}</h2>
${table([
  ['name', claims.name],
  ['preferred_username', claims.preferred_username],
  ['scp', claims.scp],
  [words.acrs, Array.isArray(claims.acrs) ? claims.acrs.join(', ') : claims.acrs],
  [words.xmsCc, Array.isArray(claims.xms_cc) ? claims.xms_cc.join(', ') : undefined],
])}
${backLink(t)}`,
  );
}

/** Where the admin-consent page sends the administrator back. Its way back opens the sign-in route: it does not rerun the call by itself. */
export function adminConsentDonePage(t, { query, retryUrl, attempt, scenario }) {
  const words = t.adminDone;
  return layout(
    t,
    words.title,
    html`<p class="eyebrow">${eyebrow(t, scenario, attempt, words.eyebrow)}</p>
<h1 data-field="outcome">${words.heading}</h1>
<p>${words.intro}</p>
${table([
  ['admin_consent', query.get('admin_consent')],
  ['tenant', query.get('tenant')],
  ['scope', query.get('scope')],
])}
${timeline(t, attempt)}
${retryUrl ? html`<p>${words.retry}</p>
<p><a class="button" id="sign-in-again" href="${retryUrl}">${t.links['admin-retry']}</a></p>` : ''}
${backLink(t)}`,
  );
}

/** `what` is a key of `t.notFound`: scenario, run or api. */
export function notFoundPage(t, what) {
  return layout(t, t.notFound.title, html`<h1>${t.notFound.title}</h1><p>${t.notFound[what]}</p>${backLink(t)}`);
}

/** The example's own protected page. */
export function profilePage(t, { account, result }) {
  const words = t.profile;
  const claims = jwtClaims(result.accessToken);
  return layout(
    t,
    words.title,
    html`<h1>${words.heading(account.name ?? account.username)}</h1>
${table([
  [words.username, account.username],
  [words.tenant, account.tenantId],
  [words.scopes, claims.scp],
  [words.fromCache, String(result.fromCache)],
])}
<p><a href="/auth/signout">${words.signOut}</a> · <a href="/">${t.frame.back}</a></p>`,
  );
}

/** The glossary, linked from the header of every page. */
export function glossaryPage(t) {
  const words = t.glossary;
  return layout(
    t,
    words.title,
    html`<h1>${words.title}</h1>
<p class="lead">${words.lead}</p>
<section class="glossary"><dl>${words.terms.map(([id, term, text]) => html`<dt id="${id}">${term}</dt><dd>${text}</dd>`)}</dl></section>
${backLink(t)}`,
  );
}
