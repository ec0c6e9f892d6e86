import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCode, fill, newDraft, type Draft } from '../../src/parse/draft.js';
import { readTokens, scanTokens } from '../../src/parse/text.js';

// readText reads a long text's tokens by three merged searches (scanTokens) and a shorter one with one
// regex (readTokens): both must read exactly what the regex's matches read, in the same order, stopping
// at the same place. The regex is copied here too, so a change to either reader shows up.
const TOKENS =
  /\b(AADSTS|ACS|AADB2C)(\d{1,10})\b|(Trace ID|Request ID|Correlation ID): ?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|Timestamp: ?(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z?)|\b(?:Sign-in error code|error ?code|ResultType)["']?:? {0,3}["']?(?:AADSTS)?(\d{5,10})\b|Error\(s\): ?(\d{1,10}(?:[ ,]{1,2}\d{1,10}){0,15})|["']error_codes["']: ?\[ ?(\d{1,10}(?:, ?\d{1,10}){0,15})/gi;
const UPPER_PREFIX: Readonly<Record<string, string>> = { aadsts: 'AADSTS', acs: 'ACS', aadb2c: 'AADB2C' };
const LIST_SEPARATOR = /[ ,]+/;

/** The token loop as it was, on a draft of its own. */
function byRegex(text: string): Draft {
  const draft = newDraft();
  let listed = false;
  TOKENS.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKENS.exec(text)) !== null) {
    if (match[1] !== undefined) addCode(draft, UPPER_PREFIX[match[1].toLowerCase()]!, match[2]!);
    else if (match[3] !== undefined) fill(draft, match[3].charCodeAt(0) === 0x43 || match[3].charCodeAt(0) === 0x63 ? 'correlationId' : 'traceId', match[4]!);
    else if (match[5] !== undefined) fill(draft, 'timestamp', match[5]);
    else if (match[6] !== undefined) addCode(draft, 'AADSTS', match[6]);
    else if (match[7] !== undefined) {
      listed = true;
      for (const digits of match[7].split(LIST_SEPARATOR)) if (digits) addCode(draft, 'AADSTS', digits);
    } else if (match[8] !== undefined) {
      for (const digits of match[8].split(LIST_SEPARATOR)) if (digits) addCode(draft, 'AADSTS', digits);
    }
    if (listed && draft.traceId !== null && draft.correlationId !== null && draft.timestamp !== null) break;
  }
  return draft;
}

function byScan(text: string): Draft {
  const draft = newDraft();
  scanTokens(draft, text);
  return draft;
}

function byReader(text: string): Draft {
  const draft = newDraft();
  readTokens(draft, text);
  return draft;
}

const tokenFields = (draft: Draft) => ({ codes: draft.codes, codeIds: draft.codeIds, traceId: draft.traceId, correlationId: draft.correlationId, timestamp: draft.timestamp });

const GUID = '0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00';
// Labels and prefixes in several cases, what may follow them, and what may run into them.
const pieces = fc.constantFrom(
  'AADSTS', 'aadsts', 'AaDsTs', 'ACS', 'acs', 'AADB2C', 'aadb2c', 'xAADSTS',
  'Trace ID', 'TRACE id', 'Request ID', 'Correlation ID', 'correlation id', 'Timestamp', 'TIMESTAMP', 'Sign-in error code', 'error code', 'ErrorCode', 'errorcode', 'ResultType', 'resulttype',
  'Error(s)', 'error(S)', '"error_codes"', "'error_codes'", '"error_codes\'', 'error_codes',
  ': ', ':', '  ', ' ', ',', ', ', '"', "'", '[', '[ ', '-', '_', 'x', 'D', 'p', ')', '\n', '\t',
  '50076', '7000215', '12345678901', '1', '2026-11-21 09:00:00Z', '2026-11-21T09:00:00.1234567', GUID, GUID.toUpperCase(), '0b5c7a1e-2f4e',
);

describe('readText token scan', () => {
  it.each([
    'AADSTS50076: x Trace ID: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00 Correlation ID: 7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f Timestamp: 2026-11-21 09:00:00Z',
    'Error(s): 50076,50079 - Timestamp: 2026-11-21 09:00:00Z - Description: AADSTS50076: x - Correlation ID: 7c9e2d4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f - Trace ID: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00 AADSTS65001',
    'Sign-in error code: 90095 and error code AADSTS700082, errorCode: "50126", ResultType: 53003',
    'ResponseBody: {"error":"invalid_grant","error_codes":[50076, 50079],"suberror":"basic_action"}',
    "{'error_codes': [ 7000215]} aadb2c90118 acs50008 Aadsts50076 xAADSTS1 AADSTS50076x",
    'error code: AADSTS50076 Trace ID:0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00',
  ])('reads %s as the regex did (both readers)', (text) => {
    expect(tokenFields(byScan(text))).toEqual(tokenFields(byRegex(text)));
    expect(tokenFields(byReader(text))).toEqual(tokenFields(byRegex(text)));
  });

  it('reads generated texts as the regex did (both readers)', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const expected = tokenFields(byRegex(text));
        expect(tokenFields(byScan(text))).toEqual(expected);
        expect(tokenFields(byReader(text))).toEqual(expected);
      }),
      { numRuns: 20_000 },
    );
  });
});
