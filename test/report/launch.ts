// The browser the report tests drive: the Chromium that `npm ci` installs (@sparticuz/chromium ships the
// binary inside its tarball and unpacks it into the temp dir on first use, 3–4 s), so the tests need nothing
// but npm. A system browser is used only when named: AON_BROWSER=<path to a chromium binary> npm test.
// Pinned at 147.0.0: the last release whose engines field accepts Node 20 (147.0.1+ and 153 need Node 22).
import type { Browser } from 'playwright-core';

export const BROWSER_ENV = 'AON_BROWSER';

/** Flags for a quiet, offline, sandbox-free headless run (CI containers run as root). */
const QUIET = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(): Promise<{ browser: Browser; which: string }> {
  const pw = await import('playwright-core');
  const named = process.env[BROWSER_ENV];
  if (named) {
    const browser = await pw.chromium.launch({ executablePath: named, args: QUIET, headless: true });
    return { browser, which: `${named} (from ${BROWSER_ENV})` };
  }
  const chromium = (await import('@sparticuz/chromium')).default;
  const executablePath = await chromium.executablePath();
  // Not chromium.args: they are tuned for serverless (--single-process closes the browser with its last page,
  // --disable-web-security would hide what the hostile-message test checks).
  const browser = await pw.chromium.launch({ executablePath, args: QUIET, headless: true });
  return { browser, which: `@sparticuz/chromium (${executablePath})` };
}
