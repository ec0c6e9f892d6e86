#!/usr/bin/env node
// Every Decision of the fixtures, for checking a parser change (docs/performance.md):
//   node scripts/decision-dump.mjs dump before.json      (on the old build: npm run build first)
//   node scripts/decision-dump.mjs dump after.json       (on the new build)
//   node scripts/decision-dump.mjs compare before.json after.json
// The inputs: the 151 real failures (as the test reads them and as plain text), the bench mix, and
// variants of every real failure (each line, each pair of neighbours, cut at and after several lengths,
// lower and upper case, inside an Error), each classified in three contexts and parsed.
import { readFileSync, writeFileSync } from 'node:fs';

const [mode, first, second] = process.argv.slice(2);
// One input of the bench mix carries random trace and correlation IDs (entraErrorBody without ids).
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

if (mode === 'compare') {
  const a = JSON.parse(readFileSync(first, 'utf8'));
  const b = JSON.parse(readFileSync(second, 'utf8'));
  const norm = (key, value) => (key.startsWith('mix/') ? JSON.stringify(value)?.replace(GUID, 'GUID') : JSON.stringify(value));
  const differing = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => norm(key, a[key]) !== norm(key, b[key]));
  for (const key of differing.slice(0, 20)) console.log(`differs: ${key}`);
  console.log(`${Object.keys(a).length} inputs, ${differing.length} differences`);
  process.exitCode = differing.length === 0 ? 0 : 1;
} else if (mode === 'dump' && first) {
  const { classify, parseAadError } = await import('../dist/index.js');
  const { mixedInputs } = await import('../bench/inputs.mjs');
  const rows = JSON.parse(readFileSync(new URL('../test/fixtures/real-failures.json', import.meta.url), 'utf8'));
  const asInput = (text) => {
    const trimmed = text.trim();
    if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return text;
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  };
  const inputs = [];
  rows.forEach((row, i) => inputs.push([`real/${i}`, asInput(row.text)], [`realtext/${i}`, row.text]));
  mixedInputs().forEach((input, i) => inputs.push([`mix/${i}`, input]));
  rows.forEach((row, i) => {
    row.text.split('\n').forEach((line, j) => inputs.push([`line/${i}/${j}`, line]));
    const next = rows[(i + 1) % rows.length].text;
    inputs.push([`pair/${i}`, `${row.text}\n${next}`], [`pairsp/${i}`, `${row.text} ${next}`]);
    for (const n of [7, 20, 45, 80, 130, 200, 333]) if (n < row.text.length) inputs.push([`cut/${i}/${n}`, row.text.slice(0, n)], [`tail/${i}/${n}`, row.text.slice(n)]);
    inputs.push([`lower/${i}`, row.text.toLowerCase()], [`upper/${i}`, row.text.toUpperCase()], [`err/${i}`, new Error(row.text)]);
  });
  const plain = (value) => (value === null ? null : JSON.parse(JSON.stringify(value)));
  const result = {};
  for (const [name, input] of inputs) {
    result[name] = { parsed: plain(parseAadError(input)), web_app: plain(classify(input)), web_api: plain(classify(input, { context: 'web_api' })), daemon: plain(classify(input, { context: 'daemon' })) };
  }
  writeFileSync(first, JSON.stringify(result));
  console.log(`${inputs.length} inputs written to ${first}`);
} else {
  console.error('usage: decision-dump.mjs dump OUT.json | compare A.json B.json');
  process.exitCode = 2;
}
