// The audit and analyze pages in a real browser (the Chromium npm installs, or AON_BROWSER; see
// test/report/launch.ts), as the report's test: no console or page error, no request beyond the file, every card and plot visible, a
// hostile property name stays text, and the page fits a 1280-pixel window.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../report/launch.js';
import { readModelFile } from '../../src/io/index.js';
import { runAudit } from '../../src/cli/audit.js';
import { auditPage } from '../../src/cli/audit-html.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { spectraPage } from '../../src/cli/analyze-html.js';

const dir = mkdtempSync(join(tmpdir(), 'aon-audit-browser-'));
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

describe('audit and analyze pages in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    ({ browser } = await launchBrowser());
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function check(html: string, name: string, expectSvgs: number): Promise<void> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => { if (r.url() !== url) problems.push(`request ${r.url()}`); });
    await page.goto(url, { waitUntil: 'load' });
    expect(problems).toEqual([]);
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(expectSvgs);
    for (const svg of await page.locator('svg').all()) expect(await svg.isVisible()).toBe(true);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    await page.close();
  }

  it('the audit page of the real fixture (a hostile property name stays text)', async () => {
    const model = readModelFile('test/fixtures/real/ocr-small.safetensors');
    const report = runAudit(model, [
      { kind: 'unembedding-difference', name: HOSTILE, pairs: [[20, 46], [4, 30]] },
      { kind: 'steering', name: 'steer', v: Array.from({ length: 121 }, (_, i) => (i === 3 ? 1 : 0)) },
    ]);
    const html = auditPage(report);
    expect(html).not.toContain(HOSTILE);
    await check(html, 'audit', 4);
  });

  it('the analyze page: three spectra against their floors', async () => {
    await check(spectraPage(runAnalyze(readModelFile('test/fixtures/real/ocr-small.safetensors'))), 'analyze', 3);
  });
});
