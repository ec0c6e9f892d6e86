// Instruction counts for classify, steady on a machine under any load (wall-clock benchmarks are not).
// Run under callgrind twice, with ROUNDS=0 and with ROUNDS=400: the difference divided by 400 × the set's
// size is the cost of one classification, without start-up, module loading or JIT warm-up. See
// docs/performance.md ("Instruction counts") for the command and the figures.
//
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null --smc-check=all-non-file \
//     node --predictable --hash-seed=1 --random-seed=1 bench/instructions.mjs mix 400 classify
import { classify } from '../dist/index.js';
import { longTexts, mixedInputs, msalInputs, naiveChain, realFailureTexts } from './inputs.mjs';

const [set = 'mix', rounds = '0', fn = 'classify'] = process.argv.slice(2);
const sets = {
  mix: mixedInputs,
  msal: msalInputs,
  long: longTexts,
  real: realFailureTexts,
};
if (!(set in sets)) throw new Error(`unknown set ${set}: one of ${Object.keys(sets).join(', ')}`);
const inputs = sets[set]();
const run = fn === 'naive' ? naiveChain : (input) => classify(input);
let decided = 0;
// The same warm-up in every run, so the difference between two runs is steady-state work only.
for (let round = 0; round < 200; round++) for (const input of inputs) if (run(input)) decided++;
for (let round = 0; round < Number(rounds); round++) for (const input of inputs) if (run(input)) decided++;
if (process.env.VERBOSE) console.log(`${set}: ${inputs.length} inputs, ${decided} decisions`);
