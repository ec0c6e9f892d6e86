import type { TriageTexts } from './texts.js';
import type { CodeClass, Finding, FindingKind, SignInRow, Thresholds } from './types.js';

// Findings are counted in fixed windows (`windowMinutes` long) on two grids, the second shifted by
// half a window, so a burst that straddles one grid's boundary falls whole inside the other. Fixed
// windows need no sorted input: Graph returns newest first, Log Analytics in any order.

export const PASSWORD_CODES: ReadonlySet<number> = new Set([50126, 50053]);
export const MFA_DENIAL_CODES: ReadonlySet<number> = new Set([500121]);
export const CA_CODES: ReadonlySet<number> = new Set([50005, 50131, 53000, 53001, 53002, 53003, 53033, 530003, 530004, 530021, 530032, 530084]);
export const THROTTLING_CODES: ReadonlySet<number> = new Set([50196, 90055]);

/** Bound on the window states kept per detector; past it the least active half is dropped. */
const MAX_STATES = 100_000;
/** Distinct users remembered per window; enough to tell any threshold apart. */
const MAX_USERS = 1000;
const MAX_EXAMPLES = 3;
/** Rows between sweeps of completed windows. */
const SWEEP_EVERY = 5000;

interface WindowState {
  count: number;
  /** Every row of the key in the window, failures or not (spray's failure share). */
  all: number;
  first: number;
  last: number;
  readonly users: Set<string>;
  readonly ips: Set<string>;
  readonly codes: Map<number, number>;
  readonly tallies: Map<string, number>;
  readonly examples: string[];
}

function newState(): WindowState {
  return { count: 0, all: 0, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY, users: new Set(), ips: new Set(), codes: new Map(), tallies: new Map(), examples: [] };
}

/** IPv4 /24 or IPv6 /48: a stand-in for "the same network" when the export has no ASN. */
export function ipPrefix(ip: string): string {
  const dot = ip.lastIndexOf('.');
  if (dot > 0 && ip.indexOf(':') < 0) return ip.slice(0, dot);
  if (ip.indexOf(':') >= 0) return ip.split(':', 3).join(':');
  return ip;
}

/** The prefix as people write it: 203.0.113.0/24, 2001:db8:1::/48. */
export function prefixLabel(prefix: string): string {
  if (prefix.indexOf(':') >= 0) return `${prefix}::/48`;
  return prefix.split('.').length === 3 ? `${prefix}.0/24` : prefix;
}

class Detector {
  // key → (bucket × 2 + grid) → state. Numbers as inner keys: no string built per row.
  private readonly states = new Map<string, Map<number, WindowState>>();
  /** Windows retired by `sweep` that had crossed the threshold. */
  private readonly fired: [string, WindowState][] = [];
  private size = 0;

  constructor(
    private readonly windowMs: number,
    private readonly fires: (state: WindowState) => boolean,
  ) {}

  /**
   * On time-ordered input (either direction) a window more than three windows away from the current
   * row is complete: keep it only if it fired. This is what keeps memory flat on a long export.
   */
  sweep(now: number): void {
    const horizon = 3 * this.windowMs;
    for (const [key, byKey] of this.states) {
      for (const [slot, state] of byKey) {
        const start = Math.floor(slot / 2) * this.windowMs - (slot % 2) * (this.windowMs / 2);
        if (Math.abs(start - now) <= horizon) continue;
        byKey.delete(slot);
        this.size--;
        if (this.fires(state)) this.fired.push([key, state]);
      }
      if (byKey.size === 0) this.states.delete(key);
    }
  }

  private slots(time: number): [number, number] {
    const at = Number.isFinite(time) ? time : 0;
    return [Math.floor(at / this.windowMs) * 2, Math.floor((at + this.windowMs / 2) / this.windowMs) * 2 + 1];
  }

  /**
   * Counts a row towards `all` of the windows of (key, time) that already hold a state: spray's
   * denominator, touched by every row. Windows with no password failure keep nothing, so memory stays
   * bounded by the states; sign-ins that came before a window's first failure are not counted (a
   * slightly higher failure share, documented in docs/triage.md).
   */
  count(key: string, time: number): void {
    const byKey = this.states.get(key);
    if (!byKey) return;
    for (const slot of this.slots(time)) {
      const state = byKey.get(slot);
      if (state) state.all++;
    }
  }

  /** The states of (key, time) on both grids. Rows with no time all share one window. */
  touch(key: string, time: number, update: (state: WindowState) => void): void {
    let byKey = this.states.get(key);
    if (!byKey) {
      byKey = new Map();
      this.states.set(key, byKey);
    }
    for (const slot of this.slots(time)) {
      let state = byKey.get(slot);
      if (!state) {
        if (this.size >= MAX_STATES) {
          this.prune();
          this.touch(key, time, update);
          return;
        }
        state = newState();
        byKey.set(slot, state);
        this.size++;
      }
      update(state);
    }
  }

  /** Windows that crossed the threshold, grouped by key. */
  firing(): Map<string, WindowState[]> {
    const out = new Map<string, WindowState[]>();
    const keep = (key: string, state: WindowState): void => {
      const list = out.get(key) ?? [];
      list.push(state);
      out.set(key, list);
    };
    for (const [key, state] of this.fired) keep(key, state);
    for (const [key, byKey] of this.states) for (const state of byKey.values()) if (this.fires(state)) keep(key, state);
    return out;
  }

  private prune(): void {
    const all: [string, number, WindowState][] = [];
    for (const [key, byKey] of this.states) for (const [slot, state] of byKey) all.push([key, slot, state]);
    all.sort((a, b) => b[2].count - a[2].count);
    this.states.clear();
    this.size = 0;
    for (const [key, slot, state] of all.slice(0, MAX_STATES / 2)) {
      let byKey = this.states.get(key);
      if (!byKey) {
        byKey = new Map();
        this.states.set(key, byKey);
      }
      byKey.set(slot, state);
      this.size++;
    }
  }
}

function record(state: WindowState, row: SignInRow): void {
  state.count++;
  if (Number.isFinite(row.time)) {
    if (row.time < state.first) state.first = row.time;
    if (row.time > state.last) state.last = row.time;
  }
  if (state.users.size < MAX_USERS && row.user !== '') state.users.add(row.user);
  if (state.ips.size < MAX_USERS && row.ip !== '') state.ips.add(row.ip);
  state.codes.set(row.code, (state.codes.get(row.code) ?? 0) + 1);
  if (state.examples.length < MAX_EXAMPLES && row.correlationId !== '') state.examples.push(row.correlationId);
}

function tally(state: WindowState, name: string): void {
  state.tallies.set(name, (state.tallies.get(name) ?? 0) + 1);
}

/** Watches every row and turns the windows that cross a threshold into findings. */
export class FindingDetectors {
  private readonly spray: Detector;
  private readonly brute: Detector;
  private readonly mfa: Detector;
  private readonly ca: Detector;
  private readonly misconfig: Detector;
  private readonly throttling: Detector;
  private readonly remediation = new Map<number, string>();

  constructor(
    private readonly thresholds: Thresholds,
    private readonly texts: TriageTexts,
  ) {
    const windowMs = thresholds.windowMinutes * 60_000;
    const t = thresholds;
    this.spray = new Detector(windowMs, (s) => s.users.size >= t.sprayUsers && s.count / Math.max(s.all, s.count) >= t.sprayFailureShare);
    this.brute = new Detector(windowMs, (s) => (s.codes.get(50126) ?? 0) >= t.bruteForceAttempts);
    this.mfa = new Detector(windowMs, (s) => s.count >= t.mfaDenials);
    this.ca = new Detector(windowMs, (s) => s.count >= t.caBlocks);
    this.misconfig = new Detector(windowMs, (s) => s.count >= t.misconfig);
    this.throttling = new Detector(windowMs, (s) => s.count >= t.throttling);
    this.windowMs = windowMs;
  }

  // Order tracking: rows that jump more than a window backwards or forwards. Sorted input (Graph
  // newest first, archives oldest first) has almost none in one of the two directions.
  private readonly windowMs: number;
  private lastTime = Number.NaN;
  private backward = 0;
  private forward = 0;
  private rowsSeen = 0;

  private trackOrder(time: number): void {
    if (!Number.isFinite(time)) return;
    if (time < this.lastTime - this.windowMs) this.backward++;
    else if (time > this.lastTime + this.windowMs) this.forward++;
    this.lastTime = time;
    if (++this.rowsSeen % SWEEP_EVERY !== 0) return;
    // Mostly one direction: a few jumps (file boundaries) are tolerated.
    if (Math.min(this.backward, this.forward) > 2 + this.rowsSeen / 1000) return;
    for (const detector of [this.spray, this.brute, this.mfa, this.ca, this.misconfig, this.throttling]) detector.sweep(time);
  }

  /** Every row, successes too (spray weighs failures against all sign-ins from the network). */
  add(row: SignInRow, cls: CodeClass | undefined): void {
    this.trackOrder(row.time);
    const code = row.code;
    if (row.ip !== '') {
      const prefix = ipPrefix(row.ip);
      if (PASSWORD_CODES.has(code)) {
        this.spray.touch(prefix, row.time, (state) => {
          record(state, row);
          if (row.asn !== '') tally(state, `AS${row.asn}`);
        });
      }
      this.spray.count(prefix, row.time);
    }
    if (!cls) return;
    if (code === 50126 || code === 50053) this.brute.touch(row.user, row.time, (state) => record(state, row));
    if (MFA_DENIAL_CODES.has(code)) this.mfa.touch(row.user, row.time, (state) => record(state, row));
    if (CA_CODES.has(code)) {
      this.ca.touch(row.app, row.time, (state) => {
        record(state, row);
        tally(state, `conditionalAccessStatus:${row.caStatus === '' ? 'unknown' : row.caStatus}`);
      });
    } else if (THROTTLING_CODES.has(code)) {
      this.throttling.touch(row.app, row.time, (state) => record(state, row));
    } else if ((cls.fixBy === 'developer' || cls.fixBy === 'admin') && (cls.action === 'fail' || cls.action === 'consent')) {
      if (!this.remediation.has(code)) this.remediation.set(code, cls.remediation);
      this.misconfig.touch(row.app, row.time, (state) => record(state, row));
    }
  }

  findings(): Finding[] {
    const steps = this.texts.nextSteps;
    const out: Finding[] = [];
    const build = (kind: FindingKind, severity: Finding['severity'], detector: Detector, next: (s: WindowState, key: string) => string, details: (s: WindowState) => Record<string, number | string | boolean>): void => {
      for (const [key, windows] of detector.firing()) {
        if (key === '') continue;
        const strongest = windows.reduce((a, b) => (b.count > a.count ? b : a));
        const first = Math.min(...windows.map((w) => w.first));
        const last = Math.max(...windows.map((w) => w.last));
        const codes: Record<string, number> = {};
        for (const [code, count] of strongest.codes) codes[`AADSTS${code}`] = count;
        out.push({
          kind,
          severity,
          subject: kind === 'password_spray' ? prefixLabel(key) : key,
          count: strongest.count,
          firstSeen: Number.isFinite(first) ? new Date(first).toISOString() : null,
          lastSeen: Number.isFinite(last) ? new Date(last).toISOString() : null,
          codes,
          details: { windowsOverThreshold: windows.length, ...details(strongest) },
          exampleCorrelationIds: strongest.examples,
          nextStep: next(strongest, key),
        });
      }
    };
    const distinct = (s: WindowState): Record<string, number> => ({ distinctUsers: s.users.size, distinctIps: s.ips.size });
    build('password_spray', 'high', this.spray, () => steps.password_spray, (s) => ({ ...distinct(s), signInsFromNetwork: s.all, ...Object.fromEntries(s.tallies) }));
    build('brute_force', 'high', this.brute, (s) => ((s.codes.get(50053) ?? 0) > 0 ? `${steps.lockedOut} ${steps.brute_force}` : steps.brute_force), (s) => ({ ...distinct(s), lockedOut: (s.codes.get(50053) ?? 0) > 0 }));
    build('mfa_fatigue', 'high', this.mfa, () => steps.mfa_fatigue, distinct);
    build('conditional_access_blocks', 'medium', this.ca, () => steps.conditional_access_blocks, (s) => ({ ...distinct(s), ...Object.fromEntries(s.tallies) }));
    build('misconfiguration', 'medium', this.misconfig, (s) => this.remediation.get(topCode(s)) ?? 'Fix the app registration or the app configuration named by the top code.', distinct);
    build('throttling', 'medium', this.throttling, () => steps.throttling, distinct);
    const rank = { high: 0, medium: 1, low: 2 } as const;
    return out.sort((a, b) => rank[a.severity] - rank[b.severity] || b.count - a.count || (a.subject < b.subject ? -1 : 1));
  }
}

function topCode(state: WindowState): number {
  let best = 0;
  let bestCount = -1;
  for (const [code, count] of state.codes) if (count > bestCount) [best, bestCount] = [code, count];
  return best;
}
