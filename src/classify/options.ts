import { ACTIONS, FIX_BY, RISKS } from '../catalog/types.js';
import { LANGS, type Lang } from '../locales/types.js';
import type { ClassifyOptions } from './types.js';
import { optionsError, zod } from '../validation/options-validation.js';
import { AadOptionsError } from '../errors.js';

export { AadOptionsError };

/** The option keys, checked by the compiler against the type. */
const KNOWN_KEYS: { [K in keyof Required<ClassifyOptions>]: true } = { context: true, overrides: true, now: true, fromTokenRequest: true, lang: true };

let schema: ReturnType<typeof buildSchema> | undefined;

function buildSchema() {
  const z = zod();
  const codeOverride = z.strictObject({
    action: z.enum(ACTIONS as [string, ...string[]]).optional(),
    fixBy: z.enum(FIX_BY as [string, ...string[]]).optional(),
    status: z.union([z.literal(401), z.literal(403), z.literal(500), z.literal(503)]).optional(),
    risk: z.enum(RISKS as [string, ...string[]]).optional(),
    adminConsent: z.boolean().optional(),
  });
  return z.strictObject({
    context: z.enum(['web_app', 'web_api', 'daemon']).optional(),
    overrides: z
      .strictObject({
        codes: z.record(z.string().regex(/^(?:AADSTS|ACS|AADB2C)?\d{1,10}$/, 'must be a code such as 50076 or AADB2C90118'), codeOverride).optional(),
        rule: z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', 'must be a function').optional(),
      })
      .optional(),
    now: z.number().optional(),
    fromTokenRequest: z.boolean().optional(),
    lang: z.enum(LANGS as [Lang, ...Lang[]]).optional(),
  });
}

/** Validates classify options once; throws `AadOptionsError` with a message that names the bad key. */
export function validateClassifyOptions(options: unknown): ClassifyOptions {
  schema ??= buildSchema();
  const result = schema.safeParse(options ?? {});
  if (!result.success) throw optionsError('aad-error-handler classify', result.error, options, Object.keys(KNOWN_KEYS));
  return options as ClassifyOptions;
}
