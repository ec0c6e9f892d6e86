import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

// The reference page is generated from the built catalog (npm test builds first); a catalog change
// without a regenerated page fails here.
it('keeps docs/error-codes.md in step with the catalog', () => {
  const root = resolve(import.meta.dirname, '../..');
  expect(() => execFileSync(process.execPath, ['scripts/error-codes-doc.mjs', '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
});
