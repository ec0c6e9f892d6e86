import { ConfidentialClientApplication } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { createEntraSimulator } from '../../src/testing/index.js';
import { CLIENT_ID, CLIENT_SECRET, confidentialApp, GRAPH_DEFAULT, rejectionOf } from './helpers.js';

const discovery = (authorizationEndpoint: string) => `https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorizationEndpoint}`;

describe('instance discovery and OpenID configuration', () => {
  it('vouches for its own host and for Microsoft public-cloud hosts, as Entra does', async () => {
    const sim = createEntraSimulator();
    const own = (await (await sim.fetch(discovery(`https://${sim.host}/${sim.tenantId}/oauth2/v2.0/authorize`))).json()) as Record<string, unknown>;
    expect(own).toEqual({
      tenant_discovery_endpoint: `https://${sim.host}/${sim.tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: sim.host, preferred_cache: sim.host, aliases: [sim.host] }],
    });
    const microsoft = (await (await sim.fetch(discovery('https://login.windows.net/common/oauth2/v2.0/authorize'))).json()) as { metadata: Array<Record<string, unknown>> };
    expect(microsoft.metadata[0]).toMatchObject({ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net' });
  });

  it('answers an unknown host with invalid_instance (AADSTS50049), so msal-node refuses the authority before any token request', async () => {
    const sim = createEntraSimulator();
    const response = await sim.fetch(discovery('https://login.fabrikam.test/tenant/oauth2/v2.0/authorize'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_instance', error_codes: [50049] });
    const app = confidentialApp(sim, { authority: 'https://login.fabrikam.test/tenant' });
    const error = await rejectionOf(app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }));
    expect(error.errorCode).toBe('endpoints_resolution_error');
    expect(sim.requests.slice(1).map((request) => [request.endpoint, request.status])).toEqual([['instance_discovery', 400]]);
  });

  it('advertises the {tenantid} placeholder issuer for multi-tenant aliases', async () => {
    const sim = createEntraSimulator();
    const config = (await (await sim.fetch(`https://${sim.host}/organizations/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(config['issuer']).toBe(`https://${sim.host}/{tenantid}/v2.0`);
    expect(config['token_endpoint']).toBe(`https://${sim.host}/organizations/oauth2/v2.0/token`);
  });

  it('answers the OpenID configuration of an unknown tenant with invalid_tenant (AADSTS90002)', async () => {
    const sim = createEntraSimulator();
    const response = await sim.fetch(`https://${sim.host}/fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });

  it('works unchanged for an app configured with the real login.microsoftonline.com authority', async () => {
    const sim = createEntraSimulator();
    const app = new ConfidentialClientApplication({
      auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authority: `https://login.microsoftonline.com/${sim.tenantId}` },
      system: { networkClient: sim.networkClient },
    });
    await expect(app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] })).resolves.toBeTruthy();
    // msal-node has built-in metadata for Microsoft's hosts, so only the token endpoint is asked.
    expect(sim.requests.map((request) => [request.endpoint, new URL(request.url).host])).toEqual([['token', 'login.microsoftonline.com']]);
  });
});
