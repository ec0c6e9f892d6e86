// A client-credentials daemon: every INTERVAL_SECONDS it gets an app token and calls an API with it.
// Throttling and Entra outages are retried the way Entra asks (withAadErrors); a claims challenge from
// the API is answered once (callApi); a failure no retry can fix (a wrong secret, an app or tenant that
// does not exist) stops the daemon with a message saying what to fix.
//
// Run `npm run build` first: 'aad-error-handler' resolves to this repository's dist/ through the
// package's own "exports".
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { aadNetworkClient, isAadError, withAadErrors } from 'aad-error-handler';

const MICROSOFT_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn', 'login.microsoft.com']);

/** Reads the configuration from the environment; throws a TypeError naming what is missing or wrong. */
export function readConfig(env) {
  const missing = ['TENANT_ID', 'CLIENT_ID', 'CLIENT_SECRET'].filter((name) => !env[name]);
  if (missing.length > 0) throw new TypeError(`set ${missing.join(', ')} (see examples/daemon/README.md)`);
  const authorityHost = (env.AUTHORITY_HOST ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const interval = Number(env.INTERVAL_SECONDS ?? 60);
  const runs = env.RUNS === undefined ? Infinity : Number(env.RUNS);
  if (!/^https:\/\/[^/]+$/.test(authorityHost)) throw new TypeError(`AUTHORITY_HOST must be https://<host>; got ${JSON.stringify(env.AUTHORITY_HOST)}`);
  if (!(interval > 0) || !(runs > 0)) throw new TypeError('INTERVAL_SECONDS and RUNS must be positive numbers');
  return {
    tenantId: env.TENANT_ID,
    clientId: env.CLIENT_ID,
    clientSecret: env.CLIENT_SECRET,
    authorityHost,
    scopes: [env.SCOPE ?? 'https://graph.microsoft.com/.default'],
    apiUrl: env.API_URL ?? 'https://graph.microsoft.com/v1.0/organization?$select=id,displayName',
    intervalMs: interval * 1000,
    runs,
  };
}

function createClient(config, networkClient, log) {
  const host = new URL(config.authorityHost).host;
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authority: `${config.authorityHost}/${config.tenantId}`,
      // Any other host (a simulated Entra ID, a cloud msal-node does not know) must be named.
      ...(MICROSOFT_HOSTS.has(host) ? {} : { knownAuthorities: [host] }),
    },
    system: { networkClient },
  });
  return withAadErrors(client, {
    onRetry: (decision, attempt, delayMs) =>
      log.warn(`daemon: Entra ID ${decision.codeId ?? decision.error ?? 'transport failure'} (HTTP ${decision.upstreamStatus ?? '-'}); retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s`),
  });
}

/**
 * Runs until `config.runs` runs are done or `signal` aborts. A run whose retries ran out (Entra still
 * throttling or down) is logged and the next run tries again; an AadError no retry can fix is thrown.
 *
 * `networkClient` defaults to `aadNetworkClient()`, which gives the wrapper exact Retry-After values;
 * pass a simulated Entra ID's network client to run the daemon against it.
 */
export async function runDaemon(config, { networkClient = aadNetworkClient({ timeoutMs: 15_000 }), signal = new AbortController().signal, log = console } = {}) {
  const aad = createClient(config, networkClient, log);
  for (let run = 1; run <= config.runs && !signal.aborted; run++) {
    try {
      const response = await aad.callApi(
        { scopes: config.scopes },
        (token) => fetch(config.apiUrl, { headers: { authorization: `Bearer ${token.accessToken}` }, signal }),
        { signal },
      );
      log.log(`daemon: ${new Date().toISOString()} ${config.apiUrl} answered HTTP ${response.status}`);
      await response.body?.cancel();
    } catch (error) {
      if (signal.aborted) break;
      if (!isAadError(error) || error.decision.action !== 'retry') throw error;
      log.warn(`daemon: still failing after retries (${error.decision.codeId ?? 'transport'}); next run in ${config.intervalMs / 1000} s`);
    }
    if (run < config.runs) await sleep(config.intervalMs, undefined, { signal }).catch(() => undefined);
  }
}

/** What to tell the operator when Entra ID refuses for good. */
export function explainStop(error) {
  const { decision } = error;
  const lines = [`daemon: stopping — ${decision.codeId ?? decision.error ?? 'Entra ID'}: ${decision.summary}`, `daemon: to fix (${decision.fixBy}): ${decision.remediation}`];
  if (decision.correlationId) lines.push(`daemon: correlation ID ${decision.correlationId} (look it up in the Entra sign-in logs)`);
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    console.error(`daemon: ${error.message}`);
    process.exit(2);
  }
  const shutdown = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM']) process.once(name, () => shutdown.abort());
  try {
    await runDaemon(config, { signal: shutdown.signal });
    console.log('daemon: stopped');
  } catch (error) {
    if (!isAadError(error)) throw error;
    console.error(explainStop(error));
    process.exit(1);
  }
}
