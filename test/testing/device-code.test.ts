import { PublicClientApplication, type DeviceCodeRequest } from '@azure/msal-node';
import { afterEach, describe, expect, it } from 'vitest';
import { createEntraSimulator, type EntraSimulator } from '../../src/testing/index.js';
import { CLIENT_ID, rejectionOf } from './helpers.js';

type DeviceCodeResponse = Parameters<DeviceCodeRequest['deviceCodeCallback']>[0];

const running: EntraSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

function publicApp(sim: EntraSimulator): PublicClientApplication {
  return new PublicClientApplication({ auth: { clientId: CLIENT_ID, authority: sim.authority }, system: { networkClient: sim.networkClient } });
}

/** Runs `act` once msal-node has polled and been told the sign-in is still pending. */
function afterFirstPendingPoll(sim: EntraSimulator, act: () => void | Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (sim.requests.some((request) => request.error === 'authorization_pending')) {
        clearInterval(timer);
        Promise.resolve(act()).then(resolve, reject);
      }
    }, 1);
  });
}

describe('device code flow through real msal-node', () => {
  it('answers authorization_pending (AADSTS70016) until the user approves, then issues tokens once', async () => {
    // Interval 0 keeps msal-node's polling loop from waiting 5 seconds between polls.
    const sim = createEntraSimulator({ deviceCodeInterval: 0 });
    let shown: DeviceCodeResponse | undefined;
    const result = await publicApp(sim).acquireTokenByDeviceCode({
      scopes: ['User.Read'],
      deviceCodeCallback: (response) => {
        shown = response;
        void afterFirstPendingPoll(sim, () => sim.approveDeviceCode(response.userCode, 'lee.gu@contoso.onmicrosoft.com'));
      },
    });
    expect(shown).toMatchObject({ verificationUri: 'https://microsoft.com/devicelogin', expiresIn: 900, interval: 0 });
    expect(shown!.userCode).toMatch(/^[A-Z2-9]{9}$/);
    expect(shown!.message).toContain(shown!.userCode);
    expect(result?.account?.username).toBe('lee.gu@contoso.onmicrosoft.com');
    const polls = sim.requests.filter((request) => request.grantType === 'device_code');
    expect(polls.at(-1)?.status).toBe(200);
    expect(polls.slice(0, -1).every((poll) => poll.status === 400 && poll.errorCodes[0] === 70016)).toBe(true);
    expect(polls.length).toBeGreaterThan(1);
  });

  it('stops polling when the user declines', async () => {
    const sim = createEntraSimulator({ deviceCodeInterval: 0 });
    const error = await rejectionOf(
      publicApp(sim).acquireTokenByDeviceCode({ scopes: ['User.Read'], deviceCodeCallback: (response) => void afterFirstPendingPoll(sim, () => sim.declineDeviceCode(response.userCode)) }),
    );
    expect(error.errorCode).toBe('post_request_failed');
    expect(sim.requests.at(-1)).toMatchObject({ error: 'authorization_declined', status: 400 });
  });

  it('lets the user approve on the loopback /devicelogin page', async () => {
    const sim = createEntraSimulator({ deviceCodeInterval: 0 });
    running.push(sim);
    const origin = await sim.listen();
    const pages: string[] = [];
    let browsing: Promise<void> | undefined;
    const result = await publicApp(sim).acquireTokenByDeviceCode({
      scopes: ['User.Read'],
      deviceCodeCallback: (response) => {
        expect(response.verificationUri).toBe(`${origin}/devicelogin`);
        browsing = afterFirstPendingPoll(sim, async () => {
          const wrong = await fetch(response.verificationUri, { method: 'POST', body: new URLSearchParams({ otc: 'WRONGCODE', action: 'sign_in' }) });
          pages.push(`${wrong.status} ${await wrong.text()}`);
          const right = await fetch(response.verificationUri, { method: 'POST', body: new URLSearchParams({ otc: response.userCode.toLowerCase(), username: '', action: 'sign_in' }) });
          pages.push(`${right.status} ${await right.text()}`);
        });
      },
    });
    await browsing;
    expect(pages[0]).toMatch(/^400 [\s\S]*That code didn&#39;t work/);
    expect(pages[1]).toMatch(/^200 [\s\S]*You have signed in as adele@contoso.onmicrosoft.com/);
    expect(result?.account?.username).toBe('adele@contoso.onmicrosoft.com');
  });

  it('refuses to approve a user code it never issued', () => {
    expect(() => createEntraSimulator().approveDeviceCode('NOPE')).toThrow(/no device code flow has user code "NOPE"/);
  });
});
