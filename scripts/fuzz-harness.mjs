// Runs generated hostile inputs through parseAadError, classify and the whole aadErrorHandler, and
// checks every outcome (issue 6): nothing throws, nothing pollutes a prototype, every answer is a valid
// HTTP response whose headers and body give nothing away. `lib` is the library (dist/ for the script,
// src/ for the CI share), so both run exactly the same cases.
import { createHmac } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { CANARY_JWT, CANARY_SECRET, CANARY_TEXT, hostilePool, inputArbitrary, makeInput, requestArbitrary, seedFactories } from './fuzz-inputs.mjs';

// The hostile inputs here reach the handler as raw bodies, snapshots and text; `trustText: true` lets each
// one reach the answer paths under test. The trust boundary itself is tested in test/express/trust-boundary.test.ts.

const ACTIONS = new Set(['reauthenticate', 'consent', 'claims_challenge', 'retry', 'fail']);
const STATUSES = new Set([302, 401, 403, 500, 503]);
const HEADERS = new Set(['vary', 'www-authenticate', 'retry-after', 'set-cookie', 'cache-control', 'location', 'content-type', 'x-content-type-options', 'content-security-policy', 'access-control-expose-headers', 'date', 'connection', 'content-length', 'transfer-encoding', 'content-language']);
const LOG_KEYS = new Set(['code', 'codeId', 'action', 'error', 'suberror', 'risk', 'fixBy', 'status', 'correlationId', 'traceId', 'mode', 'rule', 'known', 'loopGuard', 'reason', 'name', 'droppedScopes', 'returnToTrimmed', 'returnToLength']);
const GUARD_SECRET = 'fuzz-loop-guard-secret-0123456789abcdef';
const AUTHORITY = 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = 'https://app.contoso.example';
const SECRETS = [CANARY_SECRET, CANARY_JWT.split('.')[1], 'Zq9CanaryJwtPayload'];

/** Snapshot of the built-in prototypes a polluting parser would write to. */
function prototypeState() {
  const names = [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) => Reflect.ownKeys(proto).map(String).sort().join(','));
  return `${names.join('|')}|${String(({}).polluted)}|${String([].polluted)}`;
}

/** A logger that checks each record as it comes: only the documented fields, never upstream text. */
function checkingLogger(report, label) {
  const check = (record, message) => {
    report.logRecords++;
    let text;
    try {
      text = `${JSON.stringify(record)} ${message}`;
    } catch {
      text = String(message);
    }
    for (const key of Object.keys(record ?? {})) if (!LOG_KEYS.has(key)) fail(report, 'log', `${label}: unexpected log field ${key}`);
    if (text.includes(CANARY_TEXT) || SECRETS.some((secret) => text.includes(secret))) fail(report, 'leak', `${label}: log record carries upstream text: ${text.slice(0, 200)}`);
  };
  return { warn: check, error: check };
}

function fail(report, kind, detail) {
  report.failures[kind] = (report.failures[kind] ?? 0) + 1;
  // The first few of each kind, so one noisy kind does not hide the others.
  if (report.failures[kind] <= 4) report.examples.push(`${kind}: ${detail}`);
}

/** The handler configurations every case runs against, built once like an app builds them. */
function configurations(lib, report) {
  const hostileMsal = {
    getAuthCodeUrl: async (request) => {
      const n = String(request.state).length % 5;
      if (n === 0) throw new Error('endpoints_resolution_error');
      if (n === 1) return 'https://evil.example/authorize';
      if (n === 2) return `${AUTHORITY}/oauth2/v2.0/authorize?x=\r\nSet-Cookie:pwned`;
      if (n === 3) return `${AUTHORITY}/oauth2/v2.0/authorize?client_id=cid&state=${request.state}`;
      return 42;
    },
  };
  const hostileChange = (decision) => {
    switch ((decision.code ?? 0) % 7) {
      case 0: return { retryAfterMs: Number.NaN };
      case 1: return { status: 200 };
      case 2: return { action: 'explode' };
      case 3: return { scopes: ['Mail.Read\r\nX-Injected: 1', '\uD800'], action: 'consent' };
      case 4: return { claims: '{"access_token":{"acrs":{"essential":true,"value":"c1\\r\\n"}}}', action: 'claims_challenge' };
      case 5: return null;
      default: return undefined;
    }
  };
  return [
    { name: 'defaults', exposeDetails: false, mayPass: false, handler: lib.aadErrorHandler({ trustText: true, logger: checkingLogger(report, 'defaults') }) },
    // The handler as shipped: inputs without provable Entra provenance are passed on, never crash it.
    { name: 'boundary', exposeDetails: false, mayPass: true, handler: lib.aadErrorHandler({ logger: checkingLogger(report, 'boundary') }) },
    { name: 'exposeDetails', exposeDetails: true, mayPass: false, handler: lib.aadErrorHandler({ trustText: true, exposeDetails: true, clientId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', authority: AUTHORITY, scopes: ['User.Read', 'api://orders/.default'], redirectUri: `${APP}/auth/redirect`, logger: checkingLogger(report, 'exposeDetails') }) },
    { name: 'web_app', exposeDetails: false, mayPass: false, handler: lib.aadErrorHandler({ trustText: true, mode: 'web_app', loopGuard: { secret: GUARD_SECRET, limit: 3 }, clientId: 'cid', logger: checkingLogger(report, 'web_app') }) },
    { name: 'web_api', exposeDetails: false, mayPass: false, handler: lib.aadErrorHandler({ trustText: true, mode: 'web_api', clientId: 'cid', authority: AUTHORITY, maxRetryAfterSeconds: 120, logger: checkingLogger(report, 'web_api') }) },
    { name: 'hooks', exposeDetails: false, mayPass: true, handler: lib.aadErrorHandler({ trustText: true, clientId: 'cid', onDecision: (decision) => ((decision.code ?? 0) % 2 === 0 ? Promise.resolve(hostileChange(decision)) : hostileChange(decision)), overrides: { rule: (decision) => ((decision.code ?? 0) % 3 === 0 ? { retryAfterMs: Number.POSITIVE_INFINITY } : undefined) }, logger: checkingLogger(report, 'hooks') }) },
    { name: 'direct', exposeDetails: false, mayPass: false, handler: lib.aadErrorHandler({ trustText: true, msal: hostileMsal, authority: AUTHORITY, clientId: 'cid', redirectUri: `${APP}/auth/redirect`, logger: checkingLogger(report, 'direct') }) },
    {
      name: 'render',
      exposeDetails: false,
      mayPass: false,
      handler: lib.aadErrorHandler({
        trustText: true,
        mode: 'web_app',
        adminConsentUrl: (decision) => (decision.code === 90094 ? 'javascript:alert(1)' : `https://login.microsoftonline.com/common/adminconsent?client_id=x\r\nSet-Cookie: y`),
        render: (page) => {
          const n = page.status % 4;
          if (n === 0) throw new Error('render failed');
          if (n === 1) return Promise.reject(new Error('async render failed'));
          if (n === 2) return Promise.resolve(undefined);
          return `<p>${page.title}</p>`;
        },
        account: (req) => (req.url.length % 2 === 0 ? { username: `user\r\n@contoso.com`, loginHint: '\uD800', tenantId: '9188040d-6c67-4c5b-b112-36a304b66dad' } : { username: 'adele@contoso.com', tenantId: 'x' }),
        logger: checkingLogger(report, 'render'),
      }),
    },
  ];
}

function signedGuardCookie(stamps) {
  const payload = Buffer.from(stamps, 'latin1').toString('base64url');
  return `aad_loop_guard=${payload}.${createHmac('sha256', GUARD_SECRET).update(payload).digest('base64url')}`;
}

/** A Node request and response with no socket: the response's bytes are collected as the wire would see them. */
function exchange(spec, expressRequest) {
  const req = new IncomingMessage(null);
  req.method = spec.method;
  req.url = spec.url;
  const headers = {};
  if (spec.accept !== undefined) headers.accept = spec.accept;
  if (spec.cookie !== undefined) headers.cookie = spec.cookie === 'signed' ? signedGuardCookie('1.NaN.99999999999999999999.-5') : spec.cookie;
  if (spec.contentType !== undefined) headers['content-type'] = spec.contentType;
  req.headers = headers;
  if (spec.express && expressRequest) {
    Object.setPrototypeOf(req, expressRequest);
    req.originalUrl = spec.url;
  }
  switch (spec.extras) {
    case 'session': req.session = { account: { username: 'adele@contoso.com', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' } }; break;
    case 'hostile-session': req.session = new Proxy({}, { get: () => { throw new Error('session'); }, set: () => { throw new Error('session'); } }); break;
    case 'account': req.session = { account: { username: 'a\r\nb', loginHint: 'x'.repeat(300), tenantId: 12 }, aadErrorHandlerRedirects: ['1', 2, Number.NaN, 1e300] }; break;
    case 'form-post': req.body = { state: 'eyJ2IjoxLCJyIjoiLy9ldmlsIiwibiI6IkFBQUFBQUFBQUFBQUFBQUFBQUFBIn0', error: 'access_denied', code: { toString: 'x' } }; break;
    case 'throwing': Object.defineProperty(req, 'originalUrl', { get: () => { throw new Error('originalUrl'); } }); Object.defineProperty(req, 'body', { get: () => { throw new Error('body'); } }); break;
    case 'secure': Object.defineProperty(req, 'secure', { value: true }); break;
  }
  const res = new ServerResponse(req);
  const chunks = [];
  const sink = new Writable({
    write(chunk, encoding, callback) {
      chunks.push(Buffer.from(chunk, encoding));
      callback();
    },
  });
  res.assignSocket(sink);
  return { req, res, bytes: () => Buffer.concat(chunks) };
}

/** Checks one raw HTTP answer; returns the parsed status, or reports what is wrong with it. */
function checkAnswer(raw, config, lib, report, label, method) {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return fail(report, 'http', `${label}: no header block`);
  const head = text.slice(0, split);
  const body = raw.subarray(Buffer.byteLength(head, 'latin1') + 4).toString('utf8');
  if (/\u0000/.test(head) || /\r(?!\n)|(?<!\r)\n/.test(head)) fail(report, 'header-injection', `${label}: bare CR, LF or NUL in the header block`);
  const [statusLine, ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1]);
  if (!STATUSES.has(status)) fail(report, 'http', `${label}: status line ${JSON.stringify(statusLine)}`);
  const headers = new Map();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 2);
    if (colon <= 0 || !HEADERS.has(name)) fail(report, 'header-injection', `${label}: unexpected header line ${JSON.stringify(line.slice(0, 120))}`);
    if (/[^\u0020-\u007e]/.test(value)) fail(report, 'header-injection', `${label}: non-visible-ASCII in ${name}: ${JSON.stringify(value.slice(0, 120))}`);
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  const one = (name) => headers.get(name)?.[0];
  if (status === 302) {
    const location = one('location') ?? '';
    const sameOrigin = location.startsWith('/auth/signin?');
    const authority = location.startsWith(`${AUTHORITY}/oauth2/v2.0/authorize?`);
    if (!sameOrigin && !authority) fail(report, 'open-redirect', `${label}: Location ${JSON.stringify(location.slice(0, 160))}`);
    if (sameOrigin) {
      const returnTo = new URL(location, APP).searchParams.get('returnTo');
      if (returnTo === null || new URL(returnTo, APP).origin !== APP || !lib.isSafeReturnTo(returnTo)) fail(report, 'open-redirect', `${label}: returnTo ${JSON.stringify(returnTo)}`);
    }
  }
  const retryAfter = one('retry-after');
  if (retryAfter !== undefined && (!/^\d{1,6}$/.test(retryAfter) || Number(retryAfter) < 1 || Number(retryAfter) > 300)) fail(report, 'http', `${label}: Retry-After ${JSON.stringify(retryAfter)}`);
  if (status === 401 && !(one('www-authenticate') ?? '').startsWith('Bearer')) fail(report, 'http', `${label}: 401 without a Bearer challenge`);
  const challenge = one('www-authenticate');
  if (challenge !== undefined) {
    const bearer = lib.parseWwwAuthenticate(challenge).find((c) => c.scheme === 'bearer');
    const error = bearer?.params.error;
    if (!bearer || !['invalid_token', 'insufficient_claims', 'insufficient_scope'].includes(error)) fail(report, 'http', `${label}: WWW-Authenticate ${JSON.stringify(challenge.slice(0, 160))}`);
    if (bearer?.params.claims !== undefined) {
      try {
        const claims = JSON.parse(Buffer.from(bearer.params.claims, 'base64').toString('utf8'));
        if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new Error('not an object');
      } catch {
        fail(report, 'http', `${label}: claims that are not base64 JSON`);
      }
    }
  }
  for (const cookie of headers.get('set-cookie') ?? []) {
    if (!/^(?:__Host-)?(?:aad_loop_guard|aad_loop_guard_id|aad_sign_in)=[A-Za-z0-9_.-]*; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax(?:; Secure)?$/.test(cookie)) fail(report, 'header-injection', `${label}: Set-Cookie ${JSON.stringify(cookie.slice(0, 160))}`);
  }
  const type = one('content-type');
  if (type !== undefined && type !== 'application/problem+json; charset=utf-8' && type !== 'text/html; charset=utf-8') fail(report, 'http', `${label}: Content-Type ${JSON.stringify(type)}`);
  if (type?.startsWith('application/problem+json') && method !== 'HEAD') {
    try {
      const problem = JSON.parse(body);
      if (problem.status !== status || !ACTIONS.has(problem.action) || problem.type !== 'about:blank') fail(report, 'http', `${label}: problem ${body.slice(0, 160)}`);
      if (!config.exposeDetails && ('description' in problem || 'error' in problem || 'suberror' in problem)) fail(report, 'leak', `${label}: details in a production problem`);
    } catch {
      fail(report, 'http', `${label}: problem+json body does not parse: ${body.slice(0, 120)}`);
    }
  }
  if (!config.exposeDetails && body.includes(CANARY_TEXT)) fail(report, 'leak', `${label}: upstream description in a production answer`);
  // With exposeDetails the redacted description is shown by design; a mutation that broke a secret's
  // marker (`client_secreta=…`) makes it ordinary text, so only the headers are checked there.
  for (const secret of SECRETS) {
    const at = (config.exposeDetails ? head : text).indexOf(secret);
    if (at >= 0) fail(report, 'leak', `${label}: a planted secret in the answer: …${text.slice(Math.max(0, at - 80), at + 40)}…`);
  }
  return status;
}

/** Runs one case against every configuration (and parse/classify first); resolves when all have answered. */
async function runCase(lib, configs, input, spec, expressRequest, report) {
  let info;
  try {
    info = lib.parseAadError(input);
    lib.parseAadError(input, { fromTokenRequest: true });
    const decision = lib.classify(input, { context: ['web_app', 'web_api', 'daemon'][report.inputs % 3] });
    if (decision !== null && (!ACTIONS.has(decision.action) || !STATUSES.has(decision.status))) fail(report, 'classify', `bad decision ${decision.action} ${decision.status}`);
  } catch (error) {
    fail(report, 'throw', `parse/classify threw ${error?.name}: ${String(error?.message).slice(0, 120)}`);
  }
  report.inputs++;
  if (info) report.entra++;
  const config = configs[report.inputs % configs.length];
  const { req, res, bytes } = exchange(spec, expressRequest);
  let passed = false;
  let nextCalls = 0;
  let settle;
  const settled = new Promise((resolve) => (settle = resolve));
  res.on('finish', () => settle('finish'));
  try {
    config.handler(input, req, res, (err) => {
      nextCalls++;
      passed = true;
      if (!Object.is(err, input) && config.name !== 'hooks') fail(report, 'next', `${config.name}: next() got another error than the one handled`);
      settle('next');
    });
  } catch (error) {
    fail(report, 'throw', `${config.name}: the handler threw ${error?.name}: ${String(error?.message).slice(0, 120)}`);
    return;
  }
  if (!passed && !res.writableEnded) {
    // Only hooks and the direct authorize redirect answer asynchronously; give them 2 s.
    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, 2000, 'timeout')));
    const outcome = await Promise.race([settled, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') return fail(report, 'hang', `${config.name}: neither answered nor passed on`);
  }
  await new Promise((resolve) => setImmediate(resolve)); // a late second answer or next() shows up here
  if (nextCalls > 1) fail(report, 'next', `${config.name}: next() called ${nextCalls} times`);
  const raw = bytes();
  if (passed && raw.length > 0) fail(report, 'next', `${config.name}: answered and passed on`);
  if (passed) {
    report.passedOn++;
    const own = typeof input === 'object' && input !== null && (() => { try { return input[Symbol.for('aad-error-handler.AadError')] === true; } catch { return false; } })();
    if ((info || own) && !config.mayPass) fail(report, 'unanswered', `${config.name}: an Entra failure (${info?.codeIds?.join(',') || info?.error || 'AadError'}) was passed on`);
    return;
  }
  report.answered++;
  const status = checkAnswer(raw, config, lib, report, config.name, spec.method);
  if (status !== undefined) report.statuses[status] = (report.statuses[status] ?? 0) + 1;
}

/**
 * Runs `runs` generated cases (each through parseAadError, classify and aadErrorHandler) with a fixed
 * seed, in batches so memory stays flat. Returns counts, failures by kind and the first examples.
 */
export async function runFuzz({ lib, entraErrorBody, expressRequest, runs = 200_000, seed = 20260601, extraSeeds = [], bigStrings = [], onProgress }) {
  const report = { runs, seed, inputs: 0, entra: 0, answered: 0, passedOn: 0, logRecords: 0, statuses: {}, failures: {}, examples: [], unhandledRejections: 0, pollution: false, ms: 0 };
  const onUnhandled = (reason) => {
    report.unhandledRejections++;
    fail(report, 'unhandled-rejection', String(reason?.message ?? reason).slice(0, 120));
  };
  process.on('unhandledRejection', onUnhandled);
  const before = prototypeState();
  const started = performance.now();
  const configs = configurations(lib, report);
  const factories = seedFactories(entraErrorBody, extraSeeds);
  const pool = hostilePool();
  const arbitrary = fc.tuple(inputArbitrary(factories.length, pool.length, bigStrings.length), requestArbitrary());
  const batch = 500;
  try {
    for (let done = 0; done < runs; done += batch) {
      const cases = fc.sample(arbitrary, { numRuns: Math.min(batch, runs - done), seed: seed + done });
      for (const [recipe, spec] of cases) await runCase(lib, configs, makeInput(recipe, factories, pool, bigStrings), spec, expressRequest, report);
      if (prototypeState() !== before) {
        report.pollution = true;
        fail(report, 'pollution', `a built-in prototype changed by case ${done}`);
        break;
      }
      onProgress?.(report);
    }
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('unhandledRejection', onUnhandled);
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}
