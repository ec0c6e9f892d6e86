import { parseArgs } from 'node:util';
import { serveEntraSimulator } from '../testing/serve.js';
import type { CliIo } from './run-cli.js';

export const SIMULATE_USAGE = `       aadsts simulate [--port N] [--latency-ms N] [--tenant-id GUID] [--json]`;

/** A usage mistake in `simulate`'s arguments; run-cli turns it into exit code 2. */
export class SimulateUsageError extends Error {}

function integer(flag: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number > max) throw new SimulateUsageError(`--${flag} must be a whole number from 0 to ${max}; received ${JSON.stringify(value)}`);
  return number;
}

/** Resolves when the signal aborts; never without one (the process is then stopped from outside). */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * `aadsts simulate`: serves the simulated Entra ID on a loopback port for other processes until
 * `io.signal` aborts (Ctrl+C or SIGTERM in the bin). Prints where it is: a few lines for people, or one
 * JSON line with `--json` for scripts that start it.
 */
export async function runSimulateCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { port: { type: 'string' }, 'latency-ms': { type: 'string' }, 'tenant-id': { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    throw new SimulateUsageError((error as Error).message);
  }
  const port = integer('port', parsed.values.port, 65_535);
  const latencyMs = integer('latency-ms', parsed.values['latency-ms'], 60_000);
  const tenantId = parsed.values['tenant-id'];
  if (tenantId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId)) {
    throw new SimulateUsageError(`--tenant-id must be a GUID; received ${JSON.stringify(tenantId)}`);
  }
  const served = await serveEntraSimulator({ ...(port === undefined ? {} : { port }), ...(latencyMs === undefined ? {} : { latencyMs }), ...(tenantId === undefined ? {} : { tenantId }) });
  const admin = `${served.url}/_admin`;
  if (parsed.values.json === true) {
    io.stdout.write(`${JSON.stringify({ url: served.url, tenantId: served.tenantId, authority: served.authority, admin })}\n`);
  } else {
    io.stdout.write(
      [
        `Simulated Entra ID on ${served.url} (loopback only; Ctrl+C stops it)`,
        `  authority  ${served.authority}  (msal-node keeps it: system.networkClient = aadNetworkClient({ networkModule: simulatorNetworkClient('${served.url}') }))`,
        `  tenant     ${served.tenantId}`,
        `  admin API  ${admin}  (POST fail, down, up, latency, reset; GET stats, requests)`,
        '',
      ].join('\n'),
    );
  }
  await stopped(io.signal);
  await served.close();
  return 0;
}
