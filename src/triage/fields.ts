import type { SignInRow } from './types.js';

// Maps every export's field names onto one SignInRow. Graph (v1.0 and beta) and the admin center's
// JSON use camelCase, Log Analytics/Sentinel PascalCase, the diagnostic-settings archive wraps the
// Graph shape in `properties` with a few top-level fields (`time`, `resultType`, `callerIpAddress`),
// and the CSV downloads use display names ("Sign-in error code", "IP address").

type Fields = Record<string, unknown>;

const CODE_TEXT = /^\s*(?:AADSTS)?(\d{1,10})\s*$/i;
// Log Analytics' portal CSV writes "12/1/2026, 10:03:04.123 AM" in UTC with no zone.
const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))? ?(AM|PM)?$/i;

/** A ResultType/errorCode as a number; undefined when absent or not a code. */
export function readCode(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || value.length > 20) return undefined;
  const match = CODE_TEXT.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** Milliseconds since the epoch, UTC assumed when the text names no zone; NaN when unreadable. */
export function readTime(value: unknown): number {
  if (typeof value === 'number') return value > 1e11 ? value : value * 1000;
  if (typeof value !== 'string' || value.length > 40) return Number.NaN;
  const us = US_TIME.exec(value);
  if (us) {
    let hour = Number(us[4]);
    if (us[8]) hour = (hour % 12) + (us[8].toUpperCase() === 'PM' ? 12 : 0);
    const ms = us[7] ? Number(us[7].slice(0, 3).padEnd(3, '0')) : 0;
    return Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]), hour, Number(us[5]), Number(us[6]), ms);
  }
  // ISO text without a zone (some CSV exports) is UTC, not local time.
  const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  return Date.parse(iso);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

function object(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

/** Log Analytics keeps `Status` as a JSON string in some exports and as an object in others. */
function statusOf(value: unknown): Fields | undefined {
  const found = object(value);
  if (found || typeof value !== 'string' || !value.startsWith('{')) return found;
  try {
    return object(JSON.parse(value));
  } catch {
    return undefined;
  }
}

/**
 * One exported sign-in object as a SignInRow, or a reason why it is not one. Never throws.
 */
export function rowFromObject(input: unknown): SignInRow | string {
  const top = object(input);
  if (!top) return 'not a JSON object';
  // Diagnostic-settings archive: the sign-in sits in `properties`, its code also at the top level.
  const props = object(top.properties);
  const o = props && ('resultType' in top || 'category' in top || 'operationName' in top) ? props : top;
  const status = statusOf(o.status ?? o.Status);
  const code = readCode(top.resultType) ?? readCode(status?.errorCode) ?? readCode(o.ResultType) ?? readCode(o.errorCode) ?? readCode(o.resultType);
  if (code === undefined) return 'no ResultType / status.errorCode field';
  return {
    time: readTime(o.createdDateTime ?? o.TimeGenerated ?? o.CreatedDateTime ?? top.time ?? o.time),
    code,
    description: text(top.resultDescription ?? status?.failureReason ?? o.ResultDescription ?? o.failureReason),
    user: text(o.userPrincipalName ?? o.UserPrincipalName ?? o.servicePrincipalName ?? o.ServicePrincipalName ?? top.identity ?? o.userId ?? o.UserId),
    ip: text(o.ipAddress ?? o.IPAddress ?? top.callerIpAddress),
    app: text(o.appDisplayName ?? o.AppDisplayName ?? o.servicePrincipalName ?? o.ServicePrincipalName ?? o.appId ?? o.AppId),
    caStatus: text(o.conditionalAccessStatus ?? o.ConditionalAccessStatus),
    correlationId: text(o.correlationId ?? o.CorrelationId ?? top.correlationId),
    asn: text(o.autonomousSystemNumber ?? o.AutonomousSystemNumber),
  };
}

// CSV headers, normalised (lower case, letters and digits only, " [UTC]" dropped), per field.
const HEADER_ALIASES = {
  time: ['dateutc', 'date', 'timegenerated', 'createddatetime', 'time'],
  code: ['signinerrorcode', 'resulttype', 'errorcode', 'statuserrorcode'],
  description: ['failurereason', 'resultdescription', 'statusfailurereason'],
  user: ['username', 'userprincipalname', 'serviceprincipalname', 'userid'],
  ip: ['ipaddress', 'calleripaddress'],
  app: ['application', 'appdisplayname', 'serviceprincipalname', 'applicationid', 'appid'],
  caStatus: ['conditionalaccess', 'conditionalaccessstatus'],
  correlationId: ['correlationid'],
  asn: ['autonomoussystemnumber'],
  status: ['status'],
} as const;

type Column = keyof typeof HEADER_ALIASES;

/** Column positions of one CSV header. */
export type CsvColumns = Readonly<Record<Column, number>>;

export function normaliseHeader(name: string): string {
  return name.toLowerCase().replace(/\[utc\]/g, '').replace(/[^a-z0-9]/g, '');
}

/** Finds the columns of a CSV header; undefined when it has neither a code nor a status column. */
export function csvColumns(header: readonly string[]): CsvColumns | undefined {
  const names = header.map(normaliseHeader);
  const columns = {} as Record<Column, number>;
  for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [Column, readonly string[]][]) {
    columns[field] = -1;
    for (const alias of aliases) {
      const index = names.indexOf(alias);
      if (index >= 0) {
        columns[field] = index;
        break;
      }
    }
  }
  return columns.code >= 0 || columns.status >= 0 ? columns : undefined;
}

/** One CSV record as a SignInRow, or a reason why it is not one. */
export function rowFromCsv(record: readonly string[], columns: CsvColumns): SignInRow | string {
  const at = (index: number): string => (index >= 0 ? (record[index] ?? '') : '');
  const codeText = at(columns.code);
  let code = readCode(codeText);
  // The admin center leaves "Sign-in error code" empty or 0 on success and says so in "Status".
  if (code === undefined && codeText.trim() === '' && /^success$/i.test(at(columns.status).trim())) code = 0;
  if (code === undefined) return codeText === '' ? 'empty sign-in error code' : `unreadable code ${JSON.stringify(codeText.slice(0, 20))}`;
  return {
    time: readTime(at(columns.time)),
    code,
    description: at(columns.description),
    user: at(columns.user),
    ip: at(columns.ip),
    app: at(columns.app),
    caStatus: at(columns.caStatus),
    correlationId: at(columns.correlationId),
    asn: at(columns.asn),
  };
}
