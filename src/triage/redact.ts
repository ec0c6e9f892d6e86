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

// What a failure reason may carry about a person: an e-mail-shaped user name or an IPv4 address.
// User names are found per whitespace-separated word (a regex scanning for them would backtrack).
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const WORD_EDGE = new Set(Array.from('.,;:!?\'"()[]<>{}'));

function redactWord(word: string, redact: Redactor): string {
  if (!word.includes('@')) return word;
  let from = 0;
  let to = word.length;
  while (from < to && WORD_EDGE.has(word[from]!)) from++;
  while (to > from && WORD_EDGE.has(word[to - 1]!)) to--;
  return `${word.slice(0, from)}${redact('user', word.slice(from, to))}${word.slice(to)}`;
}

/** Hashes the user names and IPv4 addresses inside a free text (an error description). */
export function redactText(text: string, redact: Redactor): string {
  if (text === '') return text;
  const words = text.includes('@') ? text.split(' ').map((word) => redactWord(word, redact)).join(' ') : text;
  return words.replace(IPV4, (match) => redact('ip', match));
}
