export { withAadErrors } from './with-aad-errors.js';
export { aadNetworkClient } from './network-client.js';

export type { AadClient, SendWithToken } from './types.js';
export type { CallOptions, OnRetry, RetryOptions, WithAadErrorsLogger, WithAadErrorsOptions } from './options.js';
export type { AadNetworkClient, AadNetworkClientOptions } from './network-client.js';
// Deliberately not exported: createAadClient (its injectable clock is for this library's own tests).
