import { afterEach, describe, expect, it, vi } from 'vitest';
import { classify } from '../../src/classify/classify.js';
import { parseAadError } from '../../src/parse/parse-aad-error.js';

// JSON text (issue 11, item 9): a token body given as text is parsed under the same 64 KiB cap as any
// other text and only up to a nesting depth no error body comes near; deeper or longer JSON is read as
// text instead. Checked by what reaches JSON.parse, never by a stopwatch: on the parser without the cap
// a 256 KiB body nested 128,000 deep went to JSON.parse whole (about 30–120 ms per parse).

const KIB = 1024;

function nestingOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const c of text) {
    if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return deepest;
}

/** Every text the parser handed to JSON.parse while `run` ran. */
function parsedTexts(run: () => void): string[] {
  const spy = vi.spyOn(JSON, 'parse');
  try {
    run();
    return spy.mock.calls.map(([text]) => String(text));
  } finally {
    spy.mockRestore();
  }
}

const BODY_HEAD = '{"error":"invalid_grant","error_description":"AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.","error_codes":[50076],';

describe('JSON text given to the parser', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['arrays nested 128,000 deep (256 KiB)', `${BODY_HEAD}"x":${'['.repeat(128_000)}${']'.repeat(128_000)}}`],
    ['arrays nested 30,000 deep (60 KiB)', `${BODY_HEAD}"x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`],
    ['objects nested 10,000 deep (60 KiB)', `${BODY_HEAD}"x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`],
    ['a flat body over 64 KiB', `${BODY_HEAD}"x":"${'a'.repeat(80 * KIB)}"}`],
    ['a deep body printed inside an exception text', `System.Exception: ${BODY_HEAD}"x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`],
  ])('never hands %s to JSON.parse, and still reads the body', (_what, text) => {
    let decision: ReturnType<typeof classify> = null;
    const parsed = parsedTexts(() => {
      decision = classify(text);
    });
    for (const argument of parsed) {
      expect(argument.length).toBeLessThanOrEqual(64 * KIB);
      expect(nestingOf(argument)).toBeLessThanOrEqual(32);
    }
    expect(decision).toMatchObject({ action: 'reauthenticate', code: 50076, error: 'invalid_grant' });
  });

  it('still parses an ordinary body given as text, and one nested as deep as the bound allows', () => {
    const nested = `${BODY_HEAD}"x":${'['.repeat(30)}${']'.repeat(30)}}`;
    expect(parsedTexts(() => void parseAadError(nested)).some((text) => text.length === nested.length)).toBe(true);
    expect(parseAadError(nested)).toMatchObject({ source: 'token_response', codes: [50076] });
  });

  it('does not try to parse text that cannot be JSON (a Python dict, a body the log line wrapped)', () => {
    const python = "{'error': 'invalid_client', 'error_description': 'AADSTS7000215: Invalid client secret provided.', 'error_codes': [7000215]}";
    const wrapped = '{"error":"interaction_required","error_description":"AADSTS53003: Access has been blocked by Conditional Access policies.\nTrace ID: 36a9bfd2-0233-4b3b-b947-5ed41fa7a600","error_codes":[53003],"suberror":"message_only"}';
    for (const text of [python, wrapped, `HTTP 400: ${python}`]) {
      expect(parsedTexts(() => void classify(text))).toEqual([]);
    }
    expect(classify(python)).toMatchObject({ code: 7000215, error: 'invalid_client' });
    expect(classify(wrapped)).toMatchObject({ code: 53003, action: 'fail' });
  });
});
