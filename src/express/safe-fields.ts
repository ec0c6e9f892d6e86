// The identifiers the handler shows to users and logs come from upstream fields (`correlation_id`,
// `trace_id`, `timestamp`, `error`, `suberror`), where a hostile or garbled answer can put any 256
// characters: a secret, or a line of phishing text on the app's own error page ("call this number").
// Only values shaped like what Entra sends are passed on; anything else is left out (issue 6).

/** GUIDs and the other request IDs services send: a letter or digit, then letters, digits and `._:-`. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** Entra's `2025-01-23 10:12:13Z` and ISO 8601 with up to seven fraction digits. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z?$/;
/** OAuth `error` and `suberror` values, and MSAL's codes: lower-case snake case. */
const ERROR_VALUE = /^[a-z][a-z0-9_]{0,63}$/;

function matching(pattern: RegExp, value: unknown): string | null {
  return typeof value === 'string' && pattern.test(value) ? value : null;
}

/** A correlation or trace ID, or null when the value does not look like one. */
export function idOrNull(value: unknown): string | null {
  return matching(ID, value);
}

/** A timestamp, or null when the value does not look like one. */
export function timestampOrNull(value: unknown): string | null {
  return matching(TIMESTAMP, value);
}

/** An OAuth `error` / `suberror` value, or null when the value does not look like one. */
export function errorValueOrNull(value: unknown): string | null {
  return matching(ERROR_VALUE, value);
}
