/** One request as the simulator sees it, whichever way it came in. */
export interface InboundRequest {
  readonly method: string;
  readonly url: URL;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly via: RequestVia;
}

/** One answer, before it is turned into an HTTP response, a `Response` or an msal-node `NetworkResponse`. */
export interface SimResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The connection is reset without an answer (a simulated outage); status, headers and body are unused. */
  readonly reset?: boolean;
}

/** How a request reached the simulator. */
export type RequestVia = 'network_client' | 'fetch' | 'http';

/** Which simulated endpoint answered. */
export type EndpointName =
  | 'instance_discovery'
  | 'openid_configuration'
  | 'jwks'
  | 'token'
  | 'device_code'
  | 'authorize'
  | 'sign_in'
  | 'admin_consent'
  | 'logout'
  | 'device_login'
  | 'not_found';

/** One entry of `sim.requests`: what reached the simulator and what it answered. */
export interface SimulatorRequest {
  readonly via: RequestVia;
  readonly method: string;
  /** The full URL, query included. */
  readonly url: string;
  readonly endpoint: EndpointName;
  /** The tenant path segment (`common`, a tenant ID or domain), or null for tenant-less endpoints. */
  readonly tenant: string | null;
  /** Query and form parameters merged, with `client_secret`, `client_assertion` and `password` redacted. */
  readonly params: Readonly<Record<string, string>>;
  /** The token request's `grant_type`, or null. */
  readonly grantType: string | null;
  /** The correlation ID the simulator answered with (the client's `client-request-id` when it sent one). */
  readonly correlationId: string;
  readonly status: number;
  /** The OAuth `error` answered (JSON body or redirect), or null on success. */
  readonly error: string | null;
  readonly errorCodes: readonly number[];
  /** True when a scripted answer (`failNextToken`, `throttleNextToken`, …) was used. */
  readonly scripted: boolean;
  /** When it arrived, in epoch milliseconds from the simulator's clock. */
  readonly at: number;
}

/** A signed-in user of the simulated tenant. */
export interface SimulatedUser {
  /** The display name (`name` claim). */
  readonly name: string;
  /** The sign-in name (`preferred_username` claim), e.g. `adele@contoso.onmicrosoft.com`. */
  readonly username: string;
  /** The object ID (`oid` claim). */
  readonly oid: string;
}

/** What an msal-node `INetworkModule` method receives; structurally compatible with msal-common's type. */
export interface NetworkRequestOptions {
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** What an msal-node `INetworkModule` method resolves to. */
export interface NetworkResponse<T> {
  headers: Record<string, string>;
  body: T;
  status: number;
}

/**
 * An msal-node `INetworkModule`: pass it as `system.networkClient`. No socket is opened; every
 * request is answered in-process by the simulator.
 */
export interface SimulatorNetworkClient {
  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>>;
  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>>;
}
