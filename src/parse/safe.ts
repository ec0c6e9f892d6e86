// Reading untrusted values: every property access may hit a throwing getter or a Proxy trap, so
// each read is guarded and turns any exception into `undefined`.

export type AnyObject = Record<string, unknown>;

export function isObject(value: unknown): value is AnyObject {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

export function read(target: unknown, key: string): unknown {
  if (!isObject(target)) return undefined;
  try {
    return (target)[key];
  } catch {
    return undefined;
  }
}

/** A non-empty string property, trimmed and capped; anything else is null. */
export function readString(target: unknown, key: string, max = MAX_FIELD): string | null {
  return asString(read(target, key), max);
}

export function asString(value: unknown, max = MAX_FIELD): string | null {
  if (typeof value !== 'string') return null;
  const capped = value.length > max ? value.slice(0, max) : value;
  const trimmed = capped.trim();
  return trimmed === '' ? null : trimmed;
}

export function readNumber(target: unknown, key: string): number | null {
  const value = read(target, key);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** Longest text we scan or keep from one field (64 KiB): Entra messages are well under 4 KiB. */
export const MAX_FIELD = 65_536;

/** Short identifiers (correlation IDs, error values) are capped much lower. */
export const MAX_TOKEN = 256;
