import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../examples/web-app/server.mjs';
import { CookieBrowser, field, simulatorForm, type Hop } from './http-client.js';

// The demo web app driven over HTTP, hop by hop, so the examples are checked on every machine, with
// or without Chromium (demo.browser.test.ts clicks through the same flows in a real browser).

const quiet = { log: () => undefined, warn: () => undefined };
const MFA_CLAIMS = { access_token: { acrs: { essential: true, value: 'c1' } } };

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({ port: 0, log: quiet });
});
afterAll(async () => {
  await demo?.close();
});

const last = (hops: Hop[]): Hop => hops[hops.length - 1]!;

async function runInBrowser(browser: CookieBrowser, scenario: string): Promise<Hop[]> {
  return browser.navigate(`${demo.url}/scenarios/${scenario}/run`, { method: 'POST' });
}

describe('the demo web app over HTTP', () => {
  it('starts on a free port and serves the home page with every scenario, under a strict CSP', async () => {
    expect(demo.url).toMatch(/^http:\/\/localhost:\d+$/);
    const [home] = await new CookieBrowser().navigate(`${demo.url}/`);
    expect(home?.status).toBe(200);
    expect(home?.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(home?.body.match(/<article class="scenario"/g)).toHaveLength(9);
  });

  it('sends the MFA claims through the sign-in route to the simulator and back to a token that carries them', async () => {
    const browser = new CookieBrowser();
    const hops = await runInBrowser(browser, 'mfa');
    expect(hops.map((hop) => hop.status)).toEqual([303, 302, 200]);
    const redirect = new URL(hops[1]!.location!);
    expect(redirect.pathname).toBe('/auth/signin');
    expect(JSON.parse(Buffer.from(redirect.searchParams.get('claims')!, 'base64url').toString())).toEqual(MFA_CLAIMS);
    const authorizeUrl = /id="continue" href="([^"]+)"/.exec(last(hops).body)?.[1]?.replace(/&amp;/g, '&');
    expect(authorizeUrl).toMatch(new RegExp(`^${demo.simulatorUrl}/`));

    const signInPage = await browser.request(authorizeUrl!);
    expect(JSON.parse(field(signInPage.body, 'claims')!)).toMatchObject(MFA_CLAIMS);
    const submit = simulatorForm(signInPage, 'sign_in');
    const back = await browser.navigate(submit.url, { form: submit.form });
    expect(new URL(back[1]!.url).pathname).toBe('/auth/redirect');
    expect(last(back).status).toBe(200);
    expect(field(last(back).body, 'outcome')).toBe('Back in the app: the token call succeeded');
    expect(last(back).body).toContain('<dd>c1</dd>');
  });

  it('answers the browser with pages where sign-in cannot help', async () => {
    const cases = [
      ['admin-consent', 403, 'An administrator must approve this app'],
      ['throttling', 503, 'Sign-in is temporarily unavailable'],
      ['bad-client-secret', 500, 'This app is not set up correctly'],
      ['ca-blocked', 403, 'Your organization&#39;s settings block this sign-in'],
    ] as const;
    for (const [scenario, status, title] of cases) {
      const page = last(await runInBrowser(new CookieBrowser(), scenario));
      expect([scenario, page.status]).toEqual([scenario, status]);
      expect(page.body).toContain(`<h1>${title}</h1>`);
      expect(field(page.body, 'correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('stops the redirect loop on the third failure with the loop guard page', async () => {
    const browser = new CookieBrowser();
    let hops = await runInBrowser(browser, 'redirect-loop');
    for (let round = 1; round <= 2; round++) {
      expect(new URL(last(hops).url).pathname).toBe('/auth/signin');
      const authorizeUrl = /id="continue" href="([^"]+)"/.exec(last(hops).body)![1]!.replace(/&amp;/g, '&');
      const submit = simulatorForm(await browser.request(authorizeUrl), 'sign_in');
      hops = await browser.navigate(submit.url, { form: submit.form });
    }
    expect(last(hops).status).toBe(500);
    expect(last(hops).body).toContain('<h1>Sign-in keeps failing</h1>');
  });

  it('shows the raw answer an API caller gets for every scenario', async () => {
    const expected: Record<string, number> = { mfa: 401, consent: 403, 'admin-consent': 403, 'expired-refresh-token': 401, throttling: 503, 'bad-client-secret': 500, 'ca-blocked': 403, 'declined-consent': 403, 'redirect-loop': 401 };
    for (const [scenario, status] of Object.entries(expected)) {
      const page = last(await new CookieBrowser().navigate(`${demo.url}/scenarios/${scenario}/api`, { method: 'POST' }));
      expect([scenario, field(page.body, 'status-line')]).toEqual([scenario, expect.stringMatching(new RegExp(`^HTTP/1.1 ${status} `))]);
      expect(JSON.parse(field(page.body, 'body')!)).toMatchObject({ type: 'about:blank', status });
    }
  });

  it('escapes what a link puts on the sign-in route', async () => {
    const page = await new CookieBrowser().request(`${demo.url}/auth/signin?returnTo=%2F&login_hint=%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('answers an unknown scenario or an expired run with a 404 page', async () => {
    const browser = new CookieBrowser();
    expect((await browser.request(`${demo.url}/scenarios/nope/run`, { method: 'POST' })).status).toBe(404);
    expect((await browser.request(`${demo.url}/scenarios/mfa/run/AAAAAAAAAAAA`)).status).toBe(404);
  });
});
