import type { TimelineBucket, TriageReport } from './report.js';
import type { TriageTexts } from './texts.js';

// `--html`: one self-contained file. Charts are inline SVG drawn here, there is no script at all, and
// a Content-Security-Policy forbids every fetch, so the report opens offline and leaks nothing.

const RISK_COLOURS: Readonly<Record<string, string>> = { high: '#c62828', medium: '#ef8f00', low: '#2e7d32', unknown: '#9e9e9e' };
const ACTION_COLOURS: Readonly<Record<string, string>> = { reauthenticate: '#1565c0', consent: '#6a1b9a', claims_challenge: '#00838f', retry: '#f9a825', fail: '#c62828', unknown: '#9e9e9e' };

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(1)}%`;
}

/** A stacked bar chart of the timeline, one series per key of `pick`. */
function stackedBars(title: string, buckets: readonly TimelineBucket[], pick: (b: TimelineBucket) => Readonly<Record<string, number>>, colours: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): string {
  const width = 920;
  const height = 220;
  const left = 48;
  const bottom = 28;
  const plotHeight = height - bottom - 10;
  const keys = Object.keys(colours);
  const totals = buckets.map((b) => keys.reduce((sum, key) => sum + (pick(b)[key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = buckets.length === 0 ? 0 : (width - left - 10) / buckets.length;
  const bars: string[] = [];
  buckets.forEach((bucket, i) => {
    let y = 10 + plotHeight;
    for (const key of keys) {
      const value = pick(bucket)[key] ?? 0;
      if (value === 0) continue;
      const h = (value / max) * plotHeight;
      y -= h;
      bars.push(`<rect x="${(left + i * slot + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, slot - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${colours[key]}"><title>${escape(bucket.start)} ${escape(labels[key] ?? key)}: ${value}</title></rect>`);
    }
  });
  const ticks: string[] = [];
  const step = Math.max(1, Math.ceil(buckets.length / 6));
  for (let i = 0; i < buckets.length; i += step) {
    ticks.push(`<text x="${(left + i * slot).toFixed(1)}" y="${height - 8}" class="tick">${escape(buckets[i]!.start.slice(0, 16).replace('T', ' '))}</text>`);
  }
  const legend = keys.map((key) => `<span class="key"><i style="background:${colours[key]}"></i>${escape(labels[key] ?? key)}</span>`).join('');
  return `<figure><figcaption>${escape(title)}</figcaption><svg role="img" aria-label="${escape(title)}" viewBox="0 0 ${width} ${height}" width="100%">
<line x1="${left}" y1="${10 + plotHeight}" x2="${width - 10}" y2="${10 + plotHeight}" stroke="#999"/>
<text x="${left - 6}" y="18" class="tick" text-anchor="end">${max}</text><text x="${left - 6}" y="${10 + plotHeight}" class="tick" text-anchor="end">0</text>
${bars.join('\n')}
${ticks.join('\n')}
</svg><div class="legend">${legend}</div></figure>`;
}

function counts(title: string, values: Readonly<Record<string, number>>, labels: Readonly<Record<string, string>>, total: number): string {
  const rows = Object.entries(values)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `<tr><td>${escape(labels[key] ?? key)}</td><td class="n">${n}</td><td class="n">${percent(n, total)}</td></tr>`)
    .join('');
  return `<section class="card"><h3>${escape(title)}</h3><table>${rows || '<tr><td>-</td></tr>'}</table></section>`;
}

/** The HTML report of a triage run. */
export function formatHtml(report: TriageReport, texts: TriageTexts): string {
  const { totals } = report;
  const c = texts.columns;
  const findings = report.findings.length === 0
    ? `<p>${escape(texts.noFindings)}</p>`
    : `<table class="wide"><tr><th>${c.severity}</th><th>${escape(texts.findings)}</th><th>${c.subject}</th><th>${c.count}</th><th>${c.firstSeen}</th><th>${c.lastSeen}</th><th>${c.evidence}</th><th>${c.nextStep}</th></tr>${report.findings
        .map((f) => {
          const evidence = [...Object.entries(f.codes).map(([code, n]) => `${code}\u00d7${n}`), ...Object.entries(f.details).map(([k, v]) => `${k}=${String(v)}`)].join(', ');
          const examples = f.exampleCorrelationIds.length > 0 ? `<br><small>${escape(c.examples)}: ${escape(f.exampleCorrelationIds.join(', '))}</small>` : '';
          return `<tr class="sev-${f.severity}"><td>${f.severity}</td><td>${escape(texts.findingTitles[f.kind])}</td><td>${escape(f.subject)}</td><td class="n">${f.count}</td><td>${escape(f.firstSeen ?? '')}</td><td>${escape(f.lastSeen ?? '')}</td><td>${escape(evidence)}${examples}</td><td>${escape(f.nextStep)}</td></tr>`;
        })
        .join('')}</table>`;
  const codes = `<table class="wide"><tr><th>${c.code}</th><th>${c.name}</th><th>${c.count}</th><th>${c.share}</th><th>${c.firstSeen}</th><th>${c.lastSeen}</th><th>${c.action}</th><th>${c.fixBy}</th><th>${c.risk}</th><th>${c.remediation}</th></tr>${report.topCodes
    .map((code) => `<tr><td>${escape(code.id)}</td><td>${escape(code.name ?? '')}</td><td class="n">${code.count}</td><td class="n">${percent(code.share, 1)}</td><td>${escape(code.firstSeen ?? '')}</td><td>${escape(code.lastSeen ?? '')}</td><td>${escape(texts.actions[code.action])}</td><td>${escape(texts.fixBy[code.fixBy])}</td><td class="risk-${code.risk}">${escape(texts.risks[code.risk])}</td><td>${escape(code.remediation)}</td></tr>`)
    .join('')}</table>`;
  const top = (title: string, entries: TriageReport['topApps']): string => `<section class="card"><h3>${escape(title)}</h3><table>${entries.map((e) => `<tr><td>${escape(e.key)}</td><td class="n">${e.count}</td></tr>`).join('') || '<tr><td>-</td></tr>'}</table></section>`;
  const problems = report.inputs.flatMap((input) => input.problems);
  const unread = report.unreadExamples.length > 0 ? `<h2>${escape(texts.unreadRows)} (${totals.unread})</h2><ul>${report.unreadExamples.map((u) => `<li><code>${escape(u.where)}</code> ${escape(u.reason)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(texts.title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}h3{font-size:14px;margin:0 0 6px}
.totals span{display:inline-block;margin-right:18px;font-size:16px}.totals b{font-size:20px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;padding:10px;min-width:220px}
table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
.wide{width:100%}.n{text-align:right;font-variant-numeric:tabular-nums}
.sev-high td:first-child,.risk-high{color:#c62828;font-weight:600}.sev-medium td:first-child,.risk-medium{color:#b26a00}
figure{margin:12px 0}figcaption{font-weight:600}.tick{font-size:10px;fill:#555}
.legend .key{margin-right:14px;font-size:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
.note{color:#666}
</style></head><body>
<h1>${escape(texts.title)}</h1>
<p class="totals"><span><b>${totals.rows}</b> ${escape(texts.rows)}</span><span><b>${totals.successes}</b> ${escape(texts.successes)}</span><span><b>${totals.failures}</b> ${escape(texts.failures)}</span><span><b>${totals.unread}</b> ${escape(texts.unread)}</span></p>
<p class="note">${escape(texts.timeRange)}: ${escape(report.timeRange.first ?? '-')} \u2192 ${escape(report.timeRange.last ?? '-')}${report.redacted ? ` \u00b7 ${escape(texts.redacted)}` : ''}</p>
${problems.length > 0 ? `<h2>${escape(texts.problems)}</h2><ul>${problems.map((p) => `<li>${escape(p)}</li>`).join('')}</ul>` : ''}
<h2>${escape(texts.findings)} (${report.findings.length})</h2>
${findings}
${stackedBars(texts.failuresOverTimeByRisk, report.timeline.buckets, (b) => b.byRisk, RISK_COLOURS, texts.risks)}
${stackedBars(texts.failuresOverTimeByAction, report.timeline.buckets, (b) => b.byAction, ACTION_COLOURS, texts.actions)}
<div class="cards">
${counts(texts.byAction, report.failures.byAction, texts.actions, totals.failures)}
${counts(texts.byFixBy, report.failures.byFixBy, texts.fixBy, totals.failures)}
${counts(texts.byRisk, report.failures.byRisk, texts.risks, totals.failures)}
</div>
<h2>${escape(texts.topCodes)}</h2>
${codes}
<div class="cards">
${top(texts.topApps, report.topApps)}
${top(texts.topIps, report.topIps)}
${top(texts.topUsers, report.topUsers)}
</div>
${report.topApproximate ? `<p class="note">${escape(texts.approximate)}</p>` : ''}
${unread}
<p class="note">${escape(report.generatedAt)} \u00b7 aadsts triage \u00b7 schema ${report.schemaVersion}</p>
</body></html>
`;
}
