import type { NetworkRequestOptions, NetworkResponse, InboundRequest, SimResponse, SimulatorNetworkClient } from './types.js';

/** Answers one request in-process; null when the URL is not one the simulator serves. */
export type Handler = (request: InboundRequest) => SimResponse | null;

/** The error `fetch` gives for a host that does not resolve, so callers see a true network failure. */
function unreachable(url: URL): TypeError {
  const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${url.hostname}`), { code: 'ENOTFOUND', hostname: url.hostname });
  return new TypeError('fetch failed', { cause });
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
  const response = handle(request);
  if (!response) throw unreachable(parsed);
  let body: T;
  try {
    body = JSON.parse(response.body) as T;
  } catch (error) {
    // msal-node's own HttpClient fails the same way on a body that is not JSON (an HTML 503 page). A
    // custom network module cannot raise msal's AuthError class, so msal-node reports it as
    // `network_error`; see docs/simulator.md, "Known differences from the real service".
    throw new Error(`Failed to parse response: ${error instanceof Error ? error.message : 'not JSON'}`);
  }
  return { headers: { ...response.headers }, body, status: response.status };
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
  const response = handle(simRequest);
  if (!response) throw unreachable(url);
  return new Response(response.body === '' || request.method === 'HEAD' ? null : response.body, { status: response.status, headers: response.headers });
}
