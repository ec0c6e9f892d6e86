import { mayHoldSecret, redactSecrets } from './redact.js';
import type { AadErrorInfo, InfoSource } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/**
 * The accumulator every reader writes into. The first reader to set a field wins, and readers run
 * from the strongest source (the error itself) to the weakest (its causes, then free text), so a
 * protocol field is never overwritten by something scraped from a message.
 */
export type Draft = Omit<Mutable<AadErrorInfo>, 'source'> & { source: InfoSource | null };

export function newDraft(): Draft {
  return {
    source: null,
    error: null,
    description: null,
    suberror: null,
    codes: [],
    codeIds: [],
    claims: null,
    status: null,
    retryAfterMs: null,
    correlationId: null,
    traceId: null,
    timestamp: null,
    errorUri: null,
    msalErrorCode: null,
    errorSubcode: null,
    network: null,
    throttledReplay: false,
    html: false,
    scopes: [],
    authorizationUri: null,
    cae: null,
    errorClass: null,
  };
}

type NullableKey = {
  [K in keyof Draft]: null extends Draft[K] ? K : never;
}[keyof Draft];

/**
 * Sets a field if it is still empty. The readers that run on every failure write `draft.x ??= value`
 * instead (the same for a value that is never undefined): called with many keys, `draft[key]` here is a
 * generic keyed lookup, which cost 3–4 % of a classification.
 */
export function fill<K extends NullableKey>(draft: Draft, key: K, value: Draft[K]): void {
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- readers hand over undefined for a missing field
  if (draft[key] === null && value !== null && value !== undefined) draft[key] = value;
}

/** Marks where the strongest signal came from; the first call wins. */
export function markSource(draft: Draft, source: InfoSource): void {
  if (draft.source === null) draft.source = source;
}

/** True once any reader found an Entra signal. */
export function hasSignal(draft: Draft): boolean {
  return draft.source !== null;
}

const MAX_CODES = 16;

export function addCode(draft: Draft, prefix: string, digits: string): void {
  const number = Number(digits);
  if (!Number.isSafeInteger(number) || draft.codeIds.length >= MAX_CODES) return;
  const id = `${prefix}${number}`;
  if (draft.codeIds.includes(id)) return;
  draft.codeIds.push(id);
  if (prefix === 'AADSTS') draft.codes.push(number);
}

/**
 * The draft itself becomes the result (no copy: this runs on every failure). Readers keep the
 * description as they found it; it is redacted only when someone reads it (see `lazyRedacted`).
 */
export function finish(draft: Draft): AadErrorInfo | null {
  if (draft.source === null) return null;
  if (draft.description !== null && mayHoldSecret(draft.description)) return withLazyDescription(draft, draft.description);
  return draft as AadErrorInfo;
}

/**
 * A copy of the draft whose description is redacted lazily, its fields added in the draft's order (keep
 * the two in step) with the accessor in the description's place. Turning the draft's own data property
 * into an accessor put it in dictionary mode (V8 does so for any property but the last one added), and
 * so did adding the fields by a loop of keyed writes; named writes keep one fast shape for all.
 */
function withLazyDescription(draft: Draft, raw: string): AadErrorInfo {
  const result = { source: draft.source, error: draft.error } as Draft;
  lazyRedacted(result, raw);
  result.suberror = draft.suberror;
  result.codes = draft.codes;
  result.codeIds = draft.codeIds;
  result.claims = draft.claims;
  result.status = draft.status;
  result.retryAfterMs = draft.retryAfterMs;
  result.correlationId = draft.correlationId;
  result.traceId = draft.traceId;
  result.timestamp = draft.timestamp;
  result.errorUri = draft.errorUri;
  result.msalErrorCode = draft.msalErrorCode;
  result.errorSubcode = draft.errorSubcode;
  result.network = draft.network;
  result.throttledReplay = draft.throttledReplay;
  result.html = draft.html;
  result.scopes = draft.scopes;
  result.authorizationUri = draft.authorizationUri;
  result.cae = draft.cae;
  result.errorClass = draft.errorClass;
  return result as AadErrorInfo;
}

/** A description kept as found and redacted on its first read (then kept). */
interface LazyDescription {
  readonly raw: string;
  redacted: string | undefined;
}

// Holds an object's lazy description. A non-enumerable symbol, not a WeakSet: a WeakSet lookup gives
// every object an identity hash, which cost a quarter of a microsecond per call.
const LAZY = Symbol('aad-error-handler.lazyDescription');

type WithLazy = { [LAZY]?: LazyDescription };

/**
 * The getter of every lazy description. One function for all, its text found through `this`: V8 gives
 * objects whose accessors are the same functions one shape, where a closure per object made a new
 * hidden class on every call that had a lazy description.
 */
function readLazyDescription(this: WithLazy): string | null {
  const lazy = this[LAZY];
  if (lazy === undefined) return null;
  lazy.redacted ??= redactSecrets(lazy.raw);
  return lazy.redacted;
}

function defineLazy(target: object, lazy: LazyDescription): void {
  Object.defineProperty(target, LAZY, { value: lazy });
  Object.defineProperty(target, 'description', { configurable: true, enumerable: true, get: readLazyDescription });
}

/** True when `target`'s description is redacted lazily (an accessor, not a plain value). */
export function hasLazyDescription(target: object): boolean {
  return (target as WithLazy)[LAZY] !== undefined;
}

/**
 * Makes `target.description` the redacted `raw`, computed on first read and then kept. Most callers
 * never read an upstream description, and redacting one that may hold a secret is the costliest step of
 * a classification, so it is deferred; one that cannot hold a secret stays a plain value (an accessor
 * costs more to create than the check that rules the secret out).
 * The property stays an own, enumerable one, so a spread (`{ ...decision }`), `JSON.stringify` and
 * `structuredClone` read it (and so redact it) like a plain field, and the copy holds plain data.
 */
export function lazyRedacted(target: object, raw: string): void {
  defineLazy(target, { raw, redacted: undefined });
}

/** Gives `to` the lazy description of `from` (which has one): one redaction, on either's first read, serves both. */
export function shareLazyDescription(from: object, to: object): void {
  defineLazy(to, (from as WithLazy)[LAZY]!);
}
