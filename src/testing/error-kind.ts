import { lookupCode } from '../catalog/code-catalog.js';

// How Entra labels a failure it reports by number. The protocol `error` is the contract clients act
// on, so it is derived from the catalog's action and adjusted for the codes whose label is well known
// (client authentication is always `invalid_client`, the device flow has its own values, …).

const TOKEN_ERRORS: Readonly<Record<number, string>> = {
  // Observed with invalid_grant (2014 and 2016, both with a second code; observed-responses.tsv).
  70002: 'invalid_grant',
  50012: 'invalid_client',
  700025: 'invalid_client',
  700027: 'invalid_client',
  7000215: 'invalid_client',
  7000218: 'invalid_client',
  7000222: 'invalid_client',
  70001: 'unauthorized_client',
  700016: 'unauthorized_client',
  7000112: 'unauthorized_client',
  70003: 'unsupported_grant_type',
  70011: 'invalid_scope',
  50001: 'invalid_resource',
  500011: 'invalid_resource',
  70016: 'authorization_pending',
  70019: 'expired_token',
  9002313: 'invalid_grant',
  50049: 'invalid_instance',
};

const AUTHORIZE_ERRORS: Readonly<Record<number, string>> = {
  65004: 'access_denied',
  50058: 'login_required',
  70001: 'unauthorized_client',
  700016: 'unauthorized_client',
  7000112: 'unauthorized_client',
  70011: 'invalid_scope',
  700054: 'unsupported_response_type',
};

// The suberror Entra sends with a code when the references agree on one (see
// real Entra answers: 50076 and 50079 with basic_action, 65001 with consent_required).
const TYPICAL_SUBERRORS: Readonly<Record<number, string>> = {
  50076: 'basic_action',
  50079: 'basic_action',
  65001: 'consent_required',
};

type Endpoint = 'token' | 'authorize';

/**
 * The label for each action where no known code says otherwise, per endpoint: the token endpoint reports
 * user-fixable failures as `invalid_grant` (suberror and claims refine them), the authorize endpoint
 * redirects back with the interaction it needs. A `fail` the developer must fix is `invalid_request`.
 */
const BY_ACTION: Readonly<Record<Endpoint, Readonly<Record<'retry' | 'reauthenticate' | 'claims_challenge' | 'consent' | 'fail' | 'fail_developer', string>>>> = {
  token: { retry: 'temporarily_unavailable', reauthenticate: 'invalid_grant', claims_challenge: 'invalid_grant', consent: 'invalid_grant', fail: 'invalid_grant', fail_developer: 'invalid_request' },
  authorize: { retry: 'temporarily_unavailable', reauthenticate: 'interaction_required', claims_challenge: 'interaction_required', consent: 'consent_required', fail: 'access_denied', fail_developer: 'invalid_request' },
};

const KNOWN: Readonly<Record<Endpoint, Readonly<Record<number, string>>>> = { token: TOKEN_ERRORS, authorize: AUTHORIZE_ERRORS };

function errorFor(endpoint: Endpoint, code: number): string {
  const known = KNOWN[endpoint][code];
  if (known !== undefined) return known;
  const entry = lookupCode(code);
  if (!entry) return 'invalid_request';
  return BY_ACTION[endpoint][entry.action === 'fail' && entry.fixBy === 'developer' ? 'fail_developer' : entry.action];
}

/** The OAuth `error` the token endpoint answers `code` with. */
export function tokenErrorFor(code: number): string {
  return errorFor('token', code);
}

/** The OAuth `error` the authorize endpoint redirects back with for `code`. */
export function authorizeErrorFor(code: number): string {
  return errorFor('authorize', code);
}

/** The suberror Entra typically sends with `code`, if any. */
export function typicalSuberror(code: number): string | undefined {
  return TYPICAL_SUBERRORS[code];
}

/** The HTTP status of a JSON error answer: 401 for client authentication, 503 for outages, else 400. */
export function statusForError(error: string): number {
  if (error === 'invalid_client') return 401;
  if (error === 'temporarily_unavailable') return 503;
  if (error === 'server_error') return 500;
  return 400;
}
