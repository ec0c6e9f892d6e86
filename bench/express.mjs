import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Error-path throughput over loopback: an Express app answering an Entra failure with aadErrorHandler
// against the same app answering the same error with Express's default error handler. The apps run in
// child processes and autocannon loads them from this one, so the load generator never shares an event
// loop with a server. Apps take turns in one-second rounds (order rotating), so load from anything else
// on the machine falls on every side alike; the ratio is what matters, not the absolute numbers.
//
// Two baselines, both env=production (a short "Internal Server Error" page, not the stack):
// - "default": Express's handler as shipped, which also writes every error's stack to stderr (the
//   child's stderr goes to /dev/null). The target applies to this one.
// - "stack logging off": the same with console.error silenced (in a process of its own): the least
//   work an error answer can do, shown as a lower bound.
// aadErrorHandler runs with its defaults (no logger). Last, the handler's own time per failure is
// measured in-process, without HTTP, to show where the difference goes.

const ROUNDS = 5; // × 1 s per app per scenario: 5 s each
const CONNECTIONS = 50;
const TARGET = 0.9;
const APPS = ['handler', 'default', 'silenced'];
const HANDLER_OPTIONS = { clientId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', authority: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47' };
const SCENARIOS = [
  { name: 'API caller (POST, Accept: application/json)', method: 'POST', accept: 'application/json', expected: 401 },
  { name: 'browser (GET, Accept: text/html)', method: 'GET', accept: 'text/html,application/xhtml+xml,*/*;q=0.8', expected: 302 },
];

/** What msal-node 7 throws for AADSTS50076 with a Conditional Access claims challenge, fresh each time as a real failure is. */
function failure(InteractionRequiredAuthError) {
  const ids = ' - Correlation ID: f3b1a7c2-5d4e-4f6a-9b8c-7d6e5f4a3b2c - Trace ID: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00';
  const description =
    "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.\r\nTrace ID: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00\r\nCorrelation ID: f3b1a7c2-5d4e-4f6a-9b8c-7d6e5f4a3b2c\r\nTimestamp: 2024-10-03 08:01:02Z";
  return new InteractionRequiredAuthError(
    'invalid_grant',
    'f3b1a7c2-5d4e-4f6a-9b8c-7d6e5f4a3b2c',
    `Error(s): 50076 - Timestamp: 2024-10-03 08:01:02Z - Description: ${description}${ids}`,
    'basic_action',
    '2024-10-03 08:01:02Z',
    '0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00',
    '{"access_token":{"capolids":{"essential":true,"values":["9ab03e19-ed42-4168-b6b7-7001fb3e933a"]}}}',
    '50076',
  );
}

/** A child: the given apps on port 0; the ports go to the parent, and the child dies with it. */
async function serve(kinds) {
  const { default: express } = await import('express');
  const { InteractionRequiredAuthError } = await import('@azure/msal-node');
  const { aadErrorHandler } = await import('../dist/index.js');
  const build = (kind) => {
    const app = express();
    app.set('env', 'production');
    app.all('/profile', () => {
      throw failure(InteractionRequiredAuthError);
    });
    if (kind === 'handler') app.use(aadErrorHandler(HANDLER_OPTIONS));
    return app;
  };
  // Express's default handler logs with console.error(err.stack); the 'silenced' child turns that off.
  if (kinds.includes('silenced')) console.error = () => {};
  const listen = (app) => new Promise((resolve) => { const server = app.listen(0, '127.0.0.1', () => resolve(server.address().port)); });
  const ports = {};
  for (const kind of kinds) ports[kind] = await listen(build(kind));
  process.on('disconnect', () => process.exit(0));
  process.send(ports);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function load(autocannon, port, scenario, duration) {
  const result = await autocannon({ url: `http://127.0.0.1:${port}/profile`, connections: CONNECTIONS, duration, method: scenario.method, headers: { accept: scenario.accept } });
  if (result.errors > 0 || result.timeouts > 0) throw new Error(`bench: ${result.errors} errors, ${result.timeouts} timeouts on port ${port}`);
  return result.requests.total / duration;
}

async function statusOf(port, scenario) {
  const res = await fetch(`http://127.0.0.1:${port}/profile`, { method: scenario.method, headers: { accept: scenario.accept }, redirect: 'manual' });
  await res.arrayBuffer();
  return res.status;
}

async function throughput(autocannon, ports, scenario) {
  const statuses = {};
  for (const kind of APPS) statuses[kind] = await statusOf(ports[kind], scenario);
  if (statuses.handler !== scenario.expected || statuses.default !== 500 || statuses.silenced !== 500) throw new Error(`bench: unexpected statuses ${JSON.stringify(statuses)} for ${scenario.name}`);
  for (const kind of APPS) await load(autocannon, ports[kind], scenario, 1); // warm-up
  const rates = { handler: [], default: [], silenced: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so no app always runs first or last.
    for (const kind of APPS.map((_, i) => APPS[(i + round) % APPS.length])) rates[kind].push(await load(autocannon, ports[kind], scenario, 1));
  }
  const mean = (kind) => Math.round(rates[kind].reduce((a, b) => a + b, 0) / ROUNDS).toLocaleString('en-US').padStart(8);
  // Per-round ratios, then their median: a burst of outside load spoils one round, not the result.
  const ratio = (other) => median(rates.handler.map((value, i) => value / rates[other][i]));
  const againstDefault = ratio('default');
  console.log(scenario.name);
  console.log(`  aadErrorHandler (${statuses.handler})                    ${mean('handler')} req/s`);
  console.log(`  Express default handler (500)            ${mean('default')} req/s`);
  console.log(`  Express default, stack logging off (500) ${mean('silenced')} req/s`);
  console.log(`  ratio ${againstDefault.toFixed(2)} vs the default (target ≥ ${TARGET})${againstDefault >= TARGET ? '' : '  BELOW TARGET'}; ${ratio('silenced').toFixed(2)} vs the lower bound (median of per-round ratios)`);
}

/** The handler's own time per failure, in this process, with Express's request object and a stub response. */
async function inProcess() {
  const { default: express } = await import('express');
  const { InteractionRequiredAuthError } = await import('@azure/msal-node');
  const { aadErrorHandler, classify } = await import('../dist/index.js');
  const app = express();
  const handler = aadErrorHandler(HANDLER_OPTIONS);
  const response = { headersSent: false, writableEnded: false, statusCode: 200, setHeader(name, value) { this.headers[name.toLowerCase()] = value; }, getHeader(name) { return this.headers[name.toLowerCase()]; }, end() { this.writableEnded = true; } };
  const errors = Array.from({ length: 1000 }, () => failure(InteractionRequiredAuthError));
  const time = (fn) => {
    for (let i = 0; i < 20_000; i++) fn(i);
    const start = process.hrtime.bigint();
    for (let i = 0; i < 100_000; i++) fn(i);
    return Number(process.hrtime.bigint() - start) / 100_000 / 1000;
  };
  console.log('in-process, per failure (no HTTP):');
  for (const scenario of SCENARIOS) {
    const call = (i) => {
      const req = Object.create(app.request);
      Object.assign(req, { method: scenario.method, url: '/profile', originalUrl: '/profile', headers: { accept: scenario.accept }, socket: {}, app });
      handler(errors[i % errors.length], req, Object.assign(Object.create(response), { headers: {} }), () => {});
    };
    console.log(`  aadErrorHandler, ${scenario.name.split(' (')[0]}: ${time(call).toFixed(2)} µs`);
  }
  const apiContext = { context: 'web_api' }; // one object: classify validates options once per object
  console.log(`  of which classify: ${time((i) => classify(errors[i % errors.length], apiContext)).toFixed(2)} µs`);
}

export async function run() {
  const { default: autocannon } = await import('autocannon');
  // The silenced baseline gets a process of its own, since console.error is process-wide.
  const children = [['handler', 'default'], ['silenced']].map((kinds) =>
    fork(fileURLToPath(import.meta.url), [`--serve=${kinds.join(',')}`], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] }),
  );
  const killer = setTimeout(() => children.forEach((child) => child.kill('SIGKILL')), 180_000);
  try {
    const started = children.map(
      (child) =>
        new Promise((resolve, reject) => {
          child.once('message', resolve);
          child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
        }),
    );
    const ports = Object.assign({}, ...(await Promise.all(started)));
    console.log(`\n## express — error-path throughput, autocannon ${CONNECTIONS} connections, ${ROUNDS} × 1 s per app, alternating, loopback`);
    for (const scenario of SCENARIOS) await throughput(autocannon, ports, scenario);
  } finally {
    clearTimeout(killer);
    for (const child of children) child.kill();
  }
  await inProcess();
}

const serveArg = process.argv.find((arg) => arg.startsWith('--serve='));
if (serveArg) await serve(serveArg.slice('--serve='.length).split(','));
else if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
