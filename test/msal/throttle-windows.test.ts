import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/classify/types.js';
import { ThrottleWindows } from '../../src/msal/throttling.js';

const DECISION = { action: 'retry' } as Decision;

describe('ThrottleWindows', () => {
  it('reports a window until its end and forgets it from then on', () => {
    const windows = new ThrottleWindows();
    windows.open('k', 1000, DECISION);
    expect(windows.get('k', 999)?.endsAt).toBe(1000);
    expect(windows.get('k', 1000)).toBeUndefined();
    expect(windows.get('k', 0)).toBeUndefined();
  });

  it('replaces a key’s window with the newer one', () => {
    const windows = new ThrottleWindows();
    windows.open('k', 1000, DECISION);
    windows.open('k', 5000, DECISION);
    expect(windows.get('k', 2000)?.endsAt).toBe(5000);
  });

  it('stays bounded however many requests are throttled, forgetting the oldest windows first', () => {
    const windows = new ThrottleWindows();
    for (let i = 0; i < 20_000; i++) windows.open(`k${i}`, 10_000, DECISION);
    const kept = Array.from({ length: 20_000 }, (_, i) => windows.get(`k${i}`, 0) !== undefined);
    const count = kept.filter(Boolean).length;
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(2_000);
    // Whatever is kept is the newest run of keys.
    expect(kept.slice(20_000 - count).every(Boolean)).toBe(true);
  });
});
