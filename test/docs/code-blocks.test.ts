import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { type CodeBlock, checkedBlocks, typeScriptBlocks } from './markdown-blocks.js';
import { subpathSources } from './package-entries.js';

// The README's and the docs pages' ```ts blocks are type-checked as a user's project would compile
// them: `strict`, `module: nodenext`, ESM, with `aad-error-handler` mapped to this repository's source
// (test/package/pack.test.ts compiles the README's blocks against the packed tarball too). A block
// marked ```ts fragment is part of a larger program and is skipped; there are few.
const root = resolve(import.meta.dirname, '../..');
const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const MAX_FRAGMENTS = 8;

// Under the repository, so `express`, `@azure/msal-node` and their types resolve from its node_modules.
mkdirSync(join(root, '.tmp'), { recursive: true });
const project = mkdtempSync(join(root, '.tmp', 'code-blocks-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** A file name that says where the block came from: `README.md-41.ts`. */
function fileFor(block: CodeBlock): string {
  return join(project, `${block.file.replaceAll('/', '_')}-${block.line}.ts`);
}

/** Type-checks the blocks; one line per error, pointing at the page and line. */
function typeCheck(blocks: readonly CodeBlock[]): string[] {
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'readme-consumer', private: true, type: 'module' }));
  const files = blocks.map((block) => {
    const file = fileFor(block);
    // `export {}` makes every block a module of its own, as each file of a user's project is.
    writeFileSync(file, `${block.code}\nexport {};\n`);
    return file;
  });
  const paths = Object.fromEntries(Object.entries(subpathSources()).map(([name, source]) => [name, [join(root, source)]]));
  const program = ts.createProgram(files, {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    typeRoots: [join(root, 'node_modules/@types')],
    skipLibCheck: true,
    noEmit: true,
    paths,
  });
  const byFile = new Map(blocks.map((block) => [fileFor(block), block]));
  // Only the blocks' own diagnostics: the library's source is checked by the project's tsconfig
  // (stricter than a user's), and under a user's options it would report what that config forbids.
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSourceFiles().filter((source) => byFile.has(source.fileName)).flatMap((source) => [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]),
  ];
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const block = diagnostic.file ? byFile.get(diagnostic.file.fileName) : undefined;
    if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const where = block ? `${block.file}:${block.line + line}` : relative(root, diagnostic.file.fileName);
    return `${where}: TS${diagnostic.code}: ${message}`;
  });
}

describe('code blocks in the README and docs', () => {
  const blocks = pages.flatMap((page) => checkedBlocks(join(root, page)).map((block) => ({ ...block, file: page })));

  it('the README has the web-app, web-API and daemon examples as whole programs', () => {
    const readme = blocks.filter((block) => block.file === 'README.md').map((block) => block.code);
    expect(readme.some((code) => code.includes('aadSignInCallback()') && code.includes("declare module 'express-session'"))).toBe(true);
    expect(readme.some((code) => code.includes('acquireTokenOnBehalfOf'))).toBe(true);
    expect(readme.some((code) => code.includes('acquireTokenByClientCredential') || code.includes('callApi('))).toBe(true);
  });

  it(`skips few fragments (at most ${MAX_FRAGMENTS})`, () => {
    const fragments = pages.flatMap((page) => typeScriptBlocks(join(root, page)).filter((block) => block.info.includes('fragment')));
    expect(fragments.length).toBeLessThanOrEqual(MAX_FRAGMENTS);
  });

  it('type-check under strict + nodenext', () => {
    expect(typeCheck(blocks)).toEqual([]);
  }, 120_000);
});
