// Types for scripts/fuzz-harness.mjs, so the CI share (test/hardening/fuzz-share.test.ts) type-checks.

export interface FuzzLibrary {
  parseAadError(input: unknown, options?: { now?: number; fromTokenRequest?: boolean }): { readonly codeIds: readonly string[]; readonly error: string | null } | null;
  classify(input: unknown, options?: { context?: 'web_app' | 'web_api' | 'daemon' }): { readonly action: string; readonly status: number } | null;
  aadErrorHandler(options?: object): (err: unknown, req: never, res: never, next: (err?: unknown) => void) => void;
  parseWwwAuthenticate(value: string): Array<{ readonly scheme: string; readonly params: Readonly<Record<string, string>> }>;
  isSafeReturnTo(value: unknown): boolean;
}

export interface FuzzReport {
  readonly runs: number;
  readonly seed: number;
  readonly inputs: number;
  /** Inputs parseAadError found an Entra signal in. */
  readonly entra: number;
  readonly answered: number;
  readonly passedOn: number;
  readonly logRecords: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** Failures by kind: throw, http, header-injection, open-redirect, leak, log, next, unanswered, hang, pollution, unhandled-rejection. */
  readonly failures: Readonly<Record<string, number>>;
  readonly examples: readonly string[];
  readonly unhandledRejections: number;
  readonly pollution: boolean;
  readonly ms: number;
}

export interface FuzzOptions {
  readonly lib: FuzzLibrary;
  readonly entraErrorBody: (code: number, options?: object) => object;
  /** Express's request prototype (`express.request`), so some requests have `accepts`, `secure` and friends. */
  readonly expressRequest?: object;
  readonly runs?: number;
  readonly seed?: number;
  /** More real-shaped failures to mutate, each a factory returning a fresh value. */
  readonly extraSeeds?: ReadonlyArray<() => unknown>;
  /** Large strings drawn rarely (1 MB, 10 MB). */
  readonly bigStrings?: readonly string[];
  readonly onProgress?: (report: FuzzReport) => void;
}

export function runFuzz(options: FuzzOptions): Promise<FuzzReport>;
