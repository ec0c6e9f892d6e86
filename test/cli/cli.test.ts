import { describe, expect, it } from 'vitest';
import { CONSENT_BODY, MFA_BODY } from '../fixtures/entra-inputs.js';
import { aadsts } from './helpers.js';


describe('aadsts explain', () => {
  it('explains a code for someone reading sign-in logs', async () => {
    const { code, out } = await aadsts(['explain', '50076']);
    expect(code).toBe(0);
    expect(out).toContain('AADSTS50076 UserStrongAuthClientAuthNRequired');
    expect(out).toMatch(/Next step: +reauthenticate/);
    expect(out).toMatch(/Who fixes it: +the user/);
    expect(out).toMatch(/Risk: +high/);
  });

  it('explains a prefixed code, a name and an error text', async () => {
    expect((await aadsts(['explain', 'AADSTS90094'])).out).toContain('admin consent needed');
    expect((await aadsts(['explain', 'UserDeclinedConsent'])).out).toContain('AADSTS65004');
    expect((await aadsts(['explain', 'AADSTS7000215:', 'Invalid', 'client', 'secret'])).out).toContain("the app's developer");
  });

  it('answers an unknown code clearly, with exit code 1', async () => {
    const { code, out } = await aadsts(['explain', '99999999']);
    expect(code).toBe(1);
    expect(out).toMatch(/^Unknown code AADSTS99999999/);
    const text = await aadsts(['explain', 'hello', 'world']);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^Unknown: "hello world"/);
  });

  it('prints JSON with --json', async () => {
    const { out } = await aadsts(['explain', '--json', '65001']);
    expect(JSON.parse(out)).toMatchObject({ codeId: 'AADSTS65001', action: 'consent', known: true });
    expect(JSON.parse(out)).not.toHaveProperty('id');
  });

  it('notes when the action depends on a claims value or the context', async () => {
    const { out } = await aadsts(['explain', '50076']);
    expect(out).toMatch(/Depends on: +claims: .*claims_challenge/);
    expect(out).toContain('daemon');
    const json = JSON.parse((await aadsts(['explain', '--json', '50076'])).out) as { dependsOn: string[] };
    expect(json.dependsOn.join(' ')).toContain('claims_challenge');
    const fromText = JSON.parse((await aadsts(['explain', '--json', JSON.stringify({ error: 'interaction_required', error_codes: [50076], claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' })])).out) as { action: string; dependsOn: string[] };
    expect(fromText.dependsOn[0]).toMatch(/carries a claims value/);
  });
});

describe('aadsts classify', () => {
  it('reads one JSON body from stdin and prints the Decision', async () => {
    const { code, out } = await aadsts(['classify'], JSON.stringify(MFA_BODY));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ action: 'claims_challenge', code: 50076, context: 'web_app' });
  });

  it('reads plain text and honours --context', async () => {
    const { out } = await aadsts(['classify', '--context', 'daemon'], 'AADSTS65001: The user or administrator has not consented');
    expect(JSON.parse(out)).toMatchObject({ action: 'fail', context: 'daemon' });
  });

  it('prints null for input without an Entra signal', async () => {
    expect((await aadsts(['classify'], 'just a sentence')).out.trim()).toBe('null');
  });

  it('reads one input per line with --jsonl, and a bad line gets null', async () => {
    const lines = [JSON.stringify(CONSENT_BODY), '"AADSTS50126: Invalid username or password."', '{not json', '42', JSON.stringify('50053')].join('\n');
    const { code, out } = await aadsts(['classify', '--jsonl'], `${lines}\n`);
    expect(code).toBe(0);
    const decisions = out.trim().split('\n').map((line) => JSON.parse(line) as { action: string } | null);
    expect(decisions.map((d) => d?.action ?? null)).toEqual(['consent', 'fail', null, null, 'fail']);
  });

  it('decides a bare code given as a JSON number or string as plain mode does', async () => {
    const plain = JSON.parse((await aadsts(['classify'], '53003')).out) as { action: string; codeId: string };
    const lines = ['53003', '"53003"', '"AADSTS53003"', '500121'].join('\n');
    const decisions = (await aadsts(['classify', '--jsonl'], `${lines}\n`)).out.trim().split('\n').map((line) => JSON.parse(line) as { action: string; codeId: string });
    expect(decisions.slice(0, 3).map((d) => [d.action, d.codeId])).toEqual(Array(3).fill([plain.action, 'AADSTS53003']));
    expect(decisions[3]).toMatchObject({ codeId: 'AADSTS500121' });
  });

  it.each([
    [['classify', '--context', 'browser']],
    [['classify', '--bogus']],
    [['frobnicate']],
    [[]],
    [['explain']],
  ])('exits 2 with a usage line for %j', async (args) => {
    const { code, err } = await aadsts(args);
    expect(code).toBe(2);
    expect(err).toContain('usage: aadsts');
  });
});
