// The timing primitives every benchmark here shares: per-call times, medians, and an ABBA comparison.
// Medians rather than means, and ratios within a round rather than across the run, because this
// machine is shared: a burst of outside load spoils one sample or one round, not the result.

/** The middle value (the upper one of an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Nanoseconds per call of the synchronous `fn(input)`, over `calls` calls. */
export function timePerCall(fn, input, calls) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) fn(input);
  return Number(process.hrtime.bigint() - start) / calls;
}

/** Nanoseconds per call of the asynchronous `fn()`, awaited one after another, over `calls` calls. */
export async function nsPerCall(fn, calls) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await fn();
  return Number(process.hrtime.bigint() - start) / calls;
}

/**
 * `a` and `b` in ABBA order within each round, after one warm-up pass each, so drift in the machine's
 * speed hits both alike. Median ns per call of each and the median of the per-round ratios b / a.
 */
export async function compareAbba(a, b, { rounds, calls, warmUpCalls = calls }) {
  await nsPerCall(a, warmUpCalls);
  await nsPerCall(b, warmUpCalls);
  const aNs = [];
  const bNs = [];
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    const a1 = await nsPerCall(a, calls / 2);
    const b1 = await nsPerCall(b, calls / 2);
    const b2 = await nsPerCall(b, calls / 2);
    const a2 = await nsPerCall(a, calls / 2);
    aNs.push((a1 + a2) / 2);
    bNs.push((b1 + b2) / 2);
    ratios.push((b1 + b2) / (a1 + a2));
  }
  return { aNs: median(aNs), bNs: median(bNs), ratio: median(ratios) };
}
