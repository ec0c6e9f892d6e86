import { describe, expect, it } from 'vitest';
import { createEntraSimulator, type EntraSimulatorOptions } from '../../src/testing/index.js';

describe('createEntraSimulator options', () => {
  it.each([
    [{ tenantid: 'x' }, TypeError, 'createEntraSimulator: unknown option `tenantid` (did you mean `tenantId`?)'],
    [{ tenantId: 'contoso' }, TypeError, 'createEntraSimulator: `tenantId` must be a GUID; received "contoso"'],
    [{ host: 'https://login.example.test' }, TypeError, 'createEntraSimulator: `host` must be a host name such as login.entra-sim.test; received "https://login.example.test"'],
    [{ apps: [{ clientId: 'a', redirectUris: ['javascript:alert(1)'] }] }, TypeError, 'createEntraSimulator: `apps.0.redirectUris.0`'],
    [{ apps: [{ clientId: 'a', secret: 'x' }] }, TypeError, 'createEntraSimulator: unknown option `apps.0.secret`'],
    [{ user: { name: 'Line\nbreak' } }, TypeError, 'createEntraSimulator: `user.name` must be printable text without control characters; received "Line\\nbreak"'],
    [{ accessTokenLifetime: 10 }, RangeError, 'createEntraSimulator: `accessTokenLifetime`'],
    [{ deviceCodeInterval: 61 }, RangeError, 'createEntraSimulator: `deviceCodeInterval`'],
    [{ now: 5 }, TypeError, 'createEntraSimulator: `now` must be a function returning epoch milliseconds; received 5'],
  ])('rejects %j at construction, naming the option', (options, kind, message) => {
    const build = () => createEntraSimulator(options as unknown as EntraSimulatorOptions);
    expect(build).toThrow(kind);
    expect(build).toThrow(message);
  });

  it('rejects the same client ID registered twice', () => {
    expect(() => createEntraSimulator({ apps: [{ clientId: 'a' }, { clientId: 'a' }] })).toThrow('`apps` lists client ID "a" twice');
  });

  it('fills in the defaults and keeps what was given', () => {
    const sim = createEntraSimulator({ host: 'Login.Contoso.Test', tenantId: '11111111-2222-4333-8444-555555555555', user: { name: 'Alex Wilber' } });
    expect([sim.host, sim.authority]).toEqual(['login.contoso.test', 'https://login.contoso.test/11111111-2222-4333-8444-555555555555']);
    const token = sim.issueAccessToken({ audience: 'api://x' });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ name: 'Alex Wilber', preferred_username: 'adele@contoso.onmicrosoft.com', tid: '11111111-2222-4333-8444-555555555555' });
  });
});

describe('scripting calls', () => {
  it.each([
    ['failNextToken with a code that is not a number', (sim: ReturnType<typeof createEntraSimulator>) => sim.failNextToken('50076' as unknown as number), TypeError, '`code` must be a positive integer'],
    ['throttleNextToken with 0 times', (sim: ReturnType<typeof createEntraSimulator>) => sim.throttleNextToken(0), RangeError, '`times` must be a whole number of at least 1; received 0'],
    ['answerNextTokenWith a status of 700', (sim: ReturnType<typeof createEntraSimulator>) => sim.answerNextTokenWith({ status: 700 }), RangeError, '`status` must be an HTTP status'],
    ['throttleNextToken with a negative Retry-After', (sim: ReturnType<typeof createEntraSimulator>) => sim.throttleNextToken(1, { retryAfter: -1 }), RangeError, '`retryAfter` must be whole seconds'],
    ['issueAccessToken without an audience', (sim: ReturnType<typeof createEntraSimulator>) => sim.issueAccessToken({} as never), TypeError, '`audience` must be a non-empty single-line string'],
  ])('rejects %s where it is called', (_, call, kind, message) => {
    const sim = createEntraSimulator();
    expect(() => call(sim)).toThrow(kind);
    expect(() => call(sim)).toThrow(message);
    expect(sim.pendingScripts).toBe(0);
  });
});
