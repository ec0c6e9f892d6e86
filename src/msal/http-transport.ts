// Default imports on purpose: `https.request` is then read when a request is made, so interceptors that
// patch the module (nock, which users test their apps with) see our requests too.
import http from 'node:http';
import https from 'node:https';
import type { NetworkRequestOptions } from '@azure/msal-node';

// Node's http/https rather than fetch (which msal-node's own HttpClient uses) or undici:
// - no dependency: undici's ProxyAgent would have to be installed, in the version matching Node's fetch;
// - proxies and connection tuning through the `agent` option every Node proxy agent already implements;
// - redirects are never followed, so a client secret or assertion in a POST body is never re-sent to
//   another host (fetch follows a 307/308 and re-posts the body).

/** What came back: the status, the headers (lower-case names) and the body as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

export interface HttpSettings {
  readonly agent: http.Agent | undefined;
  /** From sending to the last byte of the answer, in milliseconds. */
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
}

/** Node's response headers as msal-node expects them: lower-case names, one string each. */
function headerRecord(raw: http.IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** An Error with the `code` Node's own network errors carry, so the classifier reads it the same way. */
export function networkError(message: string, code: string, status?: number): Error {
  return Object.assign(new Error(message), status === undefined ? { code } : { code, status });
}

/** Sends one request; rejects with an error carrying a `code` (`ECONNRESET`, `ETIMEDOUT`, …) when no answer came. */
export function sendHttp(settings: HttpSettings, method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const fail = (error: unknown): void => {
      clearTimeout(timer);
      reject(error);
    };
    try {
      const target = new URL(url);
      const body = method === 'POST' ? (options?.body ?? '') : undefined;
      const headers: Record<string, string | number> = { ...options?.headers };
      if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
      const transport = target.protocol === 'http:' ? http : https;
      const request = transport.request(target, { method, headers, ...(settings.agent ? { agent: settings.agent } : {}) }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > settings.maxBodyBytes) request.destroy(networkError(`The answer from ${target.host} is larger than ${settings.maxBodyBytes} bytes`, 'ERR_AAD_BODY_TOO_LARGE'));
          else chunks.push(chunk);
        });
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, headers: headerRecord(response.headers), text: Buffer.concat(chunks).toString('utf8') });
        });
      });
      request.on('error', fail);
      // unref'd: while the request is pending its socket keeps the process alive anyway.
      timer = setTimeout(() => request.destroy(networkError(`No answer from ${target.host} within ${settings.timeoutMs} ms`, 'ETIMEDOUT')), settings.timeoutMs).unref();
      request.end(body);
    } catch (error) {
      // A malformed URL or header value throws synchronously; it still becomes a rejected promise.
      fail(error);
    }
  });
}
