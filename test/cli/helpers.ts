import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';

/** The environment the CLI reads its language from (`LC_ALL`, `LC_MESSAGES`, `LANG`). */
export type Env = Record<string, string | undefined>;

/** A running in-process `aadsts`: its exit code to come, its output stream, and everything printed so far. */
export interface RunningAadsts {
  readonly exit: Promise<number>;
  readonly stdout: PassThrough;
  readonly output: () => { out: string; err: string };
}

/** Starts `aadsts` in-process; a long-running command (`simulate`) stops when `signal` aborts. */
export function startAadsts(args: string[], options: { stdin?: string; env?: Env; signal?: AbortSignal } = {}): RunningAadsts {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const { env, signal } = options;
  const exit = runCli(args, { stdin: Readable.from([options.stdin ?? '']), stdout, stderr, ...(env ? { env } : {}), ...(signal ? { signal } : {}) });
  return { exit, stdout, output: () => ({ out, err }) };
}

/** Runs `aadsts` in-process with `stdin` as its input; without `env` the CLI sees no environment (English). */
export async function aadsts(args: string[], stdin = '', env?: Env): Promise<{ code: number; out: string; err: string }> {
  const running = startAadsts(args, { stdin, ...(env ? { env } : {}) });
  const code = await running.exit;
  return { code, ...running.output() };
}
