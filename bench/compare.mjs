// Before/after in one process: classify from another build (BASE=/path/to/an/older/checkout, whose
// dist/ is built) against this one's, with the naive chain beside both, interleaved in rounds. For
// parser work: `git worktree add /tmp/base HEAD~1 && (cd /tmp/base && npm ci && npm run build)`, then
// `BASE=/tmp/base node bench/compare.mjs` after `npm run build` here.
import { pathToFileURL } from 'node:url';
import { classify } from '../dist/index.js';
import { longTexts, mixedInputs, msalInputs, naiveChain, realFailureTexts } from './inputs.mjs';
import { median, timePerCall } from './measure.mjs';

if (!process.env.BASE) throw new Error('set BASE to a checkout with a built dist/');
const before = await import(pathToFileURL(`${process.env.BASE}/dist/index.js`).href);

/** Mean over the inputs of each input's median time, per competitor, in ns. */
function measure(inputs, competitors, rounds, calls) {
  const samples = competitors.map(() => inputs.map(() => []));
  for (let round = 0; round < rounds; round++) {
    competitors.forEach(([, fn], c) => inputs.forEach((input, i) => samples[c][i].push(timePerCall(fn, input, calls))));
  }
  return samples.map((perInput) => perInput.map(median).reduce((a, b) => a + b, 0) / inputs.length);
}

const sets = [
  ['bench mix', mixedInputs()],
  ['msal-node errors', msalInputs()],
  ['long SDK texts', longTexts()],
  ['151 real failures', realFailureTexts()],
];
const competitors = [
  ['before', (input) => before.classify(input)],
  ['after', (input) => classify(input)],
  ['naive', naiveChain],
];
for (const [, inputs] of sets) for (const input of inputs) for (let i = 0; i < 300; i++) for (const [, fn] of competitors) fn(input);
console.log('| set | before µs | after µs | naive µs | before / naive | after / naive | after / before |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [name, inputs] of sets) {
  const [b, a, n] = measure(inputs, competitors, Number(process.env.ROUNDS ?? 7), inputs.length > 100 ? 300 : 1000);
  const f = (ns) => (ns / 1000).toFixed(2);
  console.log(`| ${name} (${inputs.length}) | ${f(b)} | ${f(a)} | ${f(n)} | ${(b / n).toFixed(2)}× | ${(a / n).toFixed(2)}× | ${(a / b).toFixed(2)} |`);
}
