// A claims challenge arrives as JSON text (token endpoint, MSAL errors) or as base64 / base64url JSON,
// padded or not (`WWW-Authenticate`). Only a JSON object counts: anything else is dropped, so garbage
// never travels on into a redirect or a header.

const MAX_CLAIMS = 16_384;

function asJsonObjectText(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    if (Object.keys(parsed).length === 0) return null;
    return JSON.stringify(parsed);
  } catch {
    return null;
  }
}

/** Normalises a claims value to compact JSON text, or null when it is empty or not a JSON object. */
export function decodeClaims(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CLAIMS) return null;
  const direct = asJsonObjectText(value);
  if (direct) return direct;
  const compact = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return null;
  const decoded = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  return asJsonObjectText(decoded);
}

/** Base64 (standard alphabet, padded) of the claims JSON, as Microsoft's challenge format uses. */
export function encodeClaims(claims: string): string {
  return Buffer.from(claims, 'utf8').toString('base64');
}
