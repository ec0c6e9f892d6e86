import type { Decision } from './classify/types.js';

// Every error this library throws or passes to `next` is one of the classes below, all extending
// AadBaseError, each with a stable `code` from one literal union and a message that ends with a link to
// the code's section of docs/errors.md. Callers switch on `code`, never on the message.

/** Where each code is explained; the anchor is the code in lower case. */
export const ERRORS_DOC = 'https://github.com/aad-error-handler/aad-error-handler/blob/main/docs/errors.md';

/** The codes of an `AadError`: one per action, and `ERR_AAD_ABORTED` for a retry wait the caller aborted. */
export type AadErrorCode = 'ERR_AAD_REAUTHENTICATE' | 'ERR_AAD_CONSENT' | 'ERR_AAD_CLAIMS_CHALLENGE' | 'ERR_AAD_RETRY' | 'ERR_AAD_FAIL' | 'ERR_AAD_ABORTED';

/**
 * The codes of `AadNetworkError`, thrown by `aadNetworkClient()` when a token request got an answer it
 * will not hand to msal-node, or no answer in time. A timeout keeps Node's own `ETIMEDOUT`, which retry
 * code everywhere already knows.
 */
export type AadNetworkErrorCode = 'ERR_AAD_REDIRECT' | 'ERR_AAD_NOT_JSON' | 'ERR_AAD_BODY_TOO_LARGE' | 'ETIMEDOUT';

/** Every code the library's errors carry. */
export type AadBaseErrorCode = AadErrorCode | AadNetworkErrorCode | 'ERR_AAD_OPTIONS' | 'ERR_AAD_SIGN_IN_CALLBACK' | 'ERR_AAD_SIGN_IN_STATE';

/** `message`, ending with the link to the documentation of `code`. */
function withDocsLink(message: string, code: AadBaseErrorCode): string {
  const text = message.trimEnd();
  return `${text}${text.endsWith('.') ? '' : '.'} See ${ERRORS_DOC}#${code.toLowerCase()}`;
}

/**
 * The base of every error the library throws. `instanceof` fails across the ESM and CJS copies of the
 * library, so the `is*` guards below check a registered-symbol brand instead.
 */
export abstract class AadBaseError<C extends AadBaseErrorCode = AadBaseErrorCode> extends Error {
  /** The class name (`AadError`, `AadOptionsError`, …), the same in every copy of the library. */
  abstract override readonly name: string;
  /** A stable string code (`ERR_AAD_*`) to switch on; messages may be reworded, codes are not. */
  readonly code: C;

  protected constructor(message: string, code: C, options?: { cause?: unknown }) {
    super(withDocsLink(message, code), options);
    this.code = code;
  }
}

// `Symbol.for` builds its key and searches the global registry on every call: classify checks the brand
// on every input, so each name's symbol is looked up once.
const brandSymbols = new Map<string, symbol>();

function brandSymbol(name: string): symbol {
  let symbol = brandSymbols.get(name);
  if (symbol === undefined) {
    symbol = Symbol.for(`aad-error-handler.${name}`);
    brandSymbols.set(name, symbol);
  }
  return symbol;
}

/** Marks instances across ESM and CJS copies of the library, where `instanceof` fails. */
export function brand(target: object, name: string): void {
  Object.defineProperty(target, brandSymbol(name), { value: true });
}

/** True when `value` carries the brand `name` (see `brand`). Never throws, even on a hostile Proxy. */
export function hasBrand(value: unknown, name: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return (value as Record<symbol, unknown>)[brandSymbol(name)] === true;
  } catch {
    return false;
  }
}

const CODE_BY_ACTION: Record<Decision['action'], AadErrorCode> = {
  reauthenticate: 'ERR_AAD_REAUTHENTICATE',
  consent: 'ERR_AAD_CONSENT',
  claims_challenge: 'ERR_AAD_CLAIMS_CHALLENGE',
  retry: 'ERR_AAD_RETRY',
  fail: 'ERR_AAD_FAIL',
};

/**
 * One typed Entra failure carrying its Decision. Compatible with http-errors (`status`, `expose`,
 * `headers`), so `next(err)` behaves in Express's default handler too. The message never contains
 * upstream text.
 */
export class AadError extends AadBaseError<AadErrorCode> {
  /** Always `'AadError'`. */
  override readonly name = 'AadError';
  /** The Decision behind the error: what to do, who fixes it, the code and the correlation ID. */
  readonly decision: Decision;
  /** The HTTP status an API caller is answered with (the Decision's `status`). */
  readonly status: number;
  /** The same as `status`, for code that reads `statusCode`. */
  readonly statusCode: number;
  /** http-errors convention: the message is not meant for clients. */
  readonly expose = false;
  /** Headers to send with the answer: `Retry-After` (seconds) on a `retry` with a known delay. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(decision: Decision, options: { cause?: unknown; code?: AadErrorCode; message?: string } = {}) {
    const id = decision.codeId ? ` (${decision.codeId}${decision.name ? ` ${decision.name}` : ''})` : '';
    const code = options.code ?? CODE_BY_ACTION[decision.action];
    super(options.message ?? `Entra ID token request failed: ${decision.action}${id}. ${decision.summary}`, code, { cause: options.cause });
    this.decision = decision;
    this.status = decision.status;
    this.statusCode = decision.status;
    this.headers = decision.action === 'retry' && decision.retryAfterMs !== null ? { 'Retry-After': String(Math.ceil(decision.retryAfterMs / 1000)) } : {};
    brand(this, 'AadError');
  }
}

/**
 * True only for an AadError this library made (any copy, ESM or CJS). Only then is its decision trusted
 * as it is; a look-alike object (say, a JSON body an app rethrew) could name any status or summary, so
 * the handler classifies it like any other input.
 */
export function isBrandedAadError(value: unknown): value is AadError {
  return hasBrand(value, 'AadError');
}

/** True for an AadError from any copy of the library (ESM or CJS), checked by brand and shape, not `instanceof`. */
export function isAadError(value: unknown): value is AadError {
  if (hasBrand(value, 'AadError')) return true;
  if (typeof value !== 'object' || value === null) return false;
  try {
    const candidate = value as { name?: unknown; decision?: unknown; code?: unknown };
    return candidate.name === 'AadError' && typeof candidate.decision === 'object' && candidate.decision !== null && typeof candidate.code === 'string' && candidate.code.startsWith('ERR_AAD_');
  } catch {
    return false;
  }
}

/** What is wrong with an option or argument: its type or shape, its range, or its name. */
export type AadOptionsProblem = 'type' | 'range' | 'unknown';

/**
 * Thrown when an option or argument is wrong: at construction for options (`aadErrorHandler()`,
 * `withAadErrors()`, `createClassifier()`, …), at call time for a call's own arguments. `problem` tells a
 * wrong type (`TypeError`'s meaning) from a value out of range (`RangeError`'s) and an unknown option.
 */
export class AadOptionsError extends AadBaseError<'ERR_AAD_OPTIONS'> {
  /** Always `'AadOptionsError'`. */
  override readonly name = 'AadOptionsError';
  /** `type` (a wrong type or shape), `range` (a value out of range) or `unknown` (an unknown option). */
  readonly problem: AadOptionsProblem;

  constructor(message: string, problem: AadOptionsProblem = 'type') {
    super(message, 'ERR_AAD_OPTIONS');
    this.problem = problem;
    brand(this, 'AadOptionsError');
  }
}

/**
 * Thrown by `aadNetworkClient()` when a token request got an answer it will not hand to msal-node (a
 * redirect, a body that is not JSON, a body over the size limit) or no answer within `timeoutMs`.
 * `status` is the HTTP status when there was an answer.
 */
export class AadNetworkError extends AadBaseError<AadNetworkErrorCode> {
  /** Always `'AadNetworkError'`. */
  override readonly name = 'AadNetworkError';
  /** The HTTP status of the answer, or undefined when none came (a timeout). */
  readonly status: number | undefined;

  constructor(message: string, code: AadNetworkErrorCode, status?: number) {
    super(message, code);
    this.status = status;
    brand(this, 'AadNetworkError');
  }
}
