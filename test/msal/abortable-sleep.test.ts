import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { abortableSleep, MAX_TIMER_MS } from '../../src/msal/retry.js';

describe('abortableSleep', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after exactly the given delay', async () => {
    let done = false;
    const sleeping = abortableSleep(2000, new AbortController().signal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });

  it('rejects with the abort reason at once and leaves no timer behind', async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error('caller went away');
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects without starting a timer when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(abortableSleep(1000, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('removes its abort listener once it has resolved', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const sleeping = abortableSleep(10, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    await sleeping;
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it.each([
    ['a negative delay', -50, 0],
    ['NaN', Number.NaN, 0],
    ['a delay past the timer limit', MAX_TIMER_MS * 4, MAX_TIMER_MS],
  ])('clamps %s instead of firing early or never', async (_name, ms, expected) => {
    let done = false;
    const sleeping = abortableSleep(ms, new AbortController().signal).then(() => (done = true));
    if (expected > 0) {
      await vi.advanceTimersByTimeAsync(expected - 1);
      expect(done).toBe(false);
    }
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });
});
