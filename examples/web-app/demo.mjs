import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { aadSignInCallback, readSignInState } from 'aad-error-handler';
import { apiPage, renderErrorPage } from './error-pages.mjs';
import { adminConsentDonePage, homePage, notFoundPage, signInStepPage, successPage } from './pages.mjs';
import { findScenario, SCENARIOS } from './scenarios.mjs';

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

/** The cookie the language switch sets: `en` or `ja`; absent means "follow the browser". */
const LANGUAGE_COOKIE = 'demo-lang';

/** The language picked with the switch, or undefined to let aadErrorHandler negotiate Accept-Language. */
function pickedLanguage(req) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === LANGUAGE_COOKIE && (value === 'en' || value === 'ja')) return value;
  }
  return undefined;
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

  /** Calls one of the app's own routes as a program would, and keeps the raw answer. */
  async function callAsApi(path, explanation) {
    const response = await fetch(`${internalOrigin}${path}`, { headers: { accept: 'application/json' }, redirect: 'manual' });
    return {
      request: `GET ${path} HTTP/1.1\nAccept: application/json`,
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
      explanation,
    };
  }

  /** A declined consent seen by an API: the simulator's authorize endpoint answers access_denied, and the callback is called as an API. */
  async function declinedAsApi(scenario) {
    sim.failNextAuthorize({ error: 'access_denied', code: 65004, errorSubcode: 'cancel' });
    const authorize = await sim.fetch(await cca.getAuthCodeUrl({ scopes, redirectUri, prompt: 'consent' }));
    const callback = new URL(authorize.headers.get('location') ?? '/', origin);
    return callAsApi(`${callback.pathname}${callback.search}`, `The simulated Entra ID sent the user back with error=access_denied (AADSTS65004). Here the redirect URI is called as an API would call it. ${scenario.api}`);
  }

  function routes(app) {
    app.get('/favicon.ico', (req, res) => res.status(204).end());
    app.get('/demo.css', (req, res) => res.type('css').set('Cache-Control', 'no-cache').send(CSS));
    app.get('/', (req, res) => res.type('html').send(homePage({ scenarios: SCENARIOS, simulatorUrl: sim.url })));
    // The language switch in the header: a cookie the handler's `locale` function reads.
    app.get('/language/:lang', (req, res) => {
      const { lang } = req.params;
      if (lang === 'en' || lang === 'ja') res.cookie(LANGUAGE_COOKIE, lang, { httpOnly: true, sameSite: 'lax', path: '/' });
      else res.clearCookie(LANGUAGE_COOKIE, { path: '/' });
      res.redirect(303, '/');
    });

    app.post('/scenarios/:id/run', async (req, res) => {
      const scenario = findScenario(req.params.id);
      if (!scenario) return res.status(404).type('html').send(notFoundPage('No such scenario.'));
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
      if (!attempt || attempt.scenario.id !== req.params.id) return res.status(404).type('html').send(notFoundPage('This scenario run has expired. Start it again from the list.'));
      const { scenario } = attempt;
      const armed = attempt.runs === 0 || scenario.everyVisit === true;
      attempt.runs += 1;
      if (armed) scenario.arm?.(sim, state[attempt.kind]);
      const account = req.session.account ?? attempt.account;
      try {
        const result = await scenario.call({ ...clients[attempt.kind], account, scopes: scenario.scopes ?? scopes, armed });
        if (wantsJson(req)) return res.json({ ok: true, scenario: scenario.id, fromCache: result?.fromCache ?? null });
        res.type('html').send(successPage({ scenario, attempt, result }));
      } finally {
        if (sim.pendingScripts > 0) log.warn(`demo: ${sim.pendingScripts} scripted answer(s) were not used by scenario ${scenario.id}`);
      }
    });

    app.post('/scenarios/:id/api', async (req, res) => {
      const scenario = findScenario(req.params.id);
      if (!scenario) return res.status(404).type('html').send(notFoundPage('No such scenario.'));
      const attempt = newAttempt(scenario, 'api', await signInDemoUser('api'));
      const explanation = `The same route, called with Accept: application/json as a single-page app’s fetch or another service would call it. A program cannot follow a sign-in redirect, so aadErrorHandler hands the interaction back in the answer: ${scenario.api}`;
      attempt.exchange = scenario.id === 'declined-consent' ? await declinedAsApi(scenario) : await callAsApi(`/scenarios/${scenario.id}/run/${attempt.id}`, explanation);
      res.redirect(303, `/scenarios/${scenario.id}/api/${attempt.id}`);
    });

    app.get('/auth/admin-consent', aadSignInCallback(), adminConsentDone);

    app.get('/scenarios/:id/api/:attempt', (req, res) => {
      const attempt = attempts.get(req.params.attempt);
      if (!attempt?.exchange || attempt.scenario.id !== req.params.id) return res.status(404).type('html').send(notFoundPage('This API call has expired. Start it again from the list.'));
      res.type('html').send(apiPage({ scenario: attempt.scenario, exchange: attempt.exchange, attempt }));
    });
  }

  /** The admin-consent redirect URI; `aadSignInCallback()` runs before it, so a refusal gets the handler's page. */
  function adminConsentDone(req, res) {
    const attempt = attemptFor(req);
    const retryUrl = attempt ? `/auth/signin?returnTo=${encodeURIComponent(`/scenarios/${attempt.scenario.id}/run/${attempt.id}`)}` : null;
    res.type('html').send(adminConsentDonePage({ query: searchParams(req), retryUrl }));
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
      return renderErrorPage(page, { decision: req.demoDecision, attempt, scenario: attempt?.scenario });
    },
    // The simulator's authority cannot be opened by a browser; its loopback twin can.
    adminConsentUrl(decision, req) {
      const params = new URLSearchParams({ client_id: clientId, scope: 'https://graph.microsoft.com/.default', redirect_uri: `${origin}/auth/admin-consent` });
      const attempt = attemptFor(req);
      if (attempt) params.set('state', attempt.id);
      return sim.toBrowserUrl(`${sim.authority}/v2.0/adminconsent?${params}`);
    },
  };

  const hooks = {
    showSignIn(req, res, { request, url }) {
      const attempt = attemptFor(req);
      attempt?.steps.push({ kind: 'sign-in', prompt: request.prompt, claims: Boolean(request.claims), loginHint: request.loginHint });
      res.type('html').send(signInStepPage({ path: req.originalUrl, query: searchParams(req), request, url, attempt, scenario: attempt?.scenario }));
    },
    signedIn(req) {
      attemptFor(req)?.steps.push({ kind: 'signed-in' });
    },
  };

  return { routes, handlerOptions, hooks };
}
