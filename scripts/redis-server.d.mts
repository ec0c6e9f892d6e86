// Types for scripts/redis-server.mjs, so the tests that start Redis type-check.

/** A running redis-server that a test can kill and start again on the same port. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** The server's process ID while it runs. */
  readonly pid: number | undefined;
  /** Kills the server at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/** Starts redis-server on a free loopback port with a temporary directory and no persistence. */
export function startRedis(): Promise<RedisServer>;
