// The handler answers synchronously unless a hook makes it wait (an async `onDecision` or `render`, or
// msal-node building a direct authorize URL). That matters: Node writes a response ended inside the
// request's own tick together with the parser's work, while one ended a microtask later costs about a
// third of the error path's throughput (measured with bench/express.mjs). So each step returns its
// value directly when it can, and a promise only when something it called did.

export type MaybePromise<T> = T | Promise<T>;

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Applies `next` now to a plain value, or when the promise settles. */
export function andThen<T, R>(value: MaybePromise<T>, next: (resolved: T) => MaybePromise<R>): MaybePromise<R> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value);
}
