// Generated inputs for the hostile-input fuzz (issue 6): mutations of real-shaped Entra failures, plus
// everything an upstream, a client or a broken app could throw at the library. Used by scripts/fuzz.mjs
// (against dist/) and by test/hardening/fuzz-share.test.ts (against src/), so both run the same cases.
import fc from 'fast-check';

/** Planted in every upstream description: internal text that must never reach a production answer. */
export const CANARY_TEXT = 'Zq9CanaryDescriptionText';
/** Planted as a secret value: must never reach any answer or log record, even with exposeDetails. */
export const CANARY_SECRET = 'Zq9CanarySecretValue';
/** A JWT whose payload names the canary: redaction must remove it everywhere. */
export const CANARY_JWT = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: 'Zq9CanaryJwtPayload' })).toString('base64url')}.c2lnbmF0dXJlLXZhbHVl`;

const CA_CLAIMS = '{"access_token":{"capolids":{"essential":true,"values":["9ab03e19-ed42-4168-b6b7-7001fb3e933a"]}}}';
const CAE_CLAIMS_B64 = 'eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0=';

// Codes from the observed responses (/work/shared/reference/observed-responses.tsv) and one or more of
// every action, with the error/suberror/claims each was seen with.
const OBSERVED = [
  [70000, 'invalid_grant', undefined, undefined, 400, [70002]],
  [70003, 'unsupported_grant_type', undefined, undefined, 400],
  [70008, 'invalid_grant', undefined, undefined, 400, [70002]],
  [70016, 'authorization_pending', undefined, undefined, 400],
  [50079, 'interaction_required', undefined, CA_CLAIMS, 400],
  [50079, 'invalid_grant', 'basic_action', CA_CLAIMS, 400],
  [9002313, 'invalid_grant', undefined, undefined, 400],
  [65001, 'invalid_grant', 'consent_required', undefined, 400],
  [700082, 'invalid_grant', 'bad_token', undefined, 400],
  [7000215, 'invalid_client', undefined, undefined, 401],
  [50076, 'invalid_grant', 'basic_action', CA_CLAIMS, 400],
  [53003, 'invalid_grant', 'message_only', undefined, 400],
  [7000218, 'invalid_client', undefined, undefined, 401],
  [70011, 'invalid_scope', undefined, undefined, 400],
  [65004, 'access_denied', undefined, undefined, 400],
  [90094, 'invalid_grant', undefined, undefined, 400],
  [50196, 'temporarily_unavailable', undefined, undefined, 429],
  [90055, 'temporarily_unavailable', undefined, undefined, 429],
  [16000, 'invalid_grant', undefined, undefined, 400],
  [50132, 'invalid_grant', undefined, undefined, 400],
  [90036, 'server_error', undefined, undefined, 500],
];

const TRACE = '0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00';
const CORRELATION = '7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f';

/** Text an upstream may carry: internal wording plus secrets that redaction must remove. */
function plantedMessage(code) {
  return `Upstream wording ${CANARY_TEXT} for ${code}, with client_secret=${CANARY_SECRET} and assertion ${CANARY_JWT} quoted.`;
}

/** msal-common 14+'s ServerError message. */
function msalMessage(body) {
  return `Error(s): ${body.error_codes.join(',')} - Timestamp: ${body.timestamp} - Description: ${body.error_description} - Correlation ID: ${body.correlation_id} - Trace ID: ${body.trace_id}`;
}

/** An object shaped like msal-node's errors (duck-typed by the parser). */
function msalError(name, body, extra = {}) {
  const errorMessage = msalMessage(body);
  const error = new Error(`${body.error}: ${errorMessage}`);
  return Object.assign(error, { name, errorCode: body.error, errorMessage, subError: body.suberror ?? '', claims: body.claims, correlationId: body.correlation_id, errorNo: String(body.error_codes[0]), ...extra });
}

/** Each factory returns a fresh real-shaped failure, so a mutation never leaks into the next case. */
export function seedFactories(entraErrorBody, extraSeeds = []) {
  const at = new Date('2025-01-23T10:12:13Z');
  const bodyFor = ([code, error, suberror, claims, , more]) =>
    entraErrorBody(code, { error, message: plantedMessage(code), traceId: TRACE, correlationId: CORRELATION, at, ...(suberror ? { suberror } : {}), ...(claims ? { claims } : {}), ...(more ? { moreCodes: more } : {}) });
  const factories = [];
  for (const row of OBSERVED) {
    const status = row[4];
    factories.push(() => bodyFor(row));
    factories.push(() => JSON.stringify(bodyFor(row)));
    factories.push(() => msalError(row[1] === 'interaction_required' || row[2] ? 'InteractionRequiredAuthError' : 'ServerError', bodyFor(row), { status }));
    factories.push(() => msalMessage(bodyFor(row)));
    factories.push(() => `${row[1]}: ${bodyFor(row).error_description}`);
    factories.push(() => ({ status, headers: { 'content-type': 'application/json', 'retry-after': '7', 'client-request-id': CORRELATION }, body: bodyFor(row) }));
    factories.push(() => Object.assign(new Error('Request failed with status code ' + status), { response: { status, headers: { 'x-ms-request-id': TRACE }, data: bodyFor(row) } }));
  }
  factories.push(
    () => Object.assign(new Error('Error(s): 50196 - Timestamp: 2025-01-23 10:12:13Z - Description: AADSTS50196: loop - Correlation ID: x - Trace ID: y'), { name: 'ServerError', errorCode: '50196', errorMessage: '' }),
    () => `?error=access_denied&error_description=AADSTS65004%3A+${CANARY_TEXT}&error_subcode=cancel&state=abc`,
    () => ({ error: 'access_denied', error_description: `AADSTS65004: ${CANARY_TEXT}`, error_subcode: 'cancel', state: 'eyJ2IjoxfQ' }),
    () => ({ status: 401, headers: { 'www-authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${CAE_CLAIMS_B64}"` }, body: '' }),
    () => ({ status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="Mail.Read User.Read"' }, body: { error: { code: 'Authorization_RequestDenied', message: `Insufficient privileges ${CANARY_TEXT}` } } }),
    () => ({ status: 503, headers: { 'content-type': 'text/html', 'retry-after': 'Mon, 02 Mar 2026 09:00:05 GMT' }, body: '<!DOCTYPE html><html><body>Service Unavailable</body></html>' }),
    () => Object.assign(new Error('connect ECONNREFUSED login.microsoftonline.com:443'), { code: 'ECONNREFUSED', hostname: 'login.microsoftonline.com' }),
    () => Object.assign(new Error(`network_error: ${CANARY_TEXT} client_secret=${CANARY_SECRET}`), { name: 'ClientAuthError', errorCode: 'network_error', errorMessage: `Network request failed: body grant_type=client_credentials&client_secret=${CANARY_SECRET}` }),
    () => Object.assign(new Error('no_tokens_found'), { name: 'InteractionRequiredAuthError', errorCode: 'no_tokens_found', errorMessage: 'No refresh token found in the cache.' }),
    () => `Troubleshooting details\nError Code: 500121\nRequest Id: ${TRACE}\nCorrelation Id: ${CORRELATION}\nTimestamp: 2024-10-03T08:01:02.000Z\nMessage: ${CANARY_TEXT}`,
    () => 'AADSTS50126',
    () => 50126,
    () => 'AADB2C90118: The user has forgotten their password.',
    () => 'ACS50008: SAML token is invalid.',
    ...extraSeeds,
  );
  return factories;
}

/** Strings an attacker plants where a header, URL or identifier is expected. */
const HOSTILE_STRINGS = [
  '', ' ', '\u0000', '\r\n', 'a\r\nSet-Cookie: pwned=1', 'x\nLocation: https://evil.example', 'a\u0000b', '"', '\\', '\\"', '"\r\nX-Injected: 1',
  '\uD800', '\uDFFF', 'a\uD800b', '\uDBFF\uDFFF', '\uFEFF<!doctype html>', '\u2028\u2029', '\u202Eevil', 'é', '日本語',
  Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]).toString('latin1'),
  Buffer.from([0xc3, 0x28, 0xff, 0xfe]).toString('utf8'),
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  '//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/%2F%2Fevil.example', '/%0d%0aLocation:%20x',
  'eyJ', '{', '{"a":', '{}', '[]', 'null', '{"__proto__":{"polluted":1}}', 'e30', 'e30=', 'eyJ9', '!!!not base64!!!', 'AAAA====',
  'Bearer', 'Bearer error=', 'Bearer error="invalid_token", claims="e30="', 'Bearer claims="' + 'A'.repeat(20000) + '"',
  'AADSTS', 'AADSTS99999999999', 'AADSTS50076 AADSTS65001 AADSTS90094', 'Error(s): 1,2,3 - Timestamp: x - Description: y',
  '-eyJ'.repeat(2048), 'a'.repeat(70_000), '='.repeat(10_000), '%'.repeat(5000), '%2F'.repeat(3000),
  `client_secret=${CANARY_SECRET}`, `"refresh_token": "${CANARY_SECRET}"`, `Bearer ${CANARY_JWT}`,
];

/** Numbers of every size where codes, statuses and delays are expected. */
const HOSTILE_NUMBERS = [0, -0, -1, 1, 99, 100, 199, 200, 302, 401, 429, 503, 599, 600, 999, 1000, 50076, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 1e21, 1e308, -1e308, 5e-324, Number.NaN, Infinity, -Infinity, 0.5, 50076.5, 12n, 10n ** 30n];

function throwingProxy() {
  const trap = () => {
    throw new Error('trap');
  };
  return new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap });
}

/** A Proxy that answers every property with another Proxy: an endless object graph. */
function endlessProxy() {
  const handler = { get: (_target, key) => (key === Symbol.toPrimitive ? undefined : new Proxy({}, handler)) };
  return new Proxy({}, handler);
}

function throwingGetters(fields) {
  const object = {};
  for (const field of fields) Object.defineProperty(object, field, { enumerable: true, get: () => { throw new Error(`getter ${field}`); } });
  return object;
}

function deepCauses(depth) {
  let error = new Error('AADSTS50076: bottom');
  for (let i = 0; i < depth; i++) error = Object.assign(new Error('wrapper'), { cause: error });
  return error;
}

function deepArray(depth) {
  let value = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function cyclic() {
  const body = { error: 'invalid_grant', error_description: `AADSTS50076: ${CANARY_TEXT}`, error_codes: [50076] };
  const error = Object.assign(new Error('cyclic'), { name: 'ServerError', errorCode: 'invalid_grant', errorMessage: 'x', subError: '' });
  Object.assign(error, { cause: error, response: { status: 400, headers: {}, data: body, request: error } });
  body.self = body;
  body.cause = error;
  return error;
}

/** Objects no sane upstream sends, but a hostile one (or a broken app) can. */
export function hostileObjects() {
  return [
    null, undefined, true, Symbol('s'), () => 'AADSTS50076', throwingProxy(), endlessProxy(),
    throwingGetters(['message', 'name', 'errorCode', 'status', 'headers', 'body', 'cause', 'error', 'code', 'then']),
    Object.assign(Object.create(null), { error: 'invalid_grant', error_codes: [50076] }),
    JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"error":"invalid_grant","error_description":"AADSTS50076: x","error_codes":[50076]}'),
    JSON.parse('{"status":401,"headers":{"__proto__":{"www-authenticate":"Bearer error=\\"invalid_token\\""}},"body":{"__proto__":{"error":"x"}}}'),
    deepCauses(10_000), deepArray(10_000), cyclic(),
    { then: (resolve) => resolve('AADSTS50076') }, { toString: () => { throw new Error('toString'); }, [Symbol.toPrimitive]: () => { throw new Error('toPrimitive'); } },
    { name: 'AadError', code: 'ERR_AAD_FAIL', decision: { action: 'fail', status: 200, summary: CANARY_TEXT, scopes: 'x', codes: null, retryAfterMs: Number.NaN } },
    { name: 'AadError', code: 'ERR_AAD_RETRY', decision: { action: 'retry', status: 503, retryAfterMs: Number.NaN, summary: CANARY_TEXT, scopes: [], codes: [] } },
    { code: 'ERR_AAD_SIGN_IN_CALLBACK', returnTo: '//evil.example', error: 'access_denied', error_description: `AADSTS65004: ${CANARY_TEXT}` },
    new Map([['error', 'invalid_grant']]), new Set(['AADSTS50076']), new Uint8Array([0xff, 0xfe, 0xfd]), Buffer.from([0xc3, 0x28, 0x41, 0x41, 0x44]),
    Buffer.from('AADSTS50076: mfa'), new Date(Number.NaN), /AADSTS50076/, new ArrayBuffer(8), Object.freeze({ error: 'consent_required' }),
    { status: 401, headers: { get: () => { throw new Error('get'); } }, body: null },
    { status: 401, headers: new Map([['www-authenticate', 'Bearer error="invalid_token"']]), body: null },
    { status: 401, headers: [['www-authenticate', 'Bearer error="invalid_token"']], body: null },
    { status: '429', headers: { 'Retry-After': ['1', '2'] }, body: 'AADSTS50196' },
  ];
}

/** A pool value as text, for splicing into a string (some pool values cannot be turned into one). */
function printable(value) {
  try {
    return typeof value === 'string' ? value : String(value);
  } catch {
    return '[unprintable]';
  }
}

/** Replaces one field (at any depth) of a fresh fixture with a hostile value. */
function mutate(value, ops, pool) {
  let current = value;
  for (const op of ops) current = mutateOnce(current, op, pool);
  return current;
}

/** Objects of the shared pool: never walked into or changed, so one case cannot alter the next. */
const shared = new WeakSet();

function fieldsOf(value) {
  const fields = [];
  const walk = (object, depth) => {
    if (depth > 3 || typeof object !== 'object' || object === null || shared.has(object)) return;
    try {
      for (const key of Object.keys(object)) {
        fields.push([object, key]);
        walk(object[key], depth + 1);
      }
    } catch {
      // A getter an earlier mutation planted: the fields found so far will do.
    }
  };
  walk(value, 0);
  return fields;
}

function mutateOnce(value, op, pool) {
  if (typeof value === 'string') {
    const at = op.at % (value.length + 1);
    switch (op.kind % 4) {
      case 0: return value.slice(0, at) + op.text + value.slice(at); // insert
      case 1: return value.slice(0, at); // truncate (broken JSON, cut messages)
      case 2: return value.slice(0, at) + printable(pool[op.pick % pool.length]) + value.slice(at);
      default: return value.replace(/AADSTS\d+/, `AADSTS${op.pick}`);
    }
  }
  const fields = fieldsOf(value);
  if (fields.length === 0) return value;
  const [object, key] = fields[op.at % fields.length];
  try {
    switch (op.kind % 5) {
      case 0: object[key] = pool[op.pick % pool.length]; break;
      case 1: if (typeof object[key] === 'string') object[key] = object[key].slice(0, op.at % (object[key].length + 1)) + op.text; break;
      case 2: delete object[key]; break;
      case 3: Object.defineProperty(object, key, { enumerable: true, configurable: true, get: () => { throw new Error('hostile getter'); } }); break;
      default: object[key] = [pool[op.pick % pool.length], op.text, op.pick];
    }
  } catch {
    // A frozen or exotic object keeps its field.
  }
  return value;
}

/**
 * The arbitrary of one fuzz case's input, as a recipe of plain data: fast-check inspects every value
 * it generates, which the Proxies and throwing getters would not survive. `makeInput` builds it.
 */
export function inputArbitrary(factoryCount, poolSize, bigCount) {
  const op = fc.record({ kind: fc.nat(), at: fc.nat(), pick: fc.nat(), text: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(...HOSTILE_STRINGS)) });
  const arbitraries = [
    { arbitrary: fc.record({ k: fc.constant('mutated'), index: fc.nat(factoryCount - 1), ops: fc.array(op, { maxLength: 4 }) }), weight: 240 },
    { arbitrary: fc.record({ k: fc.constant('fixture'), index: fc.nat(factoryCount - 1) }), weight: 40 },
    { arbitrary: fc.record({ k: fc.constant('pool'), index: fc.nat(poolSize - 1) }), weight: 60 },
    { arbitrary: fc.record({ k: fc.constant('value'), value: fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true }) }), weight: 40 },
    { arbitrary: fc.record({ k: fc.constant('value'), value: fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string().map((s) => `AADSTS50076: ${s}`), fc.string().map((s) => `Bearer error="${s}", claims="${s}"`)) }), weight: 40 },
    { arbitrary: fc.record({ k: fc.constant('value'), value: fc.oneof(fc.integer(), fc.double(), fc.bigInt(), fc.constantFrom(...HOSTILE_NUMBERS)) }), weight: 20 },
    { arbitrary: fc.record({ k: fc.constant('value'), value: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('utf8')) }), weight: 20 },
  ];
  if (bigCount > 0) arbitraries.push({ arbitrary: fc.record({ k: fc.constant('big'), index: fc.nat(bigCount - 1) }), weight: 1 });
  return fc.oneof(...arbitraries);
}

/** The shared pool of hostile values (built once: some are costly, such as 10,000-deep chains). */
export function hostilePool() {
  const pool = [...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, ...hostileObjects()];
  for (const item of pool) if ((typeof item === 'object' || typeof item === 'function') && item !== null) shared.add(item);
  return pool;
}

/** Builds the input a recipe describes. */
export function makeInput(recipe, factories, pool, bigStrings) {
  switch (recipe.k) {
    case 'mutated': return mutate(factories[recipe.index](), recipe.ops, pool);
    case 'fixture': return factories[recipe.index]();
    case 'pool': return pool[recipe.index];
    case 'big': return bigStrings[recipe.index];
    default: return recipe.value;
  }
}

export const HOSTILE_PATHS = [
  '/', '/profile', '/reports?year=2025', '//evil.example/x', '/\\evil.example', '/%2F%2Fevil.example', '/%5Cevil.example', '/%252F%252Fevil.example',
  '/%09/evil.example', '/\t/evil.example', '/%0d%0aLocation:%20https://evil.example', 'https://evil.example/x', 'evil.example', '/a\u0000b', '/a\uD800b',
  `/long/${'a'.repeat(5000)}`, '/auth/signin?returnTo=//evil.example', '/auth/signin?returnTo=%2F%2Fevil.example&prompt=none', '/auth/redirect?error=access_denied&state=eyJ2IjoxLCJyIjoiLy9ldmlsLmV4YW1wbGUiLCJuIjoiQUFBQUFBQUFBQUFBQUFBQUFBQUEifQ',
  '/?__proto__[x]=1&constructor[prototype][y]=2', '/%', '/%zz', '/;/evil.example', '/.%2e/.%2e/', '/@evil.example',
];

/** The request part of a case: method, URL, headers and the Express extras a route may have set. */
export function requestArbitrary() {
  return fc.record({
    method: fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'get', ''),
    url: fc.oneof(fc.constantFrom(...HOSTILE_PATHS), fc.string().map((s) => `/${s}`), fc.webPath()),
    accept: fc.constantFrom(undefined, '*/*', 'application/json', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'text/html', 'text/*', 'application/json, text/html', 'text/html;q=0, */*', `text/html${',x'.repeat(500)}`, 'html\r\n'),
    cookie: fc.constantFrom(undefined, '', 'aad_loop_guard=garbage', 'aad_loop_guard=MTIz.bad', `aad_loop_guard=${'A'.repeat(600)}.x`, '__Host-aad_loop_guard=x; aad_loop_guard=y', 'a=b; aad_loop_guard=; c', 'signed'),
    contentType: fc.constantFrom(undefined, 'application/x-www-form-urlencoded', 'application/json'),
    express: fc.boolean(),
    extras: fc.constantFrom('none', 'none', 'session', 'hostile-session', 'account', 'form-post', 'throwing', 'secure'),
  });
}
