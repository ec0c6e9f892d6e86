import { MICROSOFT_HOSTS } from './discovery.js';
import type { SimContext } from './exchange.js';
import { startLoopbackServer, type LoopbackServer } from './http-server.js';
import { issueAccessToken, issueAuthorizationCode } from './issue.js';
import { jwks } from './jwt.js';
import { expireAccessTokens, isTokenCache } from './msal-cache.js';
import { resolveSimulatorOptions, type EntraSimulatorOptions } from './options.js';
import { recordRequest, serverError } from './request-log.js';
import { route } from './router.js';
import { checkScript, ScriptQueue, type AuthorizeFailure, type RawTokenAnswer, type RefreshFailure, type RefreshScript, type ThrottleOptions, type TokenFailure, type TokenScript } from './script.js';
import { userFor } from './sign-in.js';
import type { AccessTokenOptions, AuthorizationCodeOptions, EntraSimulator } from './simulator-api.js';
import { Store } from './store.js';
import { createNetworkClient, simulatorFetch, type Handler } from './transports.js';
import type { InboundRequest, SimulatedUser, SimulatorRequest } from './types.js';

/**
 * Creates a simulated Microsoft Entra ID: the endpoints msal-node talks to (instance discovery, OpenID
 * configuration, token, device code, JWKS) and the pages a browser sees (sign-in, admin consent,
 * logout, device login), with real-shaped tokens and failures for any catalog code, scriptable per test.
 *
 * @example
 * const sim = createEntraSimulator();
 * const app = new ConfidentialClientApplication({
 *   auth: { clientId, clientSecret, authority: sim.authority },
 *   system: { networkClient: sim.networkClient },
 * });
 * sim.failNextToken(50076, { claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' });
 */
export function createEntraSimulator(options: EntraSimulatorOptions = {}): EntraSimulator {
  return buildSimulator(options);
}

/**
 * Wraps the simulator's own request handler, e.g. with the admin API and outages of
 * `serveEntraSimulator`; it receives the handler it wraps and the simulator it serves.
 */
export type HandlerLayer = (inner: Handler, sim: EntraSimulator) => Handler;

/** `createEntraSimulator` with an optional layer in front of its handler, for every transport. */
export function buildSimulator(options: EntraSimulatorOptions, layer?: HandlerLayer): EntraSimulator {
  const resolved = resolveSimulatorOptions(options);
  const store = new Store();
  const log: SimulatorRequest[] = [];
  let server: LoopbackServer | null = null;
  let starting: Promise<LoopbackServer> | null = null;
  const context: SimContext = {
    options: resolved,
    store,
    tokenScript: new ScriptQueue<TokenScript>(),
    refreshScript: new ScriptQueue<RefreshScript>(),
    authorizeScript: new ScriptQueue<AuthorizeFailure>(),
    adminConsentScript: new ScriptQueue<AuthorizeFailure>(),
    browserOrigin: () => server?.origin ?? null,
  };

  /** The user a test names, as the sign-in page would resolve the name; a name it would refuse is a mistake in the test. */
  function namedUser(method: string, username: string): SimulatedUser {
    const user = typeof username === 'string' ? userFor(resolved.user, username) : null;
    if (user === null || username.trim() === '') throw new TypeError(`${method}: \`username\` must be a sign-in name such as ${JSON.stringify(resolved.user.username)}; received ${JSON.stringify(username)}`);
    return user;
  }

  function serves(url: URL): boolean {
    const host = url.hostname.toLowerCase();
    if (url.protocol === 'https:' && (host === resolved.host || MICROSOFT_HOSTS.includes(host))) return true;
    return server !== null && url.origin === server.origin;
  }

  const ownHandler: Handler = (request: InboundRequest) => {
    if (!serves(request.url)) return null;
    try {
      const { response, exchange } = route(context, request);
      recordRequest(log, exchange, response.status);
      return response;
    } catch {
      // Bad input must never crash the simulator or the test: answer as Entra's front end would.
      try {
        return serverError(context, request, log);
      } catch {
        return { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'The simulated Entra ID failed to answer.' };
      }
    }
  };

  // Every transport goes through `handle`, which the layer (set once the simulator exists) may replace.
  let active: Handler = ownHandler;
  const handle: Handler = (request) => active(request);

  const sim: EntraSimulator = {
    tenantId: resolved.tenantId,
    host: resolved.host,
    authority: `https://${resolved.host}/${resolved.tenantId}`,
    networkClient: createNetworkClient(handle),
    get url() {
      return server?.origin ?? null;
    },
    get browserAuthority() {
      return server ? `${server.origin}/${resolved.tenantId}` : null;
    },
    get requests() {
      return log.slice();
    },
    get jwks() {
      return jwks(`https://${resolved.host}/${resolved.tenantId}/v2.0`);
    },
    fetch: (input, init) => simulatorFetch(handle, input, init),
    toBrowserUrl(url) {
      const parsed = new URL(url);
      if (!server || parsed.protocol !== 'https:' || !serves(parsed)) return parsed.toString();
      return `${server.origin}${parsed.pathname}${parsed.search}${parsed.hash}`;
    },
    async listen(port = 0) {
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`sim.listen: \`port\` must be an integer from 0 to 65535; received ${JSON.stringify(port)}`);
      // One server per simulator, even when listen() is called again before the first call resolved.
      starting ??= startLoopbackServer(handle, port).then((started) => (server = started));
      try {
        return (await starting).origin;
      } catch (error) {
        starting = null;
        throw error;
      }
    },
    async close() {
      const running = starting;
      server = null;
      starting = null;
      await (await running?.catch(() => null))?.close();
    },
    failNextToken(code, failure: TokenFailure = {}) {
      checkScript('sim.failNextToken', { code, times: failure.times, status: failure.status, retryAfter: failure.retryAfter });
      context.tokenScript.push({ kind: 'failure', code, failure }, failure.times ?? 1, failure.grantType);
      return sim;
    },
    throttleNextToken(times = 1, throttle: ThrottleOptions = {}) {
      checkScript('sim.throttleNextToken', { code: throttle.code, times, status: throttle.status, retryAfter: throttle.retryAfter });
      const failure: TokenFailure = { error: 'temporarily_unavailable', status: throttle.status ?? 429, retryAfter: throttle.retryAfter ?? 5 };
      context.tokenScript.push({ kind: 'failure', code: throttle.code ?? 90055, failure }, times, throttle.grantType);
      return sim;
    },
    answerNextTokenWith(answer: RawTokenAnswer) {
      checkScript('sim.answerNextTokenWith', { times: answer.times, status: answer.status });
      context.tokenScript.push({ kind: 'raw', answer }, answer.times ?? 1, answer.grantType);
      return sim;
    },
    failNextRefresh(code, failure: RefreshFailure = {}) {
      checkScript('sim.failNextRefresh', { code, times: failure.times, status: failure.status, retryAfter: failure.retryAfter });
      const user = failure.username === undefined ? undefined : namedUser('sim.failNextRefresh', failure.username);
      context.refreshScript.push({ code, failure }, failure.times ?? 1, user?.username.toLowerCase());
      return sim;
    },
    expireCachedAccessTokens(cache: unknown, username) {
      if (!isTokenCache(cache)) {
        throw new TypeError('sim.expireCachedAccessTokens: pass msal-node\'s token cache, `msalClient.getTokenCache()`');
      }
      const accounts = username === undefined ? null : new Set([`${namedUser('sim.expireCachedAccessTokens', username).oid}.${resolved.tenantId}`]);
      return expireAccessTokens(cache, resolved.tenantId, accounts);
    },
    failNextAuthorize(failure: AuthorizeFailure = {}) {
      checkScript('sim.failNextAuthorize', { code: failure.code, times: failure.times });
      context.authorizeScript.push(failure, failure.times ?? 1);
      return sim;
    },
    failNextAdminConsent(failure: AuthorizeFailure = { error: 'access_denied', code: 65004 }) {
      checkScript('sim.failNextAdminConsent', { code: failure.code, times: failure.times });
      context.adminConsentScript.push(failure, failure.times ?? 1);
      return sim;
    },
    approveDeviceCode(userCode, username) {
      const flow = store.deviceFlowByUserCode(userCode);
      if (!flow) throw new RangeError(`sim.approveDeviceCode: no device code flow has user code ${JSON.stringify(userCode)}`);
      flow.user = userFor(resolved.user, username ?? '') ?? resolved.user;
      flow.state = 'approved';
    },
    declineDeviceCode(userCode) {
      const flow = store.deviceFlowByUserCode(userCode);
      if (!flow) throw new RangeError(`sim.declineDeviceCode: no device code flow has user code ${JSON.stringify(userCode)}`);
      flow.state = 'declined';
    },
    issueAccessToken: (request: AccessTokenOptions) => issueAccessToken(context, request),
    issueAuthorizationCode: (request: AuthorizationCodeOptions) => issueAuthorizationCode(context, request),
    revokeRefreshTokens(username) {
      const name = username === undefined ? null : namedUser('sim.revokeRefreshTokens', username).username.toLowerCase();
      for (const token of store.refreshTokens.values()) if (name === null || token.user.username.toLowerCase() === name) token.revoked = true;
    },
    get pendingScripts() {
      return context.tokenScript.pending + context.refreshScript.pending + context.authorizeScript.pending + context.adminConsentScript.pending;
    },
    reset() {
      context.tokenScript.clear();
      context.refreshScript.clear();
      context.authorizeScript.clear();
      context.adminConsentScript.clear();
      store.clear();
      log.length = 0;
    },
  };
  if (layer) active = layer(ownHandler, sim);
  return sim;
}
