// Types for scripts/triage-generate.mjs, so the TypeScript tests can import it.
export interface GeneratedEvent {
  time: number;
  code: number;
  user: string;
  userId: string;
  app: string;
  appId: string;
  ip: string;
  asn: string;
  caStatus: string;
  correlationId: string;
  id: string;
  city: [string, string];
}
export interface Truth {
  kind: string;
  subject: string;
}
export interface GenerateOptions {
  seed?: number;
  users?: number;
  rows?: number;
  days?: number;
  attacks?: number;
  start?: number;
}
export function random(seed: number): () => number;
export function generateSignIns(options?: GenerateOptions): { events: GeneratedEvent[]; truth: Truth[] };
export function backgroundEvents(options?: GenerateOptions): Generator<GeneratedEvent>;
export const FORMATS: readonly string[];
export function formatEvents(format: string, events: Iterable<GeneratedEvent>): Generator<string>;
export function graphSignIn(event: GeneratedEvent, beta?: boolean): Record<string, unknown>;
export function laSignIn(event: GeneratedEvent, table?: string): Record<string, unknown>;
export function diagnosticRecord(event: GeneratedEvent): Record<string, unknown>;
export function score(findings: readonly { kind: string; subject: string }[], truth: readonly Truth[]): { precision: number; recall: number; falsePositives: string[]; missed: string[] };
