#!/usr/bin/env node
// Languages (issue 14): what Japanese costs, as ratios measured in this run. Run after `npm run build`:
//   node bench/languages.mjs
// 1. Import cost: fresh processes, interleaved, median of 15 each: what importing aad-error-handler
//    adds once @azure/msal-node is loaded, as a share of msal-node's own import (target < 10 %).
// 2. The first Japanese answer (reads dist/ja-pages.json and dist/ja.json) against an English one, in
//    a fresh process: the once-per-process price, paid only when Japanese is first asked for.
// 3. Accept-Language negotiation through the handler: the time of one problem+json answer with headers
//    of 100 B to 5 MB, as a ratio to the answer with no header (linear: 10× the header, ≤ 10× the extra).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AadError, aadErrorHandler, classify } from '../dist/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function fresh(code) {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

const msalAlone = [];
const added = [];
for (let i = 0; i < 15; i++) {
  msalAlone.push(fresh(`const t0 = performance.now(); await import('@azure/msal-node'); console.log(JSON.stringify(performance.now() - t0));`));
  added.push(fresh(`await import('@azure/msal-node'); const t0 = performance.now(); await import('./dist/index.js'); console.log(JSON.stringify(performance.now() - t0));`));
}
const msalMs = median(msalAlone);
const addedMs = median(added);
console.log('## import cost (fresh processes, interleaved, median of 15)');
console.log(`aad-error-handler adds ${addedMs.toFixed(1)} ms after @azure/msal-node's ${msalMs.toFixed(1)} ms: ratio ${(addedMs / msalMs).toFixed(3)} (target < 0.10)`);

// One answer through the handler, with a minimal response object (the handler writes through Node's
// API); resolves to the Content-Language once the answer is ended.
function answerOnce(handler, err, acceptLanguage) {
  return new Promise((resolve, reject) => {
    const headers = {};
    const res = {
      headersSent: false,
      writableEnded: false,
      statusCode: 200,
      setHeader(name, value) { headers[name.toLowerCase()] = value; },
      getHeader(name) { return headers[name.toLowerCase()]; },
      end() { this.writableEnded = true; resolve(headers['content-language']); },
    };
    const req = { method: 'POST', url: '/', headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } };
    handler(err, req, res, () => reject(new Error('passed on')));
  });
}

const firstJa = [];
for (let i = 0; i < 7; i++) {
  firstJa.push(fresh(`
    const { AadError, aadErrorHandler, classify } = await import('./dist/index.js');
    const handler = aadErrorHandler({ mode: 'web_api' });
    const err = new AadError(classify('AADSTS53003'));
    const answer = (lang) => new Promise((resolve) => { const h = {}; const res = { headersSent: false, writableEnded: false, setHeader(n, v) { h[n] = v; }, getHeader(n) { return h[n]; }, end() { this.writableEnded = true; resolve(); } }; handler(err, { method: 'POST', headers: { 'accept-language': lang } }, res, resolve); });
    await answer('en'); let t0 = performance.now(); await answer('en'); const en = performance.now() - t0;
    t0 = performance.now(); await answer('ja'); const ja1 = performance.now() - t0;
    t0 = performance.now(); await answer('ja'); const ja2 = performance.now() - t0;
    console.log(JSON.stringify({ en, ja1, ja2 }));`));
}
console.log('\n## the first Japanese answer (fresh process, median of 7)');
console.log(`first ja answer ${median(firstJa.map((s) => s.ja1)).toFixed(2)} ms (reads both Japanese tables, once per process); then ${(median(firstJa.map((s) => s.ja2)) * 1000).toFixed(0)} µs; an English answer ${(median(firstJa.map((s) => s.en)) * 1000).toFixed(0)} µs`);

const handler = aadErrorHandler({ mode: 'web_api' });
const err = new AadError(classify('AADSTS53003'));
const filler = (bytes) => {
  const parts = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const part = `x-f${i};q=0.5`;
    parts.push(part);
    length += part.length + 1;
  }
  return `fr,${parts.join(',')},ja;q=0.9`;
};
const time = async (header, rounds) => {
  for (let i = 0; i < 3; i++) await answerOnce(handler, err, header);
  const samples = [];
  for (let r = 0; r < 9; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) await answerOnce(handler, err, header);
    samples.push(Number(process.hrtime.bigint() - t0) / rounds / 1000);
  }
  return median(samples);
};
const base = await time(undefined, 2000);
console.log('\n## Accept-Language negotiation through the handler (problem+json answer, median of 9, µs per answer)');
console.log(`| header | µs | extra over no header | answered |`);
console.log('| --- | ---: | ---: | --- |');
console.log(`| none | ${base.toFixed(1)} | - | ${await answerOnce(handler, err, undefined)} |`);
for (const header of ['en-US,en;q=0.9', 'ja-JP,ja;q=0.9,en;q=0.8']) {
  const us = await time(header, 2000);
  console.log(`| ${header} | ${us.toFixed(1)} | ${(us / base).toFixed(2)}× | ${await answerOnce(handler, err, header)} |`);
}
let previous;
for (const [label, bytes, rounds] of [['5 KB', 5_000, 100], ['50 KB', 50_000, 20], ['500 KB', 500_000, 3], ['5 MB', 5_000_000, 1]]) {
  const header = filler(bytes);
  const us = await time(header, rounds);
  const extra = us - base;
  console.log(`| ${label} of tags, ja last | ${us.toFixed(0)} | ${(us / base).toFixed(1)}×${previous ? `; extra ${(extra / previous).toFixed(1)}× the previous size's` : ''} | ${await answerOnce(handler, err, header)} |`);
  previous = extra;
}
