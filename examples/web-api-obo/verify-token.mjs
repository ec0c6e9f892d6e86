import { createPublicKey, verify } from 'node:crypto';

// A small RS256 access-token check with node:crypto, enough for this example: signature against the
// issuer's JWKS, issuer, audience and lifetime. In production use a maintained library (jose,
// express-oauth2-jwt-bearer, passport-azure-ad) that also fetches and caches the JWKS for you.

const CLOCK_SKEW_SECONDS = 300;

function decodePart(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/**
 * Verifies a bearer token and returns its claims; throws a TypeError saying why it was refused.
 * @param {string} token
 * @param {{ jwks: () => { keys: Array<Record<string, string>> }, issuer: string, audience: string, now?: () => number }} expected
 */
export function verifyAccessToken(token, { jwks, issuer, audience, now = Date.now }) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) throw new TypeError('not a JWT');
  let header;
  let claims;
  try {
    header = decodePart(parts[0]);
    claims = decodePart(parts[1]);
  } catch {
    throw new TypeError('not a JWT');
  }
  if (header.alg !== 'RS256') throw new TypeError('unexpected signing algorithm');
  const jwk = jwks().keys.find((key) => key.kid === header.kid);
  if (!jwk) throw new TypeError('unknown signing key');
  const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
  if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'))) throw new TypeError('bad signature');
  if (claims.iss !== issuer) throw new TypeError('wrong issuer');
  if (claims.aud !== audience) throw new TypeError('wrong audience');
  const seconds = Math.floor(now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS < seconds) throw new TypeError('expired');
  if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_SECONDS > seconds) throw new TypeError('not valid yet');
  return claims;
}

/** The bearer token of a request, or undefined. */
export function bearerToken(req) {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '');
  return match?.[1];
}
