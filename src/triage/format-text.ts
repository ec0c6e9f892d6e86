import type { TriageReport } from './report.js';
import type { TriageTexts } from './texts.js';
import type { Finding } from './types.js';

function number(value: number): string {
  return value.toLocaleString('en-US');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(1)}%`;
}

function breakdown(counts: Readonly<Record<string, number>>, labels: Readonly<Record<string, string>>, total: number): string {
  const parts = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => `${labels[key] ?? key} ${number(count)} (${percent(count, total)})`);
  return parts.length > 0 ? parts.join(' \u00b7 ') : '-';
}

function evidence(finding: Finding): string {
  const codes = Object.entries(finding.codes).map(([code, count]) => `${code}\u00d7${count}`).join(', ');
  const details = Object.entries(finding.details).map(([key, value]) => `${key}=${String(value)}`).join(', ');
  return [codes, details].filter((part) => part !== '').join('; ');
}

/** The terminal summary of a triage report. */
export function formatText(report: TriageReport, texts: TriageTexts): string {
  const { totals } = report;
  const lines: string[] = [];
  lines.push(`${texts.title}: ${number(totals.rows)} ${texts.rows} \u2014 ${number(totals.successes)} ${texts.successes}, ${number(totals.failures)} ${texts.failures}, ${number(totals.unread)} ${texts.unread}`);
  if (report.timeRange.first) lines.push(`${texts.timeRange}: ${report.timeRange.first} \u2192 ${report.timeRange.last}`);
  for (const input of report.inputs) lines.push(`  ${input.name}: ${input.format}${input.gzip ? ' (gzip)' : ''}, ${number(input.rows)} ${texts.rows}${input.unread > 0 ? `, ${number(input.unread)} ${texts.unread}` : ''}`);
  if (report.redacted) lines.push(`(${texts.redacted})`);
  const problems = report.inputs.flatMap((input) => input.problems);
  if (problems.length > 0) {
    lines.push('', `${texts.problems}:`);
    for (const problem of problems) lines.push(`  ! ${problem}`);
  }
  if (totals.failures > 0) {
    lines.push('', `${texts.byAction}: ${breakdown(report.failures.byAction, texts.actions, totals.failures)}`);
    lines.push(`${texts.byFixBy}: ${breakdown(report.failures.byFixBy, texts.fixBy, totals.failures)}`);
    lines.push(`${texts.byRisk}: ${breakdown(report.failures.byRisk, texts.risks, totals.failures)}`);
    lines.push('', `${texts.topCodes}:`);
    for (const code of report.topCodes) {
      lines.push(`  ${code.id}${code.name ? ` ${code.name}` : ''}  ${number(code.count)}  ${percent(code.share, 1)}  ${code.firstSeen ?? '?'} \u2192 ${code.lastSeen ?? '?'}  ${texts.actions[code.action]} / ${texts.fixBy[code.fixBy]} / ${texts.risks[code.risk]}`);
      lines.push(`      ${code.remediation}`);
    }
    const tops: [string, TriageReport['topApps']][] = [[texts.topApps, report.topApps], [texts.topIps, report.topIps], [texts.topUsers, report.topUsers]];
    for (const [title, entries] of tops) {
      if (entries.length > 0) lines.push(`${title}: ${entries.slice(0, 5).map((entry) => `${entry.key} ${number(entry.count)}`).join(', ')}`);
    }
    if (report.topApproximate) lines.push(`  (${texts.approximate})`);
  }
  lines.push('', `${texts.findings} (${report.findings.length}):`);
  if (report.findings.length === 0) lines.push(`  ${texts.noFindings}`);
  for (const finding of report.findings) {
    lines.push(`  [${finding.severity}] ${texts.findingTitles[finding.kind]} \u2014 ${finding.subject}: ${number(finding.count)}, ${finding.firstSeen ?? '?'} \u2192 ${finding.lastSeen ?? '?'}`);
    lines.push(`      ${texts.columns.evidence}: ${evidence(finding)}`);
    if (finding.exampleCorrelationIds.length > 0) lines.push(`      ${texts.columns.examples}: ${finding.exampleCorrelationIds.join(', ')}`);
    lines.push(`      ${texts.columns.nextStep}: ${finding.nextStep}`);
  }
  if (report.unreadExamples.length > 0) {
    lines.push('', `${texts.unreadRows} (${number(totals.unread)}):`);
    for (const entry of report.unreadExamples) lines.push(`  ${entry.where}: ${entry.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
