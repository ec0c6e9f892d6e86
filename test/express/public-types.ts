// Type tests for the Express surface, checked by `tsc --noEmit` (npm test runs it): each
// `@ts-expect-error` line must fail to compile, so a loosened type breaks the build.
import type { AuthorizationUrlRequest, ConfidentialClientApplication } from '@azure/msal-node';
import express, { type Request, type Response } from 'express';
import { aadErrorHandler } from '../../src/express/handler.js';
import { aadSignInCallback } from '../../src/express/callback.js';
import { aadErrorFromResponse, throwIfChallenged } from '../../src/express/downstream.js';
import { signInRequestFromQuery } from '../../src/express/sign-in.js';

declare const cca: ConfidentialClientApplication;
declare const req: Request;
const app = express();

// The handler is a 4-argument error middleware for app.use, and takes msal-node's client as is.
app.use(aadErrorHandler({ msal: cca, redirectUri: 'https://app.contoso.com/auth/redirect', scopes: ['User.Read'] }));
app.get('/auth/redirect', aadSignInCallback());

// Hooks can take Express's own request and response.
app.use(
  aadErrorHandler<Request, Response>({
    onDecision: (decision, request, res) => {
      if (request.path === '/health') res.status(503).end();
      return decision.action === 'retry' ? { status: 503 } : undefined;
    },
    account: (request) => (request.session as { account?: { username: string } } | undefined)?.account,
  }),
);

// The sign-in request is an msal-node AuthorizationUrlRequest.
const authorizationRequest: AuthorizationUrlRequest = signInRequestFromQuery(req, { redirectUri: 'https://app.contoso.com/auth/redirect' });
void cca.getAuthCodeUrl(authorizationRequest);

// Downstream helpers take fetch Responses and keep the type for chaining.
async function callGraph(): Promise<Response | globalThis.Response> {
  const response = await throwIfChallenged(await fetch('https://graph.microsoft.com/v1.0/me'));
  const error = await aadErrorFromResponse({ status: 401, headers: {}, body: '' });
  return error ? Promise.reject(error) : response;
}
callGraph;

// @ts-expect-error — mode is a closed union
aadErrorHandler({ mode: 'browser' });
// @ts-expect-error — unknown options do not compile
aadErrorHandler({ loginpath: '/x' });
// @ts-expect-error — loopGuard is options or false, not true
aadErrorHandler({ loopGuard: true });
// @ts-expect-error — onDecision answers with Decision fields, not arbitrary strings
aadErrorHandler({ onDecision: () => 'handled' });
// `app.use(aadErrorHandler)` (uncalled) compiles, because Express types an error handler's `err` as
// `any`; the factory catches it at run time instead (see security.test.ts).
// @ts-expect-error — signInRequestFromQuery needs the redirect URI
signInRequestFromQuery(req, { scopes: ['User.Read'] });
