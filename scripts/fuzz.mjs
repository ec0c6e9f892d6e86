#!/usr/bin/env node
// `npm run fuzz`: 200,000 generated hostile inputs (FUZZ_RUNS, FUZZ_SEED) through parseAadError,
// classify and aadErrorHandler of the built library (dist/; run `npm run build` first), then the
// linear-time figures. Exits non-zero on any failure. Run with `node --unhandled-rejections=strict`.
import express from 'express';
import { linearTime } from './linear-time.mjs';
import { runFuzz } from './fuzz-harness.mjs';

const libPath = process.env.FUZZ_LIB ?? new URL('../dist/index.js', import.meta.url).href;
const testingPath = process.env.FUZZ_TESTING ?? new URL('../dist/testing.js', import.meta.url).href;
const parsePath = process.env.FUZZ_PARSE ?? new URL('../dist/parse.js', import.meta.url).href;
// The root entry and the lower-level parsers of `aad-error-handler/parse`, as one library to fuzz.
const lib = { ...(await import(libPath)), ...(await import(parsePath)) };
const { entraErrorBody } = await import(testingPath);
const runs = Number(process.env.FUZZ_RUNS ?? 200_000);
const seed = Number(process.env.FUZZ_SEED ?? 20260601);

// The large inputs are built once and picked rarely: each is parsed in full by every case that draws it.
const mb = (n, unit) => unit.repeat(Math.ceil((n * 1024 * 1024) / unit.length)).slice(0, n * 1024 * 1024);
const bigStrings = [mb(10, 'x'), `AADSTS50076: ${mb(10, '-eyJ')}`, JSON.stringify({ error: 'invalid_grant', error_description: `AADSTS50076: ${mb(1, 'a\r\n')}`, error_codes: [50076] }), `Bearer claims="${mb(1, 'A')}"`];

console.log(`fuzz: ${runs.toLocaleString('en')} cases, seed ${seed}, library ${libPath}`);
let last = 0;
const report = await runFuzz({
  lib,
  entraErrorBody,
  expressRequest: express.request,
  runs,
  seed,
  bigStrings,
  onProgress: (r) => {
    if (r.inputs - last >= 20_000) {
      last = r.inputs;
      console.log(`  ${r.inputs.toLocaleString('en')} cases, ${Object.values(r.failures).reduce((a, b) => a + b, 0)} failures`);
    }
  },
});
const failures = Object.values(report.failures).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ ...report, examples: undefined }, null, 2));
for (const example of report.examples) console.log(`  ! ${example}`);
console.log(`\n${report.inputs.toLocaleString('en')} inputs (${report.entra.toLocaleString('en')} with an Entra signal) through parseAadError, classify and aadErrorHandler in ${(report.ms / 1000).toFixed(1)} s: ` +
  `${report.answered.toLocaleString('en')} answered, ${report.passedOn.toLocaleString('en')} passed on, ${failures} failures, ${report.unhandledRejections} unhandled rejections, prototype pollution: ${report.pollution ? 'YES' : 'none'}`);

if (process.env.FUZZ_SKIP_LINEAR !== '1') await linearTime(lib);
process.exitCode = failures === 0 && !report.pollution ? 0 : 1;
