import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decision } from '../classify/types.js';
import { parseAadError } from '../parse/parse-aad-error.js';
import type { HandlerConfig } from './handler-config.js';
import { isThenable, type MaybePromise } from './maybe-async.js';
import type { AadErrorPage } from './page-model.js';
import { builtInPageCsp, renderBuiltInPage } from './pages.js';

// Writing responses with Node's own API works the same on Express 4 and 5 and skips work Express's
// `res.send` does for content (ETag, charset sniffing) that an error answer does not need.

/** MSAL refuses a throttled request for 60 s unless the server said otherwise (its `DEFAULT_THROTTLE_TIME_SECONDS`). */
export const THROTTLED_SECONDS = 60;

/** An authentication answer is never cached by a browser or proxy. */
function noStore(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
}

// Bodies are ended in one chunk, so Node writes Content-Length itself (counting bytes, not characters).

/** A 302 to a URL the caller has already checked. */
export function sendRedirect(res: ServerResponse, location: string): void {
  noStore(res, 302);
  res.setHeader('Location', location);
  res.end();
}

/** An `application/problem+json` answer. */
export function sendProblem(res: ServerResponse, status: number, body: object): void {
  noStore(res, status);
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(JSON.stringify(body));
}

function writePage(res: ServerResponse, page: AadErrorPage, html: string | undefined): void {
  if (res.headersSent || res.writableEnded) return;
  noStore(res, page.status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (html === undefined) res.setHeader('Content-Security-Policy', builtInPageCsp());
  if (page.retryAfterSeconds !== null) res.setHeader('Retry-After', String(page.retryAfterSeconds));
  res.end(html ?? renderBuiltInPage(page));
}

/**
 * An HTML page, drawn by the app's `render` when it returns HTML, else by the built-in page. A
 * failing `render` is reported through `onRenderError` and falls back to the built-in page: the user
 * still gets an answer. Synchronous unless `render` returns a promise.
 */
export function sendPage(res: ServerResponse, req: IncomingMessage, page: AadErrorPage, config: HandlerConfig, onRenderError: (error: unknown) => void): MaybePromise<void> {
  if (!config.render) return writePage(res, page, undefined);
  let rendered: unknown;
  try {
    rendered = config.render(page, req);
  } catch (error) {
    onRenderError(error);
    return writePage(res, page, undefined);
  }
  const settle = (html: unknown): void => writePage(res, page, typeof html === 'string' ? html : undefined);
  if (!isThenable(rendered)) return settle(rendered);
  return Promise.resolve(rendered).then(settle, (error: unknown) => {
    onRenderError(error);
    writePage(res, page, undefined);
  });
}

/** Adds a field to `Vary` without dropping what CORS or compression middleware put there. */
export function appendVary(res: ServerResponse, field: string): void {
  const current = res.getHeader('vary');
  if (current === undefined) {
    res.setHeader('Vary', field);
    return;
  }
  const text = Array.isArray(current) ? current.join(', ') : typeof current === 'string' ? current : '';
  const fields = text.split(',').map((name) => name.trim().toLowerCase());
  if (fields.includes('*') || fields.includes(field.toLowerCase())) return;
  res.setHeader('Vary', text.trim() === '' ? field : `${text}, ${field}`);
}

/**
 * Lets a cross-origin caller read the challenge: when CORS middleware already allowed this origin,
 * `WWW-Authenticate` and `Retry-After` are added to `Access-Control-Expose-Headers`, which browsers
 * otherwise hide from `fetch`.
 */
export function exposeToCors(res: ServerResponse, names: readonly string[]): void {
  if (res.getHeader('access-control-allow-origin') === undefined || names.length === 0) return;
  const current = res.getHeader('access-control-expose-headers');
  const listed = typeof current === 'string' ? current.split(',').map((name) => name.trim()).filter(Boolean) : [];
  const lower = new Set(listed.map((name) => name.toLowerCase()));
  if (lower.has('*')) return;
  const merged = [...listed, ...names.filter((name) => !lower.has(name.toLowerCase()))];
  res.setHeader('Access-Control-Expose-Headers', merged.join(', '));
}

/**
 * `Retry-After` in whole seconds: the upstream delay when known (at least 1, at most the cap);
 * otherwise 60 s for throttling (an upstream 429 or MSAL's throttled replay, which keeps refusing for
 * that long) and the configured default for anything else.
 */
export function retryAfterFor(decision: Decision, err: unknown, config: HandlerConfig): number {
  const cap = config.maxRetryAfterSeconds;
  // A hook or override may hand back any number; NaN or Infinity would make `Retry-After: NaN`.
  if (typeof decision.retryAfterMs === 'number' && Number.isFinite(decision.retryAfterMs)) return Math.min(cap, Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  const throttled = decision.upstreamStatus === 429 || parseAadError(err)?.throttledReplay === true;
  return Math.min(cap, throttled ? THROTTLED_SECONDS : config.retryAfterSeconds);
}
