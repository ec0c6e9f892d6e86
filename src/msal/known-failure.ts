import type { ClassifiedFailure } from './throttling.js';

/**
 * An attempt that failed, already classified (the fleet layer classifies before it gives the lease
 * back), or that was refused without a request from what the store knew: then `error` is undefined
 * and, with `giveUp`, the caller fails at once (an open circuit) instead of waiting to retry.
 */
export class KnownFailure extends Error {
  override readonly name = 'KnownFailure';

  constructor(
    readonly error: unknown,
    readonly failure: ClassifiedFailure | null,
    readonly giveUp: boolean,
  ) {
    // Never reaches a caller: the retry loop unwraps it.
    super('an attempt the fleet layer classified or refused');
  }
}
