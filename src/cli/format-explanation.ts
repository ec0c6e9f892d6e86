import type { Explanation } from '../classify/explain.js';

const ACTION_TEXT: Record<string, string> = {
  reauthenticate: 'reauthenticate — the user signs in again (interactively)',
  consent: 'consent — permission must be granted',
  claims_challenge: 'claims challenge — request a new token carrying the claims',
  retry: 'retry — the same request may succeed later',
  fail: 'fail — retrying or prompting will not help',
};

const FIX_BY_TEXT: Record<string, string> = {
  user: 'the user',
  admin: 'a tenant administrator',
  developer: "the app's developer",
  service: 'nobody: wait for the service',
  none: 'nobody: not an error',
};

/** The human-readable answer of `aadsts explain`. */
export function formatExplanation(input: string, explanation: Explanation): string {
  if (!explanation.known && explanation.codeId === null) {
    return `Unknown: "${input.slice(0, 80)}" is not an Entra ID error code or error text this tool recognises.\n${explanation.remediation}\n`;
  }
  if (!explanation.known) {
    return `Unknown code ${explanation.codeId}: not in this library's catalog.\nWhat to do: ${explanation.remediation}\n`;
  }
  const lines = [
    explanation.codeId === '0' ? 'ResultType 0' : `${explanation.codeId}${explanation.name ? ` ${explanation.name}` : ''}`,
    explanation.aliases.length > 0 ? `  Formerly:     ${explanation.aliases.join(', ')}` : undefined,
    `  What happened: ${explanation.summary}`,
    explanation.action ? `  Next step:    ${ACTION_TEXT[explanation.action]}` : undefined,
    explanation.fixBy ? `  Who fixes it: ${FIX_BY_TEXT[explanation.fixBy]}${explanation.adminConsent ? ' (admin consent needed)' : ''}` : undefined,
    `  What to do:   ${explanation.remediation}`,
    explanation.risk ? `  Risk:         ${explanation.risk}` : undefined,
    ...explanation.dependsOn.map((note, i) => `${i === 0 ? '  Depends on:  ' : '               '} ${note}`),
  ];
  return `${lines.filter((line) => line !== undefined).join('\n')}\n`;
}
