import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterEach, describe, expect, it } from 'vitest';
import { aadNetworkClient } from '../../src/msal/network-client.js';
import { simulatorAdmin, simulatorNetworkClient } from '../../src/testing/index.js';
import { startAadsts } from '../cli/helpers.js';
import { CLIENT_ID, CLIENT_SECRET, GRAPH_DEFAULT } from './helpers.js';

// `aadsts simulate` as a real process (the built bin, as `npm test` builds it first), reached from this
// process and from another one running real msal-node with the built package.

const root = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `aadsts simulate --json` and resolves to the line it prints. */
async function simulate(args: string[] = []): Promise<{ child: ChildProcess; info: { url: string; tenantId: string; authority: string; admin: string } }> {
  const child = spawn(process.execPath, [resolve(root, 'dist/cli.js'), 'simulate', '--json', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((done, fail) => {
    lines.once('line', done);
    child.once('exit', (code) => fail(new Error(`aadsts simulate exited with ${code}`)));
  });
  return { child, info: JSON.parse(first) };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => (child.exitCode === null ? child.once('exit', (code) => done(code)) : done(child.exitCode)));
}

/** Runs the worker fixture to its end; resolves to the JSON line it printed. */
async function worker(url: string, authority: string): Promise<any> {
  const { stdout } = await promisify(execFile)(process.execPath, [resolve(import.meta.dirname, 'fixtures/simulator-worker.mjs'), url, authority], { cwd: root, timeout: 60_000 });
  return JSON.parse(stdout);
}

describe('aadsts simulate in its own process', () => {
  it('serves msal-node in this process and in a worker process, and the admin API scripts a 429 the worker waits out', async () => {
    const { child, info } = await simulate();
    expect(info.authority).toBe(`https://login.microsoftonline.com/${info.tenantId}`);
    expect(info.admin).toBe(`${info.url}/_admin`);
    const cca = new ConfidentialClientApplication({
      auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authority: info.authority },
      system: { networkClient: aadNetworkClient({ networkModule: simulatorNetworkClient(info.url) }) },
    });
    expect((await cca.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }))?.accessToken).toMatch(/^eyJ/);

    const admin = simulatorAdmin(info.url);
    await admin.fail({ status: 429, retryAfter: 1 });
    const result = await worker(info.url, info.authority);
    expect(result.token).toBe('eyJ');
    // The worker's wrapper read the Retry-After over HTTP and waited out msal-node's window (1 s + 1 ms).
    expect(result.retries).toEqual([{ status: 429, retryAfterMs: 1000, delayMs: expect.any(Number) }]);
    expect(result.retries[0].delayMs).toBeGreaterThanOrEqual(1000);
    expect((await admin.stats()).tokenAnswers).toEqual({ '200': 2, '429': 1 });

    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
  }, 90_000);

  it('exits with 1 and a message when the port is taken', async () => {
    const { info } = await simulate();
    const { port } = new URL(info.url);
    const second = spawn(process.execPath, [resolve(root, 'dist/cli.js'), 'simulate', '--port', port], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(second);
    let err = '';
    second.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    expect(await exitOf(second)).toBe(1);
    expect(err).toContain('EADDRINUSE');
  }, 60_000);
});

describe('aadsts simulate in-process', () => {
  /** Runs the command until `stop` aborts; resolves to the exit code and everything printed. */
  function run(args: string[], stop: AbortSignal) {
    const running = startAadsts(['simulate', ...args], { signal: stop });
    const firstLine = new Promise<string>((done) => createInterface({ input: running.stdout }).once('line', done));
    return { exit: running.exit, firstLine, output: running.output };
  }

  it('prints where it serves for people, serves until stopped, then frees the port', async () => {
    const stop = new AbortController();
    const running = run(['--tenant-id', '11111111-2222-3333-4444-555555555555', '--latency-ms', '3'], stop.signal);
    const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(await running.firstLine)?.[1];
    expect(url).toBeDefined();
    const admin = simulatorAdmin(url!);
    expect(await admin.info()).toMatchObject({ tenantId: '11111111-2222-3333-4444-555555555555' });
    expect((await admin.stats()).latencyMs).toBe(3);
    stop.abort();
    expect(await running.exit).toBe(0);
    expect(running.output().out).toContain(`admin API  ${url!}/_admin`);
    // A new client (a new connection): the port is closed.
    await expect(simulatorAdmin(url!).stats()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it.each([
    [['--port', 'abc'], '--port must be a whole number from 0 to 65535; received "abc"'],
    [['--port', '70000'], '--port must be a whole number'],
    [['--latency-ms', '1.5'], '--latency-ms must be a whole number'],
    [['--tenant-id', 'contoso'], '--tenant-id must be a GUID'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with exit code 2 and the usage', async (args, message) => {
    const running = run(args, AbortSignal.abort());
    expect(await running.exit).toBe(2);
    expect(running.output().err).toContain(message);
    expect(running.output().err).toContain('aadsts simulate [--port N]');
  });
});
