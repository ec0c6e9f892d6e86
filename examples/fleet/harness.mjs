// The pieces of a local fleet, shared by `npm run example:fleet` and `npm run bench:fleet`: a simulated
// Entra ID in its own process (`aadsts simulate`), a throwaway redis-server on a free port in a
// temporary directory, and worker processes (worker.mjs) driven over IPC.
import { fork, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { simulatorAdmin } from 'aad-error-handler/testing';
import { startRedis as startRedisServer } from '../../scripts/redis-server.mjs';

const root = resolve(import.meta.dirname, '../..');

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

/** Where redis-server is ($REDIS_SERVER, else the first on PATH), or null. */
export function findRedisServer() {
  if (process.env.REDIS_SERVER) return existsSync(process.env.REDIS_SERVER) ? process.env.REDIS_SERVER : null;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return dirs.map((dir) => join(dir, 'redis-server')).find((path) => existsSync(path)) ?? null;
}

export const REDIS_MISSING = [
  'redis-server was not found ($REDIS_SERVER, or on PATH).',
  'Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis), or start one yourself,',
  'e.g. docker run --rm -p 6379:6379 redis:7, and run again with REDIS_URL=redis://127.0.0.1:6379.',
].join('\n');

/**
 * A throwaway Redis (scripts/redis-server.mjs: a free loopback port, a temporary directory, no
 * persistence). `pause()` kills it and `resume()` starts it again, empty, on the same port (a Redis
 * outage). With REDIS_URL set, that server is used instead and cannot be paused.
 */
export async function startRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, external: true, pause: async () => {}, resume: async () => {}, stop: async () => {} };
  if (findRedisServer() === null) throw new Error(REDIS_MISSING);
  const server = await startRedisServer();
  return { url: server.url, external: false, pause: () => server.kill(), resume: () => server.restart(), stop: () => server.stop() };
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
