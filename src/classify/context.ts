import { LIBRARY_TEXTS } from '../catalog/library-texts.js';
import type { Verdict } from './policy.js';
import { statusFor } from './policy.js';
import type { Context } from './types.js';

/**
 * A daemon has no user: nobody can sign in again or click "Accept". Its `reauthenticate` becomes a
 * `fail` for whoever owns the app's credentials, and its `consent` becomes a `fail` that an admin clears
 * by granting application permissions. `claims_challenge` stays (client credentials can send claims)
 * and so does `retry`.
 */
export function applyContext(verdict: Verdict, context: Context): Verdict {
  if (context !== 'daemon') return verdict;
  if (verdict.action === 'consent') {
    return {
      ...verdict,
      action: 'fail',
      fixBy: 'admin',
      adminConsent: true,
      status: statusFor('fail', 'admin'),
      remediation: LIBRARY_TEXTS['policy:daemon-consent'].remediation,
      remediationId: 'policy:daemon-consent',
    };
  }
  if (verdict.action === 'reauthenticate') {
    const fixBy = verdict.fixBy === 'user' || verdict.fixBy === 'none' ? 'developer' : verdict.fixBy;
    return { ...verdict, action: 'fail', fixBy, status: statusFor('fail', fixBy) };
  }
  return verdict;
}
