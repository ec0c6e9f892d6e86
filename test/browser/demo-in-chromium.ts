import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startDemo, type RunningDemo } from '../../examples/web-app/server.mjs';
import { launchChromium, type Browser } from './chromium.js';

// The demo on a free port and one headless Chromium (chromium.ts: Debian's browser, this machine's
// flags) for the tests of one describe block: both start before its first test and close after its
// last, so the block pays Chromium's start once.

const quiet = { log: () => undefined, warn: () => undefined };

export interface DemoInChromium {
  /** The running demo: `url` for the app, `simulatorUrl` for the simulated Entra ID. */
  readonly demo: RunningDemo;
  /** The browser's one tab. */
  readonly page: Page;
}

/**
 * Call inside a `describe` block; read the fields inside its tests. `locale` sets the browser's
 * language (and so its Accept-Language), such as 'ja-JP'.
 */
export function demoInChromium(options: { readonly locale?: string } = {}): DemoInChromium {
  let demo: RunningDemo | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    demo = await startDemo({ port: 0, log: quiet });
    browser = await launchChromium(options);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('demoInChromium(): read before its beforeAll hook has run');
    return value;
  };
  return {
    get demo() {
      return started(demo);
    },
    get page() {
      return started(browser).page;
    },
  };
}
