import { ConfidentialClientApplication } from '@azure/msal-node';
import { aadNetworkClient, withAadErrors } from 'aad-error-handler';
import { createEntraSimulator, type EntraSimulator } from 'aad-error-handler/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../../examples/web-app/app.mjs';
import { CookieBrowser, simulatorForm } from './http-client.js';

// The part of the web-app example meant to be copied, on its own: no demo routes, pages or hooks.

const CLIENT_ID = 'a4d1c3e2-7b6f-4a59-8c0d-1e2f3a4b5c6d';
let sim: EntraSimulator;
let server: Server;
let origin: string;

beforeAll(async () => {
  sim = createEntraSimulator({ apps: [{ clientId: CLIENT_ID, clientSecret: 'secret-for-the-test' }] });
  await sim.listen();
  const cca = new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, clientSecret: 'secret-for-the-test', authority: sim.authority },
    system: { networkClient: aadNetworkClient({ networkModule: sim.networkClient }) },
  });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', createWebApp({ cca, aad: withAadErrors(cca), redirectUri: `${origin}/auth/redirect`, scopes: ['User.Read'], sessionSecret: 'a-session-secret-for-the-test' }));
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await sim?.close();
});

describe('createWebApp without the demo', () => {
  it('sends /me to sign in, signs in through Entra ID and shows the profile', async () => {
    const browser = new CookieBrowser();
    const toSignIn = await browser.navigate(`${origin}/me`);
    expect(toSignIn.map((hop) => hop.status)).toEqual([302, 302, 200]);
    expect(new URL(toSignIn[1]!.url).pathname).toBe('/auth/signin');
    expect(toSignIn[2]!.url.startsWith(`${sim.url}/`)).toBe(true);
    const submit = simulatorForm(toSignIn[2]!, 'sign_in');
    const back = await browser.navigate(submit.url, { form: submit.form });
    expect(back.map((hop) => [new URL(hop.url).pathname, hop.status])).toEqual([
      [`/${sim.tenantId}/login`, 302],
      ['/auth/redirect', 302],
      ['/me', 200],
    ]);
    expect(back[2]!.body).toContain('<h1>Signed in as Adele Vance</h1>');
  });

  it('refuses an answer on the redirect URI whose state belongs to no sign-in of this browser', async () => {
    const page = await new CookieBrowser().request(`${origin}/auth/redirect?code=abc&state=forged`);
    expect(page.status).toBe(400);
  });

  it('hands a declined sign-in to aadErrorHandler, which answers with its built-in page', async () => {
    const page = await new CookieBrowser().request(`${origin}/auth/redirect?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent.&error_subcode=cancel`);
    expect(page.status).toBe(403);
    expect(page.body).toContain('<h1>Permission was not granted</h1>');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
  });
});
