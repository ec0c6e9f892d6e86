import { expect, it } from 'vitest';
import { AadError, classify, explain } from '../../src/index.js';
import { isJapaneseLoaded } from '../../src/locales/ja.js';
import { CONSENT_BODY, MFA_BODY } from '../fixtures/entra-inputs.js';

// Vitest gives each test file its own module graph, so this file sees the table as a fresh process would.
it('parses the Japanese table only when Japanese is first asked for', () => {
  classify(MFA_BODY);
  classify(CONSENT_BODY, { context: 'daemon', lang: 'en' });
  explain('AADSTS50076');
  explain('hello');
  classify(new AadError(classify(MFA_BODY)!), { lang: 'en' });
  expect(isJapaneseLoaded()).toBe(false);
  classify(MFA_BODY, { lang: 'ja' });
  expect(isJapaneseLoaded()).toBe(true);
});
