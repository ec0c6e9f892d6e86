import type { ActionKey, FixByKey, RiskKey } from './report.js';
import type { FindingKind } from './types.js';

// Every word the terminal summary, the findings and the HTML report print, per language, so that
// `--lang ja` is one more table (issue #15). Codes' own summaries and remediations come from the catalog.

export type Language = 'en';

export interface TriageTexts {
  readonly title: string;
  readonly rows: string;
  readonly successes: string;
  readonly failures: string;
  readonly unread: string;
  readonly timeRange: string;
  readonly byAction: string;
  readonly byFixBy: string;
  readonly byRisk: string;
  readonly topCodes: string;
  readonly topApps: string;
  readonly topIps: string;
  readonly topUsers: string;
  readonly findings: string;
  readonly noFindings: string;
  readonly unreadRows: string;
  readonly problems: string;
  readonly approximate: string;
  readonly redacted: string;
  readonly failuresOverTimeByRisk: string;
  readonly failuresOverTimeByAction: string;
  readonly columns: { readonly code: string; readonly count: string; readonly share: string; readonly firstSeen: string; readonly lastSeen: string; readonly action: string; readonly fixBy: string; readonly risk: string; readonly remediation: string; readonly subject: string; readonly evidence: string; readonly nextStep: string; readonly severity: string; readonly examples: string; readonly name: string };
  readonly actions: Readonly<Record<ActionKey, string>>;
  readonly fixBy: Readonly<Record<FixByKey, string>>;
  readonly risks: Readonly<Record<RiskKey, string>>;
  readonly findingTitles: Readonly<Record<FindingKind, string>>;
  /** The next step of each finding, except misconfiguration, which takes its top code's remediation. */
  readonly nextSteps: Readonly<Record<Exclude<FindingKind, 'misconfiguration'>, string>> & { readonly lockedOut: string };
}

const EN: TriageTexts = {
  title: 'Sign-in log triage',
  rows: 'rows',
  successes: 'successes',
  failures: 'failures',
  unread: 'unreadable rows',
  timeRange: 'time range',
  byAction: 'Failures by next step',
  byFixBy: 'Failures by who fixes them',
  byRisk: 'Failures by risk',
  topCodes: 'Top codes',
  topApps: 'Top apps (failures)',
  topIps: 'Top IPs (failures)',
  topUsers: 'Top users (failures)',
  findings: 'Findings',
  noFindings: 'No findings: nothing crossed a threshold.',
  unreadRows: 'Rows that could not be read',
  problems: 'Problems',
  approximate: 'more distinct values than counted exactly; counts of the least frequent may be low',
  redacted: 'user names and IPs are hashed with a salt drawn for this run',
  failuresOverTimeByRisk: 'Failures over time by risk',
  failuresOverTimeByAction: 'Failures over time by next step',
  columns: { code: 'Code', count: 'Count', share: 'Share', firstSeen: 'First seen', lastSeen: 'Last seen', action: 'Next step', fixBy: 'Fixed by', risk: 'Risk', remediation: 'What to do', subject: 'Subject', evidence: 'Evidence', nextStep: 'Next step', severity: 'Severity', examples: 'Example correlation IDs', name: 'Name' },
  actions: { reauthenticate: 'reauthenticate', consent: 'consent', claims_challenge: 'claims challenge', retry: 'retry', fail: 'fail', unknown: 'unknown code' },
  fixBy: { user: 'user', admin: 'admin', developer: 'developer', service: 'service (wait)', none: 'nobody', unknown: 'unknown' },
  risks: { high: 'high', medium: 'medium', low: 'low', unknown: 'unknown' },
  findingTitles: {
    password_spray: 'Password spray',
    brute_force: 'Brute force / lockout',
    mfa_fatigue: 'MFA fatigue',
    conditional_access_blocks: 'Conditional Access blocks',
    misconfiguration: 'Misconfiguration burst',
    throttling: 'Throttling',
  },
  nextSteps: {
    password_spray: 'Block the source network (named location + Conditional Access block, or firewall), check the targeted accounts for a later success from it, and make sure smart lockout and MFA cover every targeted user.',
    brute_force: 'Confirm with the user; if it was not them, reset the password, revoke sessions and block the source IPs. Require MFA for this account.',
    lockedOut: 'Smart lockout locked the account.',
    mfa_fatigue: 'Treat the password as known to an attacker: call the user, reset the password, revoke sessions, and turn on number matching / additional context for push notifications.',
    conditional_access_blocks: 'Open the rows\u2019 Conditional Access tab to see which policy blocked them; if the block is intended, tell the app owner, else adjust the policy (try report-only first).',
    throttling: 'The app asks Entra for tokens far too often: cache tokens (MSAL\u2019s token cache, acquireTokenSilent first), share one client instance, and back off on 429/503.',
  },
};

const TABLES: Readonly<Record<Language, TriageTexts>> = { en: EN };

export function textsFor(language: Language = 'en'): TriageTexts {
  return TABLES[language];
}
