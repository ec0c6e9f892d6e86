import { describe, expect, it } from 'vitest';
import { backgroundEvents, generateSignIns, score } from '../../scripts/triage-generate.mjs';
import { exportOf, triageBytes } from './helpers.js';

describe('triage findings on generated logs with known attacks', () => {
  it.each([[1], [2], [3], [4]])('reaches precision and recall of at least 0.95 (seed %i)', async (seed) => {
    const { events, truth } = generateSignIns({ seed, rows: 15_000, days: 3, attacks: 3 });
    const report = await triageBytes({ log: exportOf('graph-jsonl', events) });
    const result = score(report.findings, truth);
    expect(result.precision, `false positives: ${result.falsePositives.join(', ')}`).toBeGreaterThanOrEqual(0.95);
    expect(result.recall, `missed: ${result.missed.join(', ')}`).toBeGreaterThanOrEqual(0.95);
  });

  it('finds nothing on a clean log', async () => {
    for (const seed of [5, 6]) {
      const { events, truth } = generateSignIns({ seed, rows: 20_000, days: 3, attacks: 0 });
      expect(truth).toEqual([]);
      const report = await triageBytes({ log: exportOf('la-csv', events) });
      expect(report.findings).toEqual([]);
    }
  });

  it('gives each finding its evidence and next step', async () => {
    const { events } = generateSignIns({ seed: 8, rows: 4000, days: 1, attacks: 1 });
    const report = await triageBytes({ log: exportOf('graph-jsonl', events) });
    const kinds = new Set(report.findings.map((finding) => finding.kind));
    expect(kinds).toEqual(new Set(['password_spray', 'brute_force', 'mfa_fatigue', 'conditional_access_blocks', 'misconfiguration', 'throttling']));
    for (const finding of report.findings) {
      expect(finding.exampleCorrelationIds.length).toBeGreaterThan(0);
      expect(finding.firstSeen! <= finding.lastSeen!).toBe(true);
      expect(finding.nextStep.length).toBeGreaterThan(20);
    }
    const spray = report.findings.find((finding) => finding.kind === 'password_spray')!;
    expect(spray.subject).toMatch(/^185\.\d+\.\d+\.0\/24$/);
    expect(spray.details.distinctUsers).toBeGreaterThanOrEqual(10);
    const brute = report.findings.find((finding) => finding.kind === 'brute_force')!;
    expect(brute.details.lockedOut).toBe(true);
    expect(report.findings.find((finding) => finding.kind === 'misconfiguration')!.nextStep).not.toBe('');
  });

  it('applies configured thresholds', async () => {
    const { events } = generateSignIns({ seed: 9, rows: 3000, days: 1, attacks: 1 });
    const strict = await triageBytes({ log: exportOf('graph-jsonl', events) }, { thresholds: { bruteForceAttempts: 1000, mfaDenials: 1000, sprayUsers: 1000, caBlocks: 1000, misconfig: 1000, throttling: 1000 } });
    expect(strict.findings).toEqual([]);
    expect(strict.thresholds.bruteForceAttempts).toBe(1000);
  });

  it('finds the same attacks whatever the row order (Graph returns newest first)', async () => {
    const { events, truth } = generateSignIns({ seed: 10, rows: 8000, days: 2, attacks: 2 });
    const report = await triageBytes({ log: exportOf('graph-jsonl', [...events].reverse()) });
    expect(score(report.findings, truth)).toMatchObject({ precision: 1, recall: 1 });
  });

  it('keeps office networks with a few typos out of the spray finding', async () => {
    const report = await triageBytes({ log: exportOf('graph-jsonl', backgroundEvents({ seed: 3, users: 2000, rows: 30_000, days: 1 })) });
    expect(report.findings.filter((finding) => finding.kind === 'password_spray')).toEqual([]);
  });
});
