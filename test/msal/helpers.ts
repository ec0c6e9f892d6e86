import { randomUUID } from 'node:crypto';
import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { vi } from 'vitest';
import { isAadError, type AadError } from '../../src/errors.js';
import type { Runtime } from '../../src/msal/retry.js';
import { aadNetworkClient, type AadNetworkClient } from '../../src/msal/network-client.js';
import { AUTHORITY, CLIENT_ID, fakeAuthority, tokenEndpoint } from '../fixtures/fake-authority.js';

export const GRAPH = ['https://graph.microsoft.com/.default'];

/** A real msal-node confidential client against the nock-faked authority. */
export function confidentialClient(networkClient?: AadNetworkClient): ConfidentialClientApplication {
  fakeAuthority();
  return new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, authority: AUTHORITY, clientSecret: 'test-secret-value' },
    ...(networkClient ? { system: { networkClient } } : {}),
  });
}

/** A real msal-node public client against the nock-faked authority. */
export function publicClient(networkClient?: AadNetworkClient): PublicClientApplication {
  fakeAuthority();
  return new PublicClientApplication({ auth: { clientId: CLIENT_ID, authority: AUTHORITY }, ...(networkClient ? { system: { networkClient } } : {}) });
}

/** The confidential client with our network client, and that network client. */
export function trackedClient(): { client: ConfidentialClientApplication; network: AadNetworkClient } {
  const network = aadNetworkClient();
  return { client: confidentialClient(network), network };
}

/**
 * A runtime whose waits move a faked `Date` forward at once (msal-node reads the same clock for its
 * throttle windows), with the jitter pinned. Call `install()` in the test and `vi.useRealTimers()` after.
 */
export function timeMachine(random = 0.5): { runtime: Runtime; waits: number[]; install(): void } {
  const waits: number[] = [];
  const runtime: Runtime = {
    now: () => Date.now(),
    random: () => random,
    newCorrelationId: randomUUID,
    sleep: async (ms, signal) => {
      if (signal.aborted) throw signal.reason;
      waits.push(ms);
      vi.setSystemTime(Date.now() + ms);
    },
  };
  return {
    runtime,
    waits,
    install: () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-03-02T09:00:00Z'));
    },
  };
}

/** One scripted token-endpoint answer: status, body, headers. */
export type Answer = readonly [status: number, body: unknown, headers?: Record<string, string>];

/** The token endpoint answering the n-th request (from 1) with `answer(n)`; returns how many requests it got. */
export function scriptedEndpoint(answer: (call: number) => Answer): () => number {
  let calls = 0;
  tokenEndpoint().times(500).reply(() => {
    const [status, body, headers = {}] = answer(++calls);
    return [status, body as Record<string, unknown>, headers];
  });
  return () => calls;
}

/** The token endpoint answering these in order, and the last one again to any further request. */
export function tokenAnswers(...answers: Answer[]): () => number {
  return scriptedEndpoint((call) => answers[Math.min(call, answers.length) - 1]!);
}

/** The AadError a call rejected with; fails the test when it resolved or threw anything else. */
export async function aadFailure(promise: Promise<unknown>): Promise<AadError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isAadError(error)) throw new Error(`expected an AadError, got ${String(error)}`);
  return error;
}
