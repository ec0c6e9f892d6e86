import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

// The reference pages (English and Japanese) are generated from the built catalog (npm test builds
// first); a catalog or translation change without regenerated pages fails here.
it('keeps docs/error-codes.md and docs/error-codes.ja.md in step with the catalog', () => {
  const root = resolve(import.meta.dirname, '../..');
  expect(() => execFileSync(process.execPath, ['scripts/error-codes-doc.mjs', '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
});
