import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';

// One HTTP request read to its last byte, with a size cap and a deadline. Shared by msal's network
// client (to Entra ID) and the testing subpath's client of a simulator in another process, so the
// rules for ending a request (the timer always cleared, a too-large answer cut off) live in one place.

/** What came back: the status, the headers (lower-case names, one string each) and the body as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

export interface HttpAnswerLimits {
  /** The largest body read, in bytes; a longer one ends the request with `tooLarge()`. */
  readonly maxBodyBytes: number;
  /** From sending to the last byte of the answer, in milliseconds; then the request ends with `timedOut()`. */
  readonly timeoutMs: number;
  readonly tooLarge: () => Error;
  readonly timedOut: () => Error;
}

/** Node's response headers as one string per lower-case name. */
function headerRecord(raw: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Sends the request `open` makes, with `body` when there is one, and reads the whole answer. Rejects
 * with the request's own error (`ECONNRESET`, …), `tooLarge()` or `timedOut()`; a synchronous throw in
 * `open` (a malformed URL or header value) becomes a rejection too.
 */
export function readHttpAnswer(open: (onAnswer: (response: IncomingMessage) => void) => ClientRequest, body: string | undefined, limits: HttpAnswerLimits): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const fail = (error: unknown): void => {
      clearTimeout(timer);
      reject(error);
    };
    try {
      const request = open((response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBodyBytes) request.destroy(limits.tooLarge());
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
      timer = setTimeout(() => request.destroy(limits.timedOut()), limits.timeoutMs).unref();
      request.end(body);
    } catch (error) {
      fail(error);
    }
  });
}
