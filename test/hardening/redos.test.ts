import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { check } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/parse/redact.js';

// Linear time without a stopwatch: every regular expression in src/ (literals and RegExp
// constructors, found by parsing the sources) must be judged safe by recheck, a ReDoS checker that
// combines automata analysis with fuzzing. A new regex that can backtrack super-linearly fails here.
// Wall time is measured only in scripts/linear-time.mjs, never in a test.

interface FoundRegex {
  readonly where: string;
  readonly source: string;
  readonly flags: string;
}

const SRC = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The string value of an expression built from literals and top-level `const` strings, or undefined. */
function constantString(node: ts.Expression, constants: ReadonlyMap<string, string>): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isIdentifier(node)) return constants.get(node.text);
  if (ts.isParenthesizedExpression(node)) return constantString(node.expression, constants);
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const value = constantString(span.expression, constants);
      if (value === undefined) return undefined;
      text += value + span.literal.text;
    }
    return text;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = constantString(node.left, constants);
    const right = constantString(node.right, constants);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return undefined;
}

/** Every regex literal and `RegExp(…)` call in src/; a constructor whose pattern is not constant fails the scan. */
function findRegexes(): { found: FoundRegex[]; unreadable: string[] } {
  const found: FoundRegex[] = [];
  const unreadable: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const constants = new Map<string, string>();
    for (const statement of sourceFile.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) {
          const value = constantString(declaration.initializer, constants);
          if (value !== undefined) constants.set(declaration.name.text, value);
        }
      }
    }
    const where = (node: ts.Node) => `${relative(SRC, file)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = (node as ts.RegularExpressionLiteral).text;
        const end = text.lastIndexOf('/');
        found.push({ where: where(node), source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        const source = pattern && constantString(pattern, constants);
        const flagText = flags === undefined ? '' : constantString(flags, constants);
        if (source === undefined || flagText === undefined) unreadable.push(where(node));
        else found.push({ where: where(node), source, flags: flagText });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return { found, unreadable };
}

const { found, unreadable } = findRegexes();

describe('regular expressions in src/', () => {
  it('are all found, constructors included', () => {
    expect(unreadable, 'RegExp constructors whose pattern is not built from constants').toEqual([]);
    expect(found.length).toBeGreaterThan(50);
    expect(found.some((regex) => regex.where.startsWith('parse/redact.ts') && regex.source.includes('client[_-]?secret'))).toBe(true);
  });

  it.each(found.map((regex) => [regex.where, regex] as const))('%s is judged safe by recheck', async (_where, regex) => {
    const diagnostics = await check(regex.source, regex.flags, { timeout: 30_000 });
    const detail = diagnostics.status === 'vulnerable' ? `${diagnostics.complexity.type}; attack: ${diagnostics.attack.pattern}` : diagnostics.status;
    expect(diagnostics.status, `/${regex.source}/${regex.flags}: ${detail}`).toBe('safe');
  }, 60_000);

  it('flags the JWT pattern the redaction used before (the gate can fail)', async () => {
    const before = String.raw`\beyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,8192}`;
    expect((await check(before, 'g', { timeout: 30_000 })).status).toBe('vulnerable');
  }, 60_000);
});

describe('JWT redaction without backtracking (regression: 0.5 s for a crafted 64 KiB description)', () => {
  // The old pattern is the oracle: on short texts its backtracking costs nothing.
  const ORACLE = /\beyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,8192}/g;
  const piece = fc.oneof(fc.constantFrom('eyJ', '-', '.', '_', 'a', 'b9', ' ', '-eyJ', '.eyJ', '"'), fc.string({ unit: fc.constantFrom('e', 'y', 'J', '-', '.', 'a') }));

  it('redacts exactly what the old pattern matched', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(redactSecrets(text)).toBe(text.replace(ORACLE, '[redacted]'));
      }),
      { numRuns: 20_000, seed: 6 },
    );
  });

  it('redacts a real JWT and a long one, and leaves a run of -eyJ alone', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'x', groups: Array.from({ length: 400 }, (_, i) => `group-${i}`) })).toString('base64url');
    expect(redactSecrets(`assertion eyJhbGciOiJSUzI1NiJ9.${payload}.c2ln end`)).toBe('assertion [redacted] end');
    const crafted = `AADSTS50076: ${'-eyJ'.repeat(16_384)}`;
    expect(redactSecrets(crafted)).toBe(crafted);
  });
});
