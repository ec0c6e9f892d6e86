import { describe, expect, it } from 'vitest';
import { createEntraSimulator } from '../../src/testing/index.js';

describe('networkClient', () => {
  it('fails like fetch for a host the simulator does not serve, so nothing leaks to the network', async () => {
    const sim = createEntraSimulator();
    const error = (await sim.networkClient.sendGetRequestAsync('https://graph.microsoft.com/v1.0/me').catch((caught: unknown) => caught)) as TypeError & { cause: { code: string } };
    expect(error).toBeInstanceOf(TypeError);
    expect([error.message, error.cause.code]).toEqual(['fetch failed', 'ENOTFOUND']);
    expect(sim.requests).toEqual([]);
  });

  it('refuses plain http to the authority host: msal-node only ever uses https', async () => {
    const sim = createEntraSimulator();
    await expect(sim.networkClient.sendGetRequestAsync(`http://${sim.host}/common/discovery/instance`)).rejects.toThrow('fetch failed');
  });

  it('resolves with lower-case headers, the parsed JSON body and the status, on a later tick', async () => {
    const sim = createEntraSimulator();
    let settled = false;
    const pending = sim.networkClient.sendGetRequestAsync<{ keys: unknown[] }>(`${sim.authority}/discovery/v2.0/keys`).then((response) => {
      settled = true;
      return response;
    });
    expect(settled).toBe(false);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.body.keys).toHaveLength(1);
    expect(Object.keys(response.headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('rejects, as msal-node own client does, when the body is not JSON', async () => {
    const sim = createEntraSimulator().answerNextTokenWith({ status: 502, body: 'Bad Gateway' });
    await expect(sim.networkClient.sendPostRequestAsync(`${sim.authority}/oauth2/v2.0/token`, { body: 'grant_type=client_credentials' })).rejects.toThrow(/^Failed to parse response: /);
  });
});

describe('sim.fetch', () => {
  it('does not follow redirects, so a test can read where the browser would go', async () => {
    const sim = createEntraSimulator();
    sim.failNextAuthorize({ code: 50058 });
    const response = await sim.fetch(`${sim.authority}/oauth2/v2.0/authorize?client_id=app&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://app.example/cb')}`);
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('login_required');
  });

  it('fails like fetch for other hosts', async () => {
    await expect(createEntraSimulator().fetch('https://example.com/')).rejects.toThrow('fetch failed');
  });
});
