import type { Readable } from 'node:stream';
import { ACTIONS, FIX_BY, RISKS } from '../catalog/types.js';
import { CodeClassifier } from './classify-code.js';
import { FindingDetectors } from './findings.js';
import { readInput } from './read.js';
import { createRedactor, redactText, type Redactor } from './redact.js';
import { textsFor, type Language } from './texts.js';
import { REPORT_SCHEMA_VERSION, type ActionKey, type CodeSummary, type FixByKey, type InputSummary, type RiskKey, type TimelineBucket, type TriageReport } from './report.js';
import { TopCounter } from './top-counter.js';
import { DEFAULT_THRESHOLDS, type CodeClass, type SignInRow, type Thresholds, type UnreadRow } from './types.js';

/** One input: a name for messages and a way to open it as a byte stream. */
export interface TriageInput {
  readonly name: string;
  open(): Readable;
}

export interface TriageOptions {
  /** Overrides of the finding thresholds. @default DEFAULT_THRESHOLDS */
  readonly thresholds?: Partial<Thresholds>;
  /** Hash user names and IPs with a per-run salt in every output. @default false */
  readonly redact?: boolean;
  /** Called for every readable row as it streams by (the `--csv` output), already redacted. */
  readonly onRow?: (row: SignInRow, cls: CodeClass | undefined) => void;
  /** Raw bytes consumed so far, for a progress bar. */
  readonly onBytes?: (count: number) => void;
  /** How many top codes/apps/IPs/users the report lists. @default 10 */
  readonly top?: number;
  /** Language of the findings' next steps. @default 'en' */
  readonly lang?: Language;
  /** Fixed clock for `generatedAt` (tests). */
  readonly now?: () => Date;
}

const MAX_UNREAD_EXAMPLES = 20;
const HOUR_MS = 3_600_000;
/** The report's charts hold at most this many bars. */
const MAX_BUCKETS = 60;

type Counts<K extends string> = Record<K, number>;
const ACTION_KEYS: readonly ActionKey[] = [...ACTIONS, 'unknown'];
const FIX_BY_KEYS: readonly FixByKey[] = [...FIX_BY, 'unknown'];
const RISK_KEYS: readonly RiskKey[] = [...RISKS, 'unknown'];

function zero<K extends string>(keys: readonly K[]): Counts<K> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Counts<K>;
}

interface CodeStats {
  readonly cls: CodeClass;
  count: number;
  first: number;
  last: number;
}

interface HourCounts {
  readonly byRisk: Counts<RiskKey>;
  readonly byAction: Counts<ActionKey>;
}

function iso(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Reads every input, streaming, and returns the summary and the findings. Never throws on bad data. */
export async function triage(inputs: readonly TriageInput[], options: TriageOptions = {}): Promise<TriageReport> {
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const redact: Redactor = createRedactor(options.redact === true);
  const top = options.top ?? 10;
  const scrub = (text: string): string => (options.redact ? redactText(text, redact) : text);
  const classifier = new CodeClassifier(scrub);
  const detectors = new FindingDetectors(thresholds, textsFor(options.lang));
  const byAction = zero(ACTION_KEYS);
  const byFixBy = zero(FIX_BY_KEYS);
  const byRisk = zero(RISK_KEYS);
  const codes = new Map<number, CodeStats>();
  const apps = new TopCounter();
  const ips = new TopCounter();
  const users = new TopCounter();
  const hours = new Map<number, HourCounts>();
  const unreadExamples: UnreadRow[] = [];
  const summaries: InputSummary[] = [];
  let rows = 0;
  let successes = 0;
  let unread = 0;
  let withoutTime = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;

  // Everything counts the raw values (an IP prefix needs the IP); only what leaves is redacted.
  const emit = options.onRow;
  const pass = (row: SignInRow, cls: CodeClass | undefined): void => {
    if (emit) emit(options.redact ? { ...row, user: redact('user', row.user), ip: redact('ip', row.ip), description: scrub(row.description) } : row, cls);
  };
  const onRow = (row: SignInRow): void => {
    rows++;
    if (Number.isFinite(row.time)) {
      if (row.time < first) first = row.time;
      if (row.time > last) last = row.time;
    } else withoutTime++;
    if (row.code === 0) {
      successes++;
      detectors.add(row, undefined);
      pass(row, undefined);
      return;
    }
    const cls = classifier.classify(row.code, row.description);
    byAction[cls.action]++;
    byFixBy[cls.fixBy]++;
    byRisk[cls.risk]++;
    let stats = codes.get(row.code);
    if (!stats) {
      stats = { cls, count: 0, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY };
      codes.set(row.code, stats);
    }
    stats.count++;
    if (row.time < stats.first) stats.first = row.time;
    if (row.time > stats.last) stats.last = row.time;
    apps.add(row.app);
    ips.add(row.ip);
    users.add(row.user);
    if (Number.isFinite(row.time)) {
      const hour = Math.floor(row.time / HOUR_MS);
      let counts = hours.get(hour);
      if (!counts) {
        counts = { byRisk: zero(RISK_KEYS), byAction: zero(ACTION_KEYS) };
        hours.set(hour, counts);
      }
      counts.byRisk[cls.risk]++;
      counts.byAction[cls.action]++;
    }
    detectors.add(row, cls);
    pass(row, cls);
  };

  for (const input of inputs) {
    let result;
    try {
      result = await readInput(input.name, input.open(), {
        row: onRow,
        unread: (entry) => {
          unread++;
          if (unreadExamples.length < MAX_UNREAD_EXAMPLES) unreadExamples.push(entry);
        },
        ...(options.onBytes ? { bytes: options.onBytes } : {}),
      });
    } catch (error) {
      // Opening failed (missing file, permission): say so and go on with the other inputs.
      result = { format: 'empty' as const, gzip: false, rows: 0, unread: 0, problems: [`${input.name}: ${error instanceof Error ? error.message : String(error)}`] };
    }
    summaries.push({ name: input.name, ...result });
  }

  const failures = rows - successes;
  const topCodes: CodeSummary[] = [...codes.values()]
    .sort((a, b) => b.count - a.count || a.cls.code - b.cls.code)
    .slice(0, top)
    .map(({ cls, count, first: f, last: l }) => ({
      id: cls.id,
      name: cls.name,
      known: cls.known,
      count,
      share: failures === 0 ? 0 : count / failures,
      firstSeen: iso(f),
      lastSeen: iso(l),
      action: cls.action,
      fixBy: cls.fixBy,
      risk: cls.risk,
      summary: cls.summary,
      remediation: cls.remediation,
    }));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    redacted: options.redact === true,
    inputs: summaries,
    totals: { rows, successes, failures, unread, withoutTime },
    unreadExamples,
    timeRange: { first: iso(first), last: iso(last) },
    failures: { byAction, byFixBy, byRisk },
    topCodes,
    topApps: apps.top(top),
    topIps: ips.top(top).map((entry) => ({ key: redact('ip', entry.key), count: entry.count })),
    topUsers: users.top(top).map((entry) => ({ key: redact('user', entry.key), count: entry.count })),
    topApproximate: apps.approximate || ips.approximate || users.approximate,
    timeline: timeline(hours),
    findings: detectors.findings().map((finding) => {
      if (finding.kind === 'password_spray') return { ...finding, subject: redact('ip', finding.subject) };
      if (finding.kind === 'brute_force' || finding.kind === 'mfa_fatigue') return { ...finding, subject: redact('user', finding.subject) };
      return finding;
    }),
    thresholds,
  };
}

/** Hour counts re-binned into at most MAX_BUCKETS equal buckets (whole hours) for the charts. */
function timeline(hours: ReadonlyMap<number, HourCounts>): TriageReport['timeline'] {
  if (hours.size === 0) return { bucketMinutes: 60, buckets: [] };
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const hour of hours.keys()) {
    if (hour < lo) lo = hour;
    if (hour > hi) hi = hour;
  }
  const width = Math.max(1, Math.ceil((hi - lo + 1) / MAX_BUCKETS));
  const buckets: { start: number; byRisk: Counts<RiskKey>; byAction: Counts<ActionKey> }[] = [];
  for (let start = lo; start <= hi; start += width) buckets.push({ start, byRisk: zero(RISK_KEYS), byAction: zero(ACTION_KEYS) });
  for (const [hour, counts] of hours) {
    const bucket = buckets[Math.floor((hour - lo) / width)]!;
    for (const key of RISK_KEYS) bucket.byRisk[key] += counts.byRisk[key];
    for (const key of ACTION_KEYS) bucket.byAction[key] += counts.byAction[key];
  }
  const out: TimelineBucket[] = buckets.map((b) => ({ start: new Date(b.start * HOUR_MS).toISOString(), byRisk: b.byRisk, byAction: b.byAction }));
  return { bucketMinutes: width * 60, buckets: out };
}
