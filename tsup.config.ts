import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// The Japanese table is data read on first use (src/locales/ja.ts), not code: it sits beside the
// bundles, where both the library and the CLI read it from.
async function copyLocales(): Promise<void> {
  await copyFile('src/locales/ja.json', 'dist/ja.json');
  await copyFile('src/locales/ja-pages.json', 'dist/ja-pages.json');
}

// Two builds: the library (ESM + CJS + .d.ts/.d.cts) and the CLI (ESM only, with a shebang),
// so the bin never drags type declarations or a CJS copy along.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', parse: 'src/parse-entry.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
    // import.meta.url in the CJS build (lazy zod loading uses createRequire(import.meta.url)).
    shims: true,
    onSuccess: copyLocales,
  },
  {
    // dist/triage.js is for bench/triage.mjs and scripts/triage-soak.mjs only; it is not in `exports`.
    entry: { cli: 'src/cli/main.ts', triage: 'src/triage/triage.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    // Keep the CLI's Japanese labels as UTF-8 rather than \u escapes.
    esbuildOptions(options) {
      options.charset = 'utf8';
    },
    onSuccess: copyLocales,
  },
]);
