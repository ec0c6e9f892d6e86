import type { ConfidentialClientApplication } from '@azure/msal-node';
// Type tests for the public surface, checked by `tsc --noEmit` (npm test runs it): each
// `@ts-expect-error` line must fail to compile, so a loosened type breaks the build.
import { type AadError, classify, createClassifier, explain, isAadError, type Decision, type AadErrorCode, type Action } from '../../src/index.js';

const decision: Decision | null = classify(new Error('x'), { context: 'daemon' });
if (decision) {
  const action: Action = decision.action;
  // @ts-expect-error — `action` is a closed union
  const wrong: 'retry_later' = decision.action;
  void action;
  void wrong;
}

// @ts-expect-error — unknown context
classify('50126', { context: 'browser' });
// @ts-expect-error — override actions are a closed union
createClassifier({ overrides: { codes: { 50076: { action: 'sometimes' } } } });
// @ts-expect-error — statuses are the four the middleware sends
createClassifier({ overrides: { codes: { 50076: { status: 418 } } } });

const code: AadErrorCode = 'ERR_AAD_RETRY';
// @ts-expect-error — error codes are a literal union
const badCode: AadErrorCode = 'ERR_AAD_SOMETHING';
void code;
void badCode;

declare const unknownError: unknown;
if (isAadError(unknownError)) {
  const narrowed: AadError = unknownError;
  const d: Decision = narrowed.decision;
  void d;
}
explain(50076).summary.toUpperCase();

// One error family: every class extends AadBaseError, and `code` is a literal union.
import * as root from '../../src/index.js';
declare const anyError: root.AadBaseError;
const familyCode: root.AadBaseErrorCode = anyError.code;
// @ts-expect-error — codes are a closed union
const notACode: root.AadBaseErrorCode = 'ERR_AAD_SOMETHING';
const problem: root.AadOptionsProblem = new root.AadOptionsError('x', 'range').problem;
// @ts-expect-error — the problem is 'type', 'range' or 'unknown'
new root.AadOptionsError('x', 'out_of_range');
void familyCode;
void notACode;
void problem;

// One logger contract: every level optional, the same object for the handler and the wrapper.
const logger: root.AadLogger = { error: () => undefined };
root.aadErrorHandler({ logger });
declare const cca: ConfidentialClientApplication;
root.withAadErrors(cca, { logger });
// @ts-expect-error — a level is a function
const badLogger: root.AadLogger = { warn: 'yes' };
void badLogger;

// The lower-level parsers and the catalog live in `aad-error-handler/parse`, not at the root.
// @ts-expect-error — moved to aad-error-handler/parse
void root.parseRetryAfter;
// @ts-expect-error — moved to aad-error-handler/parse
void root.lookupCode;

// Languages: `locale` is 'auto', a language, or a function of the request; `locales` page keys are checked.
root.aadErrorHandler({ locale: 'ja' });
root.aadErrorHandler({ locale: (req) => (req.headers.cookie?.includes('lang=ja') ? 'ja' : undefined) });
root.aadErrorHandler({ locales: { ko: { pages: { ...root.EN_PAGE_TEXTS, 'retry.title': '로그인을 일시적으로 사용할 수 없습니다' } }, en: { texts: { AADSTS53003: { summary: 'Blocked.' } } } } });
// @ts-expect-error — page keys are the keys of EN_PAGE_TEXTS
root.aadErrorHandler({ locales: { ko: { pages: { 'retry.titel': 'x' } } } });
// @ts-expect-error — a locale is a string or a function
root.aadErrorHandler({ locale: 42 });
declare const page: root.AadErrorPage;
const lang: string = page.lang;
const retryLabel: string = page.labels.retryAfter;
void lang;
void retryLabel;
