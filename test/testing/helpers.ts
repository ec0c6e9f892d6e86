import { createPublicKey, verify } from 'node:crypto';
import { ConfidentialClientApplication, type NodeAuthOptions } from '@azure/msal-node';
import { afterEach } from 'vitest';
import { createEntraSimulator, type EntraSimulator } from '../../src/testing/index.js';

// One small helper set for the simulator's tests: a real msal-node confidential client wired to the
// simulator, the sign-in page driven like a browser would, and token checks against the JWKS.

export const CLIENT_ID = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
export const CLIENT_SECRET = 'sim-secret-value~not-a-real-one';
export const REDIRECT_URI = 'http://localhost:3000/auth/callback';
export const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';
export const MFA_CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function confidentialApp(sim: EntraSimulator, auth: Partial<NodeAuthOptions> = {}): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authority: sim.authority, ...auth },
    system: { networkClient: sim.networkClient },
  });
}

/** The fields msal-node's errors carry (AuthError, ServerError, InteractionRequiredAuthError). */
export interface MsalErrorLike {
  readonly name: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly subError: string;
  readonly correlationId: string;
  readonly claims?: string;
  readonly errorNo?: string | number;
  readonly status?: number;
}

/** The rejection of a promise that must fail. */
export async function rejectionOf(promise: Promise<unknown>): Promise<MsalErrorLike> {
  try {
    await promise;
  } catch (error) {
    return error as MsalErrorLike;
  }
  throw new Error('expected the promise to reject');
}

export function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header ?? '', 'base64url').toString()) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(claims ?? '', 'base64url').toString()) as Record<string, unknown>,
  };
}

/** Verifies an RS256 JWT against a JWKS, as an API would verify Entra's tokens. */
export function verifiesWith(token: string, jwks: { keys: Array<Record<string, string>> }): boolean {
  const [header, claims, signature] = token.split('.') as [string, string, string];
  const kid = decodeJwt(token).header['kid'];
  const jwk = jwks.keys.find((key) => key['kid'] === kid);
  if (!jwk) return false;
  const key = createPublicKey({ key: { kty: 'RSA', n: jwk['n'] ?? '', e: jwk['e'] ?? '' }, format: 'jwk' });
  return verify('sha256', Buffer.from(`${header}.${claims}`), key, Buffer.from(signature, 'base64url'));
}

/** The text of a `data-field` cell on one of the simulator's pages, entities left as sent. */
export function field(html: string, name: string): string | undefined {
  return new RegExp(`data-field="${name}">([\\s\\S]*?)</(?:dd|p|strong)>`).exec(html)?.[1];
}

/** Submits a rendered sign-in or consent page like a browser (no redirect following); returns the answer. */
export async function submitPage(html: string, origin: string, form: Record<string, string>, cookie?: string): Promise<Response> {
  const ticket = /name="ticket" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!ticket || !action) throw new Error('no sign-in form on the page');
  return fetch(new URL(action, origin), {
    method: 'POST',
    body: new URLSearchParams({ ticket, ...form }),
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
}

/** Opens the sign-in page at `url` and presses "Sign in"; returns the redirect back to the app. */
export async function signInThroughPage(url: string, origin: string, username = ''): Promise<URL> {
  const page = await fetch(url, { redirect: 'manual' });
  const answer = await submitPage(await page.text(), origin, { action: 'sign_in', username });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`expected a redirect, got ${answer.status}`);
  return new URL(location);
}

const running: EntraSimulator[] = [];

/** A simulator serving on a free loopback port; every one started this way is closed after each test. */
export async function listening(options: Parameters<typeof createEntraSimulator>[0] = {}): Promise<{ sim: EntraSimulator; origin: string }> {
  const sim = createEntraSimulator(options);
  running.push(sim);
  return { sim, origin: await sim.listen() };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});
