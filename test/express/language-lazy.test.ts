import request from 'supertest';
import { beforeEach, expect, it } from 'vitest';
import { isJapaneseLoaded } from '../../src/locales/ja.js';
import { isJapanesePagesLoaded } from '../../src/locales/page-texts.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { fakeAuthority } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, EXPRESS_VERSIONS, tokenFails } from './helpers.js';

// Vitest gives each test file its own module graph, so this file sees the tables as a fresh process would:
// an app whose users never ask for Japanese never reads either Japanese table.

beforeEach(() => fakeAuthority());

it('reads no Japanese table for English answers, pages and problem+json alike, and both on the first Japanese one', async () => {
  for (const [, express, forwardsAsync] of EXPRESS_VERSIONS) {
    const { app } = createApp(express, forwardsAsync, {});
    for (const header of [undefined, 'en-US,en;q=0.9', 'fr-FR,fr;q=0.9', '*', 'ja;q=0', 'jazz']) {
      for (const [method, accept, status] of [['get', BROWSER, 403], ['post', 'application/json', 403]] as const) {
        tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant' }));
        const call = request(app)[method]('/token/auth_code').set('Accept', accept);
        const res = await (header === undefined ? call : call.set('Accept-Language', header)).expect(status);
        expect(res.headers['content-language']).toBe('en');
      }
    }
  }
  expect(isJapaneseLoaded()).toBe(false);
  expect(isJapanesePagesLoaded()).toBe(false);
  const [, express, forwardsAsync] = EXPRESS_VERSIONS[1]!;
  tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant' }));
  await request(createApp(express, forwardsAsync, {}).app).get('/token/auth_code').set('Accept', BROWSER).set('Accept-Language', 'ja').expect(403);
  expect(isJapaneseLoaded()).toBe(true);
  expect(isJapanesePagesLoaded()).toBe(true);
}, 60_000);
