import { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import express from 'express';
import { parseWwwAuthenticate } from '../../src/parse/www-authenticate.js';
import type { AadErrorRequestHandler } from '../../src/express/request.js';

// One helper for the attack suites: runs aadErrorHandler on a real Node request/response pair with no
// socket and returns the exact bytes a client would receive, so header values are checked as they go
// on the wire, after Node's own serialisation, and a request URL reaches the handler unnormalised.

export const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
export const APP_ORIGIN = 'https://app.contoso.example';

export interface RequestSpec {
  readonly method?: string;
  /** The request target exactly as the handler sees it in `originalUrl`. */
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Express extras a route or middleware may have set (`session`, `body`, …). */
  readonly extras?: Readonly<Record<string, unknown>>;
}

export interface Answer {
  /** 0 when nothing was sent. */
  readonly status: number;
  readonly head: string;
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: string;
  /** What the handler passed on with `next(err)`. */
  readonly passedOn: readonly unknown[];
}

/** Runs the handler on one request and waits until it answered or passed the error on. */
export async function exchange(handler: AadErrorRequestHandler, err: unknown, spec: RequestSpec = {}): Promise<Answer> {
  const req = new IncomingMessage(null as never);
  Object.setPrototypeOf(req, express.request);
  req.method = spec.method ?? 'GET';
  req.url = spec.url ?? '/profile';
  req.headers = { ...spec.headers };
  Object.assign(req, { originalUrl: req.url }, spec.extras);
  const res = new ServerResponse(req);
  const chunks: Buffer[] = [];
  res.assignSocket(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    }) as never,
  );
  const passedOn: unknown[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the handler neither answered nor passed the error on')), 5000);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    res.on('finish', done);
    handler(err, req, res, (passed) => {
      passedOn.push(passed);
      done();
    });
  });
  await new Promise((resolve) => setImmediate(resolve));
  const raw = Buffer.concat(chunks);
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const headers = new Map<string, string[]>();
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, headers, body: split < 0 ? '' : raw.subarray(split + 4).toString('utf8'), passedOn };
}

export function header(answer: Answer, name: string): string | undefined {
  return answer.headers.get(name)?.[0];
}

/** Header names the handler (and Node) may send; anything else in an answer is an injected header. */
const KNOWN_HEADERS = new Set(['vary', 'www-authenticate', 'retry-after', 'set-cookie', 'cache-control', 'location', 'content-type', 'x-content-type-options', 'content-security-policy', 'access-control-expose-headers', 'date', 'connection', 'content-length', 'content-language']);

/**
 * Everything wrong with an answer's header block: a bare CR, LF or NUL, an unknown header (a split
 * one), a value outside visible ASCII, or a header whose value does not have its one allowed form.
 */
export function headerProblems(answer: Answer): string[] {
  const problems: string[] = [];
  if (/\u0000|\r(?!\n)|(?<!\r)\n/.test(answer.head)) problems.push('bare CR, LF or NUL in the header block');
  for (const [name, values] of answer.headers) {
    if (!KNOWN_HEADERS.has(name)) problems.push(`unexpected header ${name}`);
    for (const value of values) if (/[^\u0020-\u007e]/.test(value)) problems.push(`${name} carries a character outside visible ASCII`);
  }
  const location = header(answer, 'location');
  if (location !== undefined && !location.startsWith('/auth/signin?') && !location.startsWith('https://login.microsoftonline.com/')) problems.push(`Location ${location}`);
  const retryAfter = header(answer, 'retry-after');
  if (retryAfter !== undefined && !/^[1-9]\d{0,5}$/.test(retryAfter)) problems.push(`Retry-After ${retryAfter}`);
  const language = header(answer, 'content-language');
  if (language !== undefined && language !== 'en' && language !== 'ja') problems.push(`Content-Language ${language}`);
  const type = header(answer, 'content-type');
  if (type !== undefined && type !== 'application/problem+json; charset=utf-8' && type !== 'text/html; charset=utf-8') problems.push(`Content-Type ${type}`);
  for (const cookie of answer.headers.get('set-cookie') ?? []) {
    if (!/^(?:__Host-)?(?:aad_loop_guard|aad_loop_guard_id|aad_sign_in)=[A-Za-z0-9_.-]*; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax(?:; Secure)?$/.test(cookie)) problems.push(`Set-Cookie ${cookie}`);
  }
  const challenge = header(answer, 'www-authenticate');
  if (challenge !== undefined) {
    const bearer = parseWwwAuthenticate(challenge);
    const params = bearer[0]?.params ?? {};
    if (bearer.length !== 1 || bearer[0]?.scheme !== 'bearer') problems.push(`WWW-Authenticate is not one Bearer challenge: ${challenge}`);
    if (!['invalid_token', 'insufficient_claims', 'insufficient_scope'].includes(params['error'] ?? '')) problems.push(`WWW-Authenticate error ${params['error']}`);
    for (const name of Object.keys(params)) if (!['realm', 'authorization_uri', 'client_id', 'error', 'claims', 'scope'].includes(name)) problems.push(`WWW-Authenticate param ${name}`);
    if (params['claims'] !== undefined && !/^[A-Za-z0-9+/]+={0,2}$/.test(params['claims'])) problems.push('claims is not base64');
  }
  return problems;
}

/** Where a Location (or a returnTo inside it) sends the browser, resolved as a browser would. */
export function resolvedOrigin(target: string): string {
  return new URL(target, APP_ORIGIN).origin;
}
