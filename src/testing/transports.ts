import type { NetworkRequestOptions, NetworkResponse, InboundRequest, SimResponse, SimulatorNetworkClient } from './types.js';

/** Answers one request in-process; null when the URL is not one the simulator serves. */
export type Handler = (request: InboundRequest) => SimResponse | null | Promise<SimResponse | null>;

/** The error `fetch` gives for a host that does not resolve, so callers see a true network failure. */
export function unreachable(url: URL): TypeError {
  const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${url.hostname}`), { code: 'ENOTFOUND', hostname: url.hostname });
  return new TypeError('fetch failed', { cause });
}

/** The error a connection reset by the server gives (an outage the simulator plays, see `SimResponse.reset`). */
export function connectionReset(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
}

/**
 * Turns an answer into what msal-node's network module resolves to. msal-node's own HttpClient fails
 * the same way on a body that is not JSON (an HTML 503 page). A custom network module cannot raise
 * msal's AuthError class, so msal-node reports it as `network_error`; see the README section on the
 * simulator. Shared by the in-process client and the one that reaches a simulator over HTTP, so both
 * give msal-node the same thing.
 */
export function toNetworkResponse<T>(status: number, headers: Readonly<Record<string, string>>, text: string): NetworkResponse<T> {
  let body: T;
  try {
    body = JSON.parse(text) as T;
  } catch (error) {
    // msal-node's own HttpClient fails the same way on a body that is not JSON (an HTML 503 page). A
    // custom network module cannot raise msal's AuthError class, so msal-node reports it as
    // `network_error`; see docs/simulator.md, "Known differences from the real service".
    throw new Error(`Failed to parse response: ${error instanceof Error ? error.message : 'not JSON'}`);
  }
  return { headers: { ...headers }, body, status };
}

function lowerHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  // JavaScript callers may pass numbers; headers are strings from here on.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = String(value);
  return out;
}

async function dispatch<T>(handle: Handler, method: string, url: string, options: NetworkRequestOptions | undefined): Promise<NetworkResponse<T>> {
  // Answer on a later tick, as a real network call would, so callers never see a synchronous result.
  await Promise.resolve();
  const parsed = new URL(url);
  const request: InboundRequest = { method, url: parsed, headers: lowerHeaders(options?.headers), body: method === 'POST' ? (options?.body ?? '') : '', via: 'network_client' };
  const response = await handle(request);
  if (!response) throw unreachable(parsed);
  if (response.reset === true) throw connectionReset();
  return toNetworkResponse<T>(response.status, response.headers, response.body);
}

/** An msal-node `INetworkModule` answered by the simulator without sockets. */
export function createNetworkClient(handle: Handler): SimulatorNetworkClient {
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => dispatch<T>(handle, 'GET', url, options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => dispatch<T>(handle, 'POST', url, options),
  };
}

/**
 * A `fetch` answered by the simulator without sockets. Redirects are never followed: a 302 comes back
 * with its `Location`, as with `redirect: 'manual'` but readable, so tests can look at where the
 * browser would go.
 */
export async function simulatorFetch(handle: Handler, input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const simRequest: InboundRequest = { method: request.method, url, headers, body: request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text(), via: 'fetch' };
  const response = await handle(simRequest);
  if (!response) throw unreachable(url);
  if (response.reset === true) throw new TypeError('fetch failed', { cause: connectionReset() });
  return new Response(response.body === '' || request.method === 'HEAD' ? null : response.body, { status: response.status, headers: response.headers });
}
