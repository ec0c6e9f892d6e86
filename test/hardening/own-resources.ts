import { createHook, type AsyncHook } from 'node:async_hooks';

interface Resource {
  readonly type: string;
  readonly handle: unknown;
}

export interface OwnResources {
  /** Starts counting: only resources created from now on are tracked. */
  start(): void;
  /** Stops noticing new resources (the checks' own timers, vi.waitFor's among them) but still sees ends. */
  freeze(): void;
  stop(): void;
  /** How many tracked resources of `type` are neither ended nor unref'd. */
  live(type: 'Timeout' | 'TCPWRAP'): number;
}

function keepsProcessAlive(handle: unknown): boolean {
  const hasRef = (handle as { hasRef?: unknown } | null)?.hasRef;
  return typeof hasRef === 'function' ? Boolean(hasRef.call(handle)) : true;
}

/**
 * Timers and sockets a test created itself, seen through async_hooks. Counting
 * `process.getActiveResourcesInfo()` instead picks up Node's own HTTP connection-check interval and
 * anything else alive in the worker, which made the abort tests fail at random.
 */
export function trackOwnResources(): OwnResources {
  const alive = new Map<number, Resource>();
  let hook: AsyncHook | undefined;
  let recording = false;
  return {
    start() {
      alive.clear();
      hook?.disable();
      recording = true;
      hook = createHook({
        init(asyncId, type, _trigger, handle) {
          if (recording && (type === 'Timeout' || type === 'TCPWRAP')) alive.set(asyncId, { type, handle });
        },
        destroy(asyncId) {
          alive.delete(asyncId);
        },
      }).enable();
    },
    freeze() {
      recording = false;
    },
    stop() {
      recording = false;
      hook?.disable();
      hook = undefined;
      alive.clear();
    },
    live(type) {
      let count = 0;
      for (const resource of alive.values()) if (resource.type === type && keepsProcessAlive(resource.handle)) count++;
      return count;
    },
  };
}
