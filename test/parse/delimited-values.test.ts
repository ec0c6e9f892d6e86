import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextDelimitedValue } from '../../src/parse/loose-text.js';

// The regex the hand-written scan replaced (issue 9, speed): the scan must find exactly its matches.
const DELIMITED_VALUE = /(?:^|[:,] {1,2}|['"([]|\n)([a-z][a-z0-9]{1,30}_[a-z0-9_]{1,40})(?=$|[:,;.'")\]\s])/g;

function byRegex(text: string): string[] {
  DELIMITED_VALUE.lastIndex = 0;
  return [...text.matchAll(DELIMITED_VALUE)].map((match) => match[1]!);
}

function byScan(text: string): string[] {
  const values: string[] = [];
  let from = 0;
  for (let found = nextDelimitedValue(text, 0); found !== null; found = nextDelimitedValue(text, from)) {
    values.push(found.value);
    from = found.end;
  }
  return values;
}

// Texts made of the characters that matter: delimiters on both sides, word characters, capitals, spaces.
const pieces = fc.constantFrom('_', 'a', 'b', 'z', '0', '9', 'A', ':', ',', ' ', '  ', "'", '"', '(', ')', '[', ']', '\n', '\t', ';', '.', '-', 'é', '\u00a0', 'invalid_grant', 'interaction_required', 'a'.repeat(31), 'b'.repeat(40), ': ', ', ');

describe('nextDelimitedValue', () => {
  it.each([
    ['ServerError: temporarily_unavailable: 50033', ['temporarily_unavailable']],
    ['Error Code: interaction_required, Error Message: AADSTS50076', ['interaction_required']],
    ["{'error': 'invalid_grant'}", ['invalid_grant']],
    ['see invalid_grant handling', []],
    ['invalid_grant', ['invalid_grant']],
    ['Xinvalid_grant: y', []],
    [':  no_tokens_found.', ['no_tokens_found']],
    [':   no_tokens_found.', []],
    [`(${'a'.repeat(31)}_b)`, [`${'a'.repeat(31)}_b`]],
    [`(${'a'.repeat(32)}_b)`, []],
    [`(ab_${'b'.repeat(40)})`, [`ab_${'b'.repeat(40)}`]],
    ['(a_b)', []],
    [`(ab_${'b'.repeat(41)})`, []],
    ['(ab_c_d) (ef__g)', ['ab_c_d', 'ef__g']],
  ])('reads %j like the regex it replaced', (text, expected) => {
    expect(byScan(text)).toEqual(expected);
    expect(byRegex(text)).toEqual(expected);
  });

  it('finds the same values as the regex on any text', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        expect(byScan(text)).toEqual(byRegex(text));
      }),
      { numRuns: 3000 },
    );
  });
});
