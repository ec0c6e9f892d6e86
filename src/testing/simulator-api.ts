import type { AuthorizeFailure, RawTokenAnswer, RefreshFailure, ThrottleOptions, TokenFailure } from './script.js';
import type { SimulatedUser, SimulatorNetworkClient, SimulatorRequest } from './types.js';

/** Options of `sim.issueAccessToken`: a user's token for your API, e.g. to call it in a test or to start an OBO flow. */
export interface AccessTokenOptions {
  /** The API the token is for (`aud`): your API's client ID or App ID URI, e.g. `api://<client-id>`. */
  readonly audience: string;
  /** Delegated permissions (`scp`). @default ['access_as_user'] */
  readonly scopes?: readonly string[];
  /** The client that asked for it (`azp`). @default '00000000-0000-0000-0000-00000000c11e' */
  readonly clientId?: string;
  /** Whose token it is. `null` issues an app-only token. @default the simulator's user */
  readonly user?: Partial<SimulatedUser> | null;
  /** Lifetime in seconds; negative values issue an already expired token. @default 3599 */
  readonly expiresIn?: number;
}

/** Options of `sim.issueAuthorizationCode`: a code as the sign-in page would issue it, without a browser. */
export interface AuthorizationCodeOptions {
  readonly clientId: string;
  readonly redirectUri: string;
  /** @default ['openid', 'profile', 'offline_access'] */
  readonly scopes?: readonly string[];
  /** Who signs in. @default the simulator's user */
  readonly username?: string;
  readonly codeChallenge?: string;
  /** @default 'S256' when `codeChallenge` is set */
  readonly codeChallengeMethod?: 'S256' | 'plain';
  readonly nonce?: string;
  /** A claims request (JSON text), as the authorize request would carry it. */
  readonly claims?: string;
}

/**
 * The part of msal-node's `TokenCache` (`msalClient.getTokenCache()`) that `sim.expireCachedAccessTokens`
 * uses: the cache in MSAL's shared JSON schema, read and written back.
 */
export interface SerializableTokenCache {
  serialize(): string;
  deserialize(cache: string): void;
}

/** A simulated Microsoft Entra ID. Create one with `createEntraSimulator()`. */
export interface EntraSimulator {
  readonly tenantId: string;
  /** The authority host, e.g. `login.entra-sim.test`. */
  readonly host: string;
  /** The authority to configure msal-node with: `https://<host>/<tenantId>`. */
  readonly authority: string;
  /** Pass as msal-node's `system.networkClient`: every request is answered in-process, without sockets. */
  readonly networkClient: SimulatorNetworkClient;
  /** The loopback origin (`http://127.0.0.1:<port>`) while `listen()` serves, else null. */
  readonly url: string | null;
  /** The authority as a browser reaches it (`http://127.0.0.1:<port>/<tenantId>`) while `listen()` serves, else null. */
  readonly browserAuthority: string | null;
  /** Everything that reached the simulator since the last `reset()`, oldest first. */
  readonly requests: readonly SimulatorRequest[];
  /** The signing keys, as served at `/{tenant}/discovery/v2.0/keys`. */
  readonly jwks: { keys: Array<Record<string, string>> };
  /** Scripted answers not used yet; assert it is 0 at the end of a test to catch scripts nothing consumed. */
  readonly pendingScripts: number;

  /** A `fetch` answered in-process. Redirects are not followed: read `Location` to see where a browser would go. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Rewrites an `https://<host>/…` URL to the loopback server while it serves (for links a browser must open). */
  toBrowserUrl(url: string): string;
  /** Serves the simulator on 127.0.0.1 (port 0 picks a free one) and resolves to its origin. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;

  /** Fails the next token request(s) with an Entra error body for `code`. */
  failNextToken(code: number, failure?: TokenFailure): EntraSimulator;
  /** Answers the next `times` token requests with 429 (or 503) and `Retry-After`. @default times 1 */
  throttleNextToken(times?: number, options?: ThrottleOptions): EntraSimulator;
  /** Answers the next token request(s) with exactly this status, headers and body (JSON, text or an HTML page). */
  answerNextTokenWith(answer: RawTokenAnswer): EntraSimulator;
  /**
   * Refuses the next refresh of a signed-in user's tokens (the refresh token msal-node redeems when
   * `acquireTokenSilent` finds no usable access token), with an Entra error body for `code`: 50076 with
   * `claims` for step-up MFA, 65001 for missing consent, 70008 or 50173 for a revoked or expired grant.
   * Other grants and other users' refreshes pass by. Pair it with `expireCachedAccessTokens` so the
   * next silent call reaches the simulator.
   */
  failNextRefresh(code: number, failure?: RefreshFailure): EntraSimulator;
  /**
   * Marks the access tokens msal-node cached for a user (or every user of this tenant) as expired, so
   * the next `acquireTokenSilent` redeems the refresh token instead of answering from the cache. Pass
   * `msalClient.getTokenCache()`. Refresh tokens and accounts are kept. Returns how many access
   * tokens it expired. It edits msal-node's in-memory cache: an app with a `cachePlugin` reloads the cache
   * from its store before each lookup, so there the test must expire the stored copy.
   */
  expireCachedAccessTokens(cache: SerializableTokenCache, username?: string): number;
  /** Sends the next sign-in back to the app with `error=…&error_description=AADSTS<code>: …`. */
  failNextAuthorize(failure?: AuthorizeFailure): EntraSimulator;
  /** Sends the next admin consent back with an error. @default { error: 'access_denied', code: 65004 } */
  failNextAdminConsent(failure?: AuthorizeFailure): EntraSimulator;

  /** Completes a device code sign-in as `username` (default: the simulator's user). */
  approveDeviceCode(userCode: string, username?: string): void;
  declineDeviceCode(userCode: string): void;
  /** Signs an access token for your API with the simulator's key. */
  issueAccessToken(options: AccessTokenOptions): string;
  /** Issues an authorization code redeemable once with `acquireTokenByCode`. */
  issueAuthorizationCode(options: AuthorizationCodeOptions): string;
  /** Revokes every refresh token issued so far (or only `username`'s): the next use fails with AADSTS50173 (`invalid_grant`, `bad_token`). */
  revokeRefreshTokens(username?: string): void;
  /** Forgets scripts, issued codes and tokens, sessions and the request log. Keys and options stay. */
  reset(): void;
}
