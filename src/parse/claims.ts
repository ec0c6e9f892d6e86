// A claims challenge arrives as JSON text (token endpoint, MSAL errors) or as base64 / base64url JSON,
// padded or not (`WWW-Authenticate`). Only a JSON object counts: anything else is dropped, so garbage
// never travels on into a redirect or a header.

const MAX_CLAIMS = 16_384;

/** The text itself when it is a non-empty JSON object (compacted when `compact`), else null. */
function asJsonObjectText(text: string, compact: boolean): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    for (const _key in parsed) return compact ? JSON.stringify(parsed) : trimmed;
    return null;
  } catch {
    return null;
  }
}

/** Normalises a claims value to compact JSON text, or null when it is empty or not a JSON object. */
export function decodeClaims(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CLAIMS) return null;
  // The same few Conditional Access challenges come back again and again, and checking one is a full
  // JSON parse: remember the last verdicts (a string is hashed once, then looked up in constant time).
  // Only short ones are kept (real challenges are a few hundred characters), so at most 128 KiB is held.
  if (value.length > MAX_REMEMBERED_LENGTH) return decodeUncached(value);
  const known = seen.get(value);
  if (known !== undefined) return known;
  const verdict = decodeUncached(value);
  if (seen.size >= MAX_REMEMBERED) seen.clear();
  seen.set(value, verdict);
  return verdict;
}

const MAX_REMEMBERED = 64;
const MAX_REMEMBERED_LENGTH = 2048;
const seen = new Map<string, string | null>();

function decodeUncached(value: string): string | null {
  // Claims from the token endpoint are passed back to MSAL as they came; only decoded ones are compacted.
  const direct = asJsonObjectText(value, false);
  if (direct) return direct;
  const compact = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return null;
  const decoded = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  return asJsonObjectText(decoded, true);
}

/** Base64 (standard alphabet, padded) of the claims JSON, as Microsoft's challenge format uses. */
export function encodeClaims(claims: string): string {
  return Buffer.from(claims, 'utf8').toString('base64');
}
