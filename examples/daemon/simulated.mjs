// `npm run example:daemon`: the daemon example against the simulated Entra ID and a small local API,
// for three runs one second apart. Between runs the walkthrough arranges the next trouble:
//   run 1: Entra ID throttles the first token request (429, Retry-After: 2); the daemon waits and retries;
//   run 2: the API answers with a claims challenge; the daemon gets a token with those claims and calls again;
//   run 3: the client secret has expired (AADSTS7000222); the daemon stops and says what to fix.
//
// Run `npm run build` first: 'aad-error-handler' resolves to this repository's dist/.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { aadNetworkClient, isAadError } from 'aad-error-handler';
import { createEntraSimulator } from 'aad-error-handler/testing';
import { explainStop, runDaemon } from './daemon.mjs';

const CLIENT_ID = '0b7c4e2a-91d3-4f6a-8e15-3c9d2a7f6b40';
const CLIENT_SECRET = 'daemon-example~only-the-simulator-knows-it';
const CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

function tokenClaims(req) {
  const payload = (req.headers.authorization ?? '').replace(/^Bearer /, '').split('.')[1] ?? '';
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}

/** A local API: 200 for a bearer token; once told to, a claims challenge until a token carries acrs "c1". */
function startApi(log) {
  const api = { challenging: false };
  const server = createServer((req, res) => {
    const claims = tokenClaims(req);
    if (!claims.aud) {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm=""' }).end();
      return;
    }
    if (api.challenging && !(claims.acrs ?? []).includes('c1')) {
      log.log('api:    401 with a claims challenge (Continuous Access Evaluation for workload identities): the token lacks acrs "c1"');
      const encoded = Buffer.from(CLAIMS).toString('base64');
      res.writeHead(401, { 'www-authenticate': `Bearer realm="", error="insufficient_claims", claims="${encoded}"`, 'content-type': 'application/json' }).end('{"error":"insufficient_claims"}');
      return;
    }
    if (api.challenging) log.log('api:    the new token carries acrs "c1": 200');
    api.challenging = false;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"orders":[]}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ api, server, url: `http://127.0.0.1:${server.address().port}/orders` })));
}

/**
 * Runs the three runs and returns the AadError that stopped the daemon.
 * @param {{ log?: { log(line: string): void, warn(line: string): void }, intervalMs?: number, retryAfter?: number }} [options]
 *   `intervalMs` between runs (default 1000) and the throttling's `retryAfter` in seconds (default 2)
 */
export async function runSimulated({ log = console, intervalMs = 1000, retryAfter = 2 } = {}) {
  // Tokens that live one minute: msal-node renews any token with less than five minutes left, so every
  // run asks Entra ID again (and meets whatever the walkthrough arranged).
  const sim = createEntraSimulator({ apps: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, displayName: 'Contoso Orders Daemon' }], accessTokenLifetime: 60 });
  const { api, server, url } = await startApi(log);
  let run = 0;
  const arrange = () => {
    run += 1;
    if (run === 1) api.challenging = true;
    if (run === 2) sim.failNextToken(7000222);
  };
  sim.throttleNextToken(1, { retryAfter });
  try {
    await runDaemon(
      { tenantId: sim.tenantId, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authorityHost: `https://${sim.host}`, scopes: ['api://contoso-orders/.default'], apiUrl: url, intervalMs, runs: 3 },
      {
        // msal-node's requests go to the simulator; aadNetworkClient still records Retry-After for the wrapper.
        networkClient: aadNetworkClient({ networkModule: sim.networkClient }),
        log: { log: (line) => (log.log(line), arrange()), warn: (line) => log.warn(line) },
      },
    );
  } catch (error) {
    if (!isAadError(error)) throw error;
    return error;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(() => resolve()));
  }
  throw new Error('the walkthrough expected the daemon to stop on the expired secret');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log('daemon: three runs against a simulated Entra ID and a local API\n');
  const stopped = await runSimulated({ log: { log: console.log, warn: console.log } });
  console.log(explainStop(stopped));
  console.log('\n(A real daemon exits with code 1 here; see examples/daemon/README.md.)');
}
