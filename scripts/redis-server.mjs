import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// A real redis-server (Debian's package) for tests, benchmarks and the fleet example: a free loopback
// port found by the OS, a temporary directory, no persistence, stopped afterwards. Never a fixed port,
// never a shared instance. Set REDIS_SERVER to use another binary.

const START_TIMEOUT_MS = 10_000;

function binary() {
  return process.env['REDIS_SERVER'] ?? 'redis-server';
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True once a server answers PING with PONG on the port. */
function pong(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let answer = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spawns redis-server on `port`; resolves once it answers PING, rejects if it exits first (the port was taken). */
async function spawnOn(port, dir) {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--loglevel', 'warning'];
  const child = spawn(binary(), args, { stdio: 'ignore' });
  let failed;
  child.once('error', (error) => {
    failed = error;
  });
  child.once('exit', (code, signal) => {
    failed ??= new Error(`redis-server exited (${code ?? signal ?? 'unknown'}) on port ${port}`);
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (failed !== undefined) throw failed;
    if (await pong(port)) return child;
    await pause(25);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer PING on port ${port} within ${START_TIMEOUT_MS} ms`);
}

/** Starts redis-server on a free port, trying another port if one is taken in between. */
export async function startRedis() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aad-redis-'));
  let child;
  let port = 0;
  let lastError;
  for (let tries = 0; tries < 5 && child === undefined; tries++) {
    port = await freePort();
    try {
      child = await spawnOn(port, dir);
    } catch (error) {
      lastError = error;
    }
  }
  if (child === undefined) {
    await rm(dir, { recursive: true, force: true });
    throw lastError instanceof Error ? lastError : new Error('redis-server did not start');
  }
  let running = child;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return running?.pid;
    },
    async kill() {
      if (running === undefined) return;
      const stopping = running;
      running = undefined;
      stopping.kill('SIGKILL');
      await exited(stopping);
    },
    async restart() {
      if (running !== undefined) return;
      let error;
      // The port was ours a moment ago; another process may take it in between, rarely: retry a little.
      for (let tries = 0; tries < 20; tries++) {
        try {
          running = await spawnOn(port, dir);
          return;
        } catch (caught) {
          error = caught;
          await pause(100);
        }
      }
      throw error instanceof Error ? error : new Error('redis-server did not restart');
    },
    async stop() {
      if (running !== undefined) {
        const stopping = running;
        running = undefined;
        stopping.kill('SIGTERM');
        await exited(stopping);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
