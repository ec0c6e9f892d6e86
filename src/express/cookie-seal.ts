import { type KeyObject, createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';

// The signed cookies of the sign-in state and the loop guard: `<payload>.<HMAC-SHA256>`, both base64url.
// Their names and values are written by hand (no cookie serializer): names are checked when options are
// read and values are base64url, so there is nothing to encode.

/** The default key: random per process, so cookies do not survive a restart or reach another instance. */
let processKey: KeyObject | undefined;
const keys = new Map<string, KeyObject>();

/** The HMAC key for `secret`, or the per-process random key when there is none. */
export function sealKey(secret: string | undefined): KeyObject {
  if (secret === undefined) {
    processKey ??= createSecretKey(randomBytes(32));
    return processKey;
  }
  let key = keys.get(secret);
  if (key === undefined) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

/** `payload.mac`, the MAC taken over `context` too (so a value sealed for one browser fails for another). */
export function seal(key: KeyObject, payload: string, context = ''): string {
  return `${payload}.${mac(key, payload, context)}`;
}

function mac(key: KeyObject, payload: string, context: string): string {
  return createHmac('sha256', key).update(`${context.length}:${context}:${payload}`).digest('base64url');
}

/** The payload of a sealed value when its MAC is right, compared in constant time; otherwise undefined. */
export function unseal(key: KeyObject, value: string, context = '', max = 4096): string | undefined {
  if (value.length > max) return undefined;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const payload = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(key, payload, context));
  return given.length === expected.length && timingSafeEqual(given, expected) ? payload : undefined;
}

/** Constant-time string equality for secrets of known length (nonces). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
