import { createRequire } from 'node:module';
import type * as Zod from 'zod';
import { AadOptionsError, type AadOptionsProblem } from '../errors.js';

// zod costs ~50 ms to import, more than half of what @azure/msal-node itself costs, and serverless
// apps pay import time on every cold start. So it is loaded on first use, when options are validated
// (once, at construction), never at import. Every layer validates through here.
let loaded: typeof Zod | undefined;

/** The zod module, loaded synchronously on first call. */
export function zod(): typeof Zod {
  return (loaded ??= createRequire(import.meta.url)('zod') as typeof Zod);
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

/** The known key closest to an unknown one, when it is close enough to be a typo. */
export function didYouMean(unknown: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = levenshtein(unknown.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(unknown.length / 3)) ? best : undefined;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/**
 * Formats zod issues as one line each: "<prefix>: `overrides.codes.50076.action` must be …; received "sometimes"",
 * with a "did you mean" for unknown keys.
 */
export function formatIssues(prefix: string, error: Zod.ZodError, input: unknown, knownKeys: readonly string[] = []): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const parent = issue.path.map(String).join('.');
        return issue.keys
          .map((key) => {
            const hint = parent === '' ? didYouMean(key, knownKeys) : undefined;
            return `${prefix}: unknown option \`${parent ? `${parent}.` : ''}${key}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}`;
          })
          .join('\n');
      }
      const path = issue.path.map(String).join('.');
      const received = valueAt(input, issue.path);
      const shown = typeof received === 'function' ? '[function]' : JSON.stringify(received);
      return `${prefix}: \`${path || '(options)'}\` ${issue.message}${received === undefined ? '' : `; received ${shown}`}`;
    })
    .join('\n');
}

/** What the issues are about: an unknown key, values out of range only, or anything else (a wrong type or shape). */
function problemOf(error: Zod.ZodError): AadOptionsProblem {
  if (error.issues.some((issue) => issue.code === 'unrecognized_keys')) return 'unknown';
  return error.issues.every((issue) => issue.code === 'too_small' || issue.code === 'too_big') ? 'range' : 'type';
}

/** The `AadOptionsError` for failed validation: every issue on its own line, and what kind of problem it is. */
export function optionsError(prefix: string, error: Zod.ZodError, input: unknown, knownKeys: readonly string[] = []): AadOptionsError {
  return new AadOptionsError(formatIssues(prefix, error, input, knownKeys), problemOf(error));
}
