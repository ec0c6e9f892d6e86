import type { Decision } from './types.js';

/** The stable codes an `AadError` can carry. */
export type AadErrorCode = 'ERR_AAD_REAUTHENTICATE' | 'ERR_AAD_CONSENT' | 'ERR_AAD_CLAIMS_CHALLENGE' | 'ERR_AAD_RETRY' | 'ERR_AAD_FAIL' | 'ERR_AAD_ABORTED';

const CODE_BY_ACTION: Record<Decision['action'], AadErrorCode> = {
  reauthenticate: 'ERR_AAD_REAUTHENTICATE',
  consent: 'ERR_AAD_CONSENT',
  claims_challenge: 'ERR_AAD_CLAIMS_CHALLENGE',
  retry: 'ERR_AAD_RETRY',
  fail: 'ERR_AAD_FAIL',
};

/** Marks AadError instances across ESM and CJS copies of the library, where `instanceof` fails. */
const BRAND = Symbol.for('aad-error-handler.AadError');

/**
 * One typed failure carrying its Decision. Compatible with http-errors (`status`, `expose`, `headers`)
 * so `next(err)` behaves in Express's default handler too. The message never contains upstream text.
 */
export class AadError extends Error {
  override readonly name = 'AadError';
  readonly code: AadErrorCode;
  readonly decision: Decision;
  readonly status: number;
  readonly statusCode: number;
  /** http-errors convention: the message is not meant for clients. */
  readonly expose = false;
  readonly headers: Readonly<Record<string, string>>;

  constructor(decision: Decision, options: { cause?: unknown; code?: AadErrorCode; message?: string } = {}) {
    const id = decision.codeId ? ` (${decision.codeId}${decision.name ? ` ${decision.name}` : ''})` : '';
    super(options.message ?? `Entra ID token request failed: ${decision.action}${id}. ${decision.summary}`, { cause: options.cause });
    this.code = options.code ?? CODE_BY_ACTION[decision.action];
    this.decision = decision;
    this.status = decision.status;
    this.statusCode = decision.status;
    this.headers = decision.action === 'retry' && decision.retryAfterMs !== null ? { 'Retry-After': String(Math.ceil(decision.retryAfterMs / 1000)) } : {};
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True only for an AadError this library made (any copy, ESM or CJS: the brand is a registered
 * symbol). Only then is its decision trusted as it is; a look-alike object (say, a JSON body an app
 * rethrew) could name any status or summary, so it is classified like any other input (issue 6).
 */
export function isBrandedAadError(value: unknown): value is AadError {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return (value as Record<symbol, unknown>)[BRAND] === true;
  } catch {
    return false;
  }
}

/** True for an AadError from any copy of the library (ESM or CJS), checked by brand and shape, not `instanceof`. */
export function isAadError(value: unknown): value is AadError {
  if (typeof value !== 'object' || value === null) return false;
  try {
    if ((value as Record<symbol, unknown>)[BRAND] === true) return true;
    const candidate = value as { name?: unknown; decision?: unknown; code?: unknown };
    return candidate.name === 'AadError' && typeof candidate.decision === 'object' && candidate.decision !== null && typeof candidate.code === 'string' && candidate.code.startsWith('ERR_AAD_');
  } catch {
    return false;
  }
}
