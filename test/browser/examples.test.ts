import { describe, expect, it } from 'vitest';
import { runSimulated } from '../../examples/daemon/simulated.mjs';
import { API_CLIENT_ID, runWalkthrough } from '../../examples/web-api-obo/server.mjs';

// The web-API and daemon examples, run end to end against the simulated Entra ID as their npm scripts
// run them, with their output captured.

const claimsOf = (header: string | undefined): unknown => JSON.parse(Buffer.from(/claims="([^"]+)"/.exec(header ?? '')?.[1] ?? '', 'base64').toString());

describe('the web-api-obo example', () => {
  it('hands MFA, CAE, consent and throttling back to its caller with its own client ID', async () => {
    const lines: string[] = [];
    const results = await runWalkthrough({ log: (line) => lines.push(line) });
    expect(results.map((result) => result.status)).toEqual([200, 401, 401, 403, 503]);
    const [ok, mfa, cae, consent, throttled] = results;
    expect(ok?.body).toEqual({ displayName: 'Adele Vance', userPrincipalName: 'adele@contoso.onmicrosoft.com' });
    for (const challenge of [mfa, cae]) {
      expect(challenge?.headers['www-authenticate']).toContain(`client_id="${API_CLIENT_ID}", error="insufficient_claims", claims="`);
      expect(challenge?.body).toMatchObject({ action: 'claims_challenge' });
    }
    expect(claimsOf(mfa?.headers['www-authenticate'])).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
    expect(claimsOf(cae?.headers['www-authenticate'])).toEqual({ access_token: { nbf: { essential: true, value: '1700000000' } } });
    expect(consent?.headers['www-authenticate']).toContain(`error="insufficient_scope", scope="api://${API_CLIENT_ID}/.default"`);
    expect(Number(throttled?.headers['retry-after'])).toBeGreaterThanOrEqual(20);
    expect(throttled?.body).toMatchObject({ action: 'retry', code: 'AADSTS90055' });
    expect(lines.join('\n')).toContain('5. Entra ID throttles the on-behalf-of call');
  });
});

describe('the daemon example against the simulator', () => {
  it('waits out throttling, answers the API claims challenge, and stops on the expired secret', async () => {
    const lines: string[] = [];
    const log = { log: (line: string) => lines.push(line), warn: (line: string) => lines.push(line) };
    const stopped = await runSimulated({ log, intervalMs: 10, retryAfter: 1 });
    expect(stopped.decision).toMatchObject({ action: 'fail', code: 7000222, fixBy: 'developer' });
    expect(lines[0]).toMatch(/^daemon: Entra ID AADSTS90055 \(HTTP 429\); retry 1 in 1\.0 s$/);
    expect(lines.filter((line) => line.endsWith('answered HTTP 200'))).toHaveLength(2);
    expect(lines).toContain('api:    the new token carries acrs "c1": 200');
  });
});
