// Types for the fleet walkthrough, so TypeScript tests can run it.

export interface FleetLog {
  log(line: string): void;
}

/** What the walkthrough measured: token requests Entra ID saw in each part. */
export interface FleetMeasurements {
  readonly coldStart: number;
  readonly throttle: { readonly tokenRequests: number; readonly insideWindow: number };
  readonly outage: number;
}

/** Starts the simulator, Redis and four workers, runs the three parts, stops everything. */
export declare function runFleetExample(options?: { log?: FleetLog; outageSeconds?: number; redisCommandTimeoutMs?: number }): Promise<FleetMeasurements>;
