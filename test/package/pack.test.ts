import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Pack the built package, install the tarball (not a file: link) into a throwaway project, and use it
// the way consumers do: ESM import, CJS require, TypeScript with nodenext, and the `aadsts` bin.
const root = resolve(import.meta.dirname, '../..');
let project: string;

function run(cmd: string, args: string[], cwd = project): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'aad-pack-'));
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', project], root).trim().split('\n').pop()!;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  // A consumer of the wrapper has msal-node (an optional peer) and, in TypeScript, Node's types.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(project, tarball), '@azure/msal-node@7', '@types/node@20', 'express@5']);
}, 120_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('the packed package', () => {
  it('ships only dist and the package files', () => {
    expect(readdirSync(join(project, 'node_modules/aad-error-handler')).sort()).toEqual(['README.md', 'dist', 'package.json']);
  });

  it('imports as ESM', () => {
    writeFileSync(join(project, 'esm.mjs'), "import { classify } from 'aad-error-handler'; import { entraErrorBody } from 'aad-error-handler/testing'; console.log(classify(entraErrorBody(65001, { suberror: 'consent_required' })).action);");
    expect(run('node', ['esm.mjs']).trim()).toBe('consent');
  });

  it('imports the aad-error-handler/parse subpath as ESM and CJS', () => {
    writeFileSync(join(project, 'parse.mjs'), "import { parseRetryAfter, lookupCode, isSafeReturnTo } from 'aad-error-handler/parse'; console.log(parseRetryAfter('30', 0), lookupCode(50076).name, isSafeReturnTo('//evil.example'));");
    expect(run('node', ['parse.mjs']).trim()).toBe('30000 UserStrongAuthClientAuthNRequired false');
    writeFileSync(join(project, 'parse.cjs'), "const { parseWwwAuthenticate } = require('aad-error-handler/parse'); console.log(parseWwwAuthenticate('Bearer realm=\"\"')[0].scheme);");
    expect(run('node', ['parse.cjs']).trim()).toBe('bearer');
  });

  it('requires as CJS', () => {
    // createClassifier and aadErrorHandler load zod lazily through createRequire(import.meta.url), which
    // must work in the CJS build too.
    writeFileSync(join(project, 'cjs.cjs'), "const { classify, isAadError, createClassifier, aadErrorHandler } = require('aad-error-handler'); createClassifier({ context: 'daemon' }); aadErrorHandler(); console.log(classify('AADSTS50126').action, typeof isAadError);");
    expect(run('node', ['cjs.cjs']).trim()).toBe('fail function');
  });

  it('type-checks from TypeScript with nodenext, as ESM and as CJS', () => {
    writeFileSync(join(project, 'consumer.mts'), "import { classify, type Decision } from 'aad-error-handler';\nconst d: Decision | null = classify('50076');\nexport const a: string | undefined = d?.action;\n");
    writeFileSync(join(project, 'consumer.cts'), "import { classify } from 'aad-error-handler';\nimport { lookupCode } from 'aad-error-handler/parse';\nexport const b = classify('50076')?.risk;\nexport const c = lookupCode(50076)?.action;\n");
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['consumer.mts', 'consumer.cts'] }));
    expect(() => run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'])).not.toThrow();
    // A full type-check of a fresh project: a bound for a loaded machine, not a speed claim.
  }, 120_000);

  it('runs the aadsts bin', () => {
    expect(run(join(project, 'node_modules/.bin/aadsts'), ['explain', '65004'])).toContain('UserDeclinedConsent');
  });

  it('finds the Japanese table beside the bundles, from ESM, CJS and the bin', () => {
    // dist/ja.json is read through createRequire(import.meta.url) on first use; each build must resolve it.
    writeFileSync(join(project, 'ja.mjs'), "import { explain } from 'aad-error-handler'; console.log(explain('90094', { lang: 'ja' }).summary);");
    writeFileSync(join(project, 'ja.cjs'), "const { classify } = require('aad-error-handler'); console.log(classify('AADSTS90094', { lang: 'ja' }).summary);");
    for (const file of ['ja.mjs', 'ja.cjs']) expect(run('node', [file])).toContain('管理者の同意');
    expect(run(join(project, 'node_modules/.bin/aadsts'), ['explain', '--lang', 'ja', '90094'])).toContain('管理者の同意が必要');
  });

  it('finds the Japanese page table beside the bundles, from ESM and CJS', () => {
    // dist/ja-pages.json is read on the first Japanese answer of the handler, like dist/ja.json.
    const answer = "const h = aadErrorHandler({ locale: 'ja', mode: 'web_api' }); const res = { headersSent: false, writableEnded: false, setHeader() {}, getHeader() {}, end(body) { console.log(JSON.parse(body).title); } }; h(new AadError(classify('AADSTS53003')), { method: 'POST', headers: {} }, res, () => console.log('passed on'));";
    writeFileSync(join(project, 'ja-page.mjs'), `import { AadError, aadErrorHandler, classify } from 'aad-error-handler'; ${answer}`);
    writeFileSync(join(project, 'ja-page.cjs'), `const { AadError, aadErrorHandler, classify } = require('aad-error-handler'); ${answer}`);
    for (const file of ['ja-page.mjs', 'ja-page.cjs']) expect(run('node', [file]).trim()).toBe('アクセスが拒否されました');
  });
});
