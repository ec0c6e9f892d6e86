import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/triage/format-html.js';
import { textsFor } from '../../src/triage/texts.js';
import { generateSignIns } from '../../scripts/triage-generate.mjs';
import { hasChromium, launchChromium, type Browser } from '../browser/chromium.js';
import { exportOf, triageBytes } from './helpers.js';

// The HTML report in a real browser: it must draw its charts with no network at all and no console
// error. The screenshot lands in test-results/triage/; UPDATE_DOCS_IMAGES=1 also refreshes
// docs/images/triage-report.png, the one docs/triage.md shows.

const SHOTS = join(process.cwd(), 'test-results', 'triage');
const title = hasChromium ? 'the triage HTML report in Chromium' : 'the triage HTML report in Chromium: /usr/bin/chromium is not installed';
if (!hasChromium) console.warn(`SKIPPED ${title}`);

describe.skipIf(!hasChromium)(title, () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'aadsts-report-'));

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders its charts and tables offline, with no request and no console error', async () => {
    const { events } = generateSignIns({ seed: 41, rows: 12_000, days: 3, attacks: 1 });
    const report = await triageBytes({ 'signins.jsonl': exportOf('graph-jsonl', events) }, { now: () => new Date('2026-11-04T08:00:00Z') });
    const file = join(dir, 'report.html');
    writeFileSync(file, formatHtml(report, textsFor('en')));
    const url = pathToFileURL(file).href;
    const { page } = browser;
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForLoadState('load');
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    expect(await page.locator('svg[role=img]').count()).toBe(2);
    expect(await page.locator('svg[role=img]').first().locator('rect').count()).toBeGreaterThan(20);
    const box = await page.locator('svg[role=img]').first().boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    expect(box!.height).toBeGreaterThan(100);
    await expect.poll(() => page.locator('tr.sev-high').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('h1').textContent()).toBe('Sign-in log triage');
    mkdirSync(SHOTS, { recursive: true });
    const shot = join(SHOTS, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    if (process.env.UPDATE_DOCS_IMAGES === '1') copyFileSync(shot, join(process.cwd(), 'docs', 'images', 'triage-report.png'));
  });
});
