import type { Explanation } from '../classify/explain.js';
import { fillPlaceholders } from '../locales/texts.js';
import type { CliLabels } from '../locales/types.js';

/** The English labels; other languages live in src/locales/ with the same shape. */
export const EN_CLI_LABELS: CliLabels = {
  action: {
    reauthenticate: 'reauthenticate — the user signs in again (interactively)',
    consent: 'consent — permission must be granted',
    claims_challenge: 'claims challenge — request a new token carrying the claims',
    retry: 'retry — the same request may succeed later',
    fail: 'fail — retrying or prompting will not help',
  },
  fixBy: {
    user: 'the user',
    admin: 'a tenant administrator',
    developer: "the app's developer",
    service: 'nobody: wait for the service',
    none: 'nobody: not an error',
  },
  risk: { low: 'low', medium: 'medium', high: 'high' },
  formerly: '  Formerly:     ',
  whatHappened: '  What happened: ',
  nextStep: '  Next step:    ',
  whoFixes: '  Who fixes it: ',
  whatToDo: '  What to do:   ',
  riskLabel: '  Risk:         ',
  dependsOn: '  Depends on:   ',
  adminConsentNeeded: ' (admin consent needed)',
  unknownInput: 'Unknown: "{input}" is not an Entra ID error code or error text this tool recognises.',
  unknownCode: "Unknown code {code}: not in this library's catalog.",
  unknownWhatToDo: 'What to do: ',
};

/** The human-readable answer of `aadsts explain`. */
export function formatExplanation(input: string, explanation: Explanation, labels: CliLabels = EN_CLI_LABELS): string {
  if (!explanation.known && explanation.codeId === null) {
    return `${fillPlaceholders(labels.unknownInput, { input: input.slice(0, 80) })}\n${explanation.remediation}\n`;
  }
  if (!explanation.known) {
    return `${fillPlaceholders(labels.unknownCode, { code: explanation.codeId ?? '' })}\n${labels.unknownWhatToDo}${explanation.remediation}\n`;
  }
  const lines = [
    explanation.codeId === '0' ? 'ResultType 0' : `${explanation.codeId}${explanation.name ? ` ${explanation.name}` : ''}`,
    explanation.aliases.length > 0 ? `${labels.formerly}${explanation.aliases.join(', ')}` : undefined,
    `${labels.whatHappened}${explanation.summary}`,
    explanation.action ? `${labels.nextStep}${labels.action[explanation.action]}` : undefined,
    explanation.fixBy ? `${labels.whoFixes}${labels.fixBy[explanation.fixBy]}${explanation.adminConsent ? labels.adminConsentNeeded : ''}` : undefined,
    `${labels.whatToDo}${explanation.remediation}`,
    explanation.risk ? `${labels.riskLabel}${labels.risk[explanation.risk]}` : undefined,
    ...explanation.dependsOn.map((note, i) => `${i === 0 ? labels.dependsOn : ' '.repeat(terminalColumns(labels.dependsOn))}${note}`),
  ];
  return `${lines.filter((line) => line !== undefined).join('\n')}\n`;
}

/**
 * How many terminal columns a label takes: the CJK characters of the Japanese labels take two each, so
 * a continuation line indented by `length` would start left of the first line's text.
 */
function terminalColumns(label: string): number {
  let columns = 0;
  for (const char of label) {
    const point = char.codePointAt(0) ?? 0;
    // Hangul Jamo, CJK punctuation to CJK ideographs, Hangul syllables, compatibility ideographs, full-width forms.
    const wide = (point >= 0x1100 && point <= 0x115f) || (point >= 0x2e80 && point <= 0xa4cf) || (point >= 0xac00 && point <= 0xd7a3) || (point >= 0xf900 && point <= 0xfaff) || (point >= 0xff00 && point <= 0xff60);
    columns += wide ? 2 : 1;
  }
  return columns;
}
