import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../src/triage/csv-out.js';
import { generateSignIns } from '../../scripts/triage-generate.mjs';
import { aadsts, exportOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'aadsts-triage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { events } = generateSignIns({ seed: 31, rows: 2000, days: 1, attacks: 1 });
const log = join(dir, 'signins.jsonl');
writeFileSync(log, exportOf('graph-jsonl', events));

describe('aadsts triage', () => {
  it('prints the summary, the top codes and the findings', async () => {
    const { code, out, err } = await aadsts(['triage', log]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(new RegExp(`^Sign-in log triage: ${events.length.toLocaleString('en-US')} rows`));
    expect(out).toMatch(/Failures by next step: /);
    expect(out).toMatch(/Failures by who fixes them: /);
    expect(out).toMatch(/AADSTS50126 InvalidUserNameOrPassword/);
    expect(out).toMatch(/\[high\] Password spray — 185\.\d+\.\d+\.0\/24/);
    expect(out).toMatch(/\[medium\] Throttling — Contoso throttling/);
  });

  it('prints the documented JSON with --json and reads standard input with -', async () => {
    const { code, out } = await aadsts(['triage', '-', '--json'], readFileSync(log));
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ schemaVersion: 1, redacted: false, totals: { rows: events.length, unread: 0 } });
    expect(Object.keys(report)).toEqual(['schemaVersion', 'generatedAt', 'redacted', 'inputs', 'totals', 'unreadExamples', 'timeRange', 'failures', 'topCodes', 'topApps', 'topIps', 'topUsers', 'topApproximate', 'timeline', 'findings', 'thresholds']);
  });

  it('writes every row, classified, with --csv, and the HTML report with --html', async () => {
    const csv = join(dir, 'rows.csv');
    const html = join(dir, 'report.html');
    const { code } = await aadsts(['triage', log, '--csv', csv, '--html', html]);
    expect(code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(events.length + 1);
    expect(lines.some((line) => /,50126,AADSTS50126,InvalidUserNameOrPassword,fail,user,high,/.test(line))).toBe(true);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("default-src 'none'");
    expect(page).not.toMatch(/<script|https?:\/\/(?!graph)/);
  });

  it('hashes user names and IPs everywhere with --redact, differently on each run', async () => {
    const csv = join(dir, 'redacted.csv');
    const first = await aadsts(['triage', log, '--json', '--redact', '--csv', csv]);
    const second = await aadsts(['triage', log, '--json', '--redact']);
    const rows = readFileSync(csv, 'utf8');
    for (const text of [first.out, rows]) {
      expect(text).not.toMatch(/@contoso\.com/);
      expect(text).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
    }
    const a = JSON.parse(first.out);
    const b = JSON.parse(second.out);
    expect(a.redacted).toBe(true);
    expect(a.topUsers[0].key).toMatch(/^user-[0-9a-f]{12}$/);
    expect(a.topUsers[0].count).toBe(b.topUsers[0].count);
    expect(a.topUsers[0].key).not.toBe(b.topUsers[0].key);
    expect(a.findings.map((f: { subject: string }) => f.subject).join()).not.toMatch(/contoso\.com|^185\./);
  });

  it('hashes user names and IPs inside failure reasons too under --redact', async () => {
    const line = JSON.stringify({ createdDateTime: '2026-11-01T00:00:00Z', userPrincipalName: 'kim@contoso.com', ipAddress: '192.0.2.7', status: { errorCode: 99999901, failureReason: 'User kim@contoso.com from 192.0.2.7 failed.' } });
    const csv = join(dir, 'reason.csv');
    const { out } = await aadsts(['triage', '-', '--json', '--redact', '--csv', csv], `${line}\n`);
    expect(JSON.parse(out).topCodes[0].summary).toMatch(/^User user-[0-9a-f]{12} from ip-[0-9a-f]{12} failed\.$/);
    expect(readFileSync(csv, 'utf8')).not.toMatch(/kim@|192\.0\.2\.7/);
  });

  it('draws a progress bar on a terminal only', async () => {
    const piped = await aadsts(['triage', log]);
    expect(piped.err).toBe('');
    const tty = await aadsts(['triage', log], '', true);
    expect(tty.err).toMatch(/\r\[[#.]{30}\] +\d+%/);
  });

  it('takes thresholds by name and rejects bad usage with exit code 2', async () => {
    const quiet = await aadsts(['triage', log, '--json', '--threshold', 'sprayUsers=1000', '--threshold', 'bruteForceAttempts=1000']);
    expect(JSON.parse(quiet.out).findings.map((f: { kind: string }) => f.kind)).not.toContain('password_spray');
    for (const args of [['triage'], ['triage', log, '--threshold', 'spray=3'], ['triage', log, '--threshold', 'sprayUsers=-1'], ['triage', log, '--lang', 'ja'], ['triage', log, '--top', '0'], ['triage', log, '--bogus']]) {
      const { code, err } = await aadsts(args);
      expect(code, args.join(' ')).toBe(2);
      expect(err).toMatch(/usage: aadsts triage/);
    }
    expect((await aadsts(['triage', '--help'])).code).toBe(0);
  });
});
