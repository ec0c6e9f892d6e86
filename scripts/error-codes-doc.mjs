// Writes docs/error-codes.md from the catalog (run after `npm run build`): one row per code, with the
// version that added it. `node scripts/error-codes-doc.mjs --check` exits 1 when the page is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { allCodes } from '../dist/parse.js';

const ADDED_IN = '0.1.0';
const escape = (text) => String(text).replace(/\|/g, '\\|');

export function renderErrorCodes(codes) {
  const lines = [
    '# Error-code reference',
    '',
    'Generated from the catalog by `node scripts/error-codes-doc.mjs`; do not edit by hand.',
    'Every row is also answered by `npx aadsts explain <code>`.',
    '',
  ];
  for (const prefix of ['AADSTS', 'ACS', 'AADB2C']) {
    const rows = codes.filter((entry) => entry.prefix === prefix);
    lines.push(`## ${prefix} (${rows.length} codes)`, '', '| code | name | action | fix by | status | risk | summary | remediation | added in |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const e of rows) {
      const name = [e.name, ...e.aliases.map((alias) => `formerly ${alias}`)].filter(Boolean).join('<br>');
      const action = e.adminConsent ? `${e.action} (admin)` : e.action;
      lines.push(`| ${e.id} | ${escape(name)} | ${action} | ${e.fixBy} | ${e.status} | ${e.risk} | ${escape(e.summary)} | ${escape(e.remediation)} | ${ADDED_IN} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const target = new URL('../docs/error-codes.md', import.meta.url);
const page = renderErrorCodes(allCodes());
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== page) {
    console.error('docs/error-codes.md is stale: run `npm run build && node scripts/error-codes-doc.mjs`');
    process.exit(1);
  }
} else {
  writeFileSync(target, page);
}
