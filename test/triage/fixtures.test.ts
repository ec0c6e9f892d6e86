import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { triageBytes } from './helpers.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/triage/${name}`, import.meta.url));

describe('triage on samples shaped like Microsoft\u2019s documented exports', () => {
  it.each([
    ['graph-signins-v1.json', 3, 1],
    ['diagnostic-signinlogs.json', 2, 1],
    ['la-signinlogs-query.json', 2, 1],
    ['admin-center-signins.csv', 3, 1],
    ['la-serviceprincipal-signins.csv', 2, 1],
  ])('reads %s without unreadable rows', async (name, rows, successes) => {
    const report = await triageBytes({ [name]: fixture(name) });
    expect(report.inputs[0]!.problems).toEqual([]);
    expect(report.totals).toMatchObject({ rows, successes, unread: 0, withoutTime: 0 });
  });

  it('maps each export\u2019s fields onto the same row', async () => {
    const graph = await triageBytes({ g: fixture('graph-signins-v1.json') });
    expect(graph.topCodes.map((code) => code.id).sort()).toEqual(['AADSTS50126', 'AADSTS53003']);
    expect(graph.topUsers.map((user) => user.key).sort()).toEqual(['alexw@contoso.com', 'meganb@contoso.com']);
    expect(graph.topIps.map((ip) => ip.key)).toContain('2001:db8:85a3::8a2e:370:7334');
    const archive = await triageBytes({ d: fixture('diagnostic-signinlogs.json') });
    expect(archive.topCodes[0]).toMatchObject({ id: 'AADSTS50140', firstSeen: '2026-11-03T16:02:15.552Z' });
    expect(archive.topUsers[0]!.key).toBe('timothyp@contoso.com');
    const query = await triageBytes({ q: fixture('la-signinlogs-query.json') });
    expect(query.topCodes[0]).toMatchObject({ id: 'AADSTS500121', risk: 'high' });
    const admin = await triageBytes({ a: fixture('admin-center-signins.csv') });
    expect(admin.topCodes.map((code) => code.id).sort()).toEqual(['AADSTS50074', 'AADSTS65001']);
    expect(admin.topApps.map((app) => app.key)).toEqual(['Azure Portal', 'Contoso Expenses']);
    const sp = await triageBytes({ s: fixture('la-serviceprincipal-signins.csv') });
    // The portal's "11/5/2026, 11:20:03.512 PM" is UTC.
    expect(sp.topCodes[0]).toMatchObject({ id: 'AADSTS7000215', fixBy: 'developer', firstSeen: '2026-11-05T23:20:03.512Z' });
    expect(sp.topUsers[0]!.key).toBe('Contoso Nightly Sync');
  });
});
