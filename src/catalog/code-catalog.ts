import { AADSTS_TABLE } from './aadsts-table.js';
import { ACS_TABLE } from './acs-table.js';
import { B2C_TABLE } from './b2c-table.js';
import type { CodeEntry, CodePrefix } from './types.js';

// The tables are kept as pipe-separated text (one reviewed row per code) and turned into objects on
// first use, so importing the library costs one string per table and nothing more.
// Columns: code | name | aliases | action | fixBy | status | risk | adminConsent | summary | remediation

let byId: ReadonlyMap<string, CodeEntry> | undefined;
let byName: ReadonlyMap<string, CodeEntry> | undefined;

function parseTable(prefix: CodePrefix, text: string, into: Map<string, CodeEntry>): void {
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('code|')) continue;
    const [code, name, aliases, action, fixBy, status, risk, adminConsent, summary, remediation] = line.split('|');
    const number = Number(code!.replace(/^(?:AADSTS|ACS|AADB2C)/, ''));
    const entry: CodeEntry = {
      id: `${prefix}${number}`,
      prefix,
      code: number,
      name: name ? name : null,
      aliases: aliases ? aliases.split(',') : [],
      action: action as CodeEntry['action'],
      fixBy: fixBy as CodeEntry['fixBy'],
      status: Number(status) as CodeEntry['status'],
      risk: risk as CodeEntry['risk'],
      retryable: action === 'retry',
      adminConsent: adminConsent === 'y',
      summary: summary!,
      remediation: remediation!,
    };
    into.set(entry.id, entry);
  }
}

function load(): ReadonlyMap<string, CodeEntry> {
  if (byId) return byId;
  const map = new Map<string, CodeEntry>();
  parseTable('AADSTS', AADSTS_TABLE, map);
  parseTable('ACS', ACS_TABLE, map);
  parseTable('AADB2C', B2C_TABLE, map);
  byId = map;
  return map;
}

/** Every catalog entry, AADSTS first, then ACS, then AADB2C. */
export function allCodes(): readonly CodeEntry[] {
  return [...load().values()];
}

/**
 * Looks a code up by its prefixed id (`AADSTS50076`, `ACS50008`, `AADB2C90118`) or by a bare AADSTS
 * number (`50076`, `"50076"`).
 */
export function lookupCode(code: number | string): CodeEntry | undefined {
  const table = load();
  if (typeof code === 'number') return Number.isSafeInteger(code) ? table.get(`AADSTS${code}`) : undefined;
  const trimmed = code.trim().toUpperCase();
  if (/^\d{1,10}$/.test(trimmed)) return table.get(`AADSTS${Number(trimmed)}`);
  const match = /^(AADSTS|ACS|AADB2C)0*(\d{1,10})$/.exec(trimmed);
  return match ? table.get(`${match[1]}${Number(match[2])}`) : undefined;
}

/** Looks a code up by its exact prefixed id as the parser writes it (`AADSTS50076`); the fast path. */
export function lookupId(id: string): CodeEntry | undefined {
  return load().get(id);
}

/** Looks a code up by its current or former identifier, e.g. `UserStrongAuthClientAuthNRequired`. */
export function lookupName(name: string): CodeEntry | undefined {
  if (!byName) {
    const map = new Map<string, CodeEntry>();
    for (const entry of load().values()) {
      if (entry.name) map.set(entry.name.toLowerCase(), entry);
      for (const alias of entry.aliases) if (!map.has(alias.toLowerCase())) map.set(alias.toLowerCase(), entry);
    }
    byName = map;
  }
  return byName.get(name.toLowerCase());
}
