import nock from 'nock';

// The tenant the msal benches ask for a token, and its discovery documents faked with nock, so msal-node
// resolves its authority in-process and the benches time msal and the wrapper, not the network.

export const HOST = 'https://login.microsoftonline.com';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT_ID = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
export const SCOPES = ['https://graph.microsoft.com/.default'];

/** Instance discovery and the tenant's OpenID configuration, answered for as long as the bench runs. */
export function fakeAuthority() {
  nock(HOST).persist().get('/common/discovery/instance').query(true).reply(200, {
    tenant_discovery_endpoint: `${HOST}/${TENANT}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net'] }],
  });
  nock(HOST).persist().get(`/${TENANT}/v2.0/.well-known/openid-configuration`).reply(200, {
    token_endpoint: `${HOST}/${TENANT}/oauth2/v2.0/token`,
    authorization_endpoint: `${HOST}/${TENANT}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${HOST}/${TENANT}/oauth2/v2.0/logout`,
    issuer: `${HOST}/${TENANT}/v2.0`,
    jwks_uri: `${HOST}/${TENANT}/discovery/v2.0/keys`,
  });
}

/** A successful token answer: an unsigned access token for Graph, valid for an hour from now. */
export function tokenBody() {
  const now = Math.floor(Date.now() / 1000);
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const accessToken = `${part({ typ: 'JWT', alg: 'RS256' })}.${part({ aud: 'https://graph.microsoft.com', iat: now, exp: now + 3599, tid: TENANT })}.c2ln`;
  return { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken };
}
