import { randomUUID } from 'node:crypto';
import { AadError } from '../errors.js';
import { createClassifier } from '../classify/classify.js';
import { validateClassifyOptions } from '../classify/options.js';
import type { ClassifyOptions, Context, Decision } from '../classify/types.js';
import { AadOptionsError } from '../errors.js';
import { type CallApiDependencies, callApi } from './call-api.js';
import { answerLogOf } from './network-client.js';
import { type CallOptions, type ResolvedOptions, type WithAadErrorsOptions, resolveWrapperOptions } from './options.js';
import { type AttemptSettings, type Runtime, abortableSleep, runAttempts } from './retry.js';
import { Fleet } from './fleet.js';
import { SingleFlight, flightKey } from './single-flight.js';
import { ThrottleWindows } from './throttling.js';
import type { AadClient, SendWithToken } from './types.js';

type Request = Readonly<Record<string, unknown>>;
type MsalMethod = (request: Request, ...rest: unknown[]) => Promise<unknown>;

/** The wrapped methods and the context each one classifies in unless `options.context` says otherwise. */
const METHOD_CONTEXT = {
  acquireTokenByClientCredential: 'daemon',
  acquireTokenOnBehalfOf: 'web_api',
  acquireTokenByCode: 'web_app',
  acquireTokenByRefreshToken: 'web_app',
  acquireTokenSilent: 'web_app',
  acquireTokenByDeviceCode: 'web_app',
} as const satisfies Record<string, Context>;
type MethodName = keyof typeof METHOD_CONTEXT;

/** Methods whose msal-node signature already has a second argument, so the call options come third. */
const TAKES_PAYLOAD: ReadonlySet<MethodName> = new Set(['acquireTokenByCode']);

const WRAPPED = Symbol.for('aad-error-handler.msalWrapper');

export const DEFAULT_RUNTIME: Runtime = { now: () => Date.now(), sleep: abortableSleep, random: Math.random, newCorrelationId: randomUUID };

function describe(value: unknown): string {
  // JSON.stringify answers undefined for a symbol, whatever its declared type says.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  return typeof value === 'function' ? '[function]' : typeof value === 'object' ? (value === null ? 'null' : 'an object') : JSON.stringify(value) ?? typeof value;
}

function checkClient(client: unknown): asserts client is Record<string, unknown> {
  const prefix = 'aad-error-handler withAadErrors';
  if (typeof client !== 'object' || client === null) {
    const hint = typeof client === 'function' ? ' (the class itself was passed: create an instance with `new` first)' : '';
    throw new AadOptionsError(`${prefix}: \`client\` must be a ConfidentialClientApplication or PublicClientApplication of @azure/msal-node${hint}; received ${describe(client)}`);
  }
  if ((client as Record<symbol, unknown>)[WRAPPED] === true) {
    throw new AadOptionsError(`${prefix}: \`client\` is already wrapped; wrap the msal-node client once (its \`client\` property is the original)`);
  }
  if (!Object.keys(METHOD_CONTEXT).some((name) => typeof (client as Record<string, unknown>)[name] === 'function')) {
    throw new AadOptionsError(`${prefix}: \`client\` has none of the acquireToken* methods of an msal-node client application`);
  }
}

function checkCall(method: string, call: unknown): CallOptions | undefined {
  if (call === undefined || call === null) return undefined;
  const signal = typeof call === 'object' ? (call as { signal?: unknown }).signal : undefined;
  if (typeof call !== 'object' || (signal !== undefined && !(signal instanceof AbortSignal))) {
    throw new AadOptionsError(`aad-error-handler ${method}: the call options must be { signal?: AbortSignal }; received ${describe(call)}`);
  }
  return call;
}

function looksLikeCallOptions(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { signal?: unknown }).signal instanceof AbortSignal && !('code' in value);
}

/** The client's configured authority and client ID, for the fleet's key namespace. Reads a non-public field, so it only ever reads. */
function detectIdentity(client: Record<string, unknown>): { authority: string; clientId: string } {
  try {
    const auth = (client['config'] as { auth?: { authority?: unknown; clientId?: unknown } } | undefined)?.auth;
    return { authority: typeof auth?.authority === 'string' ? auth.authority : 'unknown', clientId: typeof auth?.clientId === 'string' ? auth.clientId : 'unknown' };
  } catch {
    return { authority: 'unknown', clientId: 'unknown' };
  }
}

/** The network client msal-node was configured with, when it is ours. Reads a non-public field, so it only ever reads. */
function detectAnswers(client: Record<string, unknown>) {
  try {
    const config = client['config'] as { system?: { networkClient?: unknown } } | undefined;
    return answerLogOf(config?.system?.networkClient);
  } catch {
    return undefined;
  }
}

function classifyOptionsFor(context: Context, resolved: ResolvedOptions): ClassifyOptions {
  return resolved.overrides === undefined ? { context } : { context, overrides: resolved.overrides };
}

/** Aborted callers get an AadError when they were waiting on a retry (so `next(err)` still answers 503), else the abort reason. */
function abortError(control: { readonly lastDecision: Decision | null }, reason: unknown): unknown {
  if (control.lastDecision === null) return reason;
  return new AadError(control.lastDecision, { code: 'ERR_AAD_ABORTED', cause: reason, message: 'The wait to retry the Entra ID token request was aborted.' });
}

/**
 * One wrapped method. Explicit arguments rather than a rest parameter: this runs on every call,
 * cache hits included, where every allocation shows.
 */
function wrapMethod(name: MethodName, method: MsalMethod, settings: AttemptSettings, flights: SingleFlight, singleFlight: boolean) {
  const { fleet } = settings;
  // A successful interactive sign-in clears the interaction-required failures remembered for its account.
  const signIn = fleet !== undefined && (name === 'acquireTokenByCode' || name === 'acquireTokenByDeviceCode') ? fleet : undefined;
  const takesPayload = TAKES_PAYLOAD.has(name);
  return (request: unknown, second?: unknown, third?: unknown): Promise<unknown> => {
    if (typeof request !== 'object' || request === null) {
      return Promise.reject(new AadOptionsError(`aad-error-handler ${name}: \`request\` must be an object; received ${describe(request)}`));
    }
    let call: CallOptions | undefined;
    try {
      if (takesPayload && looksLikeCallOptions(second)) {
        throw new AadOptionsError(`aad-error-handler ${name}: the second argument is msal-node's authCodePayload; pass { signal } third`);
      }
      call = checkCall(name, takesPayload ? third : second);
    } catch (error) {
      return Promise.reject(error);
    }
    const typed = request as Request;
    const payload = takesPayload ? second : undefined;
    const send = payload === undefined ? method : (sent: Request) => method(sent, payload);
    // The fleet's lease and cache-hit memory need the key even when local sharing is off.
    const key = singleFlight || fleet !== undefined ? flightKey(name, payload === undefined ? typed : [typed, payload]) : null;
    const started = flights.run(singleFlight ? key : null, (control) => runAttempts(settings, typed, send, control, key), call?.signal);
    // Awaited, so the user's next silent call, on any instance, finds the memory cleared.
    const shared = signIn === undefined ? started : started.then(async (result) => {
      await signIn.signedIn(name, result);
      return result;
    });
    // A shared result keeps each caller's own correlation ID, as msal-node's silent-request coalescing does.
    const own = typed['correlationId'];
    if (typeof own !== 'string' || key === null) return shared;
    return shared.then((result) => (typeof result === 'object' && result !== null && (result as Request)['correlationId'] !== own ? { ...result, correlationId: own } : result));
  };
}

/** `withAadErrors` with its clock, sleep and randomness injectable; the public function passes the real ones. */
export function createAadClient<C extends object>(client: C, options: WithAadErrorsOptions | undefined, runtime: Runtime): AadClient<C> {
  checkClient(client);
  const resolved = resolveWrapperOptions(options, detectAnswers(client));
  const flights = new SingleFlight(abortError);
  const windows = new ThrottleWindows();
  const wrapper: Record<string, unknown> = { client };
  const fleet = resolved.fleet === undefined ? undefined : new Fleet({ ...resolved.fleet, ...detectIdentity(client), logger: resolved.logger, runtime });

  for (const name of Object.keys(METHOD_CONTEXT) as MethodName[]) {
    const original = client[name];
    if (typeof original !== 'function') continue;
    const method = (original as MsalMethod).bind(client);
    const context = resolved.context ?? METHOD_CONTEXT[name];
    const classifyOptions = validateClassifyOptions(classifyOptionsFor(context, resolved));
    const settings: AttemptSettings = {
      method: name,
      limits: resolved.limits,
      classifyOptions,
      answers: resolved.answers,
      windows,
      onRetry: resolved.onRetry,
      logger: resolved.logger,
      runtime,
      answersClaims: name === 'acquireTokenByClientCredential' && context === 'daemon',
      fleet,
      fleetMethod: { name, classifyOptions },
    };
    wrapper[name] = wrapMethod(name, method, settings, flights, resolved.singleFlight);
  }

  if (typeof wrapper['acquireTokenByClientCredential'] === 'function') {
    const acquire = wrapper['acquireTokenByClientCredential'] as CallApiDependencies['acquire'];
    // Downstream answers are not token requests: a bare ECONNRESET from the API is not an Entra failure.
    const downstream = createClassifier(classifyOptionsFor(resolved.context ?? 'daemon', resolved));
    wrapper['callApi'] = (request: Request, send: SendWithToken<unknown>, call?: CallOptions): Promise<unknown> => callApi({ acquire, classify: downstream }, request, send, call);
  }
  Object.defineProperty(wrapper, WRAPPED, { value: true });
  return Object.freeze(wrapper) as AadClient<C>;
}

/**
 * Wraps a msal-node 7 `ConfidentialClientApplication` or `PublicClientApplication`: the same
 * `acquireToken*` methods, but every failure is thrown as one `AadError` carrying its Decision,
 * `retry` decisions are retried the way Entra ID asks (Retry-After, msal-node's throttle window,
 * jittered backoff, hard attempt and time bounds), and concurrent identical calls share one request.
 *
 * @example
 * const aad = withAadErrors(new ConfidentialClientApplication(config));
 * const { accessToken } = await aad.acquireTokenByClientCredential({ scopes }, { signal });
 */
export function withAadErrors<C extends object>(client: C, options?: WithAadErrorsOptions): AadClient<C> {
  return createAadClient(client, options, DEFAULT_RUNTIME);
}
