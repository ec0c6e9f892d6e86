// Retry-After parsing, kept apart from the retry policy that uses it (as in @azure/core-rest-pipeline).
// Pure: the caller passes the clock. Only the RFC 9110 grammar is accepted: delay-seconds as digits,
// or one of the three HTTP-date forms, checked by a round trip so "Feb 30" is refused.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC_850 = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** The longest header value we look at; real ones are under 40 characters. */
const MAX_HEADER = 64;

function utc(year: number, month: string, day: number, h: number, m: number, s: number): number | undefined {
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex < 0) return undefined;
  const time = Date.UTC(year, monthIndex, day, h, m, s);
  const date = new Date(time);
  // Date.UTC rolls "Feb 30" over to March; a value that does not survive the round trip is not a date.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== monthIndex ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== m ||
    date.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return time;
}

/** Parses an HTTP-date in any of its three forms into epoch milliseconds. */
export function parseHttpDate(value: string, now: number): number | undefined {
  let match = IMF_FIXDATE.exec(value);
  if (match) return utc(Number(match[3]), match[2]!, Number(match[1]), Number(match[4]), Number(match[5]), Number(match[6]));
  match = RFC_850.exec(value);
  if (match) {
    // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future means the past century.
    const nowYear = new Date(now).getUTCFullYear();
    let year = Math.floor(nowYear / 100) * 100 + Number(match[3]);
    if (year > nowYear + 50) year -= 100;
    return utc(year, match[2]!, Number(match[1]), Number(match[4]), Number(match[5]), Number(match[6]));
  }
  match = ASCTIME.exec(value);
  if (match) return utc(Number(match[6]), match[1]!, Number(match[2]!.trim()), Number(match[3]), Number(match[4]), Number(match[5]));
  return undefined;
}

/**
 * Turns a `Retry-After` value into a delay in milliseconds, or `undefined` when it is not valid.
 * A date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (typeof value !== 'string' || value.length > MAX_HEADER) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = parseHttpDate(trimmed, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

/** Parses a milliseconds header (`retry-after-ms`, `x-ms-retry-after-ms`): digits, optionally with a fraction. */
export function parseRetryAfterMs(value: string | null | undefined): number | undefined {
  if (typeof value !== 'string' || value.length > MAX_HEADER) return undefined;
  const trimmed = value.trim();
  if (!/^\d{1,12}(?:\.\d{1,6})?$/.test(trimmed)) return undefined;
  return Math.ceil(Number(trimmed));
}

/** Anything we can read headers from: a fetch `Headers`, a Node `IncomingHttpHeaders`, or a plain record. */
export type HeaderSource = { get(name: string): string | null | undefined } | Record<string, unknown>;

/** Reads one header case-insensitively from any header source; never throws. */
export function readHeader(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  try {
    const getter = (headers as { get?: unknown }).get;
    if (typeof getter === 'function') {
      const value: unknown = getter.call(headers, name);
      return typeof value === 'string' ? value : undefined;
    }
    const record = headers as Record<string, unknown>;
    const direct = record[name];
    const found = direct !== undefined ? direct : findCaseInsensitive(record, name);
    if (typeof found === 'string') return found;
    if (Array.isArray(found) && typeof found[0] === 'string') return found.join(', ');
    if (typeof found === 'number') return String(found);
  } catch {
    // A hostile header object (throwing getter or Proxy trap) is treated as having no such header.
  }
  return undefined;
}

function findCaseInsensitive(record: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  let seen = 0;
  for (const key in record) {
    // Header bags are small; stop early on something that is not one.
    if (++seen > 256) break;
    if (key.toLowerCase() === lower) return record[key];
  }
  return undefined;
}

/**
 * The delay the server asked for, in milliseconds, from the headers Azure services send:
 * `retry-after-ms`, then `x-ms-retry-after-ms`, then `Retry-After` (seconds or HTTP-date).
 */
export function retryAfterFromHeaders(headers: unknown, now: number): number | undefined {
  return (
    parseRetryAfterMs(readHeader(headers, 'retry-after-ms')) ??
    parseRetryAfterMs(readHeader(headers, 'x-ms-retry-after-ms')) ??
    parseRetryAfter(readHeader(headers, 'retry-after'), now)
  );
}
