// The library's own texts that belong to no catalog row: what the policy says when no row explained a
// failure, what a daemon is told instead of a consent prompt, and what `explain` says about input it
// cannot read. Kept here, beside the tables, so every text a user reads has one English source that
// the Japanese table (src/locales/) is keyed against. `{code}` is filled in by the caller.
export const LIBRARY_TEXTS = {
  'policy:unknown': {
    summary: 'Entra ID refused the request for a reason this library does not recognise.',
    remediation: 'Look the code and correlation ID up in the Entra sign-in logs; report unknown codes at https://github.com/aad-error-handler/aad-error-handler/issues',
  },
  'policy:network': {
    summary: 'The token request failed in transit, was throttled, or Entra ID answered with a server error.',
    remediation: 'Retry with backoff, honouring Retry-After; check outbound access to the authority if it persists.',
  },
  'policy:claims': {
    summary: 'The resource needs a new token that satisfies a claims challenge (Conditional Access or CAE).',
    remediation: 'Acquire a new token with the claims from the challenge, interactively where a user is present.',
  },
  // Only the remediation is used: the daemon keeps the summary of the code that asked for consent.
  'policy:daemon-consent': {
    summary: 'A daemon has no user who could give consent.',
    remediation: 'A daemon cannot ask for consent: an administrator must grant the application permission (admin consent) to this app.',
  },
  // Continuous Access Evaluation texts without a claims value: the summary is shared, the remediation
  // depends on whether the resource blocked access or asks for a new sign-in.
  'policy:cae': {
    summary: 'Continuous Access Evaluation revoked the token or found it no longer meets policy.',
    remediation: 'Drop the cached token and acquire a new one interactively; pass any claims the resource sends.',
  },
  'policy:cae-blocked': {
    summary: 'Continuous Access Evaluation revoked the token or found it no longer meets policy.',
    remediation: 'Access is blocked by policy; an administrator must change the condition (location, device, risk).',
  },
  // An exception class name is the only signal (`{name}` is the class).
  'policy:class-reauthenticate': {
    summary: 'The identity library raised {name}, which says what to do by its name alone.',
    remediation: 'Sign the user in interactively for the same scopes.',
  },
  'policy:class-retry': {
    summary: 'The identity library raised {name}, which says what to do by its name alone.',
    remediation: 'The library is throttling this request: wait for its backoff before sending it again.',
  },
  'policy:class-fail': {
    summary: 'The identity library raised {name}, which says what to do by its name alone.',
    remediation: 'No credential in the chain could be used here: configure one (environment, managed identity, CLI login) for this host.',
  },
  // The notes `explain` adds under "Depends on": what the policy or the context changes about a code's
  // action. Each reads as `<label>: <summary> <remediation>`; the labels are the words `claims`,
  // `context` and `transport`, the same in every language.
  'explain:depends-claims': {
    summary: 'When the same failure carries a claims value (Conditional Access, CAE), the action is claims_challenge.',
    remediation: 'Request the new token with those claims.',
  },
  'explain:depends-claims-present': {
    summary: 'This failure carries a claims value, so the action is claims_challenge.',
    remediation: 'Request the new token with those claims.',
  },
  'explain:depends-context-reauthenticate': {
    summary: 'In a web API the interaction is handed back to the calling app (401 with a WWW-Authenticate challenge).',
    remediation: 'In a daemon (no user) it becomes fail, fixed by the developer.',
  },
  'explain:depends-context-consent': {
    summary: 'In a web API the caller is told to get consent (403).',
    remediation: 'In a daemon it becomes fail: an administrator grants application permissions (admin consent).',
  },
  'explain:depends-transport': {
    summary: "A Retry-After from the server (or msal-node's throttle window) sets how long to wait.",
    remediation: 'Wait that long, then send the same request again.',
  },
  'explain:unknown-input': {
    summary: 'No Entra ID error code or error value was recognised in the input.',
    remediation: 'Pass an AADSTS code (50076, AADSTS50076), a code name, or the error text or JSON body.',
  },
  // `{code}` is a space and the code (" AADSTS99999") or empty, so the English reads as it always has.
  'explain:unknown-code': {
    summary: "Unknown code{code}: not in this library's catalog.",
    remediation: 'Look the code and correlation ID up in the Entra sign-in logs; report unknown codes at https://github.com/aad-error-handler/aad-error-handler/issues',
  },
} as const;

export type LibraryTextId = keyof typeof LIBRARY_TEXTS;
