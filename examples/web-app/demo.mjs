import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { aadSignInCallback, classify, readSignInState } from 'aad-error-handler';
import { apiPage, renderErrorPage } from './error-pages.mjs';
import { adminConsentDonePage, glossaryPage, homePage, notFoundPage, signInStepPage, successPage } from './pages.mjs';
import { findScenario, SCENARIOS } from './scenarios.mjs';
import { LANGUAGE_COOKIE, pickedLanguage, textsFor } from './texts.mjs';

// The demo layer on top of the web-app example: the scenario list, one route that makes each
// scenario's token call, the "call as API" view, and hooks that record what aadErrorHandler decided
// so the pages can show it. Everything the library does is left to the library.

const CSS = readFileSync(new URL('./demo.css', import.meta.url), 'utf8');
const MAX_ATTEMPTS = 200;
const ATTEMPT_ID = /^[A-Za-z0-9_-]{12}$/;
const RUN_PATH = /^\/scenarios\/([a-z-]+)\/run\/([A-Za-z0-9_-]{12})(?:[?#]|$)/;

function regenerate(req) {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

/** The query exactly as sent (Express's parsed `req.query` may have merged repeated keys). */
function searchParams(req) {
  return new URL(req.originalUrl, 'http://app.invalid').searchParams;
}

function wantsJson(req) {
  return req.accepts(['html', 'json']) === 'json';
}

/**
 * @param {object} ctx
 * @param {import('aad-error-handler/testing').EntraSimulator} ctx.sim
 * @param {import('@azure/msal-node').ConfidentialClientApplication} ctx.cca
 * @param {Record<'browser' | 'api', { aad: object, misconfigured: object }>} ctx.clients withAadErrors clients for pages and for
 *   API calls: `aad` is the app, `misconfigured` the same app with a rotated-out secret
 * @param {string} ctx.clientId
 * @param {string[]} ctx.scopes
 * @param {string} ctx.origin the app as browsers reach it, e.g. http://localhost:3000
 * @param {string} ctx.internalOrigin the app as this process reaches it (loopback address)
 * @param {{ warn(message: string): void }} ctx.log
 */
export function createDemo({ sim, cca, clients, clientId, scopes, origin, internalOrigin, log }) {
  const attempts = new Map();
  // When msal-node's throttle window ends, per client (see the throttling scenario).
  const state = { browser: { throttledUntil: 0 }, api: { throttledUntil: 0 } };
  const redirectUri = `${origin}/auth/redirect`;

  function newAttempt(scenario, kind, account) {
    const id = randomBytes(9).toString('base64url');
    attempts.set(id, { id, scenario, kind, account, runs: 0, steps: [], exchange: null });
    if (attempts.size > MAX_ATTEMPTS) attempts.delete(attempts.keys().next().value);
    return attempts.get(id);
  }

  /** The scenario run a request belongs to: its own path, the returnTo it carries, or the state Entra echoed. */
  function attemptFor(req) {
    const candidates = [req.originalUrl, req.query?.returnTo, readSignInState(req)?.returnTo];
    for (const path of candidates) {
      const match = typeof path === 'string' ? RUN_PATH.exec(path) : null;
      if (match) return attempts.get(match[2]);
    }
    const id = req.query?.state;
    return typeof id === 'string' && ATTEMPT_ID.test(id) ? attempts.get(id) : undefined;
  }

  /** Signs the demo user in through the simulator without its page, so each scenario starts mid-session. */
  async function signInDemoUser(kind) {
    const code = sim.issueAuthorizationCode({ clientId, redirectUri, scopes: ['openid', 'profile', 'offline_access', ...scopes] });
    const result = await clients[kind].aad.acquireTokenByCode({ code, scopes, redirectUri });
    return result.account;
  }

  /**
   * Calls one of the app's own routes as a program would, and keeps the raw answer; `explanation` names
   * its text in `t.api`. A Japanese reader's call asks for Japanese (Accept-Language: ja), so the
   * problem+json shows the handler's Japanese title and detail.
   */
  async function callAsApi(path, explanation, lang) {
    const headers = { accept: 'application/json', ...(lang === 'en' ? {} : { 'accept-language': lang }) };
    const response = await fetch(`${internalOrigin}${path}`, { headers, redirect: 'manual' });
    return {
      request: `GET ${path} HTTP/1.1\nAccept: application/json${lang === 'en' ? '' : `\nAccept-Language: ${lang}`}`,
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
      explanation,
    };
  }

  /** A declined consent seen by an API: the simulator's authorize endpoint answers access_denied, and the callback is called as an API. */
  async function declinedAsApi(attempt, lang) {
    sim.failNextAuthorize({ error: 'access_denied', code: 65004, errorSubcode: 'cancel' });
    // The attempt's ID as the state: the callback names its run, as a browser's signed state would.
    const authorize = await sim.fetch(await cca.getAuthCodeUrl({ scopes, redirectUri, prompt: 'consent', state: attempt.id }));
    const callback = new URL(authorize.headers.get('location') ?? '/', origin);
    return callAsApi(`${callback.pathname}${callback.search}`, 'declined', lang);
  }

  function routes(app) {
    app.get('/favicon.ico', (req, res) => res.status(204).end());
    app.get('/demo.css', (req, res) => res.type('css').set('Cache-Control', 'no-cache').send(CSS));
    app.get('/', (req, res) => res.type('html').send(homePage(textsFor(req), { scenarios: SCENARIOS, simulatorUrl: sim.url })));
    app.get('/glossary', (req, res) => res.type('html').send(glossaryPage(textsFor(req))));
    // The language switch in the header: a cookie the demo's pages and the handler's `locale` function read.
    app.get('/language/:lang', (req, res) => {
      const { lang } = req.params;
      if (lang === 'en' || lang === 'ja') res.cookie(LANGUAGE_COOKIE, lang, { httpOnly: true, sameSite: 'lax', path: '/' });
      else res.clearCookie(LANGUAGE_COOKIE, { path: '/' });
      res.redirect(303, '/');
    });

    app.post('/scenarios/:id/run', async (req, res) => {
      const scenario = findScenario(req.params.id);
      if (!scenario) return res.status(404).type('html').send(notFoundPage(textsFor(req), 'scenario'));
      const account = await signInDemoUser('browser');
      // A fresh session per scenario: the redirect-loop guard then counts this scenario's redirects only.
      await regenerate(req);
      req.session.account = account;
      res.redirect(303, `/scenarios/${scenario.id}/run/${newAttempt(scenario, 'browser', account).id}`);
    });

    // The route under test: an ordinary page of the app that needs a token. It fails the first time
    // (the scenario arms the simulator) and succeeds when the user comes back from signing in.
    app.get('/scenarios/:id/run/:attempt', async (req, res) => {
      const attempt = attempts.get(req.params.attempt);
      if (!attempt || attempt.scenario.id !== req.params.id) return res.status(404).type('html').send(notFoundPage(textsFor(req), 'run'));
      const { scenario } = attempt;
      const armed = attempt.runs === 0 || scenario.everyVisit === true;
      attempt.runs += 1;
      if (armed) scenario.arm?.(sim, state[attempt.kind]);
      const account = req.session.account ?? attempt.account;
      try {
        const result = await scenario.call({ ...clients[attempt.kind], account, scopes: scenario.scopes ?? scopes, armed });
        if (wantsJson(req)) return res.json({ ok: true, scenario: scenario.id, fromCache: result?.fromCache ?? null });
        attempt.steps.push({ kind: 'token', fromCache: result?.fromCache === true });
        res.type('html').send(successPage(textsFor(req), { scenario, attempt, result }));
      } finally {
        if (sim.pendingScripts > 0) log.warn(`demo: ${sim.pendingScripts} scripted answer(s) were not used by scenario ${scenario.id}`);
      }
    });

    app.post('/scenarios/:id/api', async (req, res) => {
      const scenario = findScenario(req.params.id);
      if (!scenario) return res.status(404).type('html').send(notFoundPage(textsFor(req), 'scenario'));
      const attempt = newAttempt(scenario, 'api', await signInDemoUser('api'));
      const { lang } = textsFor(req);
      attempt.exchange = scenario.id === 'declined-consent' ? await declinedAsApi(attempt, lang) : await callAsApi(`/scenarios/${scenario.id}/run/${attempt.id}`, 'explanation', lang);
      res.redirect(303, `/scenarios/${scenario.id}/api/${attempt.id}`);
    });

    // The admin-consent redirect URI: a refusal there is an administrator's, and the handler's page says so.
    app.get('/auth/admin-consent', aadSignInCallback({ adminConsent: true }), adminConsentDone);

    app.get('/scenarios/:id/api/:attempt', (req, res) => {
      const attempt = attempts.get(req.params.attempt);
      if (!attempt?.exchange || attempt.scenario.id !== req.params.id) return res.status(404).type('html').send(notFoundPage(textsFor(req), 'api'));
      res.type('html').send(apiPage(textsFor(req), { scenario: attempt.scenario, exchange: attempt.exchange, attempt }));
    });

    // Last: the failures of every route above (and of the example's own) pass here on their way to aadErrorHandler.
    app.use(keepError);
  }

  /** The admin-consent redirect URI; `aadSignInCallback()` runs before it, so a refusal gets the handler's page. */
  function adminConsentDone(req, res) {
    const attempt = attemptFor(req);
    attempt?.steps.push({ kind: 'admin-approved' });
    const retryUrl = attempt ? `/auth/signin?returnTo=${encodeURIComponent(`/scenarios/${attempt.scenario.id}/run/${attempt.id}`)}` : null;
    res.type('html').send(adminConsentDonePage(textsFor(req), { query: searchParams(req), retryUrl, attempt, scenario: attempt?.scenario }));
  }

  /**
   * The Decision for the developer panel. The handler's Decision is in English (onDecision and the
   * logs stay English); for another language its remediation is retold by `classify(err, { lang })`,
   * the library's own texts for the same failure.
   */
  function developerDecision(req, lang) {
    const decision = req.demoDecision;
    if (!decision || lang === 'en' || !req.demoError) return decision;
    const told = classify(req.demoError, { lang, context: decision.context });
    return told ? { ...decision, remediation: told.remediation } : decision;
  }

  /** Keeps the failure for developerDecision; mounted after the demo's routes, before aadErrorHandler. */
  function keepError(err, req, res, next) {
    req.demoError = err;
    next(err);
  }

  const handlerOptions = {
    // The switch's choice, else the browser's Accept-Language (ja, ja-JP → Japanese).
    locale: pickedLanguage,
    onDecision(decision, req) {
      req.demoDecision = decision;
      attemptFor(req)?.steps.push({ kind: 'handler', mode: decision.context, action: decision.action, code: decision.codeId, rule: decision.rule });
    },
    render(page, req) {
      const attempt = attemptFor(req);
      attempt?.steps.push({ kind: 'page', page: page.kind, status: page.status });
      const t = textsFor(req);
      return renderErrorPage(t, page, { decision: developerDecision(req, t.lang), attempt, scenario: attempt?.scenario });
    },
    // A person clicks the link, so a browser page gets the simulator's loopback twin of the authority. A
    // program's answer names the authority itself, the same host as its WWW-Authenticate authorization_uri:
    // one answer, one sign-in host (issue 12).
    adminConsentUrl(decision, req) {
      const params = new URLSearchParams({ client_id: clientId, scope: 'https://graph.microsoft.com/.default', redirect_uri: `${origin}/auth/admin-consent` });
      const attempt = attemptFor(req);
      if (attempt) params.set('state', attempt.id);
      const url = `${sim.authority}/v2.0/adminconsent?${params}`;
      return decision.context === 'web_api' ? url : sim.toBrowserUrl(url);
    },
  };

  const hooks = {
    showSignIn(req, res, { request, url }) {
      const attempt = attemptFor(req);
      // The handler's redirect comes right after its decision; after one of its pages, or after the
      // administrator's approval, the user clicked a link instead.
      const last = attempt?.steps.at(-1);
      const via = !attempt || last?.kind === 'handler' ? 'handler' : 'link';
      const link = last?.kind === 'admin-approved' ? 'admin-retry' : 'sign-in-again';
      attempt?.steps.push({ kind: 'sign-in', via, link, prompt: request.prompt, claims: Boolean(request.claims), loginHint: request.loginHint });
      res.type('html').send(signInStepPage(textsFor(req), { path: req.originalUrl, query: searchParams(req), request, url, attempt, scenario: attempt?.scenario, via }));
    },
    // The language switch's choice goes to the simulated Entra ID as ui_locales; without it, its pages follow the browser.
    uiLocales: pickedLanguage,
    signedIn(req) {
      attemptFor(req)?.steps.push({ kind: 'signed-in' });
    },
  };

  return { routes, handlerOptions, hooks };
}
