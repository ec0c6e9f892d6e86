import type { Decision } from '../classify/types.js';

/** A throttle window msal-node is holding for one request thumbprint. */
export interface ThrottleWindow {
  /** The first instant at which msal-node lets the request through again, in epoch milliseconds. */
  readonly endsAt: number;
  /** The decision for the failure that opened the window; MSAL's replay of it carries less. */
  readonly decision: Decision;
}

/** How many windows are remembered; the oldest is forgotten first. */
const MAX_WINDOWS = 512;

/**
 * The wrapper's memory of msal-node's throttle entries. MSAL keys those by request thumbprint and,
 * inside the window, answers every identical request with a replayed ServerError without touching the
 * network, so the only way through is to wait until the window ends. Kept per wrapper, across calls,
 * so a call that starts inside a window left by an earlier one knows how long it has to wait.
 */
export class ThrottleWindows {
  readonly #windows = new Map<string, ThrottleWindow>();

  /** The window still open for a key at `now`, if any. */
  get(key: string, now: number): ThrottleWindow | undefined {
    const window = this.#windows.get(key);
    if (window === undefined) return undefined;
    if (window.endsAt <= now) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Opens (or moves) the window for a key; msal-node's newest entry replaces the older one too. */
  open(key: string, endsAt: number, decision: Decision): ThrottleWindow {
    const window: ThrottleWindow = { endsAt, decision };
    this.#windows.delete(key);
    this.#windows.set(key, window);
    if (this.#windows.size > MAX_WINDOWS) {
      const oldest = this.#windows.keys().next().value;
      if (oldest !== undefined) this.#windows.delete(oldest);
    }
    return window;
  }
}
