import type { AuthenticationResult } from '@azure/msal-node';
import { AadOptionsError } from '../errors.js';
import { AadError } from '../errors.js';
import type { Decision } from '../classify/types.js';
import { read } from '../parse/safe.js';
import type { CallOptions } from './options.js';
import type { SendWithToken } from './types.js';

type Request = Readonly<Record<string, unknown>>;
type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** What `callApi` needs from the wrapper. */
export interface CallApiDependencies {
  /** The wrapped `acquireTokenByClientCredential`. */
  readonly acquire: (request: Request, call: CallOptions | undefined) => Promise<AuthenticationResult | null>;
  /** A classifier for downstream answers, bound to the daemon context. */
  readonly classify: (input: unknown) => Decision | null;
}

async function settle<R>(run: () => Promise<R> | R): Promise<Outcome<R>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

function statusOf(value: unknown): unknown {
  return read(value, 'status') ?? read(value, 'statusCode');
}

/**
 * The claims challenge in what `send` produced, or null. A returned answer is only looked at when it
 * is a 401 (claims challenges always are), so successful answers cost nothing and their bodies are
 * never touched; a thrown error (axios and most SDKs throw on 401) is always looked at.
 */
function challengeOf<R>(outcome: Outcome<R>, classify: CallApiDependencies['classify']): Decision | null {
  if (outcome.ok && statusOf(outcome.value) !== 401) return null;
  const decision = classify(outcome.ok ? outcome.value : outcome.error);
  return decision !== null && decision.action === 'claims_challenge' && decision.claims !== null ? decision : null;
}

function unwrap<R>(outcome: Outcome<R>): R {
  if (outcome.ok) return outcome.value;
  throw outcome.error;
}

async function token(deps: CallApiDependencies, request: Request, call: CallOptions | undefined): Promise<AuthenticationResult> {
  const result = await deps.acquire(request, call);
  // msal-node types allow null here, though client credentials never produce it.
  if (result === null) throw new AadOptionsError('aad-error-handler callApi: msal-node returned no token for the client credentials request');
  return result;
}

/** Gets an app token and calls the API, answering one claims challenge by re-requesting the token with its claims. */
export async function callApi<R>(deps: CallApiDependencies, request: Request, send: SendWithToken<R>, call: CallOptions | undefined): Promise<R> {
  if (typeof send !== 'function') throw new AadOptionsError(`aad-error-handler callApi: \`send\` must be a function; received ${typeof send}`);
  const first = await token(deps, request, call);
  const outcome = await settle(() => send(first));
  const challenge = challengeOf(outcome, deps.classify);
  if (challenge === null) return unwrap(outcome);

  const second = await token(deps, { ...request, claims: challenge.claims }, call);
  const again = await settle(() => send(second));
  const repeated = challengeOf(again, deps.classify);
  if (repeated === null) return unwrap(again);
  throw new AadError(repeated, {
    cause: again.ok ? again.value : again.error,
    message: 'The API asked for a claims challenge again after a token with those claims was issued; giving up.',
  });
}
