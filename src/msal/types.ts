import type { AuthenticationResult } from '@azure/msal-node';
import type { CallOptions } from './options.js';

/** The msal-node methods that take one request argument and are wrapped as they are, plus a call-options argument. */
export type WrappedMethod =
  | 'acquireTokenByClientCredential'
  | 'acquireTokenOnBehalfOf'
  | 'acquireTokenByRefreshToken'
  | 'acquireTokenSilent'
  | 'acquireTokenByDeviceCode';

/** Sends one API request with a token; what it returns (or throws) is checked for a claims challenge. */
export type SendWithToken<R> = (token: AuthenticationResult) => Promise<R> | R;

type OneRequestMethods<C> = {
  [K in WrappedMethod & keyof C]: C[K] extends (request: infer Q) => Promise<infer T> ? (request: Q, call?: CallOptions) => Promise<T> : never;
};

type ByCode<C> = C extends { acquireTokenByCode(request: infer Q, authCodePayload?: infer P): Promise<infer T> }
  ? {
      /** As msal-node's, with the call options third: the second argument stays `authCodePayload`. */
      acquireTokenByCode(request: Q, authCodePayload?: P, call?: CallOptions): Promise<T>;
    }
  : unknown;

type CallApi<C> = C extends { acquireTokenByClientCredential(request: infer Q): Promise<unknown> }
  ? {
      /**
       * Gets an app token (client credentials) and calls `send` with it. When the API answers with a
       * claims challenge (a 401 whose `WWW-Authenticate` carries `claims`, returned or thrown), the token
       * is requested again with those claims, bypassing the cache, and `send` runs once more; a second
       * challenge throws an `AadError` with the `claims_challenge` decision. Anything else `send` returns
       * or throws is passed on as it is.
       */
      callApi<R>(request: Q, send: SendWithToken<R>, call?: CallOptions): Promise<R>;
    }
  : unknown;

/**
 * An msal-node client with typed failures: the same `acquireToken*` methods, each taking an optional
 * last `{ signal }` argument and throwing `AadError`, plus `client` for everything else.
 */
export type AadClient<C extends object> = { readonly client: C } & OneRequestMethods<C> & ByCode<C> & CallApi<C>;
