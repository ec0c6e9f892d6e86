import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createClassifier } from '../classify/classify.js';
import { explain } from '../classify/explain.js';
import type { Context, Decision } from '../classify/types.js';
import { formatExplanation } from './format-explanation.js';

const USAGE = `usage: aadsts explain <code|name|text> [--json]
       aadsts classify [--context web_app|web_api|daemon] [--jsonl] < input`;

const CONTEXTS = new Set<Context>(['web_app', 'web_api', 'daemon']);
/** Largest stdin read for a single `classify` input (1 MiB); longer input is cut, as the parser caps it anyway. */
const MAX_STDIN = 1_048_576;

/** The streams the CLI talks to; injectable so tests run it in-process. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** Bad usage: exit code 2 and the usage line, as CLI conventions have it. */
class UsageError extends Error {}

function usageError(message: string): never {
  throw new UsageError(message);
}

/** One input: a JSON value (object or string) when it parses, else the raw text. */
function decodeInput(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('"')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * A `--jsonl` line must be a JSON string, object or number (a bare code such as 53003, decided as in
 * plain mode); anything else gets a `null` Decision.
 */
function decodeLine(line: string): unknown {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : undefined;
    return typeof value === 'string' || (typeof value === 'object' && value !== null) ? value : undefined;
  } catch {
    return undefined;
  }
}

async function readAll(stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (size < MAX_STDIN) chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_STDIN);
}

async function runClassify(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { context: { type: 'string' }, jsonl: { type: 'boolean' } }, allowPositionals: false, strict: true });
  } catch (error) {
    usageError((error as Error).message);
  }
  const context = parsed.values.context ?? 'web_app';
  if (!CONTEXTS.has(context as Context)) usageError(`--context must be web_app, web_api or daemon; received ${JSON.stringify(context)}`);
  const classifyOne = createClassifier({ context: context as Context });
  const print = (decision: Decision | null, pretty: boolean): void => {
    io.stdout.write(`${JSON.stringify(decision, null, pretty ? 2 : undefined)}\n`);
  };
  if (parsed.values.jsonl) {
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const value = decodeLine(line);
      print(value === undefined ? null : classifyOne(value), false);
    }
    return 0;
  }
  print(classifyOne(decodeInput(await readAll(io.stdin))), true);
  return 0;
}

function runExplain(args: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    usageError((error as Error).message);
  }
  const input = parsed.positionals.join(' ').trim();
  if (input === '') usageError('explain needs a code, a code name or an error text');
  const explanation = explain(input);
  io.stdout.write(parsed.values.json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(input, explanation));
  return explanation.known ? 0 : 1;
}

/**
 * Runs `aadsts` with the given arguments and returns the exit code: 0 done, 1 unknown code (explain)
 * or unexpected failure, 2 bad usage.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'explain') return runExplain(rest, io);
    if (command === 'classify') return await runClassify(rest, io);
    if (command === '--help' || command === '-h') {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    usageError(command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`aadsts: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr.write(`aadsts: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
