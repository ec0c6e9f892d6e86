import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { classify } from '../dist/index.js';
import { longTexts, mixedInputs, msalInputs, naiveChain, realFailureTexts } from './inputs.mjs';
import { median, timePerCall } from './measure.mjs';

// classify on a mixed set of real-shaped inputs, against (a) msal-common's own interaction-required
// check and (b) the hand-written regex-and-if chain apps write today. All three run in this process,
// interleaved in rounds, so the ratios are what matter, not the absolute numbers.

const msalCommon = await import(new URL('../node_modules/@azure/msal-common/dist/error/InteractionRequiredAuthError.mjs', import.meta.url));

function msalCheck(input) {
  if (typeof input === 'string') return msalCommon.isInteractionRequiredError(undefined, input, undefined);
  return msalCommon.isInteractionRequiredError(input?.errorCode ?? input?.error, input?.errorMessage ?? input?.error_description, input?.subError ?? input?.suberror);
}

function measure(inputs, competitors, rounds = 7, calls = 2000) {
  const perInput = new Map(competitors.map(([name]) => [name, inputs.map(() => [])]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of competitors) {
      inputs.forEach((input, i) => perInput.get(name)[i].push(timePerCall(fn, input, calls)));
    }
  }
  return new Map([...perInput].map(([name, samples]) => {
    const medians = samples.map(median);
    const total = medians.reduce((a, b) => a + b, 0);
    return [name, { medianNs: median(medians), meanNs: total / inputs.length, opsPerSec: (inputs.length / total) * 1e9 }];
  }));
}

function freshProcess(code) {
  const result = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' });
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

function loadCost(specifier, warm) {
  const samples = [];
  for (let i = 0; i < 7; i++) {
    samples.push(freshProcess(`global.gc(); const h0 = process.memoryUsage().heapUsed; const t0 = performance.now(); const m = await import(${JSON.stringify(specifier)}); const t = performance.now() - t0; ${warm}; global.gc(); console.log(JSON.stringify({ ms: t, heap: process.memoryUsage().heapUsed - h0 }));`));
  }
  return { ms: median(samples.map((s) => s.ms)), heap: median(samples.map((s) => s.heap)) };
}

export async function run() {
  const inputs = mixedInputs();
  for (const input of inputs) classify(input); // warm-up and JIT
  const results = measure(inputs, [
    ['aad-error-handler classify', (input) => classify(input)],
    ['msal-common isInteractionRequiredError', msalCheck],
    ['naive regex-and-if chain', naiveChain],
  ]);
  const ours = results.get('aad-error-handler classify');
  const naive = results.get('naive regex-and-if chain');
  console.log(`\n## classify — ${inputs.length} real-shaped inputs, median of per-input medians`);
  for (const [name, r] of results) console.log(`${name.padEnd(40)} ${(r.medianNs / 1000).toFixed(2).padStart(7)} µs/input  ${Math.round(r.opsPerSec).toLocaleString('en-US').padStart(12)} ops/s`);
  console.log(`ratio classify / naive chain: ${(ours.medianNs / naive.medianNs).toFixed(2)}x median, ${(ours.meanNs / naive.meanNs).toFixed(2)}x mean (target ≤ 3x); mean ${(ours.meanNs / 1000).toFixed(2)} µs per input, median ${(ours.medianNs / 1000).toFixed(2)} µs (target: mean ≤ 2 µs)`);
  // The msal-node path on its own, so a slower text reader cannot hide behind a faster average.
  const msalErrors = msalInputs();
  const msalOnly = measure(msalErrors, [['classify, msal-node errors only', (input) => classify(input)], ['naive chain, msal-node errors only', naiveChain]]);
  const [ourMsal, naiveMsal] = [...msalOnly.values()];
  console.log(`msal-node errors (${msalErrors.length}): classify mean ${(ourMsal.meanNs / 1000).toFixed(2)} µs, ${(ourMsal.meanNs / naiveMsal.meanNs).toFixed(2)}x the naive chain`);
  // The long exception texts of the mix on their own: where every scan over the text counts.
  const long = longTexts();
  const longOnly = measure(long, [['classify, long SDK texts', (input) => classify(input)], ['naive chain, long SDK texts', naiveChain]]);
  const [ourLong, naiveLong] = [...longOnly.values()];
  console.log(`long SDK texts (${long.length}, 340–3,000 characters): classify mean ${(ourLong.meanNs / 1000).toFixed(2)} µs, ${(ourLong.meanNs / naiveLong.meanNs).toFixed(2)}x the naive chain`);
  // Real failures as users pasted them (test/fixtures/real-failures.json): texts only, 50–1,100 characters.
  const real = realFailureTexts();
  const realOnly = measure(real, [['classify, real failures', (input) => classify(input)], ['naive chain, real failures', naiveChain]], 5, 500);
  const [ourReal, naiveReal] = [...realOnly.values()];
  console.log(`real failures (${real.length} texts): classify mean ${(ourReal.meanNs / 1000).toFixed(2)} µs, ${(ourReal.meanNs / naiveReal.meanNs).toFixed(2)}x the naive chain`);

  const lib = loadCost('./dist/index.js', 'm.classify("AADSTS50076"); m.explain(50076);');
  const msal = loadCost('@azure/msal-node', '');
  // Apps import both: what our import adds once msal-node (and the Node built-ins it pulls in: http,
  // https, crypto) is loaded is the cost a cold start really pays for us.
  const added = median(Array.from({ length: 7 }, () => freshProcess(`await import('@azure/msal-node'); const t0 = performance.now(); await import('./dist/index.js'); console.log(JSON.stringify({ ms: performance.now() - t0 }));`).ms));
  const catalogOnly = freshProcess(`const m = await import('./dist/index.js'); global.gc(); const h0 = process.memoryUsage().heapUsed; m.explain(50076); m.classify('AADSTS50076'); m.classify({ error: 'consent_required' }); global.gc(); console.log(JSON.stringify({ heap: process.memoryUsage().heapUsed - h0 }));`);
  // Japanese is read from dist/ja.json on first use: what the first Japanese answer costs, once per
  // process (explain, so option validation's lazy zod load is not counted here).
  const jaSamples = Array.from({ length: 7 }, () => freshProcess(`const m = await import('./dist/index.js'); m.explain('AADSTS50076'); global.gc(); const h0 = process.memoryUsage().heapUsed; const t0 = performance.now(); m.explain('AADSTS50076', { lang: 'ja' }); const ms = performance.now() - t0; global.gc(); console.log(JSON.stringify({ ms, heap: process.memoryUsage().heapUsed - h0 }));`));
  const firstJa = { ms: median(jaSamples.map((s) => s.ms)), heap: median(jaSamples.map((s) => s.heap)) };
  console.log('\n## load cost (fresh process each, median of 7)');
  console.log(`@azure/msal-node import             ${msal.ms.toFixed(1)} ms, heap ${(msal.heap / 1024).toFixed(0)} KiB`);
  console.log(`aad-error-handler import, alone     ${lib.ms.toFixed(1)} ms (includes Node's http, https and crypto), heap after import + catalog load ${(lib.heap / 1024).toFixed(0)} KiB`);
  console.log(`aad-error-handler import, after msal ${added.toFixed(1)} ms = ${((added / msal.ms) * 100).toFixed(1)}% of msal-node's import (target: adds < 10%)`);
  console.log(`loaded catalog heap ${(catalogOnly.heap / 1024).toFixed(0)} KiB (target < 1024 KiB)`);
  console.log(`first Japanese answer (reads dist/ja.json) ${firstJa.ms.toFixed(1)} ms, heap ${(firstJa.heap / 1024).toFixed(0)} KiB, once per process; English-only apps never read it`);
}
