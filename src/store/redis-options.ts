import { AadOptionsError } from '../errors.js';
import { isLogger, LOGGER_RULE, type AadLogger } from '../logger.js';
import { optionsError, zod } from '../validation/options-validation.js';
import type { SendCommand } from './redis-commands.js';

/** The options of redisStore and redisCacheClient, after validation. */
export interface ValidRedisOptions {
  readonly sendCommand: SendCommand;
  readonly prefix: string;
  readonly commandTimeoutMs: number;
  readonly retryIntervalMs: number;
  readonly ttlMs: number;
  readonly logger: AadLogger | undefined;
}

/** The defaults each factory applies. */
export interface RedisDefaults {
  readonly prefix: string;
  readonly commandTimeoutMs: number;
}

/** Which optional keys a factory takes beyond `sendCommand`, `prefix`, `commandTimeoutMs` and `logger`. */
interface ExtraKeys {
  readonly retryIntervalMs?: true;
  readonly ttlMs?: true;
}

const DAY_MS = 86_400_000;

function buildSchema(extra: ExtraKeys) {
  const z = zod();
  const ms = (max: number) => z.number('must be a number').int('must be a whole number of milliseconds').min(1, 'must be at least 1').max(max, `must be at most ${max}`);
  return z.strictObject({
    sendCommand: z.custom<SendCommand>((value) => typeof value === 'function', 'must be a function: (...args) => client.sendCommand(args) for node-redis, (command, ...args) => client.call(command, ...args) for ioredis'),
    prefix: z.string('must be a string').min(1, 'must not be empty').max(100, 'must be at most 100 characters').regex(/^[^\s{}]+$/, 'must not contain spaces or braces (braces are Redis Cluster hash tags)').optional(),
    commandTimeoutMs: ms(60_000).optional(),
    logger: z.custom<AadLogger>(isLogger, LOGGER_RULE).optional(),
    ...(extra.retryIntervalMs ? { retryIntervalMs: ms(3_600_000).optional() } : {}),
    ...(extra.ttlMs ? { ttlMs: ms(365 * DAY_MS).optional() } : {}),
  }, 'must be an object');
}

const schemas = new Map<string, ReturnType<typeof buildSchema>>();

/** Validates once, at construction; throws `AadOptionsError` naming the bad key. */
export function validateRedisOptions(name: string, options: unknown, extra: ExtraKeys, defaults: RedisDefaults = { prefix: 'aad-error-handler', commandTimeoutMs: 50 }): ValidRedisOptions {
  const prefix = `aad-error-handler ${name}`;
  if (options === undefined || options === null) throw new AadOptionsError(`${prefix}: options with \`sendCommand\` are required`);
  let schema = schemas.get(name);
  if (schema === undefined) {
    schema = buildSchema(extra);
    schemas.set(name, schema);
  }
  const result = schema.safeParse(options);
  if (!result.success) throw optionsError(prefix, result.error, options, Object.keys(schema.shape));
  const valid = options as Partial<ValidRedisOptions> & { sendCommand: SendCommand };
  return {
    sendCommand: valid.sendCommand,
    prefix: valid.prefix ?? defaults.prefix,
    commandTimeoutMs: valid.commandTimeoutMs ?? defaults.commandTimeoutMs,
    retryIntervalMs: valid.retryIntervalMs ?? 1000,
    ttlMs: valid.ttlMs ?? DAY_MS,
    logger: valid.logger,
  };
}
