/** What kind of input the strongest signal came from. */
export type InfoSource =
  | 'msal_error'
  | 'token_response'
  | 'callback'
  | 'challenge'
  | 'http_response'
  | 'network'
  | 'code'
  | 'text'
  | 'identity_error';

/**
 * Everything `parseAadError` could read out of one failure, before any policy is applied.
 * Fields are null (or empty) when the input did not carry them.
 */
export interface AadErrorInfo {
  readonly source: InfoSource;
  /** The OAuth `error` value, e.g. `invalid_grant`. */
  readonly error: string | null;
  /** The upstream `error_description` or message text. Internal: never show it to end users. */
  readonly description: string | null;
  readonly suberror: string | null;
  /** AADSTS numbers in order of appearance, without duplicates. */
  readonly codes: readonly number[];
  /** Every prefixed code seen (`AADSTS50076`, `ACS50008`, `AADB2C90118`), in order, without duplicates. */
  readonly codeIds: readonly string[];
  /** The claims challenge as JSON text (decoded from base64 where it came from a `WWW-Authenticate` header). */
  readonly claims: string | null;
  /** The upstream HTTP status, when one was seen. */
  readonly status: number | null;
  /** How long the server asked us to wait, in milliseconds. */
  readonly retryAfterMs: number | null;
  readonly correlationId: string | null;
  readonly traceId: string | null;
  readonly timestamp: string | null;
  readonly errorUri: string | null;
  /** An MSAL client-side error code (`no_tokens_found`, `network_error`, …) when MSAL raised the error itself. */
  readonly msalErrorCode: string | null;
  /** The sign-in callback's `error_subcode` (for example `cancel`). */
  readonly errorSubcode: string | null;
  /** A network failure code (`ECONNRESET`, `ETIMEDOUT`, `network_error`, …) when the request never got an answer. */
  readonly network: string | null;
  /** True when MSAL replayed a cached throttling error without touching the network. */
  readonly throttledReplay: boolean;
  /** True when the upstream answered with an HTML page instead of JSON. */
  readonly html: boolean;
  /** Scopes named by a downstream challenge (`scope="…"`). */
  readonly scopes: readonly string[];
  /** The `authorization_uri` of a downstream `WWW-Authenticate` challenge. */
  readonly authorizationUri: string | null;
  /**
   * The result a Continuous Access Evaluation text named (`InteractionRequired`, …) when no claims value
   * came with it: "Continuous access evaluation resulted in challenge with result: …".
   */
  readonly cae: string | null;
  /**
   * An identity library's exception class that says what to do by its name alone
   * (`MsalUiRequiredException`, `CredentialUnavailableError`, …), read from an error's `name` or its text.
   */
  readonly errorClass: string | null;
}

/** Options for `parseAadError`. */
export interface ParseOptions {
  /**
   * The clock used to turn an HTTP-date `Retry-After` into a delay, in epoch milliseconds.
   * @default Date.now()
   */
  readonly now?: number;
  /**
   * Set when the input is known to come from a token request (the MSAL wrapper sets it). Plain network
   * errors such as `ECONNRESET` then count as Entra failures; without it they are only recognised when
   * MSAL wrapped them or when they name an Entra host, so that a failing database call is not mistaken
   * for an identity failure.
   * @default false
   */
  readonly fromTokenRequest?: boolean;
}
