// Types for the simulated daemon walkthrough, so TypeScript tests can run it in-process.
import type { AadError } from 'aad-error-handler';

export interface WalkthroughLog {
  log(line: string): void;
  warn(line: string): void;
}

/** Runs the daemon three times against a simulated Entra ID; resolves to the AadError that stopped it. */
export declare function runSimulated(options?: { log?: WalkthroughLog; intervalMs?: number; retryAfter?: number }): Promise<AadError>;
