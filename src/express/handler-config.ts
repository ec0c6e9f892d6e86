import type { IncomingMessage, ServerResponse } from 'node:http';
import { createClassifier } from '../classify/classify.js';
import type { Decision } from '../classify/types.js';
import { adminConsentUrl, DEFAULT_AUTHORITY, parseAuthority, type Authority } from './authority.js';
import type { HandlerMode, ModeOption } from './choose-mode.js';
import { createLoopGuard, type LoopGuard } from './loop-guard.js';
import type { AadErrorHandlerOptions, AadLogger, MsalAuthCodeClient, OnDecisionResult, SignInAccount } from './options.js';
import type { AadErrorPage } from './page-model.js';
import { readProperty, sessionOf } from './request.js';
import { validateHandlerOptions } from './validate-options.js';
import { challengePrefix } from './www-authenticate.js';

/** Everything the handler needs per request, worked out once from the options. */
export interface HandlerConfig {
  readonly mode: ModeOption;
  readonly loginPath: string;
  readonly scopes: readonly string[];
  readonly authority: Authority;
  /** `Bearer realm="", authorization_uri="…", client_id="…"`, shared by every challenge. */
  readonly challengePrefix: string;
  /** Set only when a direct redirect to the authorize URL is configured (`msal` and `redirectUri`). */
  readonly direct: { readonly msal: MsalAuthCodeClient; readonly redirectUri: string } | undefined;
  readonly exposeDetails: boolean;
  readonly loopGuard: LoopGuard | undefined;
  readonly retryAfterSeconds: number;
  readonly maxRetryAfterSeconds: number;
  readonly adminConsentUrl: (decision: Decision, req: IncomingMessage) => string | undefined;
  readonly account: (req: IncomingMessage) => SignInAccount | undefined;
  readonly onDecision: ((decision: Decision, req: IncomingMessage, res: ServerResponse) => OnDecisionResult | Promise<OnDecisionResult>) | undefined;
  readonly logger: AadLogger | undefined;
  readonly render: ((page: AadErrorPage, req: IncomingMessage) => string | undefined | Promise<string | undefined>) | undefined;
  /** One classifier per context, built once so options are validated at setup, not per failure. */
  readonly classifiers: Readonly<Record<HandlerMode, (input: unknown) => Decision | null>>;
}

/** msal-node keeps its configuration on a protected `config`; read it defensively, it is not public API. */
function msalSetting(msal: MsalAuthCodeClient | undefined, key: 'clientId' | 'authority'): string | undefined {
  const value = readProperty(readProperty(readProperty(msal, 'config'), 'auth'), key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function defaultAccount(req: IncomingMessage): SignInAccount | undefined {
  const account = readProperty(sessionOf(req), 'account');
  return typeof account === 'object' && account !== null ? (account as SignInAccount) : undefined;
}

/** Validates the options and precomputes the configuration. Throws `AadOptionsError` on bad options. */
export function resolveHandlerConfig(input: unknown): HandlerConfig {
  // The cast widens the request type: the handler hands every hook the request Express gave it.
  const options = validateHandlerOptions(input) as AadErrorHandlerOptions;
  const clientId = options.clientId ?? msalSetting(options.msal, 'clientId');
  const authority = parseAuthority(options.authority ?? msalSetting(options.msal, 'authority') ?? DEFAULT_AUTHORITY) ?? parseAuthority(DEFAULT_AUTHORITY)!;
  const scopes = options.scopes ?? [];
  const redirectUri = options.redirectUri;
  const adminOption = options.adminConsentUrl;
  const classifyOptions = options.overrides ? { overrides: options.overrides } : {};
  return {
    mode: options.mode ?? 'auto',
    loginPath: options.loginPath ?? '/auth/signin',
    scopes,
    authority,
    challengePrefix: challengePrefix({ authorizationUri: authority.authorizeUrl, clientId }),
    direct: options.msal && redirectUri ? { msal: options.msal, redirectUri } : undefined,
    exposeDetails: options.exposeDetails ?? false,
    loopGuard: options.loopGuard === false ? undefined : createLoopGuard(options.loopGuard ?? {}),
    retryAfterSeconds: options.retryAfterSeconds ?? 5,
    maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 300,
    adminConsentUrl:
      typeof adminOption === 'function'
        ? adminOption
        : typeof adminOption === 'string'
          ? () => adminOption
          : (decision) => (clientId ? adminConsentUrl(authority, clientId, decision.scopes.length > 0 ? decision.scopes : scopes, redirectUri) : undefined),
    account: options.account ? options.account.bind(options) : defaultAccount,
    onDecision: options.onDecision?.bind(options),
    logger: options.logger,
    render: options.render?.bind(options),
    classifiers: {
      web_app: createClassifier({ ...classifyOptions, context: 'web_app' }),
      web_api: createClassifier({ ...classifyOptions, context: 'web_api' }),
    },
  };
}
