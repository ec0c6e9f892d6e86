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

  it('keeps at most 512 windows, forgetting the oldest first', () => {
    const windows = new ThrottleWindows();
    for (let i = 0; i < 600; i++) windows.open(`k${i}`, 10_000, DECISION);
    expect(windows.get('k0', 0)).toBeUndefined();
    expect(windows.get('k599', 0)).toBeDefined();
  });
});
