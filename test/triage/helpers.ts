import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { runCli } from '../../src/cli/run-cli.js';
import { triage, type TriageOptions } from '../../src/triage/triage.js';
import type { TriageReport } from '../../src/triage/report.js';
import { formatEvents, type GeneratedEvent } from '../../scripts/triage-generate.mjs';

/** The generated events as the bytes of one export format, gzipped on request. */
export function exportOf(format: string, events: Iterable<GeneratedEvent>, gzip = false): Buffer {
  const bytes = Buffer.from([...formatEvents(format, events)].join(''));
  return gzip ? gzipSync(bytes) : bytes;
}

/** Triage of in-memory inputs, each streamed in 64 KiB chunks like a file. */
export function triageBytes(inputs: Record<string, Buffer | string>, options: TriageOptions = {}): Promise<TriageReport> {
  return triage(
    Object.entries(inputs).map(([name, data]) => ({ name, open: () => Readable.from(chunks(Buffer.from(data))) })),
    options,
  );
}

function* chunks(data: Buffer): Generator<Buffer> {
  for (let i = 0; i < data.length; i += 65_536) yield data.subarray(i, i + 65_536);
}

/** Runs `aadsts` in-process; `tty` makes stderr look like a terminal. */
export async function aadsts(args: string[], stdin: Buffer | string = '', tty = false): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(args, { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr });
  return { code, out, err };
}
