import { request as httpRequest } from 'node:http';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createEntraSimulator } from '../../src/testing/index.js';
import { CLIENT_ID, GRAPH_DEFAULT, MFA_CLAIMS, listening } from './helpers.js';

const form = (values: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(values) });

describe('the loopback HTTP server', () => {
  it('serves on 127.0.0.1 and reports its origin and browser authority', async () => {
    const { sim, origin } = await listening();
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.url).toBe(origin);
    expect(sim.browserAuthority).toBe(`${origin}/${sim.tenantId}`);
    expect(await sim.listen()).toBe(origin);
  });

  it('advertises browser-facing endpoints on the loopback origin and server-side ones on the https authority', async () => {
    const { sim, origin } = await listening();
    const config = (await (await fetch(`${origin}/${sim.tenantId}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(config['authorization_endpoint']).toBe(`${origin}/${sim.tenantId}/oauth2/v2.0/authorize`);
    expect(config['end_session_endpoint']).toBe(`${origin}/${sim.tenantId}/oauth2/v2.0/logout`);
    expect(config['token_endpoint']).toBe(`${sim.authority}/oauth2/v2.0/token`);
    expect(config['issuer']).toBe(`${sim.authority}/v2.0`);
    const keys = (await (await fetch(`${origin}/${sim.tenantId}/discovery/v2.0/keys`)).json()) as { keys: Array<Record<string, string>> };
    expect(keys).toEqual(sim.jwks);
  });

  it('answers token requests over a real socket with the same bodies and headers', async () => {
    const { sim, origin } = await listening();
    const ok = await fetch(`${origin}/${sim.tenantId}/oauth2/v2.0/token`, form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 's', scope: GRAPH_DEFAULT }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
    sim.failNextToken(50076, { claims: MFA_CLAIMS, retryAfter: 4 });
    const failed = await fetch(`${origin}/${sim.tenantId}/oauth2/v2.0/token`, form({ grant_type: 'client_credentials', client_id: CLIENT_ID }));
    expect([failed.status, failed.headers.get('retry-after'), failed.headers.get('x-ms-clitelem')]).toEqual([400, '4', '1,50076,0,,']);
    expect(await failed.json()).toMatchObject({ error: 'invalid_grant', suberror: 'basic_action', claims: MFA_CLAIMS, error_codes: [50076] });
    expect(sim.requests.at(-1)?.via).toBe('http');
  });

  it('answers a scripted HTML 503 as text/html over the socket', async () => {
    const { sim, origin } = await listening();
    sim.answerNextTokenWith({ status: 503, html: true, headers: { 'Retry-After': '9' } });
    const response = await fetch(`${origin}/${sim.tenantId}/oauth2/v2.0/token`, form({ grant_type: 'client_credentials' }));
    expect([response.status, response.headers.get('content-type'), response.headers.get('retry-after')]).toEqual([503, 'text/html; charset=utf-8', '9']);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const { sim, origin } = await listening();
    const response = await fetch(`${origin}/${sim.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(response.status).toBe(413);
  });

  it('answers unknown paths with a 404 page', async () => {
    const { origin } = await listening();
    const response = await fetch(`${origin}/nothing/here`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('no page at this address');
  });

  /** One request over the socket with the given Host header; resolves to the status and body. */
  function withHost(port: string, path: string, host: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
      request.end();
    });
  }

  it('answers only loopback Host headers, so a DNS-rebinding page cannot mint tokens (regression: any Host was answered)', async () => {
    const { sim, origin } = await listening();
    const { port } = new URL(origin);
    const path = `/${sim.tenantId}/v2.0/.well-known/openid-configuration`;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.nip.io:${port}`, '127.0.0.1', `localhost:${Number(port) + 1}`]) {
      expect((await withHost(port, path, host)).status, host).toBe(421);
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const answer = await withHost(port, path, host);
      expect(answer.status, host).toBe(200);
      // URLs are built on the server's own origin, never on the Host header a client sent.
      expect((JSON.parse(answer.body) as Record<string, string>)['authorization_endpoint']).toBe(`${origin}/${sim.tenantId}/oauth2/v2.0/authorize`);
    }
  });

  it('warns through process.emitWarning when started with NODE_ENV=production', async () => {
    const warnings: unknown[] = [];
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation((warning: unknown) => void warnings.push(warning));
    vi.stubEnv('NODE_ENV', 'production');
    onTestFinished(() => {
      emitWarning.mockRestore();
      vi.unstubAllEnvs();
    });
    await listening();
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0])).toContain('NODE_ENV=production');
    vi.stubEnv('NODE_ENV', 'test');
    await listening();
    expect(warnings).toHaveLength(1);
  });

  it('rewrites authority URLs for browsers while it serves', async () => {
    const sim = createEntraSimulator();
    const link = `${sim.authority}/v2.0/adminconsent?client_id=${CLIENT_ID}`;
    expect(sim.toBrowserUrl(link)).toBe(link);
    const origin = await sim.listen();
    onTestFinished(() => sim.close());
    expect(sim.toBrowserUrl(link)).toBe(`${origin}/${sim.tenantId}/v2.0/adminconsent?client_id=${CLIENT_ID}`);
    expect(sim.toBrowserUrl('https://example.com/x')).toBe('https://example.com/x');
  });

  it('frees the port on close', async () => {
    const sim = createEntraSimulator();
    const origin = await sim.listen();
    await sim.close();
    expect([sim.url, sim.browserAuthority]).toEqual([null, null]);
    await expect(fetch(`${origin}/common/discovery/instance`)).rejects.toThrow();
    await sim.close();
  });

  it('rejects a port outside 0 to 65535 with a RangeError naming it', async () => {
    await expect(createEntraSimulator().listen(70_000)).rejects.toThrow(new RangeError('sim.listen: `port` must be an integer from 0 to 65535; received 70000'));
  });
});
