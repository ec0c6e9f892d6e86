import { expect } from 'vitest';
import { ConfidentialClientApplication } from '@azure/msal-node';
import express5, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import express4 from 'express4';
import session from 'express-session';
import { aadErrorHandler } from '../../src/express/handler.js';
import type { AadErrorHandlerOptions } from '../../src/express/options.js';
import type { AadLogger } from '../../src/logger.js';
import { AUTHORITY, CLIENT_ID, fakeJwt, tokenEndpoint } from '../fixtures/fake-authority.js';

// One helper for the Express layer: real Express 4 and 5 apps whose routes call real msal-node against
// the nock-faked authority, with aadErrorHandler mounted after them and a sentinel handler after that,
// so a test can see exactly what was passed on with next(err). No ports: supertest binds port 0.

export type ExpressModule = typeof express5;

/** Both supported majors; Express 4 needs async errors forwarded by hand (`.catch(next)`). */
export const EXPRESS_VERSIONS: ReadonlyArray<readonly [name: string, express: ExpressModule, forwardsAsync: boolean]> = [
  ['express 4', express4, false],
  ['express 5', express5, true],
];

/** What Chrome sends for a navigation. */
export const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
export const REDIRECT_URI = 'https://app.contoso.com/auth/redirect';
export const USER_SCOPES = ['User.Read'];

export function newMsal(): ConfidentialClientApplication {
  return new ConfidentialClientApplication({ auth: { clientId: CLIENT_ID, authority: AUTHORITY, clientSecret: 'test-secret-value' } });
}

type AsyncRoute = (req: Request, res: Response, next: NextFunction) => unknown;

export interface TestApp {
  readonly app: Express;
  readonly msal: ConfidentialClientApplication;
  /** Every error the handler passed on with next(err), in order. */
  readonly passedOn: unknown[];
}

export interface AppSetup {
  readonly handler?: AadErrorHandlerOptions<Request, Response>;
  /** Mount express-session before the routes. */
  readonly session?: boolean;
  /** Extra routes, registered before the built-in ones. */
  readonly routes?: (app: Express, route: (fn: AsyncRoute) => RequestHandler, msal: ConfidentialClientApplication) => void;
}

/** The msal-node calls a route can make; each one reaches the token endpoint the test scripted. */
export type Flow = 'refresh_token' | 'on_behalf_of' | 'client_credentials' | 'auth_code';

export function runFlow(msal: ConfidentialClientApplication, flow: Flow): Promise<unknown> {
  switch (flow) {
    case 'refresh_token':
      return msal.acquireTokenByRefreshToken({ refreshToken: 'cached-refresh-token', scopes: USER_SCOPES });
    case 'on_behalf_of':
      return msal.acquireTokenOnBehalfOf({ oboAssertion: fakeJwt({ aud: CLIENT_ID, oid: 'u1', tid: 't1' }), scopes: USER_SCOPES, skipCache: true });
    case 'client_credentials':
      return msal.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'], skipCache: true });
    case 'auth_code':
      return msal.acquireTokenByCode({ code: 'returned-code', scopes: USER_SCOPES, redirectUri: REDIRECT_URI });
  }
}

/** What the faked token endpoint saw of the request it failed. */
export interface ScriptedFailure {
  /** The `client-request-id` msal-node sent, which Entra echoes as `correlation_id`. */
  readonly correlationId: string | undefined;
}

/**
 * Scripts the token endpoint to fail once with a real-shaped body. Like Entra, it echoes the
 * `client-request-id` msal-node sent as the body's correlation ID (field and description line).
 */
export function tokenFails(status: number, body: object, headers: Record<string, string> = {}): ScriptedFailure {
  const seen: { correlationId: string | undefined } = { correlationId: undefined };
  tokenEndpoint().reply((uri) => {
    // msal-node sends its correlation ID as the `client-request-id` query parameter.
    seen.correlationId = new URL(uri, 'https://login.microsoftonline.com').searchParams.get('client-request-id') ?? undefined;
    const original = body as Record<string, unknown>;
    const echoed = seen.correlationId === undefined || typeof original['correlation_id'] !== 'string'
      ? original
      : {
          ...original,
          correlation_id: seen.correlationId,
          error_description: String(original['error_description']).replace(/Correlation ID: [0-9a-f-]{36}/, `Correlation ID: ${seen.correlationId}`),
        };
    return [status, echoed, headers];
  });
  return seen;
}

/**
 * Builds an app: `/token/:flow` runs a real msal-node flow and answers 200 on success; extra routes
 * come from `setup.routes`; then aadErrorHandler; then a sentinel that records what was passed on.
 */
export function createApp(express: ExpressModule, forwardsAsync: boolean, setup: AppSetup = {}): TestApp {
  const app = express();
  const msal = newMsal();
  const passedOn: unknown[] = [];
  // Express 5 forwards a rejected promise to the error handlers itself; Express 4 needs `.catch(next)`.
  const route = (fn: AsyncRoute): RequestHandler =>
    forwardsAsync ? (fn as RequestHandler) : (req, res, next) => void Promise.resolve(fn(req, res, next)).catch(next);

  if (setup.session) app.use(session({ secret: 'test-session-secret-0123456789abcdef', resave: false, saveUninitialized: false }));
  setup.routes?.(app, route, msal);
  app.all(
    '/token/:flow',
    route(async (req, res) => {
      await runFlow(msal, req.params['flow'] as Flow);
      res.send('ok');
    }),
  );
  app.use(aadErrorHandler(setup.handler ?? {}));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    passedOn.push(err);
    // Express's own handler would destroy the socket here; ending keeps supertest's answer readable.
    if (res.headersSent) res.end();
    else res.status(599).json({ passedOn: true });
  });
  return { app, msal, passedOn };
}

/** A logger that keeps what it was given. */
export function recordingLogger(): AadLogger & { readonly records: Array<{ level: 'warn' | 'error'; record: Record<string, unknown>; message: string }> } {
  const records: Array<{ level: 'warn' | 'error'; record: Record<string, unknown>; message: string }> = [];
  return {
    records,
    warn: (record, message) => records.push({ level: 'warn', record: record as Record<string, unknown>, message }),
    error: (record, message) => records.push({ level: 'error', record: record as Record<string, unknown>, message }),
  };
}

/** The query of a Location header pointing at the app's own sign-in route. */
export function locationQuery(location: string | undefined): URLSearchParams {
  expect(location, 'a Location header').toBeDefined();
  const url = new URL(location!, 'https://app.contoso.com');
  return url.searchParams;
}
