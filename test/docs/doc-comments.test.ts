import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { declarationEntries, subpathSources } from './package-entries.js';

// Every symbol a package entry exports carries a doc comment: the API reference (`npm run docs`,
// TypeDoc) and the IDE tooltip are both built from them. The compiler reads the entry points'
// exports directly, so this runs in seconds without TypeDoc.
const root = resolve(import.meta.dirname, '../..');

/** The source files of the package's subpaths. */
function packageEntries(): string[] {
  return Object.values(declarationEntries()).sort();
}

function undocumentedExports(entry: string, program: ts.Program): string[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(resolve(root, entry));
  if (source === undefined) throw new Error(`${entry} is not in the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`${entry} exports nothing`);
  const missing: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    // Text, not only tags: `/** @internal */` alone tells a reader nothing. An overloaded function's
    // comments are merged over its signatures.
    if (ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === '') missing.push(exported.name);
  }
  return missing;
}

describe('doc comments on the public API', () => {
  const entries = packageEntries();
  const program = ts.createProgram(
    entries.map((entry) => resolve(root, entry)),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true, types: ['node'], resolveJsonModule: true },
  );

  it('covers every subpath in package.json exports, and TypeDoc documents the same entries', () => {
    expect(Object.values(subpathSources()).sort()).toEqual(entries);
    const typedoc = JSON.parse(readFileSync(resolve(root, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };
    expect([...typedoc.entryPoints].sort()).toEqual(entries);
  });

  it.each(packageEntries())('%s: every export has a doc comment', (entry) => {
    expect(undocumentedExports(entry, program)).toEqual([]);
  });
});
