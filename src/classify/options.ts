import { z } from 'zod';
import { ACTIONS, FIX_BY, RISKS } from '../catalog/types.js';
import type { ClassifyOptions } from './types.js';

const codeOverride = z.strictObject({
  action: z.enum(ACTIONS as [string, ...string[]]).optional(),
  fixBy: z.enum(FIX_BY as [string, ...string[]]).optional(),
  status: z.union([z.literal(401), z.literal(403), z.literal(500), z.literal(503)]).optional(),
  risk: z.enum(RISKS as [string, ...string[]]).optional(),
  adminConsent: z.boolean().optional(),
});

const schema = z.strictObject({
  context: z.enum(['web_app', 'web_api', 'daemon']).optional(),
  overrides: z
    .strictObject({
      codes: z.record(z.string().regex(/^(?:AADSTS|ACS|AADB2C)?\d{1,10}$/, 'a code such as 50076 or AADB2C90118'), codeOverride).optional(),
      rule: z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', 'a function').optional(),
    })
    .optional(),
  now: z.number().finite().optional(),
  fromTokenRequest: z.boolean().optional(),
});

/** Thrown for bad options, naming the option and what was received. */
export class AadOptionsError extends TypeError {
  readonly code = 'ERR_AAD_OPTIONS';
  constructor(message: string) {
    super(message);
    this.name = 'AadOptionsError';
  }
}

/** Formats zod issues as "`overrides.codes.50076.action` must be one of …; received "sometimes"". */
export function formatIssues(prefix: string, error: z.ZodError, input: unknown): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      let received: unknown = input;
      for (const key of issue.path) received = typeof received === 'object' && received !== null ? (received as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
      const shown = typeof received === 'function' ? '[function]' : JSON.stringify(received);
      return `${prefix}: \`${path || '(options)'}\` ${issue.message}${received === undefined ? '' : `; received ${shown}`}`;
    })
    .join('\n');
}

/** Validates classify options once; throws `AadOptionsError` with a message that names the bad key. */
export function validateClassifyOptions(options: unknown): ClassifyOptions {
  const result = schema.safeParse(options ?? {});
  if (!result.success) throw new AadOptionsError(formatIssues('aad-error-handler classify', result.error, options));
  return options as ClassifyOptions;
}
