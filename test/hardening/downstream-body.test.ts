import { describe, expect, it } from 'vitest';
import { aadErrorFromResponse } from '../../src/express/downstream.js';

// A hostile downstream API can answer 401 with an endless or huge body. aadErrorFromResponse reads
// at most 64 KiB of it (regression: `clone().text()` buffered the whole body, in the clone and in the
// caller's copy, before cutting it to 64 KiB).

const CHUNK = 16 * 1024;
const CHALLENGE = `Bearer realm="", error="insufficient_claims", claims="${Buffer.from('{"access_token":{"nbf":{"essential":true,"value":"1"}}}').toString('base64')}"`;

/** A 401 whose body is produced on demand, `total` bytes in all; counts what was pulled from it. */
function hugeResponse(total: number): { response: Response; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x61));
    },
  }, { highWaterMark: 0 });
  return { response: new Response(body, { status: 401, headers: { 'www-authenticate': CHALLENGE } }), pulled: () => pulled };
}

describe('aadErrorFromResponse on a huge downstream body', () => {
  it('reads at most 64 KiB (and a chunk) of a 256 MiB body and still finds the challenge', async () => {
    const { response, pulled } = hugeResponse(256 * 1024 * 1024);
    const error = await aadErrorFromResponse(response);
    expect(error?.decision).toMatchObject({ action: 'claims_challenge' });
    expect(pulled()).toBeLessThanOrEqual(64 * 1024 + 2 * CHUNK);
  });

  it('leaves the caller’s body readable from its first byte', async () => {
    const { response } = hugeResponse(1024 * 1024);
    await aadErrorFromResponse(response);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.value?.[0]).toBe(0x61);
    await reader.cancel();
  });

  it('reads a small body whole, as before', async () => {
    const response = new Response(JSON.stringify({ error: 'invalid_grant', error_description: 'AADSTS50173: The provided grant has expired.', error_codes: [50173] }), { status: 400 });
    expect((await aadErrorFromResponse(response))?.decision).toMatchObject({ code: 50173, action: 'reauthenticate' });
  });
});
