// `npm run demo`: the web-app example against a simulated Microsoft Entra ID, on http://localhost:3000
// (or PORT). No tenant, no secrets, no network: msal-node's requests are answered in-process by the
// simulator, and the browser's sign-in pages come from its loopback server.
//
// Run `npm run build` first: 'aad-error-handler' resolves to this repository's dist/ through the
// package's own "exports".
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { aadNetworkClient, withAadErrors } from 'aad-error-handler';
import { createEntraSimulator } from 'aad-error-handler/testing';
import { createWebApp } from './app.mjs';
import { createDemo } from './demo.mjs';

export const CLIENT_ID = '3f6b2a5e-8c1d-4e7a-9b0f-5d2c7e1a4b68';
const CLIENT_SECRET = 'demo-secret~only-the-simulator-knows-it';
const SCOPES = ['User.Read'];

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the demo hands out tokens to whoever asks.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/** One line per handled failure, from the handler's log record (codes and IDs only, never descriptions or tokens). */
function terminalLogger(print) {
  const line = (level) => (record, message) =>
    print(`${level} ${message}: ${record.mode} answered ${record.status}${record.loopGuard ? ' (loop guard)' : ''}, correlation ID ${record.correlationId ?? '-'}`);
  return { warn: line('warn'), error: line('error') };
}

/**
 * Starts the simulated Entra ID and the demo web app.
 * @param {{ port?: number, log?: { log(message: string): void, warn(message: string): void } }} [options] port 0 picks a free one
 * @returns {Promise<{ url: string, simulatorUrl: string, close(): Promise<void> }>}
 */
export async function startDemo({ port = 3000, log = console } = {}) {
  const sim = createEntraSimulator({ apps: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, displayName: 'Contoso Demo App' }] });
  // Before the first token call: msal-node caches the OpenID configuration, which names the sign-in page.
  const simulatorUrl = await sim.listen();
  const server = createServer();
  let actualPort;
  try {
    actualPort = await listen(server, port);
  } catch (error) {
    await sim.close();
    throw error;
  }
  const origin = `http://localhost:${actualPort}`;

  // One network client for every msal-node instance: it records Retry-After for withAadErrors.
  const networkClient = aadNetworkClient({ networkModule: sim.networkClient });
  const client = (clientSecret, extra = {}) =>
    new ConfidentialClientApplication({ auth: { clientId: CLIENT_ID, clientSecret, authority: sim.authority, ...extra }, system: { networkClient } });
  const cca = client(CLIENT_SECRET, { clientCapabilities: ['cp1'] });
  // A page view cannot wait long: retries that would end after 3 s are not attempted, and the
  // handler tells the browser when to come back instead.
  const aad = withAadErrors(cca, { retry: { maxElapsedMs: 3_000 } });
  // "Call as API" plays a separate API app: its own msal-node instance (own token cache and throttle
  // state), and failures classified for an API caller, as an API's routes would be.
  const api = withAadErrors(client(CLIENT_SECRET, { clientCapabilities: ['cp1'] }), { context: 'web_api', retry: { maxElapsedMs: 3_000 } });
  // The same app registration with a secret that was rotated out: the bad-client-secret scenario.
  const misconfigured = withAadErrors(client('rotated-out~old-secret'));

  const demo = createDemo({ sim, cca, clients: { browser: { aad, misconfigured }, api: { aad: api, misconfigured } }, clientId: CLIENT_ID, scopes: SCOPES, origin, internalOrigin: `http://127.0.0.1:${actualPort}`, log });
  const app = createWebApp({
    cca,
    aad,
    redirectUri: `${origin}/auth/redirect`,
    scopes: SCOPES,
    sessionSecret: randomBytes(32).toString('hex'),
    logger: terminalLogger((message) => log.log(message)),
    routes: demo.routes,
    handler: demo.handlerOptions,
    hooks: demo.hooks,
  });
  server.on('request', app);

  return {
    url: origin,
    simulatorUrl,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
      await sim.close();
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`demo: PORT must be a whole number from 0 to 65535; got ${JSON.stringify(process.env.PORT)}`);
    process.exit(2);
  }
  let demo;
  try {
    demo = await startDemo({ port });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    console.error(`demo: port ${port} is in use. Pick another one: PORT=3001 npm run demo`);
    process.exit(2);
  }
  console.log(`\n  aad-error-handler demo: ${demo.url}\n`);
  console.log(`  Simulated Entra ID:     ${demo.simulatorUrl} (loopback only)`);
  console.log('  Open the URL, pick a scenario, press Ctrl+C to stop.\n');
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => demo.close().then(() => process.exit(0)));
}
