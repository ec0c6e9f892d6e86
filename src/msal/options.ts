import { defaultLogger, isLogger, LOGGER_RULE, type AadLogger } from '../logger.js';
import type { ClassifyOptions, Context, Decision } from '../classify/types.js';
import { didYouMean, optionsError, zod } from '../validation/options-validation.js';
import { AadOptionsError } from '../errors.js';
import { type AadNetworkClient, answerLogOf } from './network-client.js';
import { MAX_TIMER_MS, type RetryLimits } from './retry.js';
import type { AnswerLog } from './throttling.js';
import type { BreakerOptions, ResolvedBreaker } from './fleet.js';
import { MemoryStore } from '../store/memory-store.js';
import type { AadStore } from '../store/types.js';

/** How `retry` decisions are retried. Only `retry` decisions are: every other action is thrown at once. */
export interface RetryOptions {
  /** Attempts in all, the first one included; `1` turns retrying off. @default 4 */
  readonly maxAttempts?: number;
  /** The ceiling of the first backoff wait, in milliseconds; it doubles with each retry (full jitter). @default 1000 */
  readonly baseDelayMs?: number;
  /**
   * The largest backoff ceiling, in milliseconds. `Retry-After` and msal-node's throttle window may ask
   * for longer; `maxElapsedMs` bounds those.
   * @default 30000
   */
  readonly maxDelayMs?: number;
  /**
   * The hard bound on one call, in milliseconds: a wait that would end at or after it is not slept
   * through but fails at once. An attempt already running is not cut short (MSAL requests cannot be
   * cancelled; bound them with `aadNetworkClient({ timeoutMs })`).
   * @default 120000
   */
  readonly maxElapsedMs?: number;
}

/** Called before each retry wait: the failure, the number of attempts that have failed, and the wait. */
export type OnRetry = (decision: Decision, attempt: number, delayMs: number) => void;

/** Options for `withAadErrors`. */
export interface WithAadErrorsOptions {
  /**
   * Where failures are classified. A `daemon` has no user, so `reauthenticate` and `consent` become `fail`.
   * @default 'daemon' for acquireTokenByClientCredential and callApi, 'web_api' for acquireTokenOnBehalfOf, 'web_app' otherwise
   */
  readonly context?: Context;
  /** Retry limits for `retry` decisions. @default { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30000, maxElapsedMs: 120000 } */
  readonly retry?: RetryOptions;
  /**
   * Runs before each retry wait. It cannot change the wait, and an exception it throws is logged, not raised.
   * @example onRetry: (decision, attempt, delayMs) => metrics.increment('entra.retry', { code: decision.codeId })
   */
  readonly onRetry?: OnRetry;
  /** Receives retries (`info`), give-ups (`warn`) and hook failures (`error`); never secrets or upstream text. @default NODE_DEBUG=aad-error-handler:msal */
  readonly logger?: AadLogger;
  /**
   * The `aadNetworkClient()` this client was built with, for exact Retry-After values and throttle
   * windows. Found by itself when it was passed as `system.networkClient`; name it here otherwise.
   */
  readonly networkClient?: AadNetworkClient;
  /** Share one in-flight request (and its retries) among concurrent identical calls. @default true */
  readonly singleFlight?: boolean;
  /** Classifier overrides, as for `classify(input, { overrides })`. */
  readonly overrides?: ClassifyOptions['overrides'];
  /**
   * Where state shared across instances lives: throttle waits, token-request leases, the circuit and
   * interaction-required memory. `memoryStore()` shares it within a process; `redisStore()` from
   * `aad-error-handler/redis` across a fleet. Giving a store (or `breaker`, `interactionMemoryMs` or
   * `lease`) turns these on; without any of them the wrapper keeps its state per instance, as before.
   * Never holds a token or a secret.
   * @default none (per-wrapper state only); `memoryStore()` when `breaker`, `interactionMemoryMs` or `lease` is given
   * @example store: redisStore({ sendCommand: (...args) => client.sendCommand(args) })
   */
  readonly store?: AadStore;
  /**
   * The circuit breaker per authority: after `failureThreshold` consecutive retry-class failures across
   * everything sharing the store, callers fail fast with `retry` and the time left for `coolDownMs`;
   * then one probe goes through. `false` turns it off.
   * @default { failureThreshold: 5, coolDownMs: 30000, probeTimeoutMs: 10000 } when a store is given
   */
  readonly breaker?: BreakerOptions | false;
  /**
   * How long a `reauthenticate`, `consent` or `claims_challenge` failure of a silent, on-behalf-of or
   * refresh-token request is remembered for its user and scopes, in milliseconds: silent calls for them
   * fail fast with the same Decision. A successful `acquireTokenByCode` or `acquireTokenByDeviceCode`
   * for the account clears it. `0` turns it off.
   * @default 120000 when a store is given
   */
  readonly interactionMemoryMs?: number;
  /** The fleet-wide single flight for token requests that miss the cache. @default { ttlMs: 10000, maxWaitMs: 10000 } */
  readonly lease?: LeaseOptions;
}

/** The fleet-wide single flight: one instance sends a cache-missing token request, the others wait and read its token from msal-node's distributed cache. */
export interface LeaseOptions {
  /** How long the instance sending the request holds the lease, in milliseconds; longer than one token request takes. @default 10000 */
  readonly ttlMs?: number;
  /** How long the other instances wait for it, in milliseconds; past it they send their own request. @default 10000 */
  readonly maxWaitMs?: number;
}

/** The optional last argument of every wrapped method. */
export interface CallOptions {
  /** Ends this caller's wait at once; the shared request stops only when every caller has aborted. */
  readonly signal?: AbortSignal;
}

/** Options after validation, with every default applied. */
export interface ResolvedOptions {
  readonly context: Context | undefined;
  readonly limits: RetryLimits;
  readonly onRetry: OnRetry | undefined;
  readonly logger: AadLogger;
  readonly answers: AnswerLog | undefined;
  readonly singleFlight: boolean;
  readonly overrides: ClassifyOptions['overrides'] | undefined;
  readonly fleet: ResolvedFleet | undefined;
}

/** The fleet options with every default applied. */
export interface ResolvedFleet {
  readonly store: AadStore;
  readonly breaker: ResolvedBreaker | null;
  readonly interactionMemoryMs: number;
  readonly leaseTtlMs: number;
  readonly leaseWaitMs: number;
}

const STORE_METHODS = ['get', 'extend', 'delete', 'acquireLease', 'releaseLease', 'recordFailure'] as const;

function isStore(value: unknown): value is AadStore {
  return typeof value === 'object' && value !== null && STORE_METHODS.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
}

export const DEFAULT_BREAKER = { failureThreshold: 5, coolDownMs: 30_000, probeTimeoutMs: 10_000 } as const;
export const DEFAULT_INTERACTION_MEMORY_MS = 120_000;
export const DEFAULT_LEASE = { ttlMs: 10_000, maxWaitMs: 10_000 } as const;

function resolveFleet(valid: WithAadErrorsOptions): ResolvedFleet | undefined {
  if (valid.store === undefined && valid.breaker === undefined && valid.interactionMemoryMs === undefined && valid.lease === undefined) return undefined;
  const breaker = valid.breaker === false ? null : { ...DEFAULT_BREAKER, ...valid.breaker };
  const coolDownMs = breaker?.coolDownMs ?? 0;
  return {
    store: valid.store ?? new MemoryStore(),
    breaker: breaker === null ? null : {
      // The record outlives the cool-down by a minute, so a probe that fails still finds it; a run of
      // failures older than that no longer counts as consecutive.
      policy: { threshold: breaker.failureThreshold, coolDownMs, ttlMs: coolDownMs + 60_000 },
      probeTimeoutMs: breaker.probeTimeoutMs,
      onStateChange: breaker.onStateChange,
    },
    interactionMemoryMs: valid.interactionMemoryMs ?? DEFAULT_INTERACTION_MEMORY_MS,
    leaseTtlMs: valid.lease?.ttlMs ?? DEFAULT_LEASE.ttlMs,
    leaseWaitMs: valid.lease?.maxWaitMs ?? DEFAULT_LEASE.maxWaitMs,
  };
}

export const DEFAULT_LIMITS: RetryLimits = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxElapsedMs: 120_000 };

const KNOWN_KEYS: { [K in keyof Required<WithAadErrorsOptions>]: true } = {
  context: true, retry: true, onRetry: true, logger: true, networkClient: true, singleFlight: true, overrides: true,
  store: true, breaker: true, interactionMemoryMs: true, lease: true,
};
const KNOWN_RETRY_KEYS: { [K in keyof Required<RetryOptions>]: true } = { maxAttempts: true, baseDelayMs: true, maxDelayMs: true, maxElapsedMs: true };
const PREFIX = 'aad-error-handler withAadErrors';


let schema: ReturnType<typeof buildSchema> | undefined;

function buildSchema() {
  const z = zod();
  const isFunction = (value: unknown): boolean => typeof value === 'function';
  const milliseconds = z.number('must be a number').int('must be a whole number of milliseconds').min(0, 'must be 0 or more').max(MAX_TIMER_MS, `must be at most ${MAX_TIMER_MS} (setTimeout's limit)`);
  return z.strictObject({
    context: z.enum(['web_app', 'web_api', 'daemon'], 'must be "web_app", "web_api" or "daemon"').optional(),
    retry: z
      .strictObject({
        maxAttempts: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
        baseDelayMs: milliseconds.optional(),
        maxDelayMs: milliseconds.optional(),
        maxElapsedMs: milliseconds.optional(),
      }, 'must be an object')
      .optional(),
    onRetry: z.custom<OnRetry>(isFunction, 'must be a function').optional(),
    logger: z.custom<AadLogger>(isLogger, LOGGER_RULE).optional(),
    networkClient: z.custom<AadNetworkClient>((value) => answerLogOf(value) !== undefined, 'must be a client made by aadNetworkClient()').optional(),
    singleFlight: z.boolean('must be true or false').optional(),
    overrides: z.unknown().optional(),
    store: z.custom<AadStore>(isStore, 'must be a store: memoryStore(), redisStore() from aad-error-handler/redis, or an object with get, extend, delete, acquireLease, releaseLease and recordFailure').optional(),
    // `breaker: false` is taken out before parsing (see resolveWrapperOptions): a union would report
    // "not false" instead of what is wrong inside the object.
    breaker: z.strictObject({
      failureThreshold: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').optional(),
      coolDownMs: milliseconds.min(1, 'must be at least 1').max(3_600_000, 'must be at most 3600000 (an hour)').optional(),
      probeTimeoutMs: milliseconds.min(1, 'must be at least 1').max(600_000, 'must be at most 600000').optional(),
      onStateChange: z.custom<BreakerOptions['onStateChange']>(isFunction, 'must be a function').optional(),
    }, 'must be false or an object { failureThreshold?, coolDownMs?, probeTimeoutMs?, onStateChange? }').optional(),
    interactionMemoryMs: milliseconds.max(86_400_000, 'must be at most 86400000 (a day)').optional(),
    lease: z.strictObject({
      ttlMs: milliseconds.min(1, 'must be at least 1').max(600_000, 'must be at most 600000').optional(),
      maxWaitMs: milliseconds.max(600_000, 'must be at most 600000').optional(),
    }, 'must be an object { ttlMs?, maxWaitMs? }').optional(),
  }, 'must be an object');
}

function unknownRetryKeys(retry: unknown): string[] {
  if (typeof retry !== 'object' || retry === null || Array.isArray(retry)) return [];
  const known = Object.keys(KNOWN_RETRY_KEYS);
  return Object.keys(retry)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const hint = didYouMean(key, known);
      return `${PREFIX}: unknown option \`retry.${key}\`${hint ? ` (did you mean \`retry.${hint}\`?)` : ''}`;
    });
}

/** Validates the options once, at construction, and applies the defaults; throws `AadOptionsError` naming the bad key. */
export function resolveWrapperOptions(options: unknown, detectedAnswers: AnswerLog | undefined): ResolvedOptions {
  const input = options ?? {};
  const nested = unknownRetryKeys((input as { retry?: unknown }).retry);
  if (nested.length > 0) throw new AadOptionsError(nested.join('\n'), 'unknown');
  schema ??= buildSchema();
  const result = schema.safeParse((input as { breaker?: unknown }).breaker === false ? { ...input, breaker: undefined } : input);
  if (!result.success) throw optionsError(PREFIX, result.error, input, Object.keys(KNOWN_KEYS));
  const valid = input as WithAadErrorsOptions;
  const retry = valid.retry ?? {};
  const limits: RetryLimits = {
    maxAttempts: retry.maxAttempts ?? DEFAULT_LIMITS.maxAttempts,
    baseDelayMs: retry.baseDelayMs ?? DEFAULT_LIMITS.baseDelayMs,
    maxDelayMs: retry.maxDelayMs ?? DEFAULT_LIMITS.maxDelayMs,
    maxElapsedMs: retry.maxElapsedMs ?? DEFAULT_LIMITS.maxElapsedMs,
  };
  if (limits.baseDelayMs > limits.maxDelayMs) {
    throw new AadOptionsError(`${PREFIX}: \`retry.baseDelayMs\` must not exceed \`retry.maxDelayMs\` (${limits.maxDelayMs}); received ${limits.baseDelayMs}`, 'range');
  }
  return {
    context: valid.context,
    limits,
    onRetry: valid.onRetry,
    logger: valid.logger ?? defaultLogger(),
    answers: valid.networkClient !== undefined ? answerLogOf(valid.networkClient) : detectedAnswers,
    singleFlight: valid.singleFlight ?? true,
    overrides: valid.overrides,
    fleet: resolveFleet(valid),
  };
}
