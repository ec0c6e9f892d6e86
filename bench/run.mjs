// `npm run bench`: every benchmark in one run, each printing its own ratios against a baseline
// measured in the same process. Run after `npm run build` (the script does it).
import { existsSync } from 'node:fs';

const suites = ['core', 'express', 'msal', 'triage'];
for (const name of suites) {
  const file = new URL(`./${name}.mjs`, import.meta.url);
  if (!existsSync(file)) continue;
  const { run } = await import(file.href);
  await run();
}
