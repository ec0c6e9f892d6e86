import { lookupId } from '../catalog/code-catalog.js';
import type { CodeEntry } from '../catalog/types.js';

// Codes Entra puts in front of the one that explains the failure ("70002: error validating
// credentials", "70000: invalid grant", "50000: token issuance error"). When a more specific code is
// present it decides; when only these are present the last one named (the innermost cause) decides.
//
// Codes that only say "another party's error is inside": B2C's "invalid response received" from an
// external identity provider, the runtime-dependent 165004 and ACS's generic 50000. Only the inner
// error means anything, so when no inner code is known the inner OAuth error value decides (policy).
export const WRAPPER_CODES: ReadonlySet<string> = new Set(['AADB2C90273', 'AADSTS165004', 'ACS50000']);
const GENERIC = new Set(['AADSTS70002', 'AADSTS70000', 'AADSTS50000', 'AADSTS9002313', 'AADSTS90014', 'AADSTS50012', ...WRAPPER_CODES]);

export interface PickedCode {
  /** The first code named, known or not; null when no code was seen. */
  readonly id: string | null;
  readonly entry: CodeEntry | undefined;
}

/** Chooses the most specific code among those seen. */
export function pickCode(codeIds: readonly string[]): PickedCode {
  let generic: CodeEntry | undefined;
  for (const id of codeIds) {
    const entry = lookupId(id);
    if (!entry) continue;
    if (!GENERIC.has(entry.id)) return { id: entry.id, entry };
    generic = entry;
  }
  if (generic) return { id: generic.id, entry: generic };
  return { id: codeIds[0] ?? null, entry: undefined };
}
