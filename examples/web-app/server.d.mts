// Types for the demo's entry point, so TypeScript tests can start it in-process.

/** The app registration's client ID the demo uses with the simulated Entra ID. */
export declare const CLIENT_ID: string;

export interface DemoLog {
  log(message: string): void;
  warn(message: string): void;
}

export interface RunningDemo {
  /** The app as a browser reaches it: `http://localhost:<port>`. */
  readonly url: string;
  /** The simulated Entra ID's loopback origin (sign-in and admin-consent pages). */
  readonly simulatorUrl: string;
  close(): Promise<void>;
}

/** Starts the simulated Entra ID and the demo web app. `port: 0` picks a free port. */
export declare function startDemo(options?: { port?: number; log?: DemoLog }): Promise<RunningDemo>;
