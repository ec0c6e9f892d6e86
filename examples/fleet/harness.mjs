// The pieces of a local fleet, shared by `npm run example:fleet` and `npm run bench:fleet`: a simulated
// Entra ID in its own process (`aadsts simulate`), a throwaway redis-server on a free port in a
// temporary directory, and worker processes (worker.mjs) driven over IPC.
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { simulatorAdmin } from 'aad-error-handler/testing';

const root = resolve(import.meta.dirname, '../..');
const REDIS_CANDIDATES = [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'].filter(Boolean);

/** Starts `aadsts simulate --json` from this repository's build; resolves to its URL, tenant, authority and admin client. */
export async function startSimulator({ latencyMs = 0 } = {}) {
  const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'simulate', '--json', '--latency-ms', String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((done, fail) => {
    createInterface({ input: child.stdout }).once('line', done);
    child.once('exit', (code) => fail(new Error(`aadsts simulate exited with ${code}; run \`npm run build\` first`)));
  });
  const info = JSON.parse(line);
  return {
    ...info,
    admin: simulatorAdmin(info.url),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A free loopback port, as the kernel hands one out (redis-server cannot pick its own). */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function answersPing(port) {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.end('PING\r\n'));
    socket.once('data', (data) => {
      done(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(false));
  });
}

/** Where redis-server is, or null. */
export function findRedisServer() {
  return REDIS_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export const REDIS_MISSING = [
  'redis-server was not found (looked at $REDIS_SERVER, /usr/bin, /usr/local/bin and /opt/homebrew/bin).',
  'Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or start one yourself,',
  'e.g. docker run --rm -p 6379:6379 redis:7, and run again with REDIS_URL=redis://127.0.0.1:6379.',
].join('\n');

/**
 * A throwaway Redis: redis-server on a free loopback port, no persistence, its files in a temporary
 * directory removed on `stop()`. `pause()`/`resume()` stop and restart it on the same port (a Redis
 * outage); with REDIS_URL set, that server is used instead and cannot be paused.
 */
export async function startRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, external: true, pause: async () => {}, resume: async () => {}, stop: async () => {} };
  const binary = findRedisServer();
  if (binary === null) throw new Error(REDIS_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'aad-fleet-redis-'));
  let port = await freePort();
  let child = null;
  const launch = async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'], { stdio: 'ignore' });
      for (let waited = 0; waited < 5000 && child.exitCode === null; waited += 50) {
        if (await answersPing(port)) return;
        await delay(50);
      }
      child.kill('SIGKILL');
      // Another process took the port between our check and redis-server's bind: pick another.
      port = await freePort();
    }
    throw new Error(`redis-server (${binary}) did not start`);
  };
  const kill = async () => {
    if (child === null || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  };
  await launch();
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    external: false,
    /** Stops the server (SIGKILL: no goodbye to the clients); the port stays free for `resume()`. */
    pause: kill,
    resume: async () => {
      const before = port;
      await launch();
      if (port !== before) throw new Error('redis-server could not come back on its port');
    },
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `count` worker processes (worker.mjs) connected to the simulator and Redis. Each answers the
 * commands it is sent (`run(command)` on all of them resolves to their replies, in instance order).
 */
export async function startWorkers(count, { simulator, redisUrl, redisCommandTimeoutMs }) {
  const workers = [];
  for (let instance = 1; instance <= count; instance++) {
    const child = fork(join(import.meta.dirname, 'worker.mjs'), [], {
      env: { ...process.env, FLEET_INSTANCE: String(instance), SIM_URL: simulator.url, AUTHORITY: simulator.authority, REDIS_URL: redisUrl ?? '', FLEET_REDIS_TIMEOUT_MS: redisCommandTimeoutMs === undefined ? '' : String(redisCommandTimeoutMs) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const pending = new Map();
    child.on('message', (message) => {
      const resolveReply = pending.get(message.id);
      pending.delete(message.id);
      resolveReply?.(message);
    });
    child.once('exit', (code) => {
      for (const resolveReply of pending.values()) resolveReply({ error: `worker ${instance} exited with ${code}` });
      pending.clear();
    });
    let next = 0;
    workers.push({
      instance,
      child,
      send(command) {
        const id = ++next;
        return new Promise((done) => {
          pending.set(id, done);
          child.send({ ...command, id });
        });
      },
    });
  }
  await Promise.all(workers.map((worker) => worker.send({ cmd: 'ready' })));
  return {
    workers,
    /** Sends a command to every worker at once; resolves to their replies. */
    run: (command) => Promise.all(workers.map((worker) => worker.send(command))),
    async stop() {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise((done) => {
              if (worker.child.exitCode !== null) return done();
              worker.child.once('exit', done);
              worker.child.send({ cmd: 'exit', id: 0 });
              setTimeout(() => worker.child.kill('SIGKILL'), 5000).unref();
            }),
        ),
      );
    },
  };
}
