import { describe, expect, it } from 'vitest';
import { AadError } from '../../src/errors.js';
import { classify } from '../../src/classify/classify.js';
import { entraProvenance } from '../../src/classify/provenance.js';
import { CORRELATION, MFA_BODY, msalError, msalMessage, TRACE } from '../fixtures/entra-inputs.js';

// The middleware's trust boundary (issue 9): only errors that provably come from an identity library
// or from Entra ID are answered; user-controlled text that merely names a code goes to next(err).

const ENTRA_DESCRIPTION = `AADSTS50173: The provided grant has expired due to it being revoked.\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORRELATION}\r\nTimestamp: 2024-02-01 10:00:00Z`;

function identityError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

describe('entraProvenance', () => {
  it.each([
    ['an msal-node ServerError', msalError('ServerError', MFA_BODY), 'msal'],
    ['an msal-node InteractionRequiredAuthError', msalError('InteractionRequiredAuthError', MFA_BODY), 'msal'],
    ['a ClientAuthError', Object.assign(new Error('no_tokens_found: No refresh token found in the cache.'), { name: 'ClientAuthError', errorCode: 'no_tokens_found' }), 'msal'],
    ['an msal-shaped object with the errorCode/errorMessage/subError trio', { errorCode: 'invalid_grant', errorMessage: 'x', subError: '' }, 'msal'],
    ['an @azure/identity AuthenticationError', identityError('AuthenticationError', 'invalid_client Status code: 401', { statusCode: 401 }), 'azure-identity'],
    ['an @azure/identity CredentialUnavailableError', identityError('CredentialUnavailableError', 'EnvironmentCredential is unavailable.'), 'azure-identity'],
    ['an AggregateAuthenticationError', identityError('AggregateAuthenticationError', 'ChainedTokenCredential authentication failed.', { errors: [] }), 'azure-identity'],
    ['an AuthenticationRequiredError', identityError('AuthenticationRequiredError', 'Interactive authentication is required.'), 'azure-identity'],
    ['a branded AadError', new AadError(classify(MFA_BODY)!), 'aad-error'],
    ['a plain error with an Entra description (code and Trace ID)', new Error(ENTRA_DESCRIPTION), 'structured-text'],
    ['a plain error with an msal-common message', new Error(msalMessage(MFA_BODY)), 'structured-text'],
    ['a plain error with MSAL\'s "Error(s): … - Description:" form', new Error('Error(s): 50076 - Timestamp: 2024-02-01 10:00:00Z - Description: AADSTS50076: MFA required'), 'structured-text'],
    ['a wrapper whose cause is an msal error', new Error('token failed', { cause: msalError('ServerError', MFA_BODY) }), 'msal'],
    ['a wrapper two levels above an Entra-structured message', new Error('a', { cause: new Error('b', { cause: new Error(ENTRA_DESCRIPTION) }) }), 'structured-text'],
  ])('trusts %s', (_label, err, expected) => {
    expect(entraProvenance(err)).toBe(expected);
  });

  it.each([
    ['user text naming a code', new Error('No product named AADSTS50173')],
    ['user text with a code and an error value', new Error('Search for "AADSTS50076 invalid_grant" returned nothing')],
    ['user text with a code and a lookalike label but no GUID', new Error('AADSTS50076 Trace ID: none')],
    ['a 404 error object', Object.assign(new Error('Not found: AADSTS50173'), { status: 404 })],
    ['a look-alike AadError (a rethrown JSON body)', { name: 'AadError', code: 'ERR_AAD_REAUTHENTICATE', decision: { action: 'reauthenticate' }, message: 'x' }],
    ['an object named like MSAL without errorCode', { name: 'ServerError', message: 'AADSTS50173' }],
    ['a string', 'AADSTS50173'],
    ['null', null],
    ['a cause chain deeper than the bound', nest(new Error(ENTRA_DESCRIPTION), 8)],
  ])('does not trust %s', (_label, err) => {
    expect(entraProvenance(err)).toBeUndefined();
  });

  it('survives a cause cycle and a throwing getter', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(entraProvenance(a)).toBeUndefined();
    const hostile = new Proxy({}, { get() { throw new Error('trap'); } });
    expect(entraProvenance(hostile)).toBeUndefined();
  });
});

function nest(inner: Error, levels: number): Error {
  let current = inner;
  for (let i = 0; i < levels; i++) current = new Error(`wrap ${i}`, { cause: current });
  return current;
}
