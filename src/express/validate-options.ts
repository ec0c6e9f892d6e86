import { AadOptionsError, formatIssues, zod } from '../validation/options-validation.js';
import type { AadErrorHandlerOptions } from './options.js';
import { parseAuthority } from './authority.js';
import { isSafeReturnTo } from './return-to.js';
import { SCOPE_TOKEN } from './sign-in-params.js';

// The options schema, checked once when `aadErrorHandler()` is called, through the library's shared
// validation (zod loaded lazily, messages that name the option in backticks, "did you mean").

const PREFIX = 'aad-error-handler aadErrorHandler';

/** Every option, checked by the compiler: adding an option without listing it here fails the build. */
const KNOWN: { readonly [K in keyof Required<AadErrorHandlerOptions>]: true } = {
  mode: true,
  loginPath: true,
  scopes: true,
  clientId: true,
  authority: true,
  msal: true,
  redirectUri: true,
  exposeDetails: true,
  loopGuard: true,
  retryAfterSeconds: true,
  maxRetryAfterSeconds: true,
  adminConsentUrl: true,
  account: true,
  onDecision: true,
  logger: true,
  render: true,
  overrides: true,
};

function buildSchema() {
  const z = zod();
  const fn = (what: string) => z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', `must be a function (${what})`);
  const scopeToken = z.string().regex(SCOPE_TOKEN, 'must be a scope such as User.Read or api://my-api/.default');
  const absoluteUrl = z.string().refine((value) => {
    try {
      const protocol = new URL(value).protocol;
      return protocol === 'https:' || protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL');

  return z.strictObject({
    mode: z.enum(['auto', 'web_app', 'web_api']).optional(),
    loginPath: z
      .string()
      .refine((value) => isSafeReturnTo(value) && !/[?#]/.test(value), 'must be a same-origin path such as /auth/signin, without query or fragment')
      .optional(),
    scopes: z.array(scopeToken).max(32).optional(),
    clientId: z.string().regex(/^[\u0021-\u007e]{1,256}$/, 'must be the application (client) ID').optional(),
    authority: z.string().refine((value) => parseAuthority(value) !== undefined, 'must be an https URL such as https://login.microsoftonline.com/<tenant>').optional(),
    msal: z
      .custom<object>((value) => typeof value === 'object' && value !== null && typeof (value as { getAuthCodeUrl?: unknown }).getAuthCodeUrl === 'function', 'must be a ConfidentialClientApplication (an object with getAuthCodeUrl)')
      .optional(),
    redirectUri: absoluteUrl.optional(),
    exposeDetails: z.boolean().optional(),
    loopGuard: z
      .union([
        z.literal(false),
        z.strictObject({
          limit: z.number().int().min(2).max(100).optional(),
          windowMs: z.number().int().min(1000).max(86_400_000).optional(),
          secret: z.string().min(32, 'must be at least 32 characters').optional(),
          cookieName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, _ or -').optional(),
          store: z.enum(['auto', 'session', 'cookie']).optional(),
        }),
      ])
      .optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    maxRetryAfterSeconds: z.number().int().min(1).max(86_400).optional(),
    adminConsentUrl: z.union([absoluteUrl, fn('decision, req) => string | undefined')]).optional(),
    account: fn('req => account').optional(),
    onDecision: fn('(decision, req, res) => …').optional(),
    logger: z
      .custom<object>((value) => typeof value === 'object' && value !== null && typeof (value as { warn?: unknown }).warn === 'function' && typeof (value as { error?: unknown }).error === 'function', 'must have warn(obj, msg) and error(obj, msg) methods')
      .optional(),
    render: fn('(page, req) => html').optional(),
    // `createClassifier` checks overrides with the same schema `classify` uses, so it is not repeated here.
    overrides: z.unknown().optional(),
  });
}

let schema: ReturnType<typeof buildSchema> | undefined;

/** Validates the options; throws `AadOptionsError` naming every bad or unknown key. */
export function validateHandlerOptions(options: unknown): AadErrorHandlerOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new AadOptionsError(`${PREFIX}: options must be an object; received ${JSON.stringify(options)}`);
  }
  schema ??= buildSchema();
  const result = schema.safeParse(options);
  if (!result.success) throw new AadOptionsError(formatIssues(PREFIX, result.error, options, Object.keys(KNOWN)));
  return options as AadErrorHandlerOptions;
}
