import { z } from 'zod';
import { formatIssues } from '../validation/options-validation.js';
import type { SimulatedUser } from './types.js';

/** An app registration the simulator knows. */
export interface SimulatedApp {
  readonly clientId: string;
  /**
   * The only client secret accepted for this app. A different one is answered with AADSTS7000215.
   * @default undefined (any secret, or a client assertion, is accepted)
   */
  readonly clientSecret?: string;
  /**
   * The registered redirect URIs. The sign-in page refuses any other with AADSTS50011, as Entra does.
   * @default undefined (any http or https redirect URI is accepted)
   */
  readonly redirectUris?: readonly string[];
  /** Shown on the consent pages. @default the client ID */
  readonly displayName?: string;
}

/** Options for `createEntraSimulator`. */
export interface EntraSimulatorOptions {
  /**
   * The authority host msal-node is configured with (`https://<host>/<tenant>`). A `.test` host can
   * never resolve (RFC 6761), so a client that bypasses `networkClient` fails fast instead of reaching
   * Microsoft. msal-node also asks it for instance discovery and the OpenID configuration, which is
   * how browsers get sent to the loopback sign-in page. Requests to `login.microsoftonline.com` and
   * its aliases are answered too.
   * @default 'login.entra-sim.test'
   */
  readonly host?: string;
  /** @default '8eaef023-2b34-4da1-9baa-8bc8c9d6a490' */
  readonly tenantId?: string;
  /** The tenant's domain name, accepted in place of the tenant ID in paths. @default 'contoso.onmicrosoft.com' */
  readonly tenantDomain?: string;
  /**
   * The user who signs in unless the sign-in page is given another name.
   * @default { name: 'Adele Vance', username: 'adele@contoso.onmicrosoft.com', oid: '6f8b0c1e-…' }
   */
  readonly user?: Partial<SimulatedUser>;
  /**
   * App registrations. When set, an unknown `client_id` is answered with AADSTS700016.
   * @default [] (every client ID is accepted)
   */
  readonly apps?: readonly SimulatedApp[];
  /** Access token lifetime in seconds (`expires_in`). @default 3599 */
  readonly accessTokenLifetime?: number;
  /** The device code flow's polling `interval` in seconds. @default 5 */
  readonly deviceCodeInterval?: number;
  /** The simulator's clock in epoch milliseconds; tokens, codes and timestamps use it. @default Date.now */
  readonly now?: () => number;
}

export interface ResolvedOptions {
  readonly host: string;
  readonly tenantId: string;
  readonly tenantDomain: string;
  readonly user: SimulatedUser;
  readonly apps: ReadonlyMap<string, SimulatedApp>;
  readonly accessTokenLifetime: number;
  readonly deviceCodeInterval: number;
  readonly now: () => number;
}

const KNOWN_KEYS: { [K in keyof Required<EntraSimulatorOptions>]: true } = {
  host: true,
  tenantId: true,
  tenantDomain: true,
  user: true,
  apps: true,
  accessTokenLifetime: true,
  deviceCodeInterval: true,
  now: true,
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
// Text that ends up in JWT claims, HTML and headers: printable, no control characters, bounded.
const printable = (max: number) => z.string().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]+$/, 'must be printable text without control characters');

const schema = z.strictObject({
  host: z.string().regex(HOST, 'must be a host name such as login.entra-sim.test').optional(),
  tenantId: z.string().regex(GUID, 'must be a GUID').optional(),
  tenantDomain: z.string().regex(HOST, 'must be a domain such as contoso.onmicrosoft.com').optional(),
  user: z
    .strictObject({ name: printable(256).optional(), username: printable(256).optional(), oid: z.string().regex(GUID, 'must be a GUID').optional() })
    .optional(),
  apps: z
    .array(
      z.strictObject({
        clientId: printable(128),
        clientSecret: printable(1024).optional(),
        redirectUris: z.array(z.url({ protocol: /^https?$/ })).optional(),
        displayName: printable(256).optional(),
      }),
    )
    .optional(),
  accessTokenLifetime: z.number().int().min(60).max(86_400).optional(),
  deviceCodeInterval: z.number().int().min(0).max(60).optional(),
  now: z.custom<() => number>((value) => typeof value === 'function', 'must be a function returning epoch milliseconds').optional(),
});

/** Validates the options once, at construction, and fills in the defaults. */
export function resolveSimulatorOptions(input: unknown): ResolvedOptions {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    // A number out of its range is a RangeError; anything else (wrong type, unknown key, bad format) a TypeError.
    const range = result.error.issues.every((issue) => issue.code === 'too_small' || issue.code === 'too_big');
    throw new (range ? RangeError : TypeError)(formatIssues('createEntraSimulator', result.error, input, Object.keys(KNOWN_KEYS)));
  }
  const options = result.data;
  const apps = new Map<string, SimulatedApp>();
  for (const app of options.apps ?? []) {
    if (apps.has(app.clientId)) throw new TypeError(`createEntraSimulator: \`apps\` lists client ID ${JSON.stringify(app.clientId)} twice`);
    apps.set(app.clientId, app as SimulatedApp);
  }
  return {
    host: (options.host ?? 'login.entra-sim.test').toLowerCase(),
    tenantId: (options.tenantId ?? '8eaef023-2b34-4da1-9baa-8bc8c9d6a490').toLowerCase(),
    tenantDomain: (options.tenantDomain ?? 'contoso.onmicrosoft.com').toLowerCase(),
    user: {
      name: options.user?.name ?? 'Adele Vance',
      username: options.user?.username ?? 'adele@contoso.onmicrosoft.com',
      oid: (options.user?.oid ?? '6f8b0c1e-3d2a-4b5c-9e7f-1a2b3c4d5e6f').toLowerCase(),
    },
    apps,
    accessTokenLifetime: options.accessTokenLifetime ?? 3599,
    deviceCodeInterval: options.deviceCodeInterval ?? 5,
    now: (options.now as (() => number) | undefined) ?? Date.now,
  };
}
