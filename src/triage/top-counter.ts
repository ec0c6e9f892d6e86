/** One counted key. */
export interface TopEntry {
  readonly key: string;
  readonly count: number;
}

/**
 * Counts keys (users, IPs, apps) in bounded memory. Up to `capacity` keys are counted exactly; past
 * that, every time the table doubles the smaller half is dropped (the "lossy counting" idea), so a key
 * that is frequent overall stays and keeps its count, and memory stays at most 2 × capacity keys.
 * `approximate` tells the report when any count was dropped.
 */
export class TopCounter {
  private readonly counts = new Map<string, number>();
  private pruned = false;

  constructor(private readonly capacity = 5000) {}

  add(key: string, by = 1): void {
    if (key === '') return;
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
    if (this.counts.size >= this.capacity * 2) this.prune();
  }

  get approximate(): boolean {
    return this.pruned;
  }

  top(limit: number): TopEntry[] {
    return [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([key, count]) => ({ key, count }));
  }

  private prune(): void {
    this.pruned = true;
    const keep = [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, this.capacity);
    this.counts.clear();
    for (const [key, count] of keep) this.counts.set(key, count);
  }
}
