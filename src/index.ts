// The root entry: what applications call. Lower-level parsers and the code catalog are in
// `aad-error-handler/parse`; the simulated Entra ID is in `aad-error-handler/testing`.
export { parseAadError } from './parse/parse-aad-error.js';
export { classify, createClassifier } from './classify/classify.js';
export { explain } from './classify/explain.js';
export { entraProvenance } from './classify/provenance.js';
export { AadBaseError, AadError, AadNetworkError, AadOptionsError, isAadError } from './errors.js';
export { withAadErrors } from './msal/with-aad-errors.js';
export { aadNetworkClient } from './msal/network-client.js';
export { aadErrorHandler } from './express/handler.js';
export { aadSignInCallback, isSignInCallbackError, isSignInStateError, SignInCallbackError, SignInStateError } from './express/callback.js';
export { aadErrorFromResponse, throwIfChallenged } from './express/downstream.js';
export { readSignInState, signInRequestFromQuery } from './express/sign-in.js';
// The English page texts: the keys (and a starting point) for a language added with the handler's `locales` option.
export { EN_PAGE_TEXTS } from './locales/page-texts.js';
// Not exported: createSignInState (the handler and signInRequestFromQuery make states) and the built-in page renderer (replace it with `render`).

export type { AadErrorInfo, InfoSource, ParseOptions } from './parse/types.js';
export type { ClassifyOptions, CodeOverride, Context, Decision, DecisionRule } from './classify/types.js';
export type { ExplainOptions, Explanation } from './classify/explain.js';
export type { EntraProvenance } from './classify/provenance.js';
export type { Lang } from './locales/types.js';
export type { Action, FixBy, ResponseStatus, Risk } from './catalog/types.js';
export type { AadBaseErrorCode, AadErrorCode, AadNetworkErrorCode, AadOptionsProblem } from './errors.js';
export type { AadLogger, AadLogLevel } from './logger.js';
export type { AadClient, SendWithToken } from './msal/types.js';
export type { CallOptions, OnRetry, RetryOptions, WithAadErrorsOptions } from './msal/options.js';
export type { AadNetworkClient, AadNetworkClientOptions } from './msal/network-client.js';
export type { AadErrorHandlerMode, AadErrorHandlerOptions, AadLogRecord, MsalAuthCodeClient, OnDecisionResult, SignInAccount } from './express/options.js';
export type { AadErrorRequestHandler } from './express/request.js';
export type { LoopGuardOptions } from './express/loop-guard.js';
export type { AadErrorPage, PageDetails, PageKind, PageLabels } from './express/pages.js';
export type { AadLocaleOption, AadLocaleTexts } from './express/language.js';
export type { PageTextKey, PageTexts } from './locales/page-texts.js';
export type { AadProblem } from './express/respond.js';
export type { SignInPrompt, SignInRequest, SignInRequestDefaults, SignInState } from './express/sign-in.js';
export type { DownstreamOptions, DownstreamResponse, ResponseSnapshot } from './express/downstream.js';
export type { SignInCallbackOptions, SignInStateFailure } from './express/callback.js';
export type { StateBindingOptions } from './express/state-binding.js';
