// `aad-error-handler/parse`: the building blocks under `classify` and the middleware, for code that
// reads Entra answers itself (a custom retry policy, a gateway, a log pipeline). Kept off the root
// entry so the root stays what applications call.
export { parseRetryAfter, parseRetryAfterMs, retryAfterFromHeaders } from './parse/retry-after.js';
export { parseWwwAuthenticate } from './parse/www-authenticate.js';
export { isSafeReturnTo } from './express/return-to.js';
export { allCodes, lookupCode } from './catalog/code-catalog.js';

export type { Challenge } from './parse/www-authenticate.js';
export type { CodeEntry, CodePrefix } from './catalog/types.js';
