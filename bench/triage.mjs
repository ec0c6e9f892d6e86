// `aadsts triage` throughput: rows per second through the whole pipeline (read, detect the format,
// map fields, classify, aggregate, findings) against the floor of parsing the same rows alone:
// JSON.parse per line for JSON lines, csv-parse with the same options for CSV. Both run in this
// process on the same in-memory bytes, streamed in 64 KiB chunks like a file, interleaved in rounds,
// so the ratio is what matters; the absolute numbers depend on the machine and its load.
import { StringDecoder } from 'node:string_decoder';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { triage } from '../dist/triage.js';
import { backgroundEvents, formatEvents } from '../scripts/triage-generate.mjs';

const ROWS = Number(process.env.TRIAGE_BENCH_ROWS ?? 100_000);
const ROUNDS = 5;
const CHUNK = 65_536;

function* chunks(data) {
  for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK);
}

async function jsonParseOnly(data) {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let rows = 0;
  for await (const chunk of Readable.from(chunks(data))) {
    const text = pending + decoder.write(chunk);
    let from = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', from)) {
      if (end > from && JSON.parse(text.slice(from, end))) rows++;
      from = end + 1;
    }
    pending = text.slice(from);
  }
  return rows;
}

async function csvParseOnly(data) {
  let rows = -1;
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_error: true });
  parser.on('data', () => rows++);
  const done = new Promise((resolve, reject) => parser.on('end', resolve).on('error', reject));
  for (const chunk of chunks(data)) if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
  parser.end();
  await done;
  return rows;
}

async function triageAll(data) {
  const report = await triage([{ name: 'bench', open: () => Readable.from(chunks(data)) }]);
  return report.totals.rows;
}

async function rate(fn, data) {
  const start = process.hrtime.bigint();
  const rows = await fn(data);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (rows !== ROWS) throw new Error(`${fn.name} read ${rows} rows, expected ${ROWS}`);
  return rows / seconds;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function run() {
  console.log(`\n# aadsts triage throughput (${ROWS.toLocaleString('en-US')} generated rows, median of ${ROUNDS} rounds)`);
  const cases = [
    ['graph-jsonl', 'JSON.parse per line', jsonParseOnly],
    ['diagnostic-jsonl', 'JSON.parse per line', jsonParseOnly],
    ['la-csv', 'csv-parse alone', csvParseOnly],
    ['admin-csv', 'csv-parse alone', csvParseOnly],
  ];
  const results = [];
  for (const [format, baselineName, baseline] of cases) {
    const data = Buffer.from([...formatEvents(format, backgroundEvents({ seed: 2, rows: ROWS, days: 7 }))].join(''));
    await triageAll(data);
    await baseline(data);
    const ours = [];
    const floor = [];
    for (let round = 0; round < ROUNDS; round++) {
      floor.push(await rate(baseline, data));
      ours.push(await rate(triageAll, data));
    }
    const row = { format, bytesPerRow: Math.round(data.length / ROWS), triageRowsPerSec: Math.round(median(ours)), baseline: baselineName, baselineRowsPerSec: Math.round(median(floor)) };
    row.ratio = (row.triageRowsPerSec / row.baselineRowsPerSec).toFixed(2);
    results.push(row);
  }
  console.table(results);
  console.log('ratio = triage rows/s ÷ baseline rows/s on the same bytes (1.00 would be free classification). Goal: ≥ 200,000 rows/s.');
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
