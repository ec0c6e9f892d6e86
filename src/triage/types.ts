import type { Action, FixBy, Risk } from '../catalog/types.js';

/** One sign-in row as every reader hands it on, whatever the export format. */
export interface SignInRow {
  /** Milliseconds since the epoch, or NaN when the row has no readable time. */
  readonly time: number;
  /** The ResultType / errorCode; 0 is a successful sign-in. */
  readonly code: number;
  readonly description: string;
  readonly user: string;
  readonly ip: string;
  readonly app: string;
  /** The Conditional Access status the log recorded (success, failure, notApplied, reportOnly…). */
  readonly caStatus: string;
  readonly correlationId: string;
  /** The autonomous system number when the export carries it, else empty. */
  readonly asn: string;
}

/** What a reader could not use: counted, with where it was, and never fatal. */
export interface UnreadRow {
  /** `file:line` (or `file:element N` inside a JSON document). */
  readonly where: string;
  readonly reason: string;
}

/** The formats `triage` detects. */
export type InputFormat = 'jsonl' | 'json' | 'csv' | 'empty' | 'binary';

/** How a failed row was classified; one per distinct code, cached. */
export interface CodeClass {
  readonly id: string;
  readonly code: number;
  readonly known: boolean;
  readonly name: string | null;
  /** Null only for codes neither the catalog nor the policy recognises. */
  readonly action: Action | 'unknown';
  readonly fixBy: FixBy | 'unknown';
  readonly risk: Risk | 'unknown';
  readonly summary: string;
  readonly remediation: string;
}

/** Tunable thresholds of the findings; every window is in minutes. */
export interface Thresholds {
  /**
   * Password spray: distinct users with 50126/50053 from one IP prefix (or ASN) inside one window.
   * @default 10
   */
  readonly sprayUsers: number;
  /**
   * Password spray: share of that prefix's sign-ins in the window that failed, so a busy office NAT with
   * a few typos does not fire.
   * @default 0.5
   */
  readonly sprayFailureShare: number;
  /** Brute force: 50126 failures for one user inside one window. @default 10 */
  readonly bruteForceAttempts: number;
  /** MFA fatigue: MFA denials or timeouts for one user inside one window. @default 5 */
  readonly mfaDenials: number;
  /** Conditional Access blocks for one app inside one window. @default 20 */
  readonly caBlocks: number;
  /** Developer/admin-owned failures for one app inside one window. @default 10 */
  readonly misconfig: number;
  /** Throttling failures for one app inside one window. @default 5 */
  readonly throttling: number;
  /** Length of the detection window in minutes. @default 60 */
  readonly windowMinutes: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  sprayUsers: 10,
  sprayFailureShare: 0.5,
  bruteForceAttempts: 10,
  mfaDenials: 5,
  caBlocks: 20,
  misconfig: 10,
  throttling: 5,
  windowMinutes: 60,
};

export type FindingKind = 'password_spray' | 'brute_force' | 'mfa_fatigue' | 'conditional_access_blocks' | 'misconfiguration' | 'throttling';

/** One finding with its evidence and the next step. */
export interface Finding {
  readonly kind: FindingKind;
  readonly severity: 'high' | 'medium' | 'low';
  /** What the finding is about: an IP prefix or ASN, a user, or an app (hashed under --redact). */
  readonly subject: string;
  readonly count: number;
  /** ISO times of the first and last row counted in the windows that crossed the threshold. */
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly codes: Readonly<Record<string, number>>;
  /** Distinct users (spray) or other per-kind tallies, e.g. Conditional Access status for CA blocks. */
  readonly details: Readonly<Record<string, number | string | boolean>>;
  readonly exampleCorrelationIds: readonly string[];
  readonly nextStep: string;
}
