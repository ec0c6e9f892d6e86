import { log, type AadLogger } from '../logger.js';
import type { RedisScript } from './redis-scripts.js';

/**
 * Sends one Redis command, given as its words (`'SET', 'key', 'value', 'PX', '100'`), and resolves with
 * the reply. The convention of rate-limit-redis: node-redis 4/5 `(...args) => client.sendCommand(args)`,
 * ioredis `(command, ...args) => client.call(command, ...args)`.
 */
export type SendCommand = (...args: string[]) => Promise<unknown>;

/** Raised when Redis did not answer within the command timeout. */
class CommandTimeout extends Error {
  override readonly name = 'RedisCommandTimeout';
}

/**
 * Runs commands with a timeout each and reports whether Redis is reachable: after a failure or a
 * timeout, `available` is false for `retryIntervalMs`, during which callers use their fallback
 * without asking Redis, and the next command after it tries Redis again. One warning per outage, one
 * notice when Redis answers again.
 */
export class RedisCommands {
  readonly #send: SendCommand;
  readonly #timeoutMs: number;
  readonly #retryIntervalMs: number;
  readonly #logger: AadLogger;
  readonly #what: string;
  #down = false;
  #retryAt = 0;

  constructor(send: SendCommand, timeoutMs: number, retryIntervalMs: number, logger: AadLogger, what: string) {
    this.#send = send;
    this.#timeoutMs = timeoutMs;
    this.#retryIntervalMs = retryIntervalMs;
    this.#logger = logger;
    this.#what = what;
  }

  /** False while Redis is considered down; the real clock, since this is about Redis, not Entra. */
  get available(): boolean {
    return !this.#down || Date.now() >= this.#retryAt;
  }

  /** True from a failed or timed-out command until the next one Redis answers: the store is answering from local memory. */
  get down(): boolean {
    return this.#down;
  }

  /**
   * The reply, or `undefined` after a failure or a timeout (already logged). Never rejects.
   * `timeoutMs` overrides the command timeout for this one command.
   */
  async run(args: readonly string[], timeoutMs = this.#timeoutMs): Promise<{ reply: unknown } | undefined> {
    try {
      const reply = await this.#timed(args, timeoutMs);
      this.#up();
      return { reply };
    } catch (error) {
      this.#fail(error);
      return undefined;
    }
  }

  /** Runs a script by its SHA, loading it with EVAL when the server does not have it (after a restart or a flush). */
  async script(script: RedisScript, keys: readonly string[], args: readonly string[]): Promise<{ reply: unknown } | undefined> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      let reply: unknown;
      try {
        reply = await this.#timed(['EVALSHA', script.sha, ...tail]);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
        reply = await this.#timed(['EVAL', script.source, ...tail]);
      }
      this.#up();
      return { reply };
    } catch (error) {
      this.#fail(error);
      return undefined;
    }
  }

  #timed(args: readonly string[], timeoutMs = this.#timeoutMs): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // One more turn of the event loop first: on a busy process the timer can fire when the reply
        // is already waiting on the socket, and the poll phase that reads it comes before setImmediate.
        // A reply that has arrived wins; the timeout then only catches a Redis that did not answer.
        setImmediate(() => {
          reject(new CommandTimeout(`no answer within ${timeoutMs} ms`));
        });
      }, timeoutMs);
      // A pending Redis command must not keep the process alive.
      timer.unref();
      let sent: Promise<unknown>;
      try {
        sent = Promise.resolve(this.#send(...args));
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  #up(): void {
    if (!this.#down) return;
    this.#down = false;
    log(this.#logger, 'info', { store: 'redis', of: this.#what }, 'Redis answers again; shared state is back on Redis');
  }

  #fail(error: unknown): void {
    this.#retryAt = Date.now() + this.#retryIntervalMs;
    if (this.#down) return;
    this.#down = true;
    // The error's name only: a client's message may carry a host name or a password from a URL.
    const reason = error instanceof CommandTimeout ? 'timeout' : error instanceof Error ? error.name : typeof error;
    log(this.#logger, 'warn', { store: 'redis', of: this.#what, reason, timeoutMs: this.#timeoutMs }, 'Redis is not answering; using local memory until it does');
  }
}
