/** The languages the library ships texts for. Machine fields (`action`, `code`, `fixBy`, …) never change with it. */
export type Lang = 'en' | 'ja';

export const LANGS: readonly Lang[] = ['en', 'ja'];

/** The two human texts every catalog entry and policy outcome carries. */
export interface LocalizedTexts {
  /** One line: what happened. */
  readonly summary: string;
  /** One line: what to do, and who does it. */
  readonly remediation: string;
}

/** The labels `aadsts explain` prints around the texts; one object per language. */
export interface CliLabels {
  /** Each action, spelled out for someone reading sign-in logs. */
  readonly action: Readonly<Record<'reauthenticate' | 'consent' | 'claims_challenge' | 'retry' | 'fail', string>>;
  /** Who can clear the failure. */
  readonly fixBy: Readonly<Record<'user' | 'admin' | 'developer' | 'service' | 'none', string>>;
  readonly risk: Readonly<Record<'low' | 'medium' | 'high', string>>;
  /** Line labels, padded so the values line up in a terminal (a CJK character takes two columns). */
  readonly formerly: string;
  readonly whatHappened: string;
  readonly nextStep: string;
  readonly whoFixes: string;
  readonly whatToDo: string;
  readonly riskLabel: string;
  /** Before each note on what a claims value or the context changes. */
  readonly dependsOn: string;
  readonly adminConsentNeeded: string;
  /** `{input}`: the first 80 characters of what the user typed. */
  readonly unknownInput: string;
  /** `{code}`: the prefixed code. */
  readonly unknownCode: string;
  /** Precedes the remediation on the unknown-code answer. */
  readonly unknownWhatToDo: string;
}
