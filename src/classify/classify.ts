import { parseAadError } from '../parse/parse-aad-error.js';
import { hasLazyDescription, shareLazyDescription } from '../parse/draft.js';
import type { AadErrorInfo } from '../parse/types.js';
import { isBrandedAadError } from '../errors.js';
import { applyDecisionChange } from './apply-change.js';
import { applyContext } from './context.js';
import { localize, retell } from './localize.js';
import { validateClassifyOptions } from './options.js';
import { pickCode } from './pick-code.js';
import { decide, statusFor, type Verdict } from './policy.js';
import type { ClassifyOptions, Context, Decision } from './types.js';

function applyCodeOverride(verdict: Verdict, codeId: string | null, code: number | null, options: ClassifyOptions): Verdict {
  const codes = options.overrides?.codes;
  if (!codes || codeId === null) return verdict;
  const override = codes[codeId] ?? (code !== null ? codes[String(code)] : undefined);
  if (!override) return verdict;
  const action = override.action ?? verdict.action;
  const fixBy = override.fixBy ?? verdict.fixBy;
  return {
    ...verdict,
    action,
    fixBy,
    risk: override.risk ?? verdict.risk,
    adminConsent: override.adminConsent ?? verdict.adminConsent,
    status: override.status ?? (override.action || override.fixBy ? statusFor(action, fixBy) : verdict.status),
  };
}

/** Turns parsed failure information into a Decision. Pure; the options are assumed valid. */
export function decideFromInfo(info: AadErrorInfo, options: ClassifyOptions = {}): Decision {
  const context: Context = options.context ?? 'web_app';
  const picked = pickCode(info.codeIds);
  const entry = picked.entry;
  const code = entry ? (entry.prefix === 'AADSTS' ? entry.code : null) : (info.codes[0] ?? null);
  const codeId = entry?.id ?? picked.id;
  const verdict = applyCodeOverride(applyContext(decide(info, picked), context), codeId, code, options);
  const lang = options.lang ?? 'en';
  const told = localize(verdict.textId, verdict.remediationId, lang, verdict);
  let decision: Decision = {
    action: verdict.action,
    code,
    codeId,
    codes: info.codes,
    name: entry?.name ?? null,
    error: info.error,
    suberror: info.suberror,
    claims: verdict.action === 'claims_challenge' ? info.claims : null,
    status: verdict.status,
    retryable: verdict.action === 'retry',
    retryAfterMs: verdict.action === 'retry' ? info.retryAfterMs : null,
    throttledReplay: info.throttledReplay,
    fixBy: verdict.fixBy,
    risk: verdict.risk,
    adminConsent: verdict.adminConsent,
    correlationId: info.correlationId,
    traceId: info.traceId,
    timestamp: info.timestamp,
    scopes: info.scopes,
    authorizationUri: info.authorizationUri,
    upstreamStatus: info.status,
    context,
    rule: verdict.rule,
    known: verdict.known,
    summary: told.summary,
    remediation: told.remediation,
    description: null,
  };
  // The parser redacts a description only when someone reads it (most never do): pass that on rather
  // than reading it here. A getter in the literal would make every Decision slow to create. The data
  // property goes first: it is the last one added, so deleting it steps back to the shape before it
  // (cheap), where turning it into an accessor made V8 build a new shape on every such call.
  if (hasLazyDescription(info)) {
    delete (decision as { description?: string | null }).description;
    shareLazyDescription(info, decision);
  }
  else (decision as { description: string | null }).description = info.description;
  const rule = options.overrides?.rule;
  if (rule) {
    const change = rule(decision);
    if (change && typeof change === 'object') decision = applyDecisionChange(decision, change) ?? decision;
  }
  return decision;
}

const NO_OPTIONS: ClassifyOptions = Object.freeze({});
const validated = new WeakSet<object>([NO_OPTIONS]);

/**
 * Classifies any Entra ID failure into one Decision: `reauthenticate`, `consent`, `claims_challenge`,
 * `retry` or `fail`, with who fixes it, the HTTP status to answer with, the risk and the IDs to log.
 * Returns `null` when the input carries no Entra signal (pass such errors on untouched).
 *
 * @example
 * const decision = classify(err, { context: 'web_api' });
 * if (decision?.action === 'claims_challenge') { ... }
 */
export function classify(input: unknown, options: ClassifyOptions = NO_OPTIONS): Decision | null {
  if (!validated.has(options)) {
    validateClassifyOptions(options);
    validated.add(options);
  }
  return classifyValidated(input, options);
}

/**
 * `classify` for options this library already validated (a wrapper's options plus the attempt's `now`):
 * the acting layers call it per failure without validating again. Not exported from the package.
 */
export function classifyValidated(input: unknown, options: ClassifyOptions): Decision | null {
  if (isBrandedAadError(input)) {
    const own = input.decision;
    if (options.context === undefined || options.context === own.context) return options.lang === undefined ? own : retell(own, options.lang);
  }
  const info = parseAadError(input, options);
  return info ? decideFromInfo(info, options) : null;
}

/**
 * Validates the options once and returns a classifier bound to them. Use it where the same options
 * serve many calls (middleware, wrappers); bad options throw here, at setup, not per failure.
 */
export function createClassifier(options: ClassifyOptions = {}): (input: unknown) => Decision | null {
  validateClassifyOptions(options);
  return (input) => classifyValidated(input, options);
}

