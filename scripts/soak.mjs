#!/usr/bin/env node
// Soak (issue 6): 50,000 failing requests of mixed kinds (consent, claims challenge, retry, fail,
// reauthenticate; browser and API) through an Express 5 app with aadErrorHandler over loopback, each
// answer checked against the one its kind must get; then the server's heap after GC before and after,
// and p99 latency against the same app answered by Express's default handler.
//
//   npm run build && node --unhandled-rejections=strict scripts/soak.mjs   (SOAK_REQUESTS, SOAK_CONNECTIONS)
//
// The apps run in a child process started with --expose-gc, so the load generator does not share
// their heap. Loopback only; it stops by itself after the fixed number of requests (and after 10
// minutes at the latest).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 50_000);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 20);
const WARM_UP = Math.min(5_000, REQUESTS);
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const libPath = process.env.FUZZ_LIB ?? new URL('../dist/index.js', import.meta.url).href;
const testingPath = process.env.FUZZ_TESTING ?? new URL('../dist/testing.js', import.meta.url).href;

// ---------------------------------------------------------------------------------------------------
// The server side (child process): two apps with the same failing routes.

/** msal-node's own error classes, built as msal-common 16's ResponseHandler builds them from a token-endpoint body. */
async function failures() {
  const { InteractionRequiredAuthError, ServerError } = await import('@azure/msal-node');
  const { entraErrorBody } = await import(testingPath);
  const errString = (body) =>
    `Error(s): ${body.error_codes} - Timestamp: ${body.timestamp} - Description: ${body.error_description} - Correlation ID: ${body.correlation_id} - Trace ID: ${body.trace_id}`;
  const interaction = (code, options) => () => {
    const body = entraErrorBody(code, options);
    return new InteractionRequiredAuthError(body.error, body.correlation_id, body.error_description, body.suberror, body.timestamp, body.trace_id, body.claims ?? '', code);
  };
  const server = (code, options, status) => () => {
    const body = entraErrorBody(code, options);
    return new ServerError(body.error, body.correlation_id, errString(body), body.suberror, code, status);
  };
  return {
    consent: interaction(65001, { suberror: 'consent_required' }),
    claims: interaction(50076, { suberror: 'basic_action', claims: '{"access_token":{"capolids":{"essential":true,"values":["9ab03e19-ed42-4168-b6b7-7001fb3e933a"]}}}' }),
    retry: server(50196, { error: 'temporarily_unavailable' }, 429),
    fail: server(7000215, {}, 401),
    reauthenticate: interaction(70008, { error: 'invalid_grant' }),
  };
}

async function serve() {
  const { default: express } = await import('express');
  const { aadErrorHandler } = await import(libPath);
  const kinds = await failures();
  const build = (handled) => {
    const app = express();
    app.set('env', 'test'); // Express's default handler would print every stack to stderr otherwise.
    app.set('etag', false);
    app.get('/fail/:kind', (req) => {
      throw kinds[req.params.kind]();
    });
    app.post('/fail/:kind', (req) => {
      throw kinds[req.params.kind]();
    });
    if (handled) app.use(aadErrorHandler({ clientId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', authority: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47', scopes: ['User.Read'] }));
    return app;
  };
  const listen = (app) => new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const [handled, plain] = await Promise.all([listen(build(true)), listen(build(false))]);
  process.on('message', (message) => {
    if (message === 'heap') {
      for (let i = 0; i < 4; i++) globalThis.gc();
      process.send({ heap: process.memoryUsage().heapUsed });
    } else if (message === 'exit') {
      handled.close();
      plain.close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ handled: handled.address().port, plain: plain.address().port });
}

// ---------------------------------------------------------------------------------------------------
// The load side (parent process).

/** What each kind must get, for a browser and for an API caller. Returns a reason when the answer is wrong. */
const EXPECTED = {
  'api consent': (s, h) => (s === 403 && /^Bearer .*error="insufficient_scope", scope="User.Read"$/.test(h['www-authenticate']) ? null : 'a 403 insufficient_scope challenge'),
  'api claims': (s, h, b) => (s === 401 && /error="insufficient_claims", claims="[A-Za-z0-9+/]+={0,2}"$/.test(h['www-authenticate']) && JSON.parse(b).action === 'claims_challenge' ? null : 'a 401 insufficient_claims challenge'),
  'api retry': (s, h, b) => (s === 503 && h['retry-after'] === '60' && JSON.parse(b).retryAfter === 60 ? null : 'a 503 with Retry-After: 60'),
  'api fail': (s, h, b) => (s === 500 && h['www-authenticate'] === undefined && JSON.parse(b).code === 'AADSTS7000215' ? null : 'a 500 problem naming AADSTS7000215'),
  'api reauthenticate': (s, h) => (s === 401 && /error="invalid_token"$/.test(h['www-authenticate']) ? null : 'a 401 invalid_token challenge'),
  'browser consent': (s, h) => (s === 302 && /^\/auth\/signin\?returnTo=%2Ffail%2Fconsent&prompt=consent$/.test(h.location) && /^aad_loop_guard=/.test(h['set-cookie']) ? null : 'a 302 to sign-in with prompt=consent'),
  'browser claims': (s, h) => (s === 302 && /^\/auth\/signin\?returnTo=%2Ffail%2Fclaims&claims=[A-Za-z0-9_-]+$/.test(h.location) ? null : 'a 302 to sign-in carrying the claims'),
  'browser retry': (s, h, b) => (s === 503 && h['retry-after'] === '60' && h['content-type'] === 'text/html; charset=utf-8' && b.includes('Try again in 60 seconds') ? null : 'a 503 page with Retry-After: 60'),
  'browser fail': (s, h, b) => (s === 500 && h['content-type'] === 'text/html; charset=utf-8' && b.includes('AADSTS7000215') ? null : 'a 500 page naming AADSTS7000215'),
  'browser reauthenticate': (s, h) => (s === 302 && h.location === '/auth/signin?returnTo=%2Ffail%2Freauthenticate' ? null : 'a 302 to sign-in'),
};

function lowerCase(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** The rotating request set; each one checks its own answer. */
function requests(tally, verify) {
  return Object.keys(EXPECTED).map((name) => {
    const [who, kind] = name.split(' ');
    return {
      method: who === 'api' && kind !== 'fail' ? 'POST' : 'GET',
      path: `/fail/${kind}`,
      headers: { accept: who === 'browser' ? BROWSER : 'application/json' },
      onResponse: (status, body, _context, headers) => {
        tally.total++;
        if (!verify) return;
        let wrong;
        try {
          wrong = EXPECTED[name](status, lowerCase(headers), body);
        } catch (error) {
          wrong = `an answer that could be read (${error.message})`;
        }
        if (wrong) {
          tally.wrong++;
          if (tally.examples.length < 5) tally.examples.push(`${name}: expected ${wrong}, got ${status} ${JSON.stringify(headers).slice(0, 300)}`);
        }
      },
    };
  });
}

/** Throughput over the run's real duration (autocannon's per-second average is coarse on short runs), and latency in ms. */
function figures(result) {
  const seconds = (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000;
  return { reqPerSec: Math.round(result.requests.total / seconds), p50ms: result.latency.p50, p99ms: result.latency.p99, maxMs: result.latency.max };
}

async function load(port, amount, verify) {
  const { default: autocannon } = await import('autocannon');
  const tally = { total: 0, wrong: 0, examples: [] };
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, amount, requests: requests(tally, verify), timeout: 10 });
  return { result, tally };
}

async function main() {
  const guard = setTimeout(() => {
    console.error('soak: did not finish within 10 minutes; stopping');
    process.exit(1);
  }, 600_000).unref();
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--expose-gc', '--unhandled-rejections=strict'], env: { ...process.env } });
  const ask = (message) => new Promise((resolve) => { child.once('message', resolve); if (message) child.send(message); });
  const ports = await ask();
  const heap = async () => (await ask('heap')).heap;
  try {
    console.log(`soak: ${REQUESTS.toLocaleString('en')} failing requests of ${Object.keys(EXPECTED).length} kinds, ${CONNECTIONS} connections, loopback, library ${libPath}`);
    await load(ports.handled, WARM_UP, true); // JIT, the catalog, lazy tables
    await load(ports.plain, WARM_UP, false);
    const heapBefore = await heap();
    const soak = await load(ports.handled, REQUESTS, true);
    const heapAfter = await heap();
    const baseline = await load(ports.plain, REQUESTS, false);
    const r = soak.result;
    const report = {
      requests: REQUESTS,
      answered: soak.tally.total,
      wrongAnswers: soak.tally.wrong,
      errors: r.errors,
      timeouts: r.timeouts,
      heapAfterGcBeforeKiB: Math.round(heapBefore / 1024),
      heapAfterGcAfterKiB: Math.round(heapAfter / 1024),
      heapDeltaKiB: Math.round((heapAfter - heapBefore) / 1024),
      aadErrorHandler: figures(r),
      expressDefaultHandler: figures(baseline.result),
    };
    console.log(JSON.stringify(report, null, 2));
    for (const example of soak.tally.examples) console.log(`  ! ${example}`);
    console.log(`\n${report.answered.toLocaleString('en')} of ${REQUESTS.toLocaleString('en')} answered, ${report.wrongAnswers} wrong, ${r.errors} errors, ${r.timeouts} timeouts; ` +
      `heap after GC ${report.heapAfterGcBeforeKiB} KiB → ${report.heapAfterGcAfterKiB} KiB (${report.heapDeltaKiB >= 0 ? '+' : ''}${report.heapDeltaKiB} KiB); ` +
      `p99 ${report.aadErrorHandler.p99ms} ms with aadErrorHandler vs ${report.expressDefaultHandler.p99ms} ms with Express's default handler`);
    process.exitCode = report.wrongAnswers === 0 && report.answered === REQUESTS && r.errors === 0 ? 0 : 1;
  } finally {
    child.send('exit');
    clearTimeout(guard);
  }
}

if (process.argv[2] === '--server') await serve();
else await main();
