export { parseAadError } from './parse/parse-aad-error.js';
export { parseRetryAfter, parseRetryAfterMs, retryAfterFromHeaders } from './parse/retry-after.js';
export { parseWwwAuthenticate } from './parse/www-authenticate.js';
export { classify, createClassifier } from './classify/classify.js';
export { explain } from './classify/explain.js';
export { AadError, isAadError } from './classify/aad-error.js';
export { AadOptionsError } from './classify/validation.js';
export { lookupCode, allCodes } from './catalog/code-catalog.js';
export { withAadErrors, aadNetworkClient } from './msal/index.js';

export type { AadErrorInfo, InfoSource, ParseOptions } from './parse/types.js';
export type { Challenge } from './parse/www-authenticate.js';
export type { ClassifyOptions, CodeOverride, Context, Decision, DecisionRule } from './classify/types.js';
export type { Explanation } from './classify/explain.js';
export type { AadErrorCode } from './classify/aad-error.js';
export type { Action, CodeEntry, CodePrefix, FixBy, ResponseStatus, Risk } from './catalog/types.js';
export type { AadClient, SendWithToken, CallOptions, OnRetry, RetryOptions, WithAadErrorsLogger, WithAadErrorsOptions, AadNetworkClient, AadNetworkClientOptions } from './msal/index.js';
