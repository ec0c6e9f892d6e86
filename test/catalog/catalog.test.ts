import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/index.js';
import { allCodes, lookupCode } from '../../src/parse-entry.js';
import { lookupName } from '../../src/catalog/code-catalog.js';
import { msalClientCodes, oauthErrors, suberrorTable } from '../../src/catalog/protocol-tables.js';

interface ReferenceRow {
  code: string;
  name: string;
  formerName: string;
  seedRisk: string;
  listedIn: string[];
}

const reference: ReferenceRow[] = readFileSync(new URL('../fixtures/reference-codes.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('code\t'))
  .map((line) => {
    const [code, name, formerName, seedRisk, listedIn] = line.split('\t');
    return { code: code!, name: name!, formerName: formerName!, seedRisk: seedRisk!, listedIn: listedIn!.split(',') };
  });

const failures = reference.filter((row) => row.code !== '0');

describe('code catalog', () => {
  it('holds every code of the reference table and of every seed table', () => {
    const missing = failures.filter((row) => lookupCode(row.code.startsWith('ACS') ? row.code : `AADSTS${row.code}`) === undefined);
    expect(missing.map((row) => row.code)).toEqual([]);
    expect(failures.length).toBeGreaterThanOrEqual(383 + 77);
  });

  it('agrees with the reference on every current name', () => {
    const disagreements = failures
      .filter((row) => row.name !== '')
      .filter((row) => lookupCode(row.code)?.name !== row.name)
      .map((row) => `${row.code}: ${lookupCode(row.code)?.name} != ${row.name}`);
    expect(disagreements).toEqual([]);
  });

  it('keeps every former name as an alias', () => {
    for (const row of failures.filter((r) => r.formerName !== '')) {
      expect(lookupCode(row.code)?.aliases, row.code).toContain(row.formerName);
      expect(lookupName(row.formerName)?.id, row.formerName).toBeDefined();
    }
  });

  it('uses the seed risk table for each of its codes', () => {
    const rated = failures.filter((row) => row.seedRisk !== '');
    expect(rated.length).toBe(52);
    for (const row of rated) expect(lookupCode(row.code)?.risk, row.code).toBe(row.seedRisk);
  });

  it('explains ResultType 0 as a successful sign-in', () => {
    const zero = explain(0);
    expect(zero).toMatchObject({ known: true, codeId: '0', action: null, risk: 'low' });
  });

  it('holds the B2C codes users hit most', () => {
    expect(lookupCode('AADB2C90118')).toMatchObject({ action: 'reauthenticate', fixBy: 'user' });
    expect(lookupCode('AADB2C90091')).toMatchObject({ action: 'fail', fixBy: 'user' });
    expect(lookupCode('AADB2C90077')).toMatchObject({ action: 'reauthenticate' });
    expect(lookupCode('AADB2C90080')).toMatchObject({ action: 'reauthenticate' });
  });

  it.each([
    // code, action, fixBy, risk — the security-relevant rows, as the seed risk table justifies them
    [50126, 'fail', 'user', 'high'], // wrong password: a spray or brute-force signal, never an automatic re-prompt
    [50053, 'fail', 'user', 'high'], // smart lockout
    [50074, 'reauthenticate', 'user', 'high'], // MFA required: the password was right
    [50076, 'reauthenticate', 'user', 'high'],
    [500121, 'fail', 'user', 'high'], // MFA denied or not completed: possible MFA fatigue attack
    [53003, 'fail', 'admin', 'medium'], // Conditional Access block
    [70037, 'fail', 'user', 'high'], // wrong challenge answer
    [65002, 'fail', 'developer', 'high'], // first-party app ID reused
    [50011, 'fail', 'developer', 'high'], // reply URL mismatch: possible phishing redirect
    [65004, 'fail', 'user', 'low'], // user declined consent: never loop back to consent
    [90094, 'consent', 'admin', 'low'],
    [90095, 'consent', 'admin', 'low'],
    [7000215, 'fail', 'developer', 'medium'],
    [70008, 'reauthenticate', 'user', 'low'],
  ] as const)('rates AADSTS%s as %s, fixed by %s, risk %s', (code, action, fixBy, risk) => {
    expect(lookupCode(code)).toMatchObject({ action, fixBy, risk });
  });

  it('marks admin-only consent', () => {
    expect(lookupCode(90094)?.adminConsent).toBe(true);
    expect(lookupCode(90095)?.adminConsent).toBe(true);
    expect(lookupCode(65001)?.adminConsent).toBe(false);
  });

  it('keeps every row internally consistent', () => {
    for (const entry of allCodes()) {
      const expected = { reauthenticate: [401], claims_challenge: [401], consent: [403], retry: [503], fail: [403, 500] }[entry.action];
      expect(expected, entry.id).toContain(entry.status);
      expect(entry.retryable, entry.id).toBe(entry.action === 'retry');
      expect(entry.summary.length, entry.id).toBeLessThanOrEqual(120);
      expect(entry.remediation.length, entry.id).toBeLessThanOrEqual(180);
      expect(entry.summary, entry.id).not.toMatch(/[|\r\n]/);
    }
  });

  it('is reviewed row by row, not filled with a bulk default', () => {
    const entries = allCodes();
    const combos = new Map<string, number>();
    for (const e of entries) combos.set(`${e.action}/${e.fixBy}/${e.status}/${e.risk}`, (combos.get(`${e.action}/${e.fixBy}/${e.status}/${e.risk}`) ?? 0) + 1);
    const largest = Math.max(...combos.values());
    expect(largest / entries.length).toBeLessThan(0.3);
    expect(new Set(entries.map((e) => e.summary)).size).toBeGreaterThan(entries.length * 0.95);
    expect(new Set(entries.map((e) => e.remediation)).size).toBeGreaterThan(entries.length * 0.9);
  });

  it('keeps OAuth errors, suberrors and MSAL client codes as their own tables', () => {
    expect(oauthErrors().get('consent_required')?.action).toBe('consent');
    expect(oauthErrors().get('temporarily_unavailable')?.action).toBe('retry');
    expect(suberrorTable().get('message_only')?.action).toBe('fail');
    expect(suberrorTable().get('basic_action')?.action).toBe('reauthenticate');
    expect(msalClientCodes().get('no_tokens_found')?.action).toBe('reauthenticate');
    for (const value of ['invalid_request', 'invalid_grant', 'unauthorized_client', 'invalid_client', 'unsupported_grant_type', 'invalid_resource', 'interaction_required', 'temporarily_unavailable', 'consent_required', 'invalid_scope', 'access_denied', 'unsupported_response_type', 'server_error', 'login_required', 'authorization_pending', 'authorization_declined', 'bad_verification_code', 'expired_token']) {
      expect(oauthErrors().has(value), value).toBe(true);
    }
    for (const value of ['basic_action', 'additional_action', 'message_only', 'consent_required', 'user_password_expired', 'bad_token', 'token_expired', 'protection_policy_required', 'client_mismatch', 'device_authentication_failed', 'ux_not_allowed', 'interrupted_user']) {
      expect(suberrorTable().has(value), value).toBe(true);
    }
  });

  it('looks codes up by number, digits, prefixed id and name', () => {
    expect(lookupCode(50076)?.id).toBe('AADSTS50076');
    expect(lookupCode('50076')?.id).toBe('AADSTS50076');
    expect(lookupCode('aadsts50076')?.id).toBe('AADSTS50076');
    expect(lookupCode('ACS50008')?.prefix).toBe('ACS');
    expect(lookupName('UserStrongAuthClientAuthNRequired')?.code).toBe(50076);
    expect(lookupCode(1.5)).toBeUndefined();
    expect(lookupCode('AADSTS')).toBeUndefined();
  });
});
