import type { IncomingMessage, ServerResponse } from 'node:http';
import { read } from '../parse/safe.js';

// Express requests are Node requests with extras (`originalUrl`, `accepts`, `session`, `secure`). The
// library types itself against `node:http` only, so its declarations do not need `@types/express`, and
// reads every extra defensively: a Proxy-wrapped or hand-made request must not make the handler throw.

/** The `next` callback of an Express middleware. */
export type NextFunction = (err?: unknown) => void;

/** A 4-argument Express error handler. */
export type AadErrorRequestHandler<TRequest extends IncomingMessage = IncomingMessage, TResponse extends ServerResponse = ServerResponse> = (
  err: unknown,
  req: TRequest,
  res: TResponse,
  next: NextFunction,
) => void;


/** The URL as the client sent it: Express's `originalUrl` survives router mounting, `url` does not. */
export function requestUrl(req: IncomingMessage): string {
  const original = read(req, 'originalUrl');
  if (typeof original === 'string') return original;
  return typeof req.url === 'string' ? req.url : '/';
}

const BASE = 'http://request.invalid';

/** The query parameters, parsed from the raw URL so Express 4's `qs` and Express 5's parser agree. */
export function requestQuery(req: IncomingMessage): URLSearchParams {
  const url = requestUrl(req);
  if (!url.includes('?')) return new URLSearchParams();
  try {
    return new URL(url, BASE).searchParams;
  } catch {
    return new URLSearchParams();
  }
}

/** The path of the request URL, without its query. */
export function requestPath(req: IncomingMessage): string {
  const url = requestUrl(req);
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** True when the request arrived over TLS (Express's `req.secure` honours `trust proxy`). */
export function isSecure(req: IncomingMessage): boolean {
  const secure = read(req, 'secure');
  if (typeof secure === 'boolean') return secure;
  return read(req.socket, 'encrypted') === true;
}

/** The express-session object, when that middleware ran for this request. */
export function sessionOf(req: IncomingMessage): Record<string, unknown> | undefined {
  const session = read(req, 'session');
  return typeof session === 'object' && session !== null ? (session as Record<string, unknown>) : undefined;
}

/** True when `res` can still take a status and headers. */
export function canRespond(res: ServerResponse): boolean {
  try {
    return !res.headersSent && !res.writableEnded && typeof res.setHeader === 'function';
  } catch {
    return false;
  }
}

/** Adds one `Set-Cookie` value without dropping the ones other middleware set (express-session). */
export function appendSetCookie(res: ServerResponse, cookie: string): void {
  const previous = res.getHeader('set-cookie');
  if (previous === undefined) res.setHeader('Set-Cookie', cookie);
  else res.setHeader('Set-Cookie', Array.isArray(previous) ? [...previous, cookie] : [String(previous), cookie]);
}

/**
 * The express-session object when it already holds something besides its `cookie`. express-session
 * gives every request a session, but it stores one only once it is modified (`saveUninitialized:
 * false`): writing to a fresh session would store one per anonymous request.
 */
export function initializedSessionOf(req: IncomingMessage): Record<string, unknown> | undefined {
  const session = sessionOf(req);
  if (session === undefined) return undefined;
  try {
    return Object.keys(session).some((key) => key !== 'cookie') ? session : undefined;
  } catch {
    return undefined;
  }
}

/** Every value of the cookie `name` in a `Cookie` header, in header order (a planted duplicate is one of them). */
export function cookieValues(header: unknown, name: string): string[] {
  if (typeof header !== 'string' || !header.includes(name)) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const pair = part.trim();
    if (pair.length > name.length && pair.charCodeAt(name.length) === 0x3d && pair.startsWith(name)) values.push(pair.slice(name.length + 1));
  }
  return values;
}
