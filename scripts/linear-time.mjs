#!/usr/bin/env node
// Linear time (issue 6): how long parseAadError and classify take on 16 KiB to 10 MB inputs of
// every shape, including texts crafted against each regular expression. Reports medians; asserts
// nothing (figures for docs/reliability.md, never a timed test). Run alone with `node scripts/linear-time.mjs`
// after `npm run build`, or as the last part of `npm run fuzz`.

const KIB = 1024;
const MIB = 1024 * KIB;

function fill(unit, bytes) {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

/** Each shape turns a size into one input; the texts repeat patterns that made regexes backtrack. */
const SHAPES = {
  'plain text': (n) => fill('x', n),
  'AADSTS codes in text': (n) => fill('AADSTS50076 Trace ID: 0b5c7a1e-2f4e-4b8a-9a2c-1b0f6c2d3e00 ', n),
  'JWT-like runs (-eyJ…)': (n) => `AADSTS50076: ${fill('-eyJ', n)}`,
  'token body, huge description': (n) => ({ error: 'invalid_grant', error_description: `AADSTS50076: ${fill('client_secret=a&code=b ', n)}`, error_codes: [50076] }),
  'token body as JSON text': (n) => JSON.stringify({ error: 'invalid_grant', error_description: `AADSTS50076: ${fill('a\\r\\n', n)}`, error_codes: [50076] }),
  'MSAL message': (n) => Object.assign(new Error('x'), { name: 'ServerError', errorCode: 'invalid_grant', errorMessage: `Error(s): 50076 - Timestamp: 2025-01-23 10:12:13Z - Description: ${fill('Error(s): 1,2 ', n)}` }),
  'WWW-Authenticate header': (n) => ({ status: 401, headers: { 'www-authenticate': `Bearer error="invalid_token", ${fill('a="\\"", ', n)}` }, body: '' }),
  'claims (base64)': (n) => ({ error: 'invalid_grant', error_codes: [50076], claims: fill('eyJh', n) }),
  'error_codes array': (n) => ({ error: 'invalid_grant', error_codes: new Array(Math.floor(n / 8)).fill(50076) }),
  'HTML page': (n) => ({ status: 503, headers: {}, body: `<!DOCTYPE html><html><body>${fill('<p>Service Unavailable</p>', n)}</body></html>` }),
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time of `fn(input)` in milliseconds over `rounds` runs, after one warm-up run. */
function time(fn, input, rounds) {
  fn(input);
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    fn(input);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

/** Prints a table of parse+classify times per shape at 64 KiB, 1 MB and 10 MB; returns the rows. */
export async function linearTime(lib) {
  // Below 64 KiB (the most any field is read) time grows with size; above it, it stays flat.
  const sizes = [['16 KiB', 16 * KIB], ['64 KiB', 64 * KIB], ['1 MB', MIB], ['10 MB', 10 * MIB]];
  const run = (input) => {
    lib.parseAadError(input);
    lib.classify(input);
  };
  const rows = [];
  console.log('\nlinear time: parseAadError + classify, median of 9 runs (ms)');
  console.log(`| input | ${sizes.map(([label]) => label).join(' | ')} | 10 MB ÷ 1 MB |`);
  console.log(`| --- | ${sizes.map(() => '---:').join(' | ')} | ---: |`);
  for (const [name, make] of Object.entries(SHAPES)) {
    const times = sizes.map(([, bytes]) => time(run, make(bytes), 9));
    rows.push({ name, times });
    console.log(`| ${name} | ${times.map((ms) => ms.toFixed(2)).join(' | ')} | ${(times[3] / times[2]).toFixed(2)} |`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = await import(process.env.FUZZ_LIB ?? new URL('../dist/index.js', import.meta.url).href);
  const parsers = await import(process.env.FUZZ_PARSE ?? new URL('../dist/parse.js', import.meta.url).href);
  const lib = { ...root, ...parsers };
  await linearTime(lib);
}
