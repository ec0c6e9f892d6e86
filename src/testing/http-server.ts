import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Handler } from './transports.js';

// The loopback HTTP server browsers and the demo use. It binds to 127.0.0.1 only: the simulator hands
// out tokens to anyone who asks, so it must never be reachable from another machine.

const MAX_BODY_BYTES = 1024 * 1024;

/** Names the https host a request through this port is for (see `simulatorNetworkClient`). */
export const AUTHORITY_HEADER = 'x-entra-simulator-host';
/** Set on the 404 for a host the simulator does not serve. */
export const UNSERVED_HEADER = 'x-entra-simulator-unserved';
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * True when the Host header names this loopback server. A page on any site can point a DNS name at
 * 127.0.0.1 (DNS rebinding) and then call this port as same-origin: its requests carry that name as
 * Host, so only the loopback names are answered.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const lower = host.toLowerCase();
  return lower === `localhost:${port}` || lower === `127.0.0.1:${port}` || lower === `[::1]:${port}`;
}

async function serve(handle: Handler, origin: () => string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const port = request.socket.localPort ?? 0;
  if (!isLoopbackHost(request.headers.host, port)) {
    request.resume();
    response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Misdirected request: the simulator answers only localhost, 127.0.0.1 and [::1].');
    return;
  }
  const body = await readBody(request);
  if (body === null) {
    response.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Request body too large.');
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  // The URL is built on the server's own origin, never on the Host header a client sent. A request
  // naming an authority host in AUTHORITY_HEADER is for that https host: that is how
  // `simulatorNetworkClient` reaches the authority through this port (the simulator answers only the
  // hosts it serves, and a web page cannot set the header without a CORS preflight, which is never granted).
  const authority = request.headers[AUTHORITY_HEADER];
  const base = typeof authority === 'string' && HOST_NAME.test(authority) ? `https://${authority}` : origin();
  const url = new URL(request.url ?? '/', base);
  const answer = await handle({ method: request.method ?? 'GET', url, headers, body, via: 'http' });
  if (answer?.reset === true) {
    // An outage: the connection is dropped without an answer, as when nothing listens behind a load balancer.
    request.socket.resetAndDestroy();
    return;
  }
  if (!answer) {
    // The header tells `simulatorNetworkClient` the host is not one the simulator answers, so it fails
    // as the in-process client does (ENOTFOUND) rather than with a 404 from a host that does not exist.
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', [UNSERVED_HEADER]: '1' }).end('Not found.');
    return;
  }
  response.writeHead(answer.status, answer.headers).end(request.method === 'HEAD' ? undefined : answer.body);
}

/** A running loopback server. */
export interface LoopbackServer {
  readonly origin: string;
  close(): Promise<void>;
}

/** Starts the loopback server on `port` (0 picks a free one). */
export function startLoopbackServer(handle: Handler, port: number): Promise<LoopbackServer> {
  if (process.env['NODE_ENV'] === 'production') {
    // It mints tokens for anyone who asks: it has no place in a production process.
    process.emitWarning('The simulated Entra ID was started with NODE_ENV=production. It issues tokens to any caller and is for tests and demos only.', {
      type: 'AadSimulatorWarning',
      code: 'AAD_SIMULATOR_IN_PRODUCTION',
    });
  }
  let origin = '';
  const server: Server = createServer((request, response) => {
    serve(handle, () => origin, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The simulator failed to answer.');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        origin,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Keep-alive connections from browsers or fetch would otherwise hold close() open.
            server.closeAllConnections();
          }),
      });
    });
  });
}
