import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.js';
import { mayHoldSecret, redactSecrets } from '../../src/parse/redact.js';
import { createApp, EXPRESS_VERSIONS } from '../express/helpers.js';

// Redaction by pattern (issue 11, item 6): with `exposeDetails: true` the upstream description is
// shown, so every notation a secret is printed in must be redacted, each to the end of its value.
// Each case below leaked on the redaction that only knew `name=value` and `"name": "value"`.

const SECRET = 'Sup3r~Leaked.Secret_Value-0123';
const LONG_TOKEN = `eyJhbGciOiJSUzI1NiJ9.${'A'.repeat(9000)}.${'B'.repeat(342)}`;
const OPAQUE_TOKEN = `${'x'.repeat(8192)}LEAKEDTAIL${'y'.repeat(200)}`;
const BASIC_CREDENTIALS = Buffer.from(`app-user:${SECRET}`).toString('base64');

/** [what, text, what must remain]: the text holds the secret; after redaction nothing of it may. */
const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['escaped JSON inside a JSON string', `{"message":"token request failed: {\\"client_id\\":\\"c44b\\",\\"client_secret\\":\\"${SECRET}\\"}"}`, '\\"client_secret\\":\\"[redacted]\\"'],
  ['a camelCase property', `ClientSecretCredential options { clientId: 'c44b', clientSecret: '${SECRET}' }`, "clientSecret: '[redacted]'"],
  ['a camelCase JSON key', `{"clientSecret":"${SECRET}","tenantId":"t1"}`, '"clientSecret":"[redacted]"'],
  ['name = value with spaces', `config: client_secret = ${SECRET} tenant = t1`, 'client_secret = [redacted] tenant'],
  ['name: value', `settings loaded client_secret: ${SECRET}\nnext line`, 'client_secret: [redacted]\nnext line'],
  ['CLIENT_SECRET in upper case', `env CLIENT_SECRET=${SECRET}`, 'CLIENT_SECRET=[redacted]'],
  ['URL-encoded inside another parameter', `POST failed body=client_id%3Dc44b%26client_secret%3D${encodeURIComponent(SECRET)}%26scope%3Dopenid`, 'client_secret%3D[redacted]%26scope%3Dopenid'],
  ['URL-encoded alone', `client_id%3Dc44b%26client_secret%3D${encodeURIComponent(SECRET)}`, 'client_secret%3D[redacted]'],
  ['twice URL-encoded', `state=a%26body%3Dclient_secret%253D${encodeURIComponent(encodeURIComponent(SECRET))}%2526x%253D1`, 'client_secret%253D[redacted]%2526x'],
  ['Basic credentials', `Authorization: Basic ${BASIC_CREDENTIALS}`, 'Authorization: Basic [redacted]'],
  ['URL userinfo', `connect to https://app-user:${SECRET}@login.contoso.example/token failed`, 'https://[redacted]@login.contoso.example/token'],
  ['x-api-key header', `request headers: x-api-key: ${SECRET}, accept: */*`, 'x-api-key: [redacted],'],
  ['a subscription key header', `Ocp-Apim-Subscription-Key: ${SECRET}`, 'Ocp-Apim-Subscription-Key: [redacted]'],
  ['a Bearer JWT over 8 KiB', `Authorization: Bearer ${LONG_TOKEN} end`, 'Bearer [redacted] end'],
  ['an opaque Bearer token over 8 KiB', `Authorization: Bearer ${OPAQUE_TOKEN} end`, 'Bearer [redacted] end'],
  ['a form value over 8 KiB', `refresh_token=${OPAQUE_TOKEN}&x=1`, 'refresh_token=[redacted]&x=1'],
];

function leftovers(text: string): string[] {
  return [SECRET, encodeURIComponent(SECRET), BASIC_CREDENTIALS, 'LEAKEDTAIL', 'AAAAAAAA', 'BBBBBBBB'].filter((piece) => text.includes(piece));
}

describe('redactSecrets by pattern', () => {
  it.each(CASES)('redacts %s to the end of the value', (_what, text, kept) => {
    expect(mayHoldSecret(text)).toBe(true);
    const redacted = redactSecrets(text);
    expect(leftovers(redacted)).toEqual([]);
    expect(redacted).toContain(kept);
  });

  it.each([
    'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication. Trace ID: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00 Timestamp: 2023-01-04 10:12:13Z',
    'Basic authentication is disabled for this tenant.',
    'Sign-in error code: 50126, error code 700082, "error_codes": [50076]',
    'AADSTS50126: Error validating credentials due to invalid username or password.',
    'Contact admin@contoso.com for access.',
  ])('leaves prose alone: %j', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('keeps a Decision description redacted for every case', () => {
    for (const [what, text] of CASES) {
      const decision = classify(`AADSTS7000215: Invalid client secret provided. ${text}`);
      expect(decision?.code, what).toBe(7000215);
      expect(leftovers(decision!.description ?? ''), what).toEqual([]);
      expect(leftovers(JSON.stringify(decision)), what).toEqual([]);
    }
  });
});

describe.each(EXPRESS_VERSIONS)('exposeDetails answers on %s', (_name, express, forwardsAsync) => {
  const upstream = CASES.map(([, text]) => text).join('\n');
  const failing = () =>
    createApp(express, forwardsAsync, {
      handler: { exposeDetails: true, trustText: true },
      routes: (app) =>
        void app.get('/fails', () => {
          throw Object.assign(new Error(`AADSTS7000215: Invalid client secret provided. ${upstream}`), { name: 'ServerError', errorCode: 'invalid_client', errorMessage: `AADSTS7000215: Invalid client secret provided. ${upstream}`, subError: '' });
        }),
    });

  it('shows the description without any of the secrets (problem+json)', async () => {
    const res = await request(failing().app).get('/fails').set('Accept', 'application/json');
    expect(res.status).toBe(500);
    expect(res.text).toContain('[redacted]');
    expect(leftovers(res.text), res.text.slice(0, 300)).toEqual([]);
  });

  it('shows the description without any of the secrets (HTML page)', async () => {
    const res = await request(failing().app).get('/fails').set('Accept', 'text/html');
    expect(res.status).toBe(500);
    expect(res.text).toContain('[redacted]');
    expect(leftovers(res.text), res.text.slice(0, 300)).toEqual([]);
  });
});
