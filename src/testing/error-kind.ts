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
// ../shared/reference/observed-responses.tsv: 50076 and 50079 with basic_action, 65001 with consent_required).
const TYPICAL_SUBERRORS: Readonly<Record<number, string>> = {
  50076: 'basic_action',
  50079: 'basic_action',
  65001: 'consent_required',
};

/** The OAuth `error` the token endpoint answers `code` with. */
export function tokenErrorFor(code: number): string {
  const known = TOKEN_ERRORS[code];
  if (known !== undefined) return known;
  const entry = lookupCode(code);
  if (!entry) return 'invalid_request';
  switch (entry.action) {
    case 'retry':
      return 'temporarily_unavailable';
    case 'reauthenticate':
    case 'claims_challenge':
    case 'consent':
      // The token endpoint reports user-fixable failures as invalid_grant; suberror and claims refine them.
      return 'invalid_grant';
    case 'fail':
      return entry.fixBy === 'developer' ? 'invalid_request' : 'invalid_grant';
  }
}

/** The OAuth `error` the authorize endpoint redirects back with for `code`. */
export function authorizeErrorFor(code: number): string {
  const known = AUTHORIZE_ERRORS[code];
  if (known !== undefined) return known;
  const entry = lookupCode(code);
  if (!entry) return 'invalid_request';
  switch (entry.action) {
    case 'retry':
      return 'temporarily_unavailable';
    case 'reauthenticate':
    case 'claims_challenge':
      return 'interaction_required';
    case 'consent':
      return 'consent_required';
    case 'fail':
      return entry.fixBy === 'developer' ? 'invalid_request' : 'access_denied';
  }
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
