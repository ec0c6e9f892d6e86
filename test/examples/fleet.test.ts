import { describe, expect, it } from 'vitest';
import { runFleetExample } from '../../examples/fleet/fleet.mjs';

// `npm run example:fleet` end to end, as its npm script runs it: the built package (`npm test` builds
// first), `aadsts simulate` and a redis-server in their own processes, four worker processes. Only
// what holds however slow the machine is, is checked: a slower machine sends fewer requests, not more.
// The store's command timeout is raised from 50 ms so a loaded machine does not send the workers to
// local memory (which the example would print, and which would cost the single token request).

describe('the fleet example', () => {
  it('gets one token for the whole fleet, waits out a 429 without asking inside its window, and keeps going through an outage', async () => {
    const lines: string[] = [];
    const measured = await runFleetExample({ log: { log: (line) => lines.push(line) }, outageSeconds: 3, redisCommandTimeoutMs: 2000 });
    expect(measured.coldStart).toBe(1);
    expect(measured.throttle.tokenRequests).toBeLessThanOrEqual(2);
    expect(measured.throttle.insideWindow).toBe(0);
    expect(measured.outage).toBeGreaterThan(0);
    for (const instance of [1, 2, 3, 4]) expect(lines.filter((line) => line.startsWith(`   instance ${instance}: `))).toHaveLength(3);
    expect(lines).toContain('   Entra ID saw 1 token request for the whole fleet.');
    expect(lines.filter((line) => /^ {3}instance \d: 10\/10 callers got a token; .*429 at/.test(line))).toHaveLength(1);
  }, 120_000);
});
