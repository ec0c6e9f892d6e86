// Types for the web-API walkthrough, so TypeScript tests can run it in-process.

/** The example API's client ID with the simulated Entra ID. */
export declare const API_CLIENT_ID: string;

export interface WalkthroughResult {
  readonly title: string;
  readonly status: number;
  /** `www-authenticate`, `retry-after` and `content-type`, when present. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** Starts the simulator, the Graph stand-in and the API, calls GET /api/me once per case, and stops them. */
export declare function runWalkthrough(options?: { log?: (line: string) => void }): Promise<WalkthroughResult[]>;
