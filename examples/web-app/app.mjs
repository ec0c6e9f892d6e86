// The web-app example: Express + express-session, sign-in with msal-node, and aadErrorHandler answering
// every Entra ID failure. `createWebApp` is the part to copy into your own app; server.mjs wires it to
// the simulated Entra ID and adds the demo's pages through `routes`, `handler` and `hooks`.
import express from 'express';
import session from 'express-session';
import { aadErrorHandler, aadSignInCallback, readSignInState, signInRequestFromQuery } from 'aad-error-handler';
import { profilePage } from './pages.mjs';
import { textsFor } from './texts.mjs';

// The demo's pages load one stylesheet from this server and run no script.
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * @param {object} options
 * @param {import('@azure/msal-node').ConfidentialClientApplication} options.cca the msal-node client: getAuthCodeUrl, and the handler reads clientId and authority from it
 * @param {ReturnType<typeof import('aad-error-handler').withAadErrors>} options.aad the same client wrapped by withAadErrors: typed errors and brief retries
 * @param {string} options.redirectUri the redirect URI registered on the app, ending in /auth/redirect
 * @param {string[]} options.scopes what every sign-in asks for, e.g. ['User.Read']
 * @param {string} options.sessionSecret express-session's secret
 * @param {import('aad-error-handler').AadLogger} [options.logger] one record per handled failure
 * @param {(app: import('express').Express) => void} [options.routes] more routes, mounted before the error handler
 * @param {import('aad-error-handler').AadErrorHandlerOptions} [options.handler] more aadErrorHandler options
 * @param {{ showSignIn?: Function, signedIn?: Function, uiLocales?: Function }} [options.hooks] the demo's views of the sign-in steps
 */
export function createWebApp({ cca, aad, redirectUri, scopes, sessionSecret, logger, routes, handler = {}, hooks = {} }) {
  const signInDefaults = { redirectUri, scopes };
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.set({ 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    next();
  });
  app.use(session({ name: 'web-app.sid', secret: sessionSecret, resave: false, saveUninitialized: false, cookie: { httpOnly: true, sameSite: 'lax' } }));

  // The sign-in route: aadErrorHandler sends browsers here with prompt, claims, scopes, hints and returnTo.
  app.get('/auth/signin', async (req, res) => {
    // The state is bound to this browser (session or signed cookie); aadSignInCallback() checks it.
    const request = signInRequestFromQuery(req, res, signInDefaults);
    // ui_locales: the language the app shows, for Entra's sign-in pages (else they follow the browser).
    const uiLocales = hooks.uiLocales?.(req);
    const url = await cca.getAuthCodeUrl(uiLocales ? { ...request, extraQueryParameters: { ui_locales: uiLocales } } : request);
    if (hooks.showSignIn) return hooks.showSignIn(req, res, { request, url });
    res.redirect(url);
  });

  // The redirect URI: aadSignInCallback() verifies and consumes the state (a forged, replayed or expired one
  // gets the handler's 400 page) and turns `error=…` (a declined consent, a cancel) into an error for the handler.
  app.get('/auth/redirect', aadSignInCallback(), async (req, res) => {
    const { code } = req.query;
    if (typeof code !== 'string') {
      res.status(400).type('text').send('This sign-in answer carries no code. Start again from the app.');
      return;
    }
    const result = await aad.acquireTokenByCode({ code, scopes, redirectUri });
    req.session.account = result.account; // aadErrorHandler reads login_hint and domain_hint from here
    hooks.signedIn?.(req, result);
    res.redirect(readSignInState(req)?.returnTo ?? '/');
  });

  app.get('/auth/signout', (req, res, next) => {
    req.session.destroy((error) => (error ? next(error) : res.redirect('/')));
  });

  // A page that needs a token. MFA required, consent missing, session revoked: the call throws, Express
  // passes the error on, and aadErrorHandler answers.
  app.get('/me', async (req, res) => {
    if (!req.session.account) return res.redirect('/auth/signin?returnTo=%2Fme');
    const result = await aad.acquireTokenSilent({ account: req.session.account, scopes });
    res.type('html').send(profilePage(textsFor(req), { account: req.session.account, result }));
  });

  routes?.(app);

  // After every route: Entra ID failures get their answer, anything else goes on to Express's handler.
  app.use(aadErrorHandler({ msal: cca, scopes, logger, ...handler }));
  return app;
}
