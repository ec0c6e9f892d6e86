import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, parseAadError } from '../../src/index.js';
import { CONSENT_BODY, GRAPH_CAE_CHALLENGE, MFA_BODY, msalMessage } from '../fixtures/entra-inputs.js';

// Property: for any input at all, parseAadError and classify return (a value or null) and never throw.

const hostile = fc.oneof(
  fc.constant(new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); } })),
  fc.constant(Object.defineProperty({}, 'message', { get: () => { throw new Error('getter'); }, enumerable: true })),
  fc.constant(Object.create(null) as object),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"error":"invalid_grant","error_description":"AADSTS50076: x"}') as object),
);

const entraish = fc.oneof(
  fc.constantFrom(JSON.stringify(MFA_BODY), JSON.stringify(CONSENT_BODY), GRAPH_CAE_CHALLENGE, msalMessage(MFA_BODY)),
  fc.tuple(fc.constantFrom(JSON.stringify(MFA_BODY), GRAPH_CAE_CHALLENGE, msalMessage(CONSENT_BODY)), fc.nat(), fc.string()).map(([text, at, insert]) => {
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + insert + text.slice(cut);
  }),
  fc.record({ error: fc.string(), error_description: fc.string(), error_codes: fc.array(fc.oneof(fc.integer(), fc.string(), fc.double())), claims: fc.string(), suberror: fc.string() }, { requiredKeys: [] }),
  fc.record({ status: fc.integer(), headers: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))), body: fc.anything() }, { requiredKeys: [] }),
  fc.record({ name: fc.constantFrom('ServerError', 'InteractionRequiredAuthError', 'AuthError'), errorCode: fc.oneof(fc.string(), fc.stringMatching(/^\d{1,8}$/)), errorMessage: fc.string(), subError: fc.string(), claims: fc.string(), status: fc.anything() }, { requiredKeys: [] }),
);

const anyInput = fc.oneof(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }), fc.string({ unit: 'binary' }), entraish, hostile);

describe('parseAadError and classify on arbitrary input', () => {
  it('never throw', () => {
    fc.assert(
      fc.property(anyInput, fc.constantFrom('web_app', 'web_api', 'daemon'), (input, context) => {
        const info = parseAadError(input);
        const decision = classify(input, { context: context as 'web_app' });
        expect(info === null || typeof info === 'object').toBe(true);
        expect(decision === null || typeof decision.action === 'string').toBe(true);
      }),
      { numRuns: 3000, seed: 20261121 },
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('never throw on cyclic cause chains', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 20 }), (messages) => {
        const errors = messages.map((m) => new Error(m));
        errors.forEach((e, i) => Object.assign(e, { cause: errors[(i + 1) % errors.length] }));
        expect(() => classify(errors[0])).not.toThrow();
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
