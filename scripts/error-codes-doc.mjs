// Writes docs/error-codes.md and its Japanese twin docs/error-codes.ja.md from the catalog (run after
// `npm run build`): one row per code, with the version that added it. `node scripts/error-codes-doc.mjs
// --check` exits 1 when either page is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { explain } from '../dist/index.js';
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

// The same table with the Japanese texts (explain answers them from the Japanese table); codes,
// names and the machine fields stay as they are, so both pages can be searched the same way.
export function renderErrorCodesJa(codes) {
  const lines = [
    '# エラー コード リファレンス',
    '',
    'カタログから `node scripts/error-codes-doc.mjs` で生成しています。手作業で編集しないでください。',
    'どの行も `npx aadsts explain --lang ja <code>` で表示できます。英語版: [error-codes.md](error-codes.md)',
    '',
  ];
  for (const prefix of ['AADSTS', 'ACS', 'AADB2C']) {
    const rows = codes.filter((entry) => entry.prefix === prefix);
    lines.push(`## ${prefix} (${rows.length} 件)`, '', '| コード | 名前 | action | fixBy | status | risk | 概要 | 対処方法 | 追加バージョン |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const e of rows) {
      const { summary, remediation } = explain(e.id, { lang: 'ja' });
      const name = [e.name, ...e.aliases.map((alias) => `旧名 ${alias}`)].filter(Boolean).join('<br>');
      const action = e.adminConsent ? `${e.action} (管理者)` : e.action;
      lines.push(`| ${e.id} | ${escape(name)} | ${action} | ${e.fixBy} | ${e.status} | ${e.risk} | ${escape(summary)} | ${escape(remediation)} | ${ADDED_IN} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const pages = [
  [new URL('../docs/error-codes.md', import.meta.url), renderErrorCodes(allCodes()), 'docs/error-codes.md'],
  [new URL('../docs/error-codes.ja.md', import.meta.url), renderErrorCodesJa(allCodes()), 'docs/error-codes.ja.md'],
];
for (const [target, page, name] of pages) {
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // A missing page is as stale as an outdated one.
    }
    if (current !== page) {
      console.error(`${name} is stale: run \`npm run build && node scripts/error-codes-doc.mjs\``);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(target, page);
  }
}
