import crypto from 'node:crypto';
import { throttleKey } from './msal-internals.js';

// Where the fleet's state lives in the store, per request. Every key sits in a namespace for the
// authority and client ID, `{<digest>}`, which doubles as a Redis Cluster hash tag so one app's keys
// share a slot (MGET and the scripts need that). Requests, users and scope sets appear only as
// digests: no key holds a scope list, an account name, an assertion or a refresh token in the clear.
// docs/fleet.md has the table of keys and lifetimes.

type Request = Readonly<Record<string, unknown>>;

/** Methods whose followers can read the leader's token from msal-node's cache. */
const LEASED: ReadonlySet<string> = new Set(['acquireTokenByClientCredential', 'acquireTokenOnBehalfOf', 'acquireTokenSilent']);
/** Methods whose interaction-required failures are remembered for the user. */
const REMEMBERED: ReadonlySet<string> = new Set(['acquireTokenSilent', 'acquireTokenOnBehalfOf', 'acquireTokenByRefreshToken']);

/** A 22-character (132-bit) SHA-256 digest, base64url. */
export const digest = (text: string): string => crypto.createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** The keys one attempt reads and writes; null where the method or request has none. */
export interface FleetKeys {
  readonly authority: string;
  readonly wait: string;
  readonly circuit: string;
  readonly probe: string;
  readonly lease: string | null;
  readonly interaction: string | null;
  readonly cleared: string | null;
}

function scopesOf(request: Request): string {
  const scopes = request['scopes'];
  return Array.isArray(scopes) ? [...new Set(scopes.map(String))].sort().join(' ') : '';
}

/** Who a remembered failure belongs to: the account, or the user assertion / refresh token (by digest only). */
function subjectOf(method: string, request: Request): string | null {
  if (method === 'acquireTokenSilent') {
    const account = request['account'];
    const id = typeof account === 'object' && account !== null ? (account as Record<string, unknown>)['homeAccountId'] : undefined;
    return typeof id === 'string' ? accountSubject(id) : null;
  }
  const secret = method === 'acquireTokenOnBehalfOf' ? request['oboAssertion'] : request['refreshToken'];
  return typeof secret === 'string' ? `${method}:${digest(secret)}` : null;
}

function accountSubject(homeAccountId: string): string {
  return `account:${homeAccountId}`;
}

/** True for requests msal-node sends to Entra ID whatever its cache holds. */
export function bypassesCache(request: Request): boolean {
  return request['skipCache'] === true || request['forceRefresh'] === true || (typeof request['claims'] === 'string' && request['claims'] !== '');
}

/** The key layout of one wrapper: its configured authority and client ID, and a small namespace cache. */
export class KeyLayout {
  readonly #authority: string;
  readonly #clientId: string;
  readonly #namespaces = new Map<string, string>();

  constructor(authority: string, clientId: string) {
    this.#authority = authority;
    this.#clientId = clientId;
  }

  /** The keys for one attempt of `method` with the request as sent. */
  keys(method: string, sent: Request, flightKey: string | null, remember: boolean): FleetKeys {
    const authority = typeof sent['authority'] === 'string' && sent['authority'] !== '' ? sent['authority'] : this.#authority;
    const ns = this.#namespace(authority);
    const bypass = bypassesCache(sent);
    const subject = remember && REMEMBERED.has(method) && !bypass ? subjectOf(method, sent) : null;
    return {
      authority,
      wait: `${ns}:wait:${digest(throttleKey(sent))}`,
      circuit: `${ns}:circuit`,
      probe: `${ns}:probe`,
      lease: LEASED.has(method) && !bypass && flightKey !== null ? `${ns}:lease:${digest(flightKey)}` : null,
      interaction: subject === null ? null : `${ns}:interaction:${digest(subject)}:${digest(scopesOf(sent))}`,
      cleared: subject === null ? null : `${ns}:cleared:${digest(subject)}`,
    };
  }

  /** The marker an interactive sign-in of the account writes, in the configured authority's namespace. */
  clearedKey(homeAccountId: string): string {
    return `${this.#namespace(this.#authority)}:cleared:${digest(accountSubject(homeAccountId))}`;
  }

  /** `{<digest of authority and client ID>}`. */
  #namespace(authority: string): string {
    let ns = this.#namespaces.get(authority);
    if (ns === undefined) {
      ns = `{${digest(`${authority.toLowerCase()}\n${this.#clientId}`)}}`;
      // Per-request authorities are few; past 64 the namespace is computed each time rather than kept.
      if (this.#namespaces.size < 64) this.#namespaces.set(authority, ns);
    }
    return ns;
  }
}
