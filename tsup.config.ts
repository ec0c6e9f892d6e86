import { defineConfig } from 'tsup';

// Two builds: the library (ESM + CJS + .d.ts/.d.cts) and the CLI (ESM only, with a shebang),
// so the bin never drags type declarations or a CJS copy along.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
    // import.meta.url in the CJS build (lazy zod loading uses createRequire(import.meta.url)).
    shims: true,
  },
  {
    // dist/triage.js is for bench/triage.mjs and scripts/triage-soak.mjs only; it is not in `exports`.
    entry: { cli: 'src/cli/main.ts', triage: 'src/triage/triage.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
