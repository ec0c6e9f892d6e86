import { describe, expect, it } from 'vitest';
import { parseAadError } from '../../src/index.js';

// msal-common 14+ ends every server error message with "- Correlation ID: <guid> - Trace ID: <guid>".
// The IDs are the ones after the last markers, wherever the message puts them (a guard for any faster
// reading of that tail).
const TRACE = '0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00';
const CORRELATION = '7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f';
const OTHER = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const HEAD = 'Error(s): 50076 - Timestamp: 2026-11-21 09:00:00Z - Description: AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.';

function msalServerError(errorMessage: string): Error {
  return Object.assign(new Error(`invalid_grant: ${errorMessage}`), { name: 'ServerError', errorCode: 'invalid_grant', errorMessage, subError: '' });
}

describe('msal-common message IDs', () => {
  it('reads the IDs at the end of the message', () => {
    const info = parseAadError(msalServerError(`${HEAD} - Correlation ID: ${CORRELATION} - Trace ID: ${TRACE}`));
    expect(info).toMatchObject({ traceId: TRACE, correlationId: CORRELATION, timestamp: '2026-11-21 09:00:00Z', codes: [50076] });
  });

  it('keeps upper-case GUIDs as written', () => {
    const info = parseAadError(msalServerError(`${HEAD} - Correlation ID: ${CORRELATION.toUpperCase()} - Trace ID: ${TRACE.toUpperCase()}`));
    expect(info).toMatchObject({ traceId: TRACE.toUpperCase(), correlationId: CORRELATION.toUpperCase() });
  });

  it('takes the last markers when the description repeats them', () => {
    const repeated = `${HEAD} - Correlation ID: ${OTHER} - Trace ID: ${OTHER} - Correlation ID: ${CORRELATION} - Trace ID: ${TRACE}`;
    expect(parseAadError(msalServerError(repeated))).toMatchObject({ traceId: TRACE, correlationId: CORRELATION });
  });

  it('finds the last markers when text follows the trace ID', () => {
    const trailing = `${HEAD} - Correlation ID: ${CORRELATION} - Trace ID: ${TRACE} (attempt 2)`;
    expect(parseAadError(msalServerError(trailing))).toMatchObject({ traceId: TRACE, correlationId: CORRELATION });
  });

  it('finds the correlation ID when the trace ID comes first', () => {
    const swapped = `${HEAD} - Trace ID: ${TRACE} - Correlation ID: ${CORRELATION}`;
    expect(parseAadError(msalServerError(swapped))).toMatchObject({ traceId: TRACE, correlationId: CORRELATION });
  });
});
