import { lookupCode } from '../catalog/code-catalog.js';
import { classify } from '../classify/classify.js';
import type { CodeClass } from './types.js';

// One classification per distinct code: a tenant's log has thousands of rows but a few dozen codes.
// The cache is capped so a file full of made-up codes cannot grow it without bound.
const MAX_CACHED = 10_000;

/** Classifies sign-in failure codes with the catalog, falling back on the error text for unknown ones. */
export class CodeClassifier {
  private readonly cache = new Map<number, CodeClass>();

  /** @param scrub Applied to an error text before it may appear in the report (`--redact`). */
  constructor(private readonly scrub: (text: string) => string = (text) => text) {}

  classify(code: number, description: string): CodeClass {
    const cached = this.cache.get(code);
    if (cached) return cached;
    const found = this.compute(code, this.scrub(description));
    if (this.cache.size < MAX_CACHED) this.cache.set(code, found);
    return found;
  }

  private compute(code: number, description: string): CodeClass {
    const entry = lookupCode(code);
    if (entry) {
      return { id: entry.id, code, known: true, name: entry.name, action: entry.action, fixBy: entry.fixBy, risk: entry.risk, summary: entry.summary, remediation: entry.remediation };
    }
    // Not in the catalog: the policy may still read an action from the error text (e.g. "interaction_required").
    const decision = description === '' ? undefined : classify(`AADSTS${code}: ${description.slice(0, 500)}`);
    const byText = decision && decision.rule !== 'unknown' && decision.rule !== 'code' ? decision : undefined;
    return {
      id: `AADSTS${code}`,
      code,
      known: false,
      name: null,
      action: byText?.action ?? 'unknown',
      fixBy: byText?.fixBy ?? 'unknown',
      risk: byText?.risk ?? 'unknown',
      summary: description === '' ? 'Not in this library\u2019s catalog.' : description.slice(0, 200),
      remediation: byText?.remediation ?? `Look the code up (aadsts explain ${code}) or in Microsoft\u2019s AADSTS reference.`,
    };
  }
}
