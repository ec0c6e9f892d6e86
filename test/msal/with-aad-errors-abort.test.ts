import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withAadErrors } from '../../src/msal/with-aad-errors.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { tokenEndpoint, tokenSuccess } from '../fixtures/fake-authority.js';
import { GRAPH, trackedClient } from './helpers.js';

// The public withAadErrors with its real, timer-based wait; only setTimeout and Date are faked.

const THROTTLED = entraErrorBody(50196, { error: 'temporarily_unavailable' });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Lets real I/O (the faked authority's answers) and the faked timers run until the promise settles,
 * for up to 10 s of real time (performance.now is not faked), however loaded the machine is.
 */
async function settle<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => (settled = true));
  const deadline = performance.now() + 10_000;
  while (!settled && performance.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(5);
  }
  return tracked;
}

function retryStarted(): { onRetry: () => void; started: Promise<void> } {
  let onRetry!: () => void;
  const started = new Promise<void>((resolve) => (onRetry = resolve));
  return { onRetry, started };
}

describe('withAadErrors abort', () => {
  it('ends a retry wait at once with ERR_AAD_ABORTED, and leaves no timer running', async () => {
    tokenEndpoint().reply(429, THROTTLED, { 'Retry-After': '30' });
    const hook = retryStarted();
    const aad = withAadErrors(trackedClient().client, { onRetry: hook.onRetry });
    const controller = new AbortController();
    const call = aad.acquireTokenByClientCredential({ scopes: GRAPH }, { signal: controller.signal });
    await hook.started;
    const timersWhileWaiting = vi.getTimerCount();
    const reason = new Error('the client went away');
    controller.abort(reason);
    const error = await call.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'AadError', code: 'ERR_AAD_ABORTED', status: 503, cause: reason });
    expect(error).toMatchObject({ decision: { action: 'retry', code: 50196 } });
    expect(vi.getTimerCount()).toBe(timersWhileWaiting - 1);
  });

  it('rejects with the signal’s reason while the first request is still out, since there is no decision yet', async () => {
    let answer!: () => void;
    let answered = false;
    tokenEndpoint().reply((_uri, _body, callback) => {
      answer = () => callback(null, [200, tokenSuccess()]);
    });
    const aad = withAadErrors(trackedClient().client);
    const controller = new AbortController();
    const call = aad.acquireTokenByClientCredential({ scopes: GRAPH }, { signal: controller.signal });
    await vi.waitUntil(() => answer !== undefined, { interval: 1, timeout: 10_000 });
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    // msal-node's request cannot be cancelled: it finishes in the background and its token is cached.
    answer();
    await settle(aad.acquireTokenByClientCredential({ scopes: GRAPH }).then(() => (answered = true)));
    expect(answered).toBe(true);
  });

  it('does not call msal-node at all for a signal that is already aborted', async () => {
    let calls = 0;
    tokenEndpoint().reply(() => {
      calls++;
      return [200, tokenSuccess()];
    });
    const aad = withAadErrors(trackedClient().client);
    await expect(aad.acquireTokenByClientCredential({ scopes: GRAPH }, { signal: AbortSignal.abort('cancelled') })).rejects.toBe('cancelled');
    expect(calls).toBe(0);
  });

  it('releases an aborting caller while another caller of the same request waits on and gets the token', async () => {
    tokenEndpoint().reply(429, THROTTLED, { 'Retry-After': '2' });
    tokenEndpoint().reply(200, tokenSuccess());
    const hook = retryStarted();
    const aad = withAadErrors(trackedClient().client, { onRetry: hook.onRetry });
    const leaving = new AbortController();
    const first = aad.acquireTokenByClientCredential({ scopes: GRAPH }, { signal: leaving.signal });
    const second = aad.acquireTokenByClientCredential({ scopes: GRAPH }, { signal: new AbortController().signal });
    await hook.started;
    leaving.abort();
    await expect(first).rejects.toMatchObject({ code: 'ERR_AAD_ABORTED' });
    await vi.advanceTimersByTimeAsync(2001);
    await expect(settle(second)).resolves.toMatchObject({ accessToken: expect.stringMatching(/^eyJ/) });
  });

  it('waits the scheduled delay exactly with the real timer, and not a millisecond less', async () => {
    tokenEndpoint().reply(429, THROTTLED, { 'Retry-After': '2' });
    tokenEndpoint().reply(200, tokenSuccess());
    const hook = retryStarted();
    const aad = withAadErrors(trackedClient().client, { onRetry: hook.onRetry });
    let done = false;
    const call = aad.acquireTokenByClientCredential({ scopes: GRAPH }).then((result) => {
      done = true;
      return result;
    });
    await hook.started;
    await vi.advanceTimersByTimeAsync(2000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(settle(call)).resolves.toBeTruthy();
  });

  it('rejects call options that are not { signal }', async () => {
    const aad = withAadErrors(trackedClient().client);
    await expect(aad.acquireTokenByClientCredential({ scopes: GRAPH }, { signal: 'stop' } as never)).rejects.toThrow('the call options must be { signal?: AbortSignal }');
  });
});
