import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Express } from 'express';
import fc from 'fast-check';
import Negotiator from 'negotiator';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { aadErrorHandler } from '../../src/express/handler.js';
import { createLanguages, negotiateLanguage } from '../../src/express/language.js';
import { builtInPageCsp } from '../../src/express/pages.js';
import { EN_PAGE_TEXTS, PAGE_TEXT_KEYS, japanesePageTexts } from '../../src/locales/page-texts.js';
import { texts } from '../../src/locales/texts.js';
import { entraErrorBody } from '../../src/testing/error-body.js';
import { EXPIRED_GRANT_BODY } from '../fixtures/entra-inputs.js';
import { AUTHORITY, CLIENT_ID, fakeAuthority, fakeJwt } from '../fixtures/fake-authority.js';
import { BROWSER, createApp, EXPRESS_VERSIONS, tokenFails } from './helpers.js';

// Pages and problem+json in the request's language: Accept-Language negotiated with q-values, the
// `locale` and `locales` options, and the same security rules in every language.

const KIB = 1024;

/** A 50 KB header of many well-formed entries, with `last` at its end. */
function bigHeader(first: string, last: string): string {
  const filler = Array.from({ length: 4000 }, (_, i) => `x-f${i};q=0.5`).join(',');
  const header = `${first},${filler},${last}`;
  expect(header.length).toBeGreaterThan(50 * KIB);
  return header;
}

/**
 * One request over a plain socket, to a server that accepts 256 KiB of headers: the test setup's
 * request interception (nock) refuses headers over Node's default 16 KiB, as a default server would.
 */
function rawRequest(app: Express, method: string, headers: Readonly<Record<string, string>>): Promise<{ status: number; headers: Map<string, string> }> {
  const server = createServer({ maxHeaderSize: 256 * KIB }, app);
  return new Promise((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const lines = Object.entries({ Host: '127.0.0.1', Connection: 'close', ...headers }).map(([name, value]) => `${name}: ${value}`);
      const socket = connect(port, '127.0.0.1', () => socket.write(`${method} /token/auth_code HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('error', (error) => server.close(() => reject(error)));
      socket.on('close', () =>
        server.close(() => {
          const [statusLine = '', ...headerLines] = (text.split('\r\n\r\n')[0] ?? '').split('\r\n');
          const parsed = new Map(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()] as const));
          resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed });
        }),
      );
    });
  });
}

const languages = createLanguages(undefined);
const negotiate = (header: string | undefined): string => languages.choose({ headers: header === undefined ? {} : { 'accept-language': header } } as IncomingMessage).lang;

describe('Accept-Language negotiation', () => {
  it.each([
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['JA-jp', 'ja'],
    ['en-US,ja;q=0.9', 'en'],
    ['ja;q=0.1,en;q=0.9', 'en'],
    ['ja,en-US;q=0.9,en;q=0.8', 'ja'],
    ['fr-FR,fr;q=0.9,ja;q=0.8', 'ja'],
    ['fr-FR,fr;q=0.9', 'en'],
    ['ja-JP;q=0', 'en'],
    ['*', 'en'],
    ['*;q=0.5,ja', 'ja'],
    ['', 'en'],
    [undefined, 'en'],
    ['garbage', 'en'],
    [';;;,,,===q=ja', 'en'],
    ['ja;q=abc', 'en'],
    ['jazz', 'en'],
    ['"ja', 'en'],
    ['\u0000ja\u0000', 'en'],
  ] as const)('%j → %s', (header, expected) => {
    expect(negotiate(header)).toBe(expected);
  });

  it('reads a 50 KB header to its end, both ways', () => {
    expect(negotiate(bigHeader('fr', 'ja;q=0.9'))).toBe('ja');
    expect(negotiate(bigHeader('en', 'ja;q=0.9'))).toBe('en');
    expect(negotiate(bigHeader('ja;q=0.1', 'en;q=0.9'))).toBe('en');
  });

  // Shapes that make a backtracking parser quadratic: a 1 MB header of each answers (vitest's timeout
  // would catch a blow-up; scripts/linear-time.mjs prints the times).
  it.each([
    ['commas', ','],
    ['semicolons', ';'],
    ['equals signs', 'ja;q='],
    ['an unterminated quoted string', 'ja;a="\\"'],
    ['hyphens', 'ja-'],
    ['spaces', ' '],
  ])('answers a 1 MB header of %s', (_shape, unit) => {
    const header = unit.repeat(Math.ceil((1024 * KIB) / unit.length));
    expect(['en', 'ja']).toContain(negotiateLanguage(header, ['en', 'ja'], ['ja']));
  }, 30_000);

  it('never throws and always answers a language it has, whatever the header', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('j', 'a', '-', ';', 'q', '=', '0', '.', ',', '*', ' ', '"', 'J', 'P', 'k', 'o') })), (header) => {
        expect(['en', 'ja']).toContain(negotiate(header));
      }),
      { numRuns: 5000, seed: 14 },
    );
  });

  it('answers what negotiator answers on the whole header (the entries it drops cannot match)', () => {
    const tag = fc.constantFrom('ja', 'ja-JP', 'JA', 'en', 'en-US', 'fr', 'jazz', 'x-ja', '*', 'ko', ' ja', 'ja ', '');
    const entry = fc.tuple(tag, fc.option(fc.constantFrom(';q=0', ';q=0.1', ';q=0.9', ';q=1', ';q=abc', ';a=b;q=0.5'), { nil: '' })).map(([t, q]) => t + q);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (entries) => {
        const header = entries.join(',');
        const whole = new Negotiator({ headers: { 'accept-language': header } }).language(['en', 'ja']) ?? 'en';
        expect(negotiateLanguage(header, ['en', 'ja'], ['ja'])).toBe(header === '' ? 'en' : whole);
      }),
      { numRuns: 5000, seed: 41 },
    );
  });

  it('matches region tags of added languages both ways', () => {
    const withPt = createLanguages(undefined, { 'pt-BR': { pages: { ...EN_PAGE_TEXTS } } });
    const choose = (header: string): string => withPt.choose({ headers: { 'accept-language': header } } as IncomingMessage).lang;
    expect(choose('pt')).toBe('pt-BR');
    expect(choose('pt-BR,ja;q=0.9')).toBe('pt-BR');
    expect(choose('pt-PT;q=0.5,ja')).toBe('ja');
  });
});

beforeEach(() => fakeAuthority());

/** Fails every request with an answer scripted per test. */
function appFor(express: (typeof EXPRESS_VERSIONS)[number][1], forwardsAsync: boolean, handler = {}): Express {
  return createApp(express, forwardsAsync, { handler: { clientId: CLIENT_ID, authority: AUTHORITY, ...handler } }).app;
}

const JA = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe.each(EXPRESS_VERSIONS)('answers in the negotiated language on %s', (_name, express, forwardsAsync) => {
  it.each([
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['en-US,ja;q=0.9', 'en'],
    ['ja;q=0.1,en;q=0.9', 'en'],
    ['*', 'en'],
    ['', 'en'],
    ['garbage;;q=', 'en'],
  ])('Accept-Language %j gets a page in %s', async (header, lang) => {
    tokenFails(400, entraErrorBody(90094, { error: 'invalid_grant' }));
    const res = await request(appFor(express, forwardsAsync)).get('/token/auth_code').set('Accept', BROWSER).set('Accept-Language', header).expect(403);
    expect(res.headers['content-language']).toBe(lang);
    expect(res.headers['vary']).toBe('Accept, Accept-Language');
    expect(res.text).toContain(`<html lang="${lang}">`);
    expect(res.text).toContain(lang === 'ja' ? 'このアプリには管理者の同意が必要です' : 'An administrator must approve this app');
  });

  it('reads a 50 KB Accept-Language header (a server that allows headers that large)', async () => {
    const app = appFor(express, forwardsAsync);
    tokenFails(400, entraErrorBody(90094, { error: 'invalid_grant' }));
    const page = await rawRequest(app, 'GET', { Accept: BROWSER, 'Accept-Language': bigHeader('fr', 'ja;q=0.9') });
    expect([page.status, page.headers.get('content-language')]).toEqual([403, 'ja']);
    tokenFails(400, entraErrorBody(90094, { error: 'invalid_grant' }));
    const api = await rawRequest(app, 'POST', { 'Content-Length': '0', 'Accept-Language': bigHeader('en', 'ja;q=0.9') });
    expect([api.status, api.headers.get('content-language')]).toEqual([403, 'en']);
  });

  it('writes problem+json title and detail in Japanese, machine fields unchanged', async () => {
    const app = appFor(express, forwardsAsync);
    const sent = tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant' }));
    const ja = await request(app).post('/token/auth_code').set('Accept-Language', 'ja-JP').expect(403);
    expect(ja.headers['content-language']).toBe('ja');
    expect(ja.headers['vary']).toBe('Accept, Accept-Language');
    expect(ja.body).toMatchObject({ type: 'about:blank', title: 'アクセスが拒否されました', status: 403, action: 'fail', code: 'AADSTS53003', correlationId: sent.correlationId });
    expect(ja.body.detail).toMatch(JA);
    expect(ja.body.detail).toContain('条件付きアクセス');
    tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant' }));
    const en = await request(app).post('/token/auth_code').expect(403);
    expect(en.headers['content-language']).toBe('en');
    expect(en.body.title).toBe('Forbidden');
    const machine = (body: Record<string, unknown>) => ({ ...body, title: undefined, detail: undefined, correlationId: undefined, traceId: undefined });
    expect(machine(en.body as Record<string, unknown>)).toEqual(machine(ja.body as Record<string, unknown>));
  });

  it('puts the Japanese remediation in problem+json with exposeDetails', async () => {
    const app = appFor(express, forwardsAsync, { exposeDetails: true });
    tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant' }));
    const res = await request(app).post('/token/auth_code').set('Accept-Language', 'ja').expect(403);
    expect(res.body.remediation).toMatch(JA);
  });

  describe('the Japanese pages', () => {
    const ja = (app: Express, path: string, method: 'get' | 'post' = 'get') => request(app)[method](path).set('Accept', BROWSER).set('Accept-Language', 'ja,en;q=0.5');

    it('admin consent: Japanese title, link label, button and IDs', async () => {
      const sent = tokenFails(400, entraErrorBody(90094, { error: 'invalid_grant' }));
      const res = await ja(appFor(express, forwardsAsync), '/token/auth_code').expect(403);
      expect(res.text).toContain('<title>このアプリには管理者の同意が必要です</title>');
      expect(res.text).toContain('管理者に送る同意用リンク:');
      expect(res.text).toContain('管理者の方: 内容を確認して同意する');
      expect(res.text).toContain(`<dt>相関 ID</dt><dd>${sent.correlationId}</dd>`);
      expect(res.text).toContain('<dt>エラー コード</dt><dd>AADSTS90094</dd>');
    });

    it('policy block: the administrator page', async () => {
      tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant' }));
      const res = await ja(appFor(express, forwardsAsync), '/token/auth_code').expect(403);
      expect(res.text).toContain('<h1>組織の設定により、このサインインはブロックされています</h1>');
      expect(res.text).toContain('条件付きアクセス');
    });

    it('throttling: the retry page with the wait in Japanese', async () => {
      tokenFails(429, entraErrorBody(90055, { error: 'temporarily_unavailable' }));
      const res = await ja(appFor(express, forwardsAsync), '/token/auth_code').expect(503);
      const seconds = res.headers['retry-after'];
      expect(seconds).toMatch(/^\d+$/);
      expect(res.text).toContain('<h1>一時的にサインインできません</h1>');
      expect(res.text).toContain(`<p>${seconds} 秒後にもう一度お試しください。</p>`);
      expect(res.text).toContain('>再試行</a>');
    });

    it('the loop guard: the third failure gets the Japanese loop page', async () => {
      const agent = request.agent(appFor(express, forwardsAsync));
      for (const status of [302, 302, 500]) {
        tokenFails(400, EXPIRED_GRANT_BODY);
        const res = await agent.get('/token/refresh_token').set('Accept', BROWSER).set('Accept-Language', 'ja').expect(status);
        if (status === 500) {
          expect(res.text).toContain('<h1>サインインの失敗が続いています</h1>');
          expect(res.text).toContain('>もう一度サインインする</a>');
          expect(res.headers['content-language']).toBe('ja');
        } else {
          expect(res.headers['content-language']).toBeUndefined();
        }
      }
    });
  });

  it('keeps the same security rules in Japanese: CSP, escaping, no upstream text', async () => {
    const secret = 'Sup3rS3cretClientValue~abc';
    const token = fakeJwt({ aud: 'https://graph.microsoft.com', oid: 'leak' });
    const hostile = `<script>alert(1)</script> client_secret=${secret} assertion ${token} Upstream-only wording`;
    for (const exposeDetails of [false, true]) {
      tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant', message: hostile }));
      const res = await request(appFor(express, forwardsAsync, { exposeDetails }))
        .get('/token/auth_code')
        .set('Accept', BROWSER)
        .set('Accept-Language', 'ja')
        .expect(403);
      expect(res.headers['content-security-policy']).toBe(builtInPageCsp());
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).not.toContain('<script');
      expect(res.text).not.toContain(secret);
      expect(res.text).not.toContain(token);
      if (exposeDetails) {
        expect(res.text).toContain('詳細 (exposeDetails が有効)');
        expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      } else {
        expect(res.text).not.toContain('Upstream-only wording');
        expect(res.text).not.toContain('&lt;script');
      }
    }
  });

  it('escapes texts an app adds through locales, and keeps the CSP', async () => {
    const pages = { ...EN_PAGE_TEXTS, 'retry.title': '<img src=x onerror=alert(1)>', 'label.retryAfter': '{seconds} <b>s</b>' };
    tokenFails(429, entraErrorBody(90055, { error: 'temporarily_unavailable' }));
    const res = await request(appFor(express, forwardsAsync, { locales: { ko: { pages } } }))
      .get('/token/auth_code')
      .set('Accept', BROWSER)
      .set('Accept-Language', 'ko')
      .expect(503);
    expect(res.text).toContain('<html lang="ko">');
    expect(res.text).not.toContain('<img');
    expect(res.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(res.text).toContain(`<p>${res.headers['retry-after']} &lt;b&gt;s&lt;/b&gt;</p>`);
    expect(res.headers['content-security-policy']).toBe(builtInPageCsp());
  });
});

describe.each(EXPRESS_VERSIONS)('sign-in callback pages in Japanese on %s', (_name, express, forwardsAsync) => {
  const build = async () => {
    const { aadSignInCallback } = await import('../../src/express/callback.js');
    return createApp(express, forwardsAsync, {
      routes: (app) => {
        app.get('/auth/redirect', aadSignInCallback(), (_req, res) => void res.send('redeemed'));
        app.post('/auth/redirect', express.urlencoded({ extended: false }), aadSignInCallback(), (_req, res) => void res.send('redeemed'));
      },
    }).app;
  };

  it('a refused state gets the Japanese sign-in page, and problem+json in Japanese for an API caller', async () => {
    const app = await build();
    const page = await request(app).get('/auth/redirect?code=abc&state=forged').set('Accept', BROWSER).set('Accept-Language', 'ja').expect(400);
    expect(page.text).toContain('<h1>もう一度サインインしてください</h1>');
    expect(page.text).toContain('サインインの応答が、このブラウザーで開始されたサインインと一致しませんでした。');
    expect(page.headers['content-language']).toBe('ja');
    const api = await request(app).get('/auth/redirect?code=abc&state=forged').set('Accept', 'application/json').set('Accept-Language', 'ja').expect(400);
    expect(api.body).toMatchObject({ title: '無効な要求', status: 400, action: 'reauthenticate' });
    expect(api.body.detail).toBe(japanesePageTexts()['sign_in_expired.message']);
  });

  it('a declined consent on the callback gets the Japanese page', async () => {
    const app = await build();
    const res = await request(app)
      .post('/auth/redirect')
      .type('form')
      .set('Accept', BROWSER)
      .set('Accept-Language', 'ja-JP,ja;q=0.9')
      .send({ error: 'access_denied', error_subcode: 'cancel', error_description: 'AADSTS65004: User declined to consent to access the app.', state: 'not-ours' })
      .expect(403);
    expect(res.text).toContain('<h1>アクセス許可が付与されませんでした</h1>');
    expect(res.text).not.toContain('User declined to consent');
  });
});

describe.each(EXPRESS_VERSIONS)('the locale option on %s', (_name, express, forwardsAsync) => {
  it("'ja' answers every request in Japanese, without Vary: Accept-Language", async () => {
    tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant' }));
    const res = await request(appFor(express, forwardsAsync, { locale: 'ja', mode: 'web_api' })).get('/token/auth_code').set('Accept-Language', 'en').expect(403);
    expect(res.headers['content-language']).toBe('ja');
    expect(res.headers['vary']).toBeUndefined();
    expect(res.body.title).toBe('アクセスが拒否されました');
  });

  it("'en' keeps the English answer whatever the browser asks", async () => {
    tokenFails(400, entraErrorBody(90094, { error: 'invalid_grant' }));
    const res = await request(appFor(express, forwardsAsync, { locale: 'en' })).get('/token/auth_code').set('Accept', BROWSER).set('Accept-Language', 'ja').expect(403);
    expect(res.headers['content-language']).toBe('en');
    expect(res.headers['vary']).toBe('Accept');
    expect(res.text).toContain('An administrator must approve this app');
  });

  it('a function picks per request; undefined or an unknown language falls back to Accept-Language', async () => {
    const app = appFor(express, forwardsAsync, { locale: (req: IncomingMessage) => (req.url?.includes('lang=ja') ? 'ja' : req.url?.includes('lang=fr') ? 'fr' : undefined) });
    tokenFails(400, entraErrorBody(90094, { error: 'invalid_grant' }));
    const picked = await request(app).get('/token/auth_code?lang=ja').set('Accept', BROWSER).set('Accept-Language', 'en').expect(403);
    expect(picked.headers['content-language']).toBe('ja');
    tokenFails(400, entraErrorBody(90094, { error: 'invalid_grant' }));
    const unknown = await request(app).get('/token/auth_code?lang=fr').set('Accept', BROWSER).set('Accept-Language', 'ja').expect(403);
    expect(unknown.headers['content-language']).toBe('ja');
    expect(unknown.headers['vary']).toBe('Accept, Accept-Language');
  });

  it('a function that throws falls back to negotiation', async () => {
    const app = appFor(express, forwardsAsync, {
      locale: () => {
        throw new Error('boom');
      },
    });
    tokenFails(400, entraErrorBody(90094, { error: 'invalid_grant' }));
    const res = await request(app).get('/token/auth_code').set('Accept', BROWSER).set('Accept-Language', 'ja').expect(403);
    expect(res.headers['content-language']).toBe('ja');
  });
});

describe('the locales option', () => {
  const ko = Object.fromEntries(PAGE_TEXT_KEYS.map((key) => [key, `KO ${EN_PAGE_TEXTS[key]}`]));

  it('adds a language whose failure texts fall back to English per text', () => {
    const langs = createLanguages(undefined, { ko: { pages: ko, texts: { AADSTS53003: { summary: '조건부 액세스 정책에 의해 차단되었습니다.' } } } });
    expect(langs.available).toEqual(['en', 'ja', 'ko']);
    expect(langs.choose({ headers: { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.5' } } as IncomingMessage).lang).toBe('ko');
    expect(langs.pageTexts('ko')['retry.title']).toBe(`KO ${EN_PAGE_TEXTS['retry.title']}`);
  });

  it.each(EXPRESS_VERSIONS)('answers in the added language on %s, English where a text is missing', async (_name, express, forwardsAsync) => {
    const app = appFor(express, forwardsAsync, { locales: { ko: { pages: ko, texts: { AADSTS53003: { summary: '조건부 액세스 정책에 의해 차단되었습니다.' } } } } });
    tokenFails(400, entraErrorBody(53003, { error: 'invalid_grant' }));
    const res = await request(app).post('/token/auth_code').set('Accept-Language', 'ko').set('Accept', 'application/json').expect(403);
    expect(res.headers['content-language']).toBe('ko');
    expect(res.body).toMatchObject({ title: 'KO Forbidden', detail: '조건부 액세스 정책에 의해 차단되었습니다.' });
    tokenFails(400, entraErrorBody(90094, { error: 'invalid_grant' }));
    const page = await request(app).get('/token/auth_code').set('Accept-Language', 'ko').set('Accept', BROWSER).expect(403);
    // 90094 has no Korean summary: its English one is shown.
    expect(page.text).toContain(`<p>${texts('AADSTS90094', 'en')!.summary}</p>`);
  });

  it('rewords shipped languages key by key', () => {
    const langs = createLanguages(undefined, { en: { pages: { 'retry.title': 'Sign-in is paused' } }, ja: { pages: { 'retry.title': 'サインインを一時停止しています' } } });
    expect(langs.pageTexts('en')['retry.title']).toBe('Sign-in is paused');
    expect(langs.pageTexts('en')['loop.title']).toBe(EN_PAGE_TEXTS['loop.title']);
    expect(langs.pageTexts('ja')['retry.title']).toBe('サインインを一時停止しています');
    expect(langs.pageTexts('ja')['loop.title']).toBe('サインインの失敗が続いています');
  });

  it('names every missing page text of a new language at construction', () => {
    const { 'retry.title': _a, 'loop.message': _b, ...partial } = ko;
    expect(() => aadErrorHandler({ locales: { ko: { pages: partial } } })).toThrow(/`locales\.ko\.pages\.retry\.title` is missing[\s\S]*`locales\.ko\.pages\.loop\.message` is missing/);
    let message = '';
    try {
      aadErrorHandler({ locales: { ko: { pages: partial } } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').filter((line) => line.includes('is missing'))).toHaveLength(2);
  });

  it.each([
    ['an unknown page key', { ko: { pages: { ...ko, 'retry.titel': 'x' } } }, /unknown option `locales\.ko\.pages\.retry\.titel`/],
    ['a text id the library does not have', { ja: { texts: { AADSTS99999999: { summary: 'x' } } } }, /`locales\.ja\.texts\.AADSTS99999999` is not a text id/],
    ['a retry text without {seconds}', { ja: { pages: { 'label.retryAfter': 'しばらくお待ちください。' } } }, /`locales\.ja\.pages\.label\.retryAfter` must contain the \{seconds\} placeholder/],
    ['an empty text', { ja: { pages: { 'retry.title': '' } } }, /`locales\.ja\.pages\.retry\.title` must be a non-empty text/],
    ['a malformed language tag', { 'ko kr': { pages: ko } }, /`locales\.ko kr` must be named by a language tag such as ko or pt-BR/],
  ])('refuses %s', (_label, locales, message) => {
    expect(() => aadErrorHandler({ locales: locales as never })).toThrow(message);
  });

  it('refuses a locale the handler does not have', () => {
    expect(() => aadErrorHandler({ locale: 'ko' })).toThrow(/`locale` must be 'auto', 'en', 'ja', a language the `locales` option adds, or a function; received "ko"/);
    expect(() => aadErrorHandler({ locale: 'ko', locales: { ko: { pages: ko } } })).not.toThrow();
  });
});
