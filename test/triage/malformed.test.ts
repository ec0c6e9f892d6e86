import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateSignIns } from '../../scripts/triage-generate.mjs';
import { aadsts, exportOf, triageBytes } from './helpers.js';

const { events } = generateSignIns({ seed: 21, rows: 300, days: 1, attacks: 0 });

describe('triage on malformed input', () => {
  it('reports a JSON lines file cut mid-row with the line number and keeps the rest', async () => {
    const text = exportOf('graph-jsonl', events).toString().trimEnd();
    const report = await triageBytes({ 'cut.jsonl': text.slice(0, text.length - 40) });
    expect(report.totals.rows).toBe(events.length - 1);
    expect(report.unreadExamples).toEqual([{ where: `cut.jsonl:${events.length}`, reason: 'not valid JSON (cut short?)' }]);
  });

  it('reports a Graph page cut short, keeping the rows before the cut', async () => {
    const text = exportOf('graph-pages', events).toString();
    const report = await triageBytes({ 'page.json': text.slice(0, Math.floor(text.length / 2)) });
    expect(report.totals.rows).toBeGreaterThan(0);
    expect(report.totals.rows).toBeLessThan(events.length);
    expect(report.inputs[0]!.problems.join('\n')).toMatch(/page\.json:\d+: JSON is broken or cut short/);
  });

  it('counts rows it cannot use with their line and reason, never failing the file', async () => {
    const lines = ['{"createdDateTime":"2026-11-01T00:00:00Z","status":{"errorCode":50126},"userPrincipalName":"a@contoso.com"}', '{"hello":"world"}', '[1,2]', 'not json', '{"ResultType":"0","TimeGenerated":"2026-11-01T00:00:01Z"}'];
    const report = await triageBytes({ mixed: lines.join('\n') });
    expect(report.totals).toMatchObject({ rows: 2, unread: 3 });
    expect(report.unreadExamples.map((u) => u.where)).toEqual(['mixed:2', 'mixed:3', 'mixed:4']);
  });

  it('reads CSV with quoted newlines, a BOM and CRLF line ends', async () => {
    const csv = `\uFEFF"Date (UTC)","Sign-in error code","Failure reason","Username","IP address","Application","Status"\r\n2026-11-01T00:00:00Z,50126,"Error validating credentials\r\ndue to invalid username or password.",a@contoso.com,192.0.2.1,App,Failure\r\n2026-11-01T00:00:01Z,,,a@contoso.com,192.0.2.1,App,Success\r\n`;
    const report = await triageBytes({ 'signins.csv': csv });
    expect(report.totals).toMatchObject({ rows: 2, successes: 1, unread: 0 });
  });

  it('reads UTF-16 (with its byte-order mark) and flags bytes that are not valid UTF-8', async () => {
    const csv = 'ResultType,UserPrincipalName,TimeGenerated\n50126,j\u00fcrgen@contoso.com,2026-11-01T00:00:00Z\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
    const report16 = await triageBytes({ utf16: utf16 });
    expect(report16.totals).toMatchObject({ rows: 1, unread: 0 });
    expect(report16.topUsers[0]!.key).toBe('j\u00fcrgen@contoso.com');
    const mixed = Buffer.concat([Buffer.from(csv), Buffer.from('50126,'), Buffer.from('m\u00fcller@contoso.com', 'latin1'), Buffer.from(',2026-11-01T00:00:02Z\n')]);
    const reportMixed = await triageBytes({ mixed });
    expect(reportMixed.totals.rows).toBe(2);
    expect(reportMixed.inputs[0]!.problems.join()).toMatch(/not valid UTF-8/);
  });

  it('says an empty file is empty and a binary file is not a log, with exit code 1', async () => {
    const empty = await aadsts(['triage', '-'], '');
    expect(empty.code).toBe(1);
    expect(empty.out).toMatch(/stdin: empty input/);
    expect(empty.err).toMatch(/no sign-in rows could be read/);
    const binary = await aadsts(['triage', '-'], Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), randomBytes(5000)]));
    expect(binary.code).toBe(1);
    expect(binary.out).toMatch(/looks like a binary file/);
  });

  it('says which file is missing and still reads the others', async () => {
    const { code, out } = await aadsts(['triage', '/nonexistent/signins.json', new URL('../fixtures/triage/graph-signins-v1.json', import.meta.url).pathname]);
    expect(code).toBe(0);
    expect(out).toMatch(/\/nonexistent\/signins\.json: .*ENOENT/);
    expect(out).toMatch(/3 rows/);
  });

  it('reports a damaged gzip archive and keeps what it could read', async () => {
    const gz = gzipSync(exportOf('diagnostic-jsonl', events));
    const report = await triageBytes({ 'archive.gz': gz.subarray(0, Math.floor(gz.length * 0.6)) });
    expect(report.inputs[0]!.gzip).toBe(true);
    expect(report.inputs[0]!.problems.join()).toMatch(/gzip data is damaged or cut short/);
    expect(report.totals.rows).toBeLessThan(events.length);
  });

  it('rejects a CSV with no result column and a JSON document with no rows array', async () => {
    const csv = await triageBytes({ 'people.csv': 'name,age\nann,4\n' });
    expect(csv.totals.rows).toBe(0);
    expect(csv.inputs[0]!.problems.join()).toMatch(/no "Sign-in error code", "ResultType" or "Status" column/);
    const json = await triageBytes({ 'other.json': '{\n"something": [1, 2, 3]\n}\n' });
    expect(json.totals.rows).toBe(0);
  });

  it('never throws on random bytes and random text', async () => {
    for (let i = 0; i < 30; i++) {
      const noise = i % 2 === 0 ? randomBytes(1 + i * 97) : Buffer.from(Array.from({ length: 200 + i * 50 }, (_, k) => '{["\n,:}]"0a\\'[(k * 7 + i) % 13]).join(''));
      const report = await triageBytes({ noise });
      expect(report.totals.rows + report.totals.unread).toBeGreaterThanOrEqual(0);
    }
  });
});
