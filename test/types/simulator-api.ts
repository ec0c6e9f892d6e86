// Type tests for the standalone simulator in `aad-error-handler/testing` (serveEntraSimulator,
// simulatorNetworkClient, simulatorAdmin), checked by `tsc --noEmit`: each `@ts-expect-error` line
// must fail to compile.
import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { aadNetworkClient } from '../../src/index.js';
import {
  serveEntraSimulator,
  simulatorAdmin,
  simulatorNetworkClient,
  type DownRequest,
  type EntraSimulator,
  type FailRequest,
  type OutageMode,
  type ServedEntraSimulator,
  type ServeEntraSimulatorOptions,
  type SimulatorAdmin,
  type SimulatorInfo,
  type SimulatorNetworkClient,
  type SimulatorRequest,
  type SimulatorStats,
} from '../../src/testing/index.js';

export async function served(): Promise<void> {
  const options: ServeEntraSimulatorOptions = { port: 0, latencyMs: 50 };
  const server: ServedEntraSimulator = await serveEntraSimulator(options);
  const url: string = server.url;
  const authority: string = server.authority;
  const sim: EntraSimulator = server.sim;
  void sim;

  // The network client is an msal-node network module, and fits aadNetworkClient({ networkModule }).
  const remote: SimulatorNetworkClient = simulatorNetworkClient(url, { timeoutMs: 5000 });
  const networkModule: INetworkModule = remote;
  const cca = new ConfidentialClientApplication({
    auth: { clientId: 'client-id', clientSecret: 'secret', authority },
    system: { networkClient: aadNetworkClient({ networkModule }) },
  });
  void cca;

  const admin: SimulatorAdmin = simulatorAdmin(url);
  const fail: FailRequest = { count: 2, status: 429, retryAfter: 2, code: 50196 };
  const afterFail: SimulatorStats = await admin.fail(fail);
  const mode: OutageMode = 'reset';
  const down: DownRequest = { seconds: 10, mode, retryAfter: 5 };
  await admin.down(down);
  await admin.up();
  await admin.latency(100);
  const stats: SimulatorStats = await admin.stats();
  const tokenRequests: number = stats.tokenRequests + afterFail.outageTokenRequests;
  const answered: number | undefined = stats.tokenAnswers['429'];
  const outageEnds: number | undefined = stats.outage?.endsAt;
  const info: SimulatorInfo = await admin.info();
  const authorities: readonly string[] = info.authorities;
  const log: readonly SimulatorRequest[] = await admin.requests();
  await admin.fail();
  await admin.reset();
  void [tokenRequests, answered, outageEnds, authorities, log];
  await server.close();
}

export async function wrongUse(url: string): Promise<void> {
  // @ts-expect-error — the simulator's URL is required
  simulatorNetworkClient();
  // @ts-expect-error — timeoutMs is a number of milliseconds
  simulatorNetworkClient(url, { timeoutMs: '5s' });
  // @ts-expect-error — the network client has no admin methods
  await simulatorNetworkClient(url).stats();
  const admin = simulatorAdmin(url);
  // @ts-expect-error — an outage needs its length in seconds
  await admin.down({ mode: 'reset' });
  // @ts-expect-error — outage modes are a closed union
  await admin.down({ seconds: 5, mode: 'refused' });
  // @ts-expect-error — retryAfter is whole seconds, a number
  await admin.fail({ retryAfter: '2' });
  // @ts-expect-error — latency takes a number of milliseconds
  await admin.latency('100ms');
  // @ts-expect-error — stats are read-only
  (await admin.stats()).tokenRequests = 0;
  // @ts-expect-error — port is a number
  await serveEntraSimulator({ port: '5599' });
  // @ts-expect-error — the served simulator's url is read-only
  (await serveEntraSimulator()).url = 'http://127.0.0.1:1';
}
