import type { SerializableTokenCache } from './simulator-api.js';

// msal-node keeps a signed-in user's access token in the app's own cache and answers
// `acquireTokenSilent` from it until five minutes before it expires, so a scripted token failure never
// reaches a signed-in user. The cache's JSON form is MSAL's shared schema (the same in every MSAL):
// `AccessToken` entries keyed by string, each with `home_account_id` (`<oid>.<tenant id>`),
// `cached_at`, `expires_on` and `extended_expires_on` in epoch seconds as strings.

interface AccessTokenEntry {
  home_account_id?: unknown;
  cached_at?: unknown;
  expires_on?: unknown;
  extended_expires_on?: unknown;
  refresh_on?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an object with msal-node `TokenCache`'s `serialize` and `deserialize`. */
export function isTokenCache(value: unknown): value is SerializableTokenCache {
  if (typeof value !== 'object' || value === null) return false;
  const cache = value as Partial<SerializableTokenCache>;
  return typeof cache.serialize === 'function' && typeof cache.deserialize === 'function';
}

/**
 * Marks the cached access tokens of the given accounts (`<oid>.<tenant id>`), or of every account of the
 * tenant when `homeAccountIds` is null, as expired at the time they were cached. Returns how many.
 */
export function expireAccessTokens(cache: SerializableTokenCache, tenantId: string, homeAccountIds: ReadonlySet<string> | null): number {
  const data: unknown = JSON.parse(cache.serialize());
  if (!isObject(data) || !isObject(data['AccessToken'])) return 0;
  let expired = 0;
  for (const entry of Object.values(data['AccessToken']) as AccessTokenEntry[]) {
    if (!isObject(entry) || typeof entry.home_account_id !== 'string') continue;
    const account = entry.home_account_id.toLowerCase();
    const matches = homeAccountIds === null ? account.endsWith(`.${tenantId}`) : homeAccountIds.has(account);
    if (!matches) continue;
    // Expired the moment it was cached: never in the future, whatever clock the app or the test uses.
    const cachedAt = typeof entry.cached_at === 'string' ? entry.cached_at : '0';
    entry.expires_on = cachedAt;
    entry.extended_expires_on = cachedAt;
    delete entry.refresh_on;
    expired += 1;
  }
  if (expired > 0) cache.deserialize(JSON.stringify(data));
  return expired;
}
