/** The five next steps the library knows. Every Entra failure ends up as exactly one of them. */
export type Action = 'reauthenticate' | 'consent' | 'claims_challenge' | 'retry' | 'fail';

/** Who can clear the failure: the signed-in user, a tenant administrator, the app's developer, the service (wait), or nobody. */
export type FixBy = 'user' | 'admin' | 'developer' | 'service' | 'none';

/** How much a security team should care when the code shows up in sign-in logs. */
export type Risk = 'low' | 'medium' | 'high';

/** The HTTP statuses the middleware answers an API caller with. */
export type ResponseStatus = 401 | 403 | 500 | 503;

/** Which family a code belongs to: AADSTS (Entra STS), ACS (retired Access Control Service) or AADB2C. */
export type CodePrefix = 'AADSTS' | 'ACS' | 'AADB2C';

export const ACTIONS: readonly Action[] = ['reauthenticate', 'consent', 'claims_challenge', 'retry', 'fail'];
export const FIX_BY: readonly FixBy[] = ['user', 'admin', 'developer', 'service', 'none'];
export const RISKS: readonly Risk[] = ['low', 'medium', 'high'];

/** One row of the code catalog. */
export interface CodeEntry {
  /** The prefixed identifier, e.g. `AADSTS50076`, `ACS50008`, `AADB2C90118`. */
  readonly id: string;
  /** `AADSTS`, `ACS` or `AADB2C`. */
  readonly prefix: CodePrefix;
  /** The number without its prefix. */
  readonly code: number;
  /** Microsoft's current identifier (e.g. `UserStrongAuthClientAuthNRequired`), or null where none is documented. */
  readonly name: string | null;
  /** Former identifiers Microsoft has used for the same code. */
  readonly aliases: readonly string[];
  /** The next step this code calls for. */
  readonly action: Action;
  /** Who fixes it: `user`, `admin`, `developer`, `service` or `none`. */
  readonly fixBy: FixBy;
  /** The HTTP status an API caller is answered with. */
  readonly status: ResponseStatus;
  /** For security monitoring: `low`, `medium` or `high`. */
  readonly risk: Risk;
  /** True when repeating the same request later may succeed with no change. */
  readonly retryable: boolean;
  /** True when only a tenant administrator can grant the missing consent or approval. */
  readonly adminConsent: boolean;
  /** One line: what happened. */
  readonly summary: string;
  /** One line: what to do, and who does it. */
  readonly remediation: string;
}

/** How an OAuth `error` value or a `suberror` value maps onto an action on its own. */
export interface ProtocolEntry {
  readonly value: string;
  readonly action: Action;
  readonly fixBy: FixBy;
  readonly status: ResponseStatus;
  readonly risk: Risk;
  readonly adminConsent: boolean;
  readonly summary: string;
  readonly remediation: string;
}
