import { adminLayer } from './admin-api.js';
import type { EntraSimulatorOptions } from './options.js';
import { buildSimulator } from './simulator.js';
import type { EntraSimulator } from './simulator-api.js';

/** Options for `serveEntraSimulator`: the simulator's own, plus where and how it serves. */
export interface ServeEntraSimulatorOptions extends EntraSimulatorOptions {
  /** The loopback port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** A delay before every Entra answer, in milliseconds (the admin API can change it). @default 0 */
  readonly latencyMs?: number;
}

/** A simulated Entra ID serving other processes on a loopback port. */
export interface ServedEntraSimulator {
  /** The loopback origin, `http://127.0.0.1:<port>`: give it to `simulatorNetworkClient` and `simulatorAdmin`. */
  readonly url: string;
  readonly tenantId: string;
  /** `https://login.microsoftonline.com/<tenantId>`: the authority other processes configure msal-node with. */
  readonly authority: string;
  /** The simulator itself, to script from this process as well. */
  readonly sim: EntraSimulator;
  close(): Promise<void>;
}

/**
 * Serves a simulated Entra ID to other processes, as `aadsts simulate` does: the endpoints msal-node
 * talks to and the sign-in pages on a loopback port, plus an admin API (`/_admin/…`) that scripts
 * failures, outages and latency and counts requests. Other processes connect with
 * `simulatorNetworkClient(url)` and script it with `simulatorAdmin(url)`.
 *
 * @example
 * const served = await serveEntraSimulator({ port: 0 });
 * // in any process: new ConfidentialClientApplication({ auth: { authority: served.authority, … },
 * //   system: { networkClient: aadNetworkClient({ networkModule: simulatorNetworkClient(served.url) }) } })
 * await served.close();
 */
export async function serveEntraSimulator(options: ServeEntraSimulatorOptions = {}): Promise<ServedEntraSimulator> {
  const { port = 0, latencyMs = 0, ...simulatorOptions } = options;
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 60_000) {
    throw new RangeError(`serveEntraSimulator: \`latencyMs\` must be a whole number of milliseconds from 0 to 60000; received ${JSON.stringify(latencyMs)}`);
  }
  const sim = buildSimulator(simulatorOptions, adminLayer({ latencyMs }));
  const url = await sim.listen(port);
  return {
    url,
    tenantId: sim.tenantId,
    authority: `https://login.microsoftonline.com/${sim.tenantId}`,
    sim,
    close: () => sim.close(),
  };
}
