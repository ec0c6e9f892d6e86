import { describe, expect, it } from 'vitest';
import { FORMATS, generateSignIns, score } from '../../scripts/triage-generate.mjs';
import { exportOf, triageBytes } from './helpers.js';

// One generated tenant log (seeded) in every export format triage reads: each must give the same
// rows, no unreadable row, and the same findings.
const { events, truth } = generateSignIns({ seed: 11, rows: 6000, days: 2, attacks: 2 });

describe('triage reads every export format', () => {
  it.each(FORMATS.map((format) => [format]))('reads %s completely and finds every injected attack', async (format) => {
    const report = await triageBytes({ [format]: exportOf(format, events) });
    expect(report.inputs[0]!.problems).toEqual([]);
    expect(report.totals).toMatchObject({ rows: events.length, unread: 0, withoutTime: 0 });
    expect(report.totals.successes).toBe(events.filter((e) => e.code === 0).length);
    const { precision, recall } = score(report.findings, truth);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('reads gzip archives of diagnostic records and of JSON lines', async () => {
    for (const format of ['diagnostic-records', 'diagnostic-jsonl', 'admin-csv']) {
      const report = await triageBytes({ [`${format}.gz`]: exportOf(format, events, true) });
      expect(report.inputs[0]).toMatchObject({ gzip: true, rows: events.length, unread: 0 });
    }
  });

  it('reads several inputs in one run, in any format mix, and counts them together', async () => {
    const half = Math.floor(events.length / 2);
    const report = await triageBytes({ a: exportOf('graph-pages', events.slice(0, half)), b: exportOf('la-csv', events.slice(half)) });
    expect(report.totals.rows).toBe(events.length);
    expect(report.inputs.map((input) => input.format)).toEqual(['json', 'csv']);
  });

  it('gives each failed row the catalog\u2019s action, owner and risk', async () => {
    const report = await triageBytes({ log: exportOf('graph-jsonl', events) });
    const password = report.topCodes.find((code) => code.id === 'AADSTS50126');
    expect(password).toMatchObject({ name: 'InvalidUserNameOrPassword', action: 'fail', fixBy: 'user', risk: 'high', known: true });
    expect(password!.count).toBe(events.filter((e) => e.code === 50126).length);
    const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(sum(report.failures.byAction)).toBe(report.totals.failures);
    expect(sum(report.failures.byRisk)).toBe(report.totals.failures);
    expect(sum(report.timeline.buckets.reduce((acc, b) => ({ ...acc, [b.start]: sum(b.byRisk) }), {}))).toBe(report.totals.failures);
  });
});
