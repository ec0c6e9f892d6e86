import type { CodeClass, SignInRow } from './types.js';

// `--csv`: one classified row per input row, written as the input streams by.

export const CSV_HEADER = 'time,resultType,code,name,action,fixBy,risk,user,ip,app,conditionalAccessStatus,correlationId,description';

/** RFC 4180 quoting, plus a leading quote for cells a spreadsheet would run as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(row: SignInRow, cls: CodeClass | undefined): string {
  const time = Number.isFinite(row.time) ? new Date(row.time).toISOString() : '';
  return [
    time,
    String(row.code),
    cls?.id ?? '',
    cls?.name ?? '',
    cls ? cls.action : 'success',
    cls?.fixBy ?? '',
    cls?.risk ?? '',
    cell(row.user),
    cell(row.ip),
    cell(row.app),
    cell(row.caStatus),
    cell(row.correlationId),
    cell(row.description.slice(0, 500)),
  ].join(',');
}
