import { msalClientCodes, oauthErrors, suberrorTable } from '../catalog/protocol-tables.js';
import { LIBRARY_TEXTS } from '../catalog/library-texts.js';
import type { Action, CodeEntry, FixBy, ProtocolEntry, ResponseStatus, Risk } from '../catalog/types.js';
import type { AadErrorInfo } from '../parse/types.js';
import { ERROR_CLASS_HINTS } from '../parse/known-values.js';
import { fillPlaceholders } from '../locales/texts.js';
import { WRAPPER_CODES, type PickedCode } from './pick-code.js';
import type { DecisionRule } from './types.js';

/** The policy's verdict before the context and the user's overrides are applied. */
export interface Verdict {
  action: Action;
  fixBy: FixBy;
  status: ResponseStatus;
  risk: Risk;
  adminConsent: boolean;
  rule: DecisionRule;
  known: boolean;
  summary: string;
  remediation: string;
  /** The text ids (see src/locales/texts.ts) the summary and remediation came from, to localize them. */
  textId: string;
  remediationId: string;
}

/** The status that fits an action; `fail` depends on who can fix it. */
export function statusFor(action: Action, fixBy: FixBy): ResponseStatus {
  switch (action) {
    case 'reauthenticate':
    case 'claims_challenge':
      return 401;
    case 'consent':
      return 403;
    case 'retry':
      return 503;
    case 'fail':
      return fixBy === 'user' || fixBy === 'admin' ? 403 : 500;
  }
}

function fromEntry(entry: CodeEntry | ProtocolEntry, rule: DecisionRule, table?: 'error' | 'suberror' | 'msal'): Verdict {
  const textId = 'id' in entry ? entry.id : `${table}:${entry.value}`;
  return {
    action: entry.action,
    fixBy: entry.fixBy,
    status: entry.status,
    risk: entry.risk,
    adminConsent: entry.adminConsent,
    rule,
    known: true,
    summary: entry.summary,
    remediation: entry.remediation,
    textId,
    remediationId: textId,
  };
}

/** Keeps the code's risk and texts (they are the most specific) while another rule sets the action. */
function withAction(base: Verdict, action: Action, rule: DecisionRule, fixBy: FixBy = base.fixBy): Verdict {
  return { ...base, action, fixBy, rule, status: statusFor(action, fixBy) };
}

const TRANSPORT_ERRORS = new Set(['temporarily_unavailable', 'server_error']);
const CLIENT_FAILURES = new Set(['invalid_client', 'unauthorized_client']);

function isTransport(info: AadErrorInfo): boolean {
  const status = info.status;
  return (
    info.network !== null ||
    info.throttledReplay ||
    status === 408 ||
    status === 429 ||
    (status !== null && status >= 500 && status <= 599) ||
    (info.error !== null && TRANSPORT_ERRORS.has(info.error))
  );
}

// Rule 6: phrases that still mean something when nothing structured did. Matched on lower-cased text.
const HINTS: ReadonlyArray<readonly [string, Action, FixBy, boolean]> = [
  ['only an admin', 'consent', 'admin', true],
  ['admin consent', 'consent', 'admin', true],
  ['administrator consent', 'consent', 'admin', true],
  ['throttled', 'retry', 'service', false],
  ['too many requests', 'retry', 'service', false],
  ['interaction_required', 'reauthenticate', 'user', false],
  ['consent_required', 'consent', 'user', false],
  ['login_required', 'reauthenticate', 'user', false],
];

/** A verdict in the library's own words (no catalog row explained the failure), with its text ids. */
function libraryVerdict(id: 'policy:unknown' | 'policy:network' | 'policy:claims', fields: Pick<Verdict, 'action' | 'fixBy' | 'status' | 'risk' | 'rule' | 'known'>): Verdict {
  return { ...fields, adminConsent: false, ...LIBRARY_TEXTS[id], textId: id, remediationId: id };
}

const UNKNOWN = libraryVerdict('policy:unknown', { action: 'fail', fixBy: 'developer', status: 500, risk: 'medium', rule: 'unknown', known: false });
const NETWORK = libraryVerdict('policy:network', { action: 'retry', fixBy: 'service', status: 503, risk: 'low', rule: 'transport', known: true });
const CLAIMS = libraryVerdict('policy:claims', { action: 'claims_challenge', fixBy: 'user', status: 401, risk: 'low', rule: 'claims', known: true });

function caeVerdict(result: string, base: Verdict | undefined): Verdict {
  const blocked = /^(?:block|deny|denied|blocked)/i.test(result);
  const action: Action = blocked ? 'fail' : 'reauthenticate';
  const fixBy: FixBy = blocked ? 'admin' : 'user';
  return {
    action,
    fixBy,
    status: statusFor(action, fixBy),
    risk: base?.risk ?? 'low',
    adminConsent: false,
    rule: 'cae',
    known: true,
    ...LIBRARY_TEXTS[blocked ? 'policy:cae-blocked' : 'policy:cae'],
    textId: blocked ? 'policy:cae-blocked' : 'policy:cae',
    remediationId: blocked ? 'policy:cae-blocked' : 'policy:cae',
  };
}

function classVerdict(name: string, action: 'reauthenticate' | 'retry' | 'fail'): Verdict {
  const fixBy: FixBy = action === 'reauthenticate' ? 'user' : action === 'retry' ? 'service' : 'developer';
  return {
    ...UNKNOWN,
    action,
    fixBy,
    status: statusFor(action, fixBy),
    rule: 'hint',
    known: true,
    risk: 'low',
    summary: fillPlaceholders(LIBRARY_TEXTS[`policy:class-${action}`].summary, { name }),
    remediation: LIBRARY_TEXTS[`policy:class-${action}`].remediation,
    textId: `policy:class-${action}`,
    remediationId: `policy:class-${action}`,
  };
}

/**
 * The decision policy: the strongest signal decides. Order: transport, claims, suberror, known code,
 * `error` value, text hints; see DESIGN.md "Decision policy" for the conflicts each step settles.
 */
export function decide(info: AadErrorInfo, picked: PickedCode): Verdict {
  const entry = picked.entry;
  const codeVerdict = entry ? fromEntry(entry, 'code') : undefined;
  const errorEntry = info.error !== null ? oauthErrors().get(info.error) : undefined;
  const suberrorEntry = info.suberror !== null ? suberrorTable().get(info.suberror) : undefined;

  // 1. Transport, unless a known code says the failure is permanent (90036 under a 500). An explicit
  // throttle (429, MSAL's replay) or a request that never got an answer is always a wait: the server
  // said when to come back, or said nothing at all.
  if (isTransport(info)) {
    const explicitWait = info.status === 429 || info.throttledReplay || info.network !== null;
    if (codeVerdict && codeVerdict.action !== 'retry' && !explicitWait) return codeVerdict;
    // A code that is itself a wait keeps who fixes it: 50196 (LoopDetected) is the app's own request
    // storm whether the server sent it or msal replayed it, so it stays with the developer.
    if (codeVerdict?.action === 'retry' && codeVerdict.fixBy === 'developer') return { ...codeVerdict, rule: 'transport' };
    return codeVerdict ? withAction(codeVerdict, 'retry', 'transport', 'service') : NETWORK;
  }

  // A wrapper code (B2C's "invalid response received", …) says nothing itself: the error it wraps decides.
  const wrapped = entry !== undefined && WRAPPER_CODES.has(entry.id) && (errorEntry !== undefined || suberrorEntry !== undefined || info.claims !== null || info.cae !== null);
  if (wrapped) return decide(info, { id: null, entry: undefined });

  const base = codeVerdict ?? (errorEntry ? fromEntry(errorEntry, 'error', 'error') : undefined);

  // 2. A claims challenge: the resource told us exactly what the next token must carry. Not when the
  // app itself failed to authenticate (invalid_client): Entra attaches its Conditional Access claims
  // to that body too, but no token request can satisfy them until the credential is fixed.
  if (info.claims !== null && !CLIENT_FAILURES.has(info.error ?? '')) {
    return base ? withAction(base, 'claims_challenge', 'claims', 'user') : CLAIMS;
  }

  // 2b. A Continuous Access Evaluation text without its claims: the token was revoked or no longer
  // meets policy, and the result it names says what to do.
  if (info.cae !== null) return caeVerdict(info.cae, base);

  // 3. The suberror names the remedy directly. A code may still refine consent (65004 declined).
  if (suberrorEntry) {
    if (suberrorEntry.action === 'consent' && codeVerdict && codeVerdict.action === 'fail') return codeVerdict;
    const merged = fromEntry(suberrorEntry, 'suberror', 'suberror');
    return base ? { ...merged, risk: base.risk, summary: base.summary, remediation: base.remediation, textId: base.textId, remediationId: base.remediationId, adminConsent: base.adminConsent || merged.adminConsent } : merged;
  }

  // 4. A known code refines the error value.
  if (codeVerdict) return codeVerdict;

  // 5. The OAuth error value alone.
  if (errorEntry) return fromEntry(errorEntry, 'error', 'error');

  // 6. MSAL's own codes, then phrases in the text.
  const msalEntry = info.msalErrorCode !== null ? msalClientCodes().get(info.msalErrorCode) : undefined;
  if (msalEntry) return fromEntry(msalEntry, 'hint', 'msal');
  const classAction = info.errorClass !== null ? ERROR_CLASS_HINTS.get(info.errorClass) : undefined;
  if (classAction) return classVerdict(info.errorClass!, classAction);
  if (info.description !== null) {
    const text = info.description.slice(0, 4096).toLowerCase();
    for (const [phrase, action, fixBy, admin] of HINTS) {
      if (text.includes(phrase)) {
        return { ...UNKNOWN, action, fixBy, adminConsent: admin, status: statusFor(action, fixBy), rule: 'hint', risk: 'low' };
      }
    }
  }
  return UNKNOWN;
}
