import { closeSync, createReadStream, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { csvLine, CSV_HEADER } from '../triage/csv-out.js';
import { formatHtml } from '../triage/format-html.js';
import { formatText } from '../triage/format-text.js';
import { createProgress } from '../triage/progress.js';
import { textsFor, type Language } from '../triage/texts.js';
import { triage, type TriageInput } from '../triage/triage.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../triage/types.js';
import type { CliIo } from './run-cli.js';

export const TRIAGE_USAGE = `usage: aadsts triage <file…|-> [--json] [--html report.html] [--csv rows.csv] [--redact]
                     [--top N] [--threshold name=value]… [--lang en]
  Reads exported Entra sign-in logs (Graph, admin center CSV/JSON, Log Analytics/Sentinel, diagnostic
  archives; gzip too) and summarises failures and findings. Thresholds: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}.`;

const LANGUAGES = new Set<string>(['en']);
/** `--csv` is written in blocks of this many characters, synchronously, so memory stays flat. */
const CSV_BLOCK = 65_536;

class TriageUsageError extends Error {}

function parseThresholds(values: readonly string[]): Partial<Thresholds> {
  const out: Record<string, number> = {};
  for (const value of values) {
    const match = /^([A-Za-z]+)=([0-9.]+)$/.exec(value);
    if (!match || !(match[1]! in DEFAULT_THRESHOLDS)) throw new TriageUsageError(`--threshold takes name=value with a name among ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}; received ${JSON.stringify(value)}`);
    const number = Number(match[2]);
    if (!Number.isFinite(number) || number <= 0) throw new TriageUsageError(`--threshold ${match[1]} must be a positive number; received ${JSON.stringify(match[2])}`);
    out[match[1]!] = number;
  }
  return out;
}

function sizeOf(files: readonly string[]): number | undefined {
  let total = 0;
  for (const file of files) {
    if (file === '-') return undefined;
    try {
      total += statSync(file).size;
    } catch {
      return undefined;
    }
  }
  return total;
}

/** `aadsts triage`: 0 when rows were read, 1 when nothing could be read, 2 on bad usage. */
export async function runTriageCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        html: { type: 'string' },
        csv: { type: 'string' },
        redact: { type: 'boolean' },
        top: { type: 'string' },
        threshold: { type: 'string', multiple: true },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (parsed.values.help) {
      io.stdout.write(`${TRIAGE_USAGE}\n`);
      return 0;
    }
    if (parsed.positionals.length === 0) throw new TriageUsageError('triage needs at least one file, or - for standard input');
    if (parsed.values.lang !== undefined && !LANGUAGES.has(parsed.values.lang)) throw new TriageUsageError(`--lang must be en (ja comes later); received ${JSON.stringify(parsed.values.lang)}`);
    if (parsed.values.top !== undefined && !/^[1-9]\d{0,3}$/.test(parsed.values.top)) throw new TriageUsageError(`--top must be a whole number from 1 to 9999; received ${JSON.stringify(parsed.values.top)}`);
  } catch (error) {
    io.stderr.write(`aadsts: ${(error as Error).message}\n${TRIAGE_USAGE}\n`);
    return 2;
  }
  let thresholds: Partial<Thresholds>;
  try {
    thresholds = parseThresholds(parsed.values.threshold ?? []);
  } catch (error) {
    io.stderr.write(`aadsts: ${(error as Error).message}\n${TRIAGE_USAGE}\n`);
    return 2;
  }
  const files = parsed.positionals;
  const texts = textsFor((parsed.values.lang ?? 'en') as Language);
  const inputs: TriageInput[] = files.map((file) => ({ name: file === '-' ? 'stdin' : file, open: () => (file === '-' ? io.stdin : createReadStream(file)) }));
  const progress = createProgress(io.stderr, sizeOf(files));
  let csvFd: number | undefined;
  let csvBuffer = '';
  if (parsed.values.csv !== undefined) {
    csvFd = openSync(parsed.values.csv, 'w');
    csvBuffer = `${CSV_HEADER}\n`;
  }
  try {
    const report = await triage(inputs, {
      thresholds,
      redact: parsed.values.redact === true,
      ...(parsed.values.top !== undefined ? { top: Number(parsed.values.top) } : {}),
      onBytes: (count) => progress.add(count),
      ...(csvFd !== undefined
        ? {
            onRow: (row, cls) => {
              csvBuffer += `${csvLine(row, cls)}\n`;
              if (csvBuffer.length >= CSV_BLOCK) {
                writeSync(csvFd, csvBuffer);
                csvBuffer = '';
              }
            },
          }
        : {}),
    });
    progress.done();
    if (csvFd !== undefined) writeSync(csvFd, csvBuffer);
    if (parsed.values.html !== undefined) writeFileSync(parsed.values.html, formatHtml(report, texts));
    io.stdout.write(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatText(report, texts));
    if (report.totals.rows === 0) {
      io.stderr.write('aadsts: no sign-in rows could be read from the input\n');
      return 1;
    }
    return 0;
  } finally {
    progress.done();
    if (csvFd !== undefined) closeSync(csvFd);
  }
}
