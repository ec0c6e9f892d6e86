// A mixed set of real-shaped Entra failures in every shape apps meet them: token bodies (objects and
// JSON text), msal-node errors (7.x and 1.x messages), bare descriptions (CRLF and flattened), callback
// queries, WWW-Authenticate challenges, sign-in log codes and the throttled replay.
import { entraErrorBody } from '../dist/testing.js';

const CLAIMS = '{"access_token":{"capolids":{"essential":true,"values":["9ab03e19-ed42-4168-b6b7-7001fb3e933a"]}}}';
const CODES = [
  [50076, 'invalid_grant', { suberror: 'basic_action', claims: CLAIMS }],
  [65001, 'invalid_grant', { suberror: 'consent_required' }],
  [70008, 'invalid_grant', {}],
  [700082, 'invalid_grant', {}],
  [50173, 'invalid_grant', {}],
  [7000215, 'invalid_client', {}],
  [7000222, 'invalid_client', {}],
  [90094, 'invalid_grant', {}],
  [65004, 'consent_required', {}],
  [53003, 'interaction_required', { suberror: 'message_only' }],
  [50126, 'invalid_grant', {}],
  [90033, 'temporarily_unavailable', {}],
  [700016, 'unauthorized_client', {}],
  [70011, 'invalid_scope', {}],
  [50058, 'invalid_grant', {}],
];

function msalError(name, body) {
  const errorMessage = `Error(s): ${body.error_codes.join(',')} - Timestamp: ${body.timestamp} - Description: ${body.error_description} - Correlation ID: ${body.correlation_id} - Trace ID: ${body.trace_id}`;
  const error = new Error(`${body.error}: ${errorMessage}`);
  return Object.assign(error, { name, errorCode: body.error, errorMessage, subError: body.suberror ?? '', correlationId: body.correlation_id, claims: body.claims ?? '', status: 400 });
}

export function mixedInputs() {
  const at = new Date(Date.UTC(2026, 10, 21, 9, 0, 0));
  const inputs = [];
  for (const [code, error, extra] of CODES) {
    const body = entraErrorBody(code, { error, ...extra, at, traceId: '0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00', correlationId: '7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f' });
    inputs.push(body);
    inputs.push(msalError(extra.suberror || error === 'interaction_required' ? 'InteractionRequiredAuthError' : 'ServerError', body));
    inputs.push(body.error_description.replace(/\r\n/g, ' '));
    inputs.push(`${code}`);
  }
  inputs.push('error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent+to+access+the+app.&error_subcode=cancel');
  inputs.push('Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0="');
  inputs.push(Object.assign(new Error('50196: Error(s): 50196'), { name: 'ServerError', errorCode: '50196', errorMessage: 'Error(s): 50196 - Timestamp: 2026-11-21 09:00:00Z - Description: AADSTS50196: loop', subError: '' }));
  inputs.push(JSON.stringify(entraErrorBody(50079, { error: 'interaction_required', claims: CLAIMS, at })));
  inputs.push(new TypeError("Cannot read properties of undefined (reading 'account')"));
  return inputs;
}
