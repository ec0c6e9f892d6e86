import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.js';
import type { Action, FixBy } from '../../src/catalog/types.js';

// Failures as users pasted them into public issue threads of many SDKs and tools (each row names its
// thread), with the decision we reviewed for it (issue 9). A `null` expectation means the text holds no
// Entra signal we may act on (a reset connection to an unnamed host, a Graph API's own 401 body).
interface Row {
  readonly sdk: string;
  readonly source: string;
  readonly text: string;
  readonly expected: { readonly action: Action; readonly fixBy: FixBy; readonly codeId: string | null } | null;
}

const rows = JSON.parse(readFileSync(new URL('../fixtures/real-failures.json', import.meta.url), 'utf8')) as Row[];

/** A pasted JSON body is classified as the object it is, as `aadsts classify` does. */
function asInput(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

describe('real failures from public issue threads', () => {
  it('holds at least 150 rows from at least 8 SDK families, each with its source thread', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
    const families = new Set(rows.map((row) => row.sdk.split('-')[0] === 'azure' ? row.sdk.split('-').slice(0, 2).join('-') : row.sdk.replace(/-(js|node|dotnet|python|java|go|rust|objc|android)$/, '')));
    expect(families.size).toBeGreaterThanOrEqual(8);
    for (const row of rows) expect(row.source, row.text.slice(0, 60)).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+$/);
  });

  it.each(rows.map((row, i) => [`${i} ${row.sdk} ${row.source.replace('https://github.com/', '')}`, row] as const))('%s', (_label, row) => {
    const decision = classify(asInput(row.text));
    if (row.expected === null) expect(decision).toBeNull();
    else expect(decision).toMatchObject(row.expected);
  });
});
