import type { Action, FixBy, Risk } from '../catalog/types.js';
import type { TopEntry } from './top-counter.js';
import type { Finding, InputFormat, Thresholds, UnreadRow } from './types.js';

/** Bumped only on breaking changes to the JSON below; fields may be added within a version. */
export const REPORT_SCHEMA_VERSION = 1;

export type ActionKey = Action | 'unknown';
export type FixByKey = FixBy | 'unknown';
export type RiskKey = Risk | 'unknown';

export interface InputSummary {
  readonly name: string;
  readonly format: InputFormat;
  readonly gzip: boolean;
  readonly rows: number;
  readonly unread: number;
  readonly problems: readonly string[];
}

export interface CodeSummary {
  readonly id: string;
  readonly name: string | null;
  readonly known: boolean;
  readonly count: number;
  /** Share of all failures, 0..1. */
  readonly share: number;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly action: ActionKey;
  readonly fixBy: FixByKey;
  readonly risk: RiskKey;
  readonly summary: string;
  readonly remediation: string;
}

export interface TimelineBucket {
  /** ISO start of the bucket. */
  readonly start: string;
  readonly byRisk: Readonly<Record<RiskKey, number>>;
  readonly byAction: Readonly<Record<ActionKey, number>>;
}

/** What `aadsts triage --json` prints; documented in docs/triage.md. */
export interface TriageReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly generatedAt: string;
  readonly redacted: boolean;
  readonly inputs: readonly InputSummary[];
  readonly totals: { readonly rows: number; readonly successes: number; readonly failures: number; readonly unread: number; readonly withoutTime: number };
  readonly unreadExamples: readonly UnreadRow[];
  readonly timeRange: { readonly first: string | null; readonly last: string | null };
  readonly failures: {
    readonly byAction: Readonly<Record<ActionKey, number>>;
    readonly byFixBy: Readonly<Record<FixByKey, number>>;
    readonly byRisk: Readonly<Record<RiskKey, number>>;
  };
  readonly topCodes: readonly CodeSummary[];
  readonly topApps: readonly TopEntry[];
  readonly topIps: readonly TopEntry[];
  readonly topUsers: readonly TopEntry[];
  /** True when more distinct users/IPs/apps were seen than are counted exactly (bounded memory). */
  readonly topApproximate: boolean;
  readonly timeline: { readonly bucketMinutes: number; readonly buckets: readonly TimelineBucket[] };
  readonly findings: readonly Finding[];
  readonly thresholds: Thresholds;
}
