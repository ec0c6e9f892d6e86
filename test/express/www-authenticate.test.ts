import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from '../../src/parse/www-authenticate.js';
import { bearerChallenge, challengePrefix, claimsChallenge, consentChallenge, headerSafe, quoteParam, reauthenticateChallenge } from '../../src/express/respond.js';

const TARGET = { authorizationUri: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize', clientId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c' };
const PREFIX = challengePrefix(TARGET);

describe('www-authenticate builders', () => {
  it('writes the claims challenge in the order and form Microsoft documents', () => {
    expect(claimsChallenge(PREFIX, 'eyJ4Ijp7fX0=')).toBe(
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/v2.0/authorize", client_id="c44b4083-3bb0-49c1-b47d-974e53cbdf3c", error="insufficient_claims", claims="eyJ4Ijp7fX0="',
    );
  });

  it('leaves client_id out when it is not known', () => {
    expect(reauthenticateChallenge(challengePrefix({ ...TARGET, clientId: undefined }))).toBe('Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/v2.0/authorize", error="invalid_token"');
  });

  it('names the scopes of a consent challenge, or none', () => {
    expect(consentChallenge(PREFIX, ['Mail.Read', 'User.Read'])).toContain('error="insufficient_scope", scope="Mail.Read User.Read"');
    expect(consentChallenge(PREFIX, [])).not.toContain('scope=');
  });

  it('quotes a claims value that is not base64 rather than trusting it', () => {
    expect(claimsChallenge(PREFIX, 'a"b\r\nX: 1')).toMatch(/claims="a\\"bX: 1"$/);
  });

  it('escapes quotes and backslashes so the value parses back unchanged', () => {
    const value = 'a "quoted" \\ value';
    const header = bearerChallenge([['scope', value]]);
    expect(header).toBe('Bearer scope="a \\"quoted\\" \\\\ value"');
    expect(parseWwwAuthenticate(header)[0]!.params['scope']).toBe(value);
  });

  it.each(['\r\n', '\n', '\r', '\u0000', '\u2028', '\u00e9'])('strips %j so no value can split a header', (bad) => {
    const quoted = quoteParam(`a${bad}Set-Cookie: x=1`);
    expect(quoted).toBe('"aSet-Cookie: x=1"');
    expect(headerSafe(`x${bad}y`)).toBe('xy');
  });
});
