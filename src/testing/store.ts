import { randomBytes, randomInt } from 'node:crypto';
import type { AuthorizeFailure } from './script.js';
import type { SimulatedUser } from './types.js';

// What the simulator has handed out and must recognise later. Every map is bounded, so a demo that
// runs for days cannot grow without limit: the oldest entry goes first.

const MAX_ENTRIES = 10_000;

/** An authorization code issued by the sign-in page or `issueAuthorizationCode`. */
export interface IssuedCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly user: SimulatedUser;
  readonly nonce: string | null;
  readonly codeChallenge: string | null;
  readonly codeChallengeMethod: string | null;
  readonly claims: string | null;
  readonly issuedAt: number;
  redeemed: boolean;
}

/** A refresh token: Entra's are multi-resource, so it remembers the user and client, not a scope. */
export interface IssuedRefreshToken {
  readonly clientId: string;
  readonly user: SimulatedUser;
  lastUsedAt: number;
  revoked: boolean;
}

/** A device code flow in progress. */
export interface DeviceFlow {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly scope: string;
  readonly expiresAt: number;
  state: 'pending' | 'approved' | 'declined';
  user: SimulatedUser | null;
  redeemed: boolean;
}

/** A rendered sign-in or consent page waiting for its form to come back. */
export interface PageTicket {
  readonly kind: 'authorize' | 'admin_consent';
  readonly tenant: string;
  readonly params: Readonly<Record<string, string>>;
  readonly issuedAt: number;
  /** A scripted failure to answer with when the page is submitted (`showPage: true`). */
  readonly failure: AuthorizeFailure | null;
}

class BoundedMap<V> extends Map<string, V> {
  override set(key: string, value: V): this {
    if (!this.has(key) && this.size >= MAX_ENTRIES) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}

/** Opaque values shaped like Entra's (`1.AXoA…`). */
export function opaqueToken(bytes = 48): string {
  return `1.A${randomBytes(bytes).toString('base64url')}`;
}

const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function userCode(): string {
  let code = '';
  for (let i = 0; i < 9; i++) code += USER_CODE_ALPHABET.charAt(randomInt(USER_CODE_ALPHABET.length));
  return code;
}

export class Store {
  readonly codes = new BoundedMap<IssuedCode>();
  readonly refreshTokens = new BoundedMap<IssuedRefreshToken>();
  readonly deviceFlows = new BoundedMap<DeviceFlow>();
  readonly userCodes = new BoundedMap<string>();
  readonly tickets = new BoundedMap<PageTicket>();
  /** Browser sessions by cookie value: who signed in, for `prompt=none`. */
  readonly sessions = new BoundedMap<SimulatedUser>();

  addCode(code: Omit<IssuedCode, 'redeemed'>): string {
    const value = opaqueToken(64);
    this.codes.set(value, { ...code, redeemed: false });
    return value;
  }

  addRefreshToken(clientId: string, user: SimulatedUser, now: number): string {
    const value = opaqueToken(96);
    this.refreshTokens.set(value, { clientId, user, lastUsedAt: now, revoked: false });
    return value;
  }

  addDeviceFlow(clientId: string, scope: string, expiresAt: number): DeviceFlow {
    const flow: DeviceFlow = { deviceCode: opaqueToken(48), userCode: userCode(), clientId, scope, expiresAt, state: 'pending', user: null, redeemed: false };
    this.deviceFlows.set(flow.deviceCode, flow);
    this.userCodes.set(flow.userCode, flow.deviceCode);
    return flow;
  }

  deviceFlowByUserCode(code: string): DeviceFlow | undefined {
    const deviceCode = this.userCodes.get(code.trim().toUpperCase());
    return deviceCode === undefined ? undefined : this.deviceFlows.get(deviceCode);
  }

  addTicket(ticket: PageTicket): string {
    const value = randomBytes(24).toString('base64url');
    this.tickets.set(value, ticket);
    return value;
  }

  /** Takes a ticket out: each rendered page can be submitted once. */
  takeTicket(value: string): PageTicket | undefined {
    const ticket = this.tickets.get(value);
    this.tickets.delete(value);
    return ticket;
  }

  clear(): void {
    this.codes.clear();
    this.refreshTokens.clear();
    this.deviceFlows.clear();
    this.userCodes.clear();
    this.tickets.clear();
    this.sessions.clear();
  }
}
