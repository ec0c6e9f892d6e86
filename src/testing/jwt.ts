import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

// Tokens are RS256 JWTs signed with a key generated in memory. Some clients refuse `alg: none`, and
// a real signature lets tests (and OBO requests) verify tokens against the simulator's JWKS exactly as
// an API verifies Entra's. One key serves every simulator in the process: generating a 2048-bit key
// costs tens of milliseconds, and nothing outside the process ever trusts it.

interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly kid: string;
  readonly n: string;
  readonly e: string;
}

let key: SigningKey | undefined;

function signingKey(): SigningKey {
  if (key) return key;
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = pair.publicKey.export({ format: 'jwk' });
  const n = String(jwk.n);
  const e = String(jwk.e);
  // The key ID is the RFC 7638 thumbprint, so it is stable for the key and needs no registry.
  const kid = createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url');
  key = { privateKey: pair.privateKey, publicKey: pair.publicKey, kid, n, e };
  return key;
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Signs `claims` as an RS256 JWT with the simulator's key. */
export function signJwt(claims: Readonly<Record<string, unknown>>): string {
  const { privateKey, kid } = signingKey();
  const input = `${encode({ typ: 'JWT', alg: 'RS256', kid, x5t: kid })}.${encode(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** A JWT read back: its claims, and whether the simulator's key signed it. */
export interface ReadJwt {
  readonly claims: Readonly<Record<string, unknown>>;
  readonly signedBySimulator: boolean;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Decodes a compact JWT and checks its signature; null when it is not a well-formed JWT. */
export function readJwt(token: string): ReadJwt | null {
  if (token.length > 16_384) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) return null;
  const [head, body, signature] = parts as [string, string, string];
  const header = decodeSegment(head);
  const claims = decodeSegment(body);
  if (!header || !claims) return null;
  const { publicKey, kid } = signingKey();
  const signedBySimulator =
    header['alg'] === 'RS256' && header['kid'] === kid && verify('sha256', Buffer.from(`${head}.${body}`), publicKey, Buffer.from(signature, 'base64url'));
  return { claims, signedBySimulator };
}

/** The JSON Web Key Set served at `/{tenant}/discovery/v2.0/keys`. */
export function jwks(issuer: string): { keys: Array<Record<string, string>> } {
  const { kid, n, e } = signingKey();
  return { keys: [{ kty: 'RSA', use: 'sig', kid, x5t: kid, n, e, issuer }] };
}
