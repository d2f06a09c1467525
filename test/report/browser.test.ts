// The HTML report in a real browser: the Chromium npm installs (see launch.ts), driven by playwright-core. The page must
// load with no console error, no page error and no request beyond its own file; the summary table and both
// kinds of plot must be visible; a hostile claim message must stay text. A full-page screenshot is kept
// under the OS temp dir and at reports/screenshot.png (gitignored) for a human to look at.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { sampleReport } from './fixtures.js';
import { launchBrowser } from './launch.js';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'aon-report-browser-'));
/** reports/ at the repository root (gitignored), wherever vitest was started from. */
const REPORTS = fileURLToPath(new URL('../../reports/', import.meta.url));

/** Everything the page did wrong while loading: console errors, uncaught errors, failed or outside requests. */
interface Problems {
  console: string[];
  page: string[];
  failed: string[];
  outside: string[];
  dialogs: string[];
}

async function open(browser: Browser, html: string, name: string, width = 1280): Promise<{ page: Page; problems: Problems }> {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: Problems = { console: [], page: [], failed: [], outside: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.console.push(m.text()); });
  page.on('pageerror', (e) => problems.page.push(e.message));
  page.on('requestfailed', (r) => problems.failed.push(`${r.url()}: ${r.failure()?.errorText ?? '?'}`));
  page.on('request', (r) => { if (r.url() !== url) problems.outside.push(r.url()); });
  page.on('dialog', (d) => { problems.dialogs.push(d.message()); void d.dismiss(); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

// Evaluated in the page; strings because this project compiles without the DOM lib.
const FITS = 'document.documentElement.scrollWidth <= window.innerWidth';
const PWNED = 'window.__pwned';
/** Whether the page fits, and which element sticks out furthest when it does not (for the failure message). */
const WIDEST = `(() => {
  let widest = '', right = 0;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; widest = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''); }
  }
  return { fits: document.documentElement.scrollWidth <= window.innerWidth, scrollWidth: document.documentElement.scrollWidth, widest: widest + ' to ' + Math.round(right) + ' px' };
})()`;

const none: Problems = { console: [], page: [], failed: [], outside: [], dialogs: [] };

describe('HTML report in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    ({ browser } = await launchBrowser());
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads cleanly, shows the summary and both plots, and screenshots well', async () => {
    const report = sampleReport();
    const { page, problems } = await open(browser, renderHtml(report), 'report');

    expect(problems).toEqual(none);
    expect(await page.title()).toContain(report.tool.name);

    const table = page.locator('table.summary');
    await expect.poll(() => table.isVisible()).toBe(true);
    expect(await table.locator('tbody tr').count()).toBe(report.claims.length);

    for (const kind of ['spectrum', 'residual-vs-floor']) {
      const plot = page.locator(`svg[data-plot="${kind}"]`).first();
      expect(await plot.isVisible(), kind).toBe(true);
      const box = await plot.boundingBox();
      expect(box?.width ?? 0, kind).toBeGreaterThan(250);
      expect(box?.height ?? 0, kind).toBeGreaterThan(150);
    }
    expect(await page.locator('svg[data-plot="spectrum"]').count()).toBe(6);

    // The layout fits the viewport: nothing forces a horizontal scroll bar.
    expect(await page.evaluate(FITS)).toBe(true);

    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(statSync(shot).size).toBeGreaterThanOrEqual(10 * 1024);
    mkdirSync(REPORTS, { recursive: true });
    copyFileSync(shot, join(REPORTS, 'screenshot.png'));
    await page.close();
  });

  it('fits a phone-sized viewport', async () => {
    const { page, problems } = await open(browser, renderHtml(sampleReport()), 'narrow', 390);
    expect(problems).toEqual(none);
    expect(await page.evaluate(FITS)).toBe(true);
    await page.close();
  });

  it('keeps a hostile claim message as text: no script runs, nothing is fetched', async () => {
    const report = sampleReport();
    const attack = '<script>window.__pwned = 1; alert(1)</script><img src="x" onerror="window.__pwned = 2">';
    const c8 = report.claims.find((c) => c.key === 'C8')!;
    c8.counterexample!.message = attack;
    report.claims[0]!.note = attack;
    const { page, problems } = await open(browser, renderHtml(report), 'hostile');
    expect(problems).toEqual(none);
    expect(await page.evaluate(PWNED)).toBeUndefined();
    expect(await page.locator('#claim-C8 .message').textContent()).toBe(attack);
    await page.close();
  });

  // A real campaign's report, not a fixture: real counterexamples carry fast-check paths of hundreds of
  // characters (C12's ~800), which a fixture with short paths never showed to overflow the page.
  describe('on the report of a real small campaign', () => {
    let html = '';
    beforeAll(async () => {
      const out = join(dir, 'campaign');
      const code = await main(['verify', '--claims', 'C4:refutable,C8,C12:refutableEmb,C13:refutable', '--runs', '100', '--workers', '0', '--out', out], () => undefined, () => undefined);
      expect(code).toBe(0);
      html = readFileSync(join(out, 'report.html'), 'utf8');
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { claims: { counterexample: { path: string } | null }[] };
      const longest = Math.max(...report.claims.map((c) => c.counterexample?.path.length ?? 0));
      expect(longest, 'the campaign must produce a long replay path for this test to mean anything').toBeGreaterThan(300);
    });

    it.each([1280, 390])('fits a %i px viewport: no horizontal scroll', async (width) => {
      const { page, problems } = await open(browser, html, `campaign-${width}`, width);
      expect(problems).toEqual(none);
      const overflow = (await page.evaluate(WIDEST)) as { fits: boolean; scrollWidth: number; widest: string };
      expect(overflow, `page ${overflow.scrollWidth} px wide in a ${width} px viewport; widest: ${overflow.widest}`).toMatchObject({ fits: true });
      if (width === 390) await page.screenshot({ path: join(REPORTS, 'screenshot-390.png'), fullPage: true });
      await page.close();
    });

    it('shows κ as κ (no CSS uppercase turning it into Κ)', async () => {
      const { page } = await open(browser, html, 'campaign-kappa');
      const labels = await page.locator('.metric .k').allInnerTexts();
      expect(labels).toContain('κ');
      expect(labels.join(' ')).not.toContain('Κ');
      await page.close();
    });
  });
});
