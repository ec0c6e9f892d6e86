// `npm run triage:soak`: a generated sign-in export of TRIAGE_SOAK_MB megabytes (default 1024) written
// to a temporary file and run through `triage`, sampling the heap every 100,000 rows. Memory must stay
// flat: the script fails when the last sample is more than 1.5 × the one at 100,000 rows. Run after
// `npm run build`. Format: TRIAGE_SOAK_FORMAT (default graph-jsonl; any of FORMATS).
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { triage } from '../dist/triage.js';
import { backgroundEvents, formatEvents } from './triage-generate.mjs';

const megabytes = Number(process.env.TRIAGE_SOAK_MB ?? 1024);
const format = process.env.TRIAGE_SOAK_FORMAT ?? 'graph-jsonl';
const dir = mkdtempSync(join(tmpdir(), 'aadsts-soak-'));
const file = join(dir, `signins.${format}`);

async function write() {
  const out = createWriteStream(file);
  let bytes = 0;
  let rows = 0;
  // Rows generated lazily until the file reaches the size asked for, spread at the tests' density
  // (about 7,000 sign-ins a day for 300 users, roughly 1.1 KB a row) so the absolute thresholds mean
  // the same as in the tests and a clean log gives no finding.
  const estimatedRows = Math.ceil((megabytes * 1_048_576) / 1100);
  const events = backgroundEvents({ seed: 99, rows: estimatedRows * 2, days: Math.max(1, Math.round((estimatedRows * 2) / 7000)) });
  const limited = (function* () {
    for (const event of events) {
      if (bytes >= megabytes * 1_048_576) return;
      rows++;
      yield event;
    }
  })();
  for (const chunk of formatEvents(format, limited)) {
    bytes += chunk.length;
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
  return rows;
}

const gc = globalThis.gc ?? (() => undefined);
try {
  const started = Date.now();
  const rows = await write();
  console.log(`wrote ${rows.toLocaleString('en-US')} rows, ${(statSync(file).size / 1_048_576).toFixed(0)} MiB of ${format} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const samples = [];
  let seen = 0;
  const t0 = process.hrtime.bigint();
  const report = await triage([{ name: file, open: () => createReadStream(file) }], {
    onRow: () => {
      if (++seen % 100_000 === 0) {
        gc();
        samples.push(process.memoryUsage().heapUsed);
      }
    },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const mib = (n) => `${(n / 1_048_576).toFixed(1)} MiB`;
  console.log(`read ${report.totals.rows.toLocaleString('en-US')} rows (${report.totals.unread} unreadable) in ${seconds.toFixed(1)} s: ${Math.round(report.totals.rows / seconds).toLocaleString('en-US')} rows/s`);
  console.log(`heap after GC: at 100k rows ${mib(samples[0])}, max ${mib(Math.max(...samples))}, last ${mib(samples.at(-1))} (${samples.length} samples); findings: ${report.findings.length}`);
  const ratio = samples.at(-1) / samples[0];
  console.log(`heap ratio last / first: ${ratio.toFixed(2)}`);
  if (!(ratio < 1.5)) process.exitCode = 1;
  if (report.findings.length > 0) {
    console.log(`unexpected findings on a clean log: ${report.findings.map((f) => `${f.kind} ${f.subject}`).join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
