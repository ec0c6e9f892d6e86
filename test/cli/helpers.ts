import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';

/** The environment the CLI reads its language from (`LC_ALL`, `LC_MESSAGES`, `LANG`). */
export type Env = Record<string, string | undefined>;

/** Runs `aadsts` in-process with `stdin` as its input; without `env` the CLI sees no environment (English). */
export async function aadsts(args: string[], stdin = '', env?: Env): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(args, { stdin: Readable.from([stdin]), stdout, stderr, ...(env ? { env } : {}) });
  return { code, out, err };
}
