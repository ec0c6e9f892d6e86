import { debuglog } from 'node:util';

// One logger contract for the whole library: the middleware and the MSAL wrapper take the same
// pino-style object (the record first, then the message), so one pino, bunyan or `console` serves both.

/** The levels the library logs at. */
export type AadLogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where the library reports what it did: pino, bunyan, `console`, or your own object. Every method is
 * optional; a level you leave out is not logged. Records hold identifiers and numbers only, never
 * upstream text, tokens or secrets.
 */
export interface AadLogger {
  debug?(record: object, message: string): void;
  info?(record: object, message: string): void;
  warn?(record: object, message: string): void;
  error?(record: object, message: string): void;
}

const LEVELS: readonly AadLogLevel[] = ['debug', 'info', 'warn', 'error'];

let debugLogger: AadLogger | undefined;

/**
 * The logger used when none is given: every record goes to `NODE_DEBUG=aad-error-handler` (Node's
 * `util.debuglog`), so nothing is printed unless asked for. Made on first use: `debuglog` reads the
 * environment once, when it is created.
 */
export function defaultLogger(): AadLogger {
  if (debugLogger === undefined) {
    const debug = debuglog('aad-error-handler');
    const write = (record: object, message: string): void => debug('%s %j', message, record);
    debugLogger = { debug: write, info: write, warn: write, error: write };
  }
  return debugLogger;
}

/** The validation message for a `logger` option that `isLogger` refuses. */
export const LOGGER_RULE = 'must be false, or an object with only functions as debug, info, warn and error';

/** The `logger` option: a logger, `false` for no logging at all, or undefined for the layer's default. */
export type LoggerOption = AadLogger | false | undefined;

const SILENT: AadLogger = {};

/** The logger a layer uses: the one given, none for `false`, else the layer's default. */
export function chooseLogger(option: LoggerOption, fallback: () => AadLogger): AadLogger {
  if (option === false) return SILENT;
  return option ?? fallback();
}

/** True for a valid `logger` option value: `false` or a logger. */
export function isLoggerOption(value: unknown): value is AadLogger | false {
  return value === false || isLogger(value);
}

/** True for an object whose logging methods, where present, are functions. */
export function isLogger(value: unknown): value is AadLogger {
  if (typeof value !== 'object' || value === null) return false;
  return LEVELS.every((level) => {
    const method = (value as Record<string, unknown>)[level];
    return method === undefined || typeof method === 'function';
  });
}

/** Logs one record. A logger that throws is ignored: logging must never break a request or a token call. */
export function log(logger: AadLogger, level: AadLogLevel, record: object, message: string): void {
  try {
    logger[level]?.(record, `aad-error-handler: ${message}`);
  } catch {
    // Nothing better to do with a broken logger than to carry on without it.
  }
}
