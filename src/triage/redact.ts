import { createHmac, randomBytes } from 'node:crypto';

/** Turns a user name or an IP into something shareable; identity when redaction is off. */
export type Redactor = (kind: 'user' | 'ip', value: string) => string;

const MAX_CACHED = 50_000;

/**
 * `--redact`: HMAC-SHA-256 under a salt drawn fresh for every run, so the same user reads the same
 * across one report (counts and findings still line up) but cannot be matched across reports or
 * recovered by hashing a list of known names.
 */
export function createRedactor(enabled: boolean, salt: Buffer = randomBytes(32)): Redactor {
  if (!enabled) return (_kind, value) => value;
  const cache = new Map<string, string>();
  return (kind, value) => {
    if (value === '') return value;
    const id = `${kind}\u0000${value}`;
    let hashed = cache.get(id);
    if (hashed === undefined) {
      hashed = `${kind}-${createHmac('sha256', salt).update(id).digest('hex').slice(0, 12)}`;
      if (cache.size < MAX_CACHED) cache.set(id, hashed);
    }
    return hashed;
  };
}
