import crypto from 'node:crypto';

// Keys for "is this the same request?". Two different questions get two keys:
// - flightKey: may two concurrent callers share one in-flight promise? Every field that can change the
//   answer takes part, so requests that differ in anything but their correlation ID never share.
// - throttleKey: will msal-node replay a throttled failure for this request? It mirrors msal-common's
//   RequestThumbprint, which leaves the user assertion and the grant out.

/** Fields that never change what Entra ID answers, only how the call is logged. */
const IGNORED = new Set(['correlationId']);
const MAX_DEPTH = 6;

let nextFunctionId = 0;
const functionIds = new WeakMap<object, number>();

/** Callbacks (device-code prompts, assertion callbacks) count as the same only when they are the same object. */
function functionId(fn: object): string {
  let id = functionIds.get(fn);
  if (id === undefined) {
    id = ++nextFunctionId;
    functionIds.set(fn, id);
  }
  return `fn#${id}`;
}

function canonicalScopes(scopes: unknown): unknown {
  if (!Array.isArray(scopes)) return scopes;
  // The usual case, one `.default` scope, without the array work below.
  if (scopes.length === 1 && typeof scopes[0] === 'string') {
    const only = scopes[0].trim();
    return only === '' ? [] : [only];
  }
  const cleaned = scopes.map((scope) => (typeof scope === 'string' ? scope.trim() : String(scope))).filter((scope) => scope !== '');
  return [...new Set(cleaned)].sort();
}

function canonicalAccount(account: unknown): unknown {
  if (typeof account !== 'object' || account === null) return account;
  const { homeAccountId, environment, tenantId } = account as Record<string, unknown>;
  return { homeAccountId, environment, tenantId };
}

/** JSON with sorted keys, undefined dropped and functions by identity; stops at a fixed depth. */
function canonical(value: unknown, depth: number): string {
  if (value === undefined) return 'null';
  if (typeof value === 'function') return JSON.stringify(functionId(value));
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (depth >= MAX_DEPTH) return '"…"';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item, depth + 1)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (depth === 0 && IGNORED.has(key)) continue;
    let field = record[key];
    if (field === undefined) continue;
    if (depth === 0 && key === 'scopes') field = canonicalScopes(field);
    if (depth === 0 && key === 'account') field = canonicalAccount(field);
    parts.push(`${JSON.stringify(key)}:${canonical(field, depth + 1)}`);
  }
  return `{${parts.join(',')}}`;
}

let uncomparable = 0;

// crypto.hash (Node 20.12+) is the one-shot form, at less than half the cost of createHash; this runs
// on every call, cache hits included.
const sha256: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'base64url') : (text) => crypto.createHash('sha256').update(text).digest('base64url');

// The fields of the common requests ({ scopes }, { scopes, skipCache }, …): none is a secret, so their
// key needs no digest. This path runs on every call, cache hits included, and costs a fifth of the other.
const PLAIN_FIELDS = new Set(['scopes', 'authority', 'claims', 'skipCache', 'forceRefresh', 'correlationId', 'azureRegion']);

/** A self-delimiting encoding (length-prefixed strings), so no two field lists give the same text. */
function encode(value: unknown): string {
  return value === undefined ? '-' : typeof value === 'string' ? `${value.length}.${value}` : String(value);
}

function plainKey(method: string, request: Record<string, unknown>): string | undefined {
  for (const key in request) {
    if (!PLAIN_FIELDS.has(key)) return undefined;
    const value = request[key];
    if (key === 'scopes') {
      if (!Array.isArray(value)) return undefined;
      for (const scope of value) if (typeof scope !== 'string') return undefined;
    } else if (value !== undefined && typeof value !== 'string' && typeof value !== 'boolean') return undefined;
  }
  const scopes = (canonicalScopes(request['scopes']) ?? []) as string[];
  let key = `${method}:p:${scopes.length}`;
  for (const scope of scopes) key += `|${encode(scope)}`;
  return `${key}|${encode(request['authority'])}|${encode(request['claims'])}|${encode(request['skipCache'])}|${encode(request['forceRefresh'])}|${encode(request['azureRegion'])}`;
}

/**
 * The single-flight key of a request. A request made only of non-secret fields is keyed by them in
 * canonical form; any other is keyed by the method name and a SHA-256 of the whole request in canonical
 * form, so assertions, codes and refresh tokens only ever exist inside the digest, never as a readable
 * key. A request that cannot be read (a throwing getter) gets a key of its own.
 */
export function flightKey(method: string, request: unknown): string {
  try {
    if (typeof request === 'object' && request !== null && !Array.isArray(request)) {
      const plain = plainKey(method, request as Record<string, unknown>);
      if (plain !== undefined) return plain;
    }
    return `${method}:h:${sha256(canonical(request, 0))}`;
  } catch {
    return `${method}:uncomparable#${++uncomparable}`;
  }
}

function field(request: Record<string, unknown>, key: string): unknown {
  const value = request[key];
  return value === undefined ? null : value;
}

/** msal-common's RequestThumbprint fields (the client ID is the wrapper's own), in its order and form. */
export function throttleKey(request: unknown): string {
  try {
    if (typeof request !== 'object' || request === null) return 'invalid';
    const record = request as Record<string, unknown>;
    const account = record['account'];
    const homeAccountId = typeof account === 'object' && account !== null ? (account as Record<string, unknown>)['homeAccountId'] : undefined;
    return JSON.stringify([
      field(record, 'authority'),
      field(record, 'scopes'),
      homeAccountId ?? null,
      field(record, 'claims'),
      field(record, 'authenticationScheme'),
      field(record, 'resourceRequestMethod'),
      field(record, 'resourceRequestUri'),
      field(record, 'shrClaims'),
      field(record, 'sshKid'),
      field(record, 'resource'),
    ]);
  } catch {
    return `uncomparable#${++uncomparable}`;
  }
}
