import type { AuthenticationResult, ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { describe, expectTypeOf, it } from 'vitest';
import type { AadClient } from '../../src/msal/types.js';
import { aadNetworkClient } from '../../src/msal/network-client.js';
import { withAadErrors } from '../../src/msal/with-aad-errors.js';

// Compile-time checks only: tsc --noEmit (npm test) type-checks this file; vitest does not run it.
// Each @ts-expect-error line must fail to compile, so a loosened type breaks the build.

declare const cca: ConfidentialClientApplication;
declare const pca: PublicClientApplication;

describe('AadClient types', () => {
  it('keeps msal-node’s request and result types and adds the call options', () => {
    const aad = withAadErrors(cca);
    expectTypeOf(aad.client).toEqualTypeOf<ConfidentialClientApplication>();
    expectTypeOf(aad.acquireTokenByClientCredential).parameter(0).toEqualTypeOf<Parameters<ConfidentialClientApplication['acquireTokenByClientCredential']>[0]>();
    expectTypeOf(aad.acquireTokenByClientCredential({ scopes: ['x'] }, { signal: AbortSignal.timeout(1000) })).toEqualTypeOf<Promise<AuthenticationResult | null>>();
    expectTypeOf(aad.acquireTokenSilent).returns.toEqualTypeOf<Promise<AuthenticationResult>>();
    expectTypeOf(aad.callApi({ scopes: ['x'] }, async () => 42)).toEqualTypeOf<Promise<number>>();
  });

  it('offers only the methods the wrapped client has', () => {
    const confidential = withAadErrors(cca);
    const open = withAadErrors(pca);
    expectTypeOf(open.acquireTokenByDeviceCode).toBeFunction();
    // @ts-expect-error — a confidential client has no device code flow
    void confidential.acquireTokenByDeviceCode;
    // @ts-expect-error — a public client has no client credentials
    void open.acquireTokenByClientCredential;
    // @ts-expect-error — callApi needs client credentials
    void open.callApi;
    expectTypeOf<AadClient<PublicClientApplication>>().toHaveProperty('acquireTokenSilent');
  });

  it('rejects mistakes at compile time', () => {
    const aad = withAadErrors(cca);
    // @ts-expect-error — the on-behalf-of request needs its assertion
    void aad.acquireTokenOnBehalfOf({ scopes: ['x'] });
    // @ts-expect-error — the call options take an AbortSignal
    void aad.acquireTokenByClientCredential({ scopes: ['x'] }, { signal: 'stop' });
    // @ts-expect-error — unknown option
    withAadErrors(cca, { retries: 3 });
    // @ts-expect-error — unknown retry option
    withAadErrors(cca, { retry: { attempts: 3 } });
    // @ts-expect-error — contexts are a closed union
    withAadErrors(cca, { context: 'browser' });
    // @ts-expect-error — the network client takes milliseconds as a number
    aadNetworkClient({ timeoutMs: '30s' });
    expectTypeOf(aad.acquireTokenByCode).parameters.toEqualTypeOf<[Parameters<ConfidentialClientApplication['acquireTokenByCode']>[0], Parameters<ConfidentialClientApplication['acquireTokenByCode']>[1]?, { readonly signal?: AbortSignal }?]>();
  });
});
