import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createClassifier } from '../classify/classify.js';
import { explain } from '../classify/explain.js';
import type { Context, Decision } from '../classify/types.js';
import { langFromEnv } from '../locales/env-lang.js';
import { JA_CLI_LABELS } from '../locales/ja-cli.js';
import { LANGS, type Lang } from '../locales/types.js';
import { EN_CLI_LABELS, formatExplanation } from './format-explanation.js';

const USAGE = `usage: aadsts explain <code|name|text> [--json] [--lang en|ja]
       aadsts classify [--context web_app|web_api|daemon] [--jsonl] [--lang en|ja] < input
       aadsts simulate [--port N] [--latency-ms N] [--tenant-id GUID] [--json]
--lang defaults to the language of LC_ALL, LC_MESSAGES or LANG (ja_JP.UTF-8 → ja), else en.`;

const CONTEXTS = new Set<Context>(['web_app', 'web_api', 'daemon']);
/** Largest stdin read for a single `classify` input (1 MiB); longer input is cut, as the parser caps it anyway. */
const MAX_STDIN = 1_048_576;

/** The streams the CLI talks to; injectable so tests run it in-process. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** The environment the language is read from when `--lang` is absent; none means English. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stops a long-running command (`simulate`); the bin aborts it on SIGINT and SIGTERM. */
  readonly signal?: AbortSignal;
}

/** `--lang` when given, else the locale environment. */
function chooseLang(flag: string | undefined, io: CliIo): Lang {
  if (flag === undefined) return langFromEnv(io.env ?? {});
  if (!LANGS.includes(flag as Lang)) usageError(`--lang must be en or ja; received ${JSON.stringify(flag)}`);
  return flag as Lang;
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
    parsed = parseArgs({ args, options: { context: { type: 'string' }, jsonl: { type: 'boolean' }, lang: { type: 'string' } }, allowPositionals: false, strict: true });
  } catch (error) {
    usageError((error as Error).message);
  }
  const context = parsed.values.context ?? 'web_app';
  if (!CONTEXTS.has(context as Context)) usageError(`--context must be web_app, web_api or daemon; received ${JSON.stringify(context)}`);
  const classifyOne = createClassifier({ context: context as Context, lang: chooseLang(parsed.values.lang, io) });
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
    parsed = parseArgs({ args, options: { json: { type: 'boolean' }, lang: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    usageError((error as Error).message);
  }
  const input = parsed.positionals.join(' ').trim();
  if (input === '') usageError('explain needs a code, a code name or an error text');
  const lang = chooseLang(parsed.values.lang, io);
  const explanation = explain(input, { lang });
  io.stdout.write(parsed.values.json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(input, explanation, lang === 'ja' ? JA_CLI_LABELS : EN_CLI_LABELS));
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
    // Loaded on demand: `explain` and `classify` do not pay for the log readers' parsers.
    if (command === 'triage') return await (await import('./triage-command.js')).runTriageCommand(rest, io);
    if (command === 'simulate') {
      const { runSimulateCommand, SimulateUsageError } = await import('./simulate-command.js');
      try {
        return await runSimulateCommand(rest, io);
      } catch (error) {
        if (error instanceof SimulateUsageError) usageError(error.message);
        throw error;
      }
    }
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
