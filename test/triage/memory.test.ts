import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { triage } from '../../src/triage/triage.js';
import { backgroundEvents, formatEvents } from '../../scripts/triage-generate.mjs';

// Constant memory, measured as a ratio: the heap after all rows (200,000 for CSV) against the heap
// after a tenth of them, both after a full GC. A reader that kept rows would grow about tenfold. The 1 GB run is
// `npm run triage:soak`; this is its CI-sized share.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('triage memory', () => {
  // Rows per format sized to a few seconds each: the 1 KB Graph rows cost more to generate than CSV.
  it.each([['la-csv', 200_000], ['graph-jsonl', 100_000], ['graph-pages', 60_000]])('keeps the heap flat from a tenth of the rows to all of them (%s, %i rows)', async (format, rows) => {
    const early = rows / 10;
    const samples: number[] = [];
    let seen = 0;
    const report = await triage([{ name: format, open: () => Readable.from(formatEvents(format, backgroundEvents({ seed: 4, rows, days: 30 }))) }], {
      onRow: () => {
        seen++;
        if (seen === early || seen === rows) samples.push(heapAfterGc());
      },
    });
    expect(report.totals.rows).toBe(rows);
    const [atEarly, atEnd] = samples as [number, number];
    expect(atEnd / atEarly).toBeLessThan(1.5);
  }, 180_000);
});
