#!/usr/bin/env node
// Runs the conformance vectors in every runtime found here and prints runtime × build → pass / FAIL /
// skipped (reason).    node conformance/run.mjs [--json FILE] [--only node,bun,…]
// Exit 1 when a cell fails, or when CI=true and a cell is skipped that conformance/unavailable.json does
// not list. Runtimes come from devDependencies (@oven/bun-linux-x64, @deno/linux-x64-glibc,
// puppeteer-core) and Debian (chromium, firefox-esr, wabt + a C compiler); conformance/install.sh
// installs them. Overrides: BUN, DENO, CHROMIUM, FIREFOX, WASM2C, CC; CONFORMANCE_MODULES (extra
// node_modules folders, colon-separated, searched after the repository's own).
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const vectorsPath = join(here, 'vectors', 'v1.json');
const BUILDS = ['release', 'scalar'];
const wasmPath = (b) => join(root, 'build', `${b}.wasm`);

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const jsonOut = opt('--json');
const only = opt('--only')?.split(',');
const CI = process.env.CI === 'true';
const TIMEOUT = 180_000;

// ---------------------------------------------------------------- locating things
const require = createRequire(import.meta.url);
const moduleDirs = [join(root, 'node_modules'), ...(process.env.CONFORMANCE_MODULES ?? '').split(':').filter(Boolean)];
function findPackageFile(pkg, file) {
  for (const dir of moduleDirs) {
    const p = join(dir, pkg, file);
    if (existsSync(p)) return p;
  }
  return null;
}
function which(cmd) {
  if (cmd.includes('/')) return existsSync(cmd) ? cmd : null;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, cmd);
    try {
      if (statSync(p).isFile()) return p;
    } catch {}
  }
  return null;
}
const firstOf = (...xs) => xs.find(Boolean) ?? null;

// ---------------------------------------------------------------- result plumbing
function parseResults(stdout) {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}
function spawnJson(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: TIMEOUT, maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  const results = parseResults(r.stdout ?? '');
  if (results.length === 0) throw new Error(`${cmd} exited ${r.status}: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ')}`);
  return results;
}
const cells = []; // { runtime, build, status: 'pass'|'fail'|'skipped', reason?, result? }
function record(runtime, build, result) {
  const status = result.failed === 0 && result.passed > 0 ? 'pass' : 'fail';
  cells.push({ runtime, build, status, version: result.runtime, result });
}
function skip(runtime, build, reason) {
  cells.push({ runtime, build, status: 'skipped', reason });
}
function failAll(runtime, builds, err) {
  for (const b of builds) cells.push({ runtime, build: b, status: 'fail', reason: String(err?.message ?? err).slice(0, 300) });
}

// ---------------------------------------------------------------- command-line runtimes
function cliRuntime(name, exe, pre) {
  if (!exe) {
    for (const b of BUILDS) skip(name, b, `${name} not found (${name === 'bun' ? '@oven/bun-linux-x64' : '@deno/linux-x64-glibc'} not installed; run conformance/install.sh)`);
    return;
  }
  const pairs = BUILDS.map((b) => `${b}=${wasmPath(b)}`);
  try {
    const results = spawnJson(exe, [...pre, join(here, 'runners', 'cli.mjs'), vectorsPath, ...pairs], {
      cwd: root,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    for (const r of results) record(name, r.build, r);
  } catch (e) {
    failAll(name, BUILDS, e);
  }
}

// ---------------------------------------------------------------- browsers
function serve() {
  const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = normalize(join(root, decodeURIComponent(url.pathname)));
    const allowed = [join(root, 'conformance') + sep, join(root, 'build') + sep].some((d) => file.startsWith(d));
    if (!allowed || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    const ext = file.slice(file.lastIndexOf('.'));
    res.writeHead(200, { 'content-type': types[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function browserRuntime(name, exe, puppeteer, server) {
  if (!exe) {
    for (const b of BUILDS) skip(name, b, `${name === 'chromium' ? 'chromium' : 'firefox-esr'} not installed (apt-get install -y ${name === 'chromium' ? 'chromium' : 'firefox-esr'})`);
    return;
  }
  if (!puppeteer) {
    for (const b of BUILDS) skip(name, b, 'puppeteer-core not installed');
    return;
  }
  let browser;
  const profile = mkdtempSync(join(tmpdir(), `aon-${name}-`));
  try {
    browser =
      name === 'firefox'
        ? await puppeteer.launch({ browser: 'firefox', protocol: 'webDriverBiDi', executablePath: exe, headless: true, userDataDir: profile, timeout: 60_000 })
        : await puppeteer.launch({ executablePath: exe, headless: true, userDataDir: profile, timeout: 60_000, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check'] });
    const version = `${name} ${(await browser.version()).replace(/^[^/]*\//, '')}`;
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const port = server.address().port;
    const q = BUILDS.map((b) => `build=${b}`).join('&') + `&runtime=${encodeURIComponent(version)}`;
    await page.goto(`http://127.0.0.1:${port}/conformance/browser/index.html?${q}`, { timeout: 60_000 });
    await page.waitForFunction(() => window.__conformance !== undefined, { timeout: TIMEOUT, polling: 100 });
    const results = await page.evaluate(() => window.__conformance);
    if (!Array.isArray(results)) throw new Error(`page failed: ${JSON.stringify(results)} ${errors.join(' ')}`);
    for (const r of results) record(name, r.build, r);
  } catch (e) {
    failAll(name, BUILDS, e);
  } finally {
    if (browser) await browser.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- C host (wasm2c + wasm-rt)
function cHost() {
  const name = 'c';
  const wasm2c = process.env.WASM2C ?? which('wasm2c');
  const cc = process.env.CC ?? firstOf(which('cc'), which('gcc'), which('clang'));
  const rtDir = ['/usr/share/wabt/wasm2c', '/usr/src/wasm2c', '/usr/local/share/wabt/wasm2c'].find((d) => existsSync(join(d, 'wasm-rt-impl.c')));
  if (!wasm2c || !cc || !rtDir) {
    const missing = [!wasm2c && 'wasm2c', !cc && 'a C compiler', !rtDir && "wabt's wasm-rt-impl.c"].filter(Boolean).join(', ');
    for (const b of BUILDS) skip(name, b, `${missing} not found (apt-get install -y wabt gcc)`);
    return;
  }
  const wabtVersion = spawnSync(wasm2c, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const work = mkdtempSync(join(tmpdir(), 'aon-c-'));
  try {
    spawnSync(process.execPath, [join(here, 'c', 'to-c.mjs'), work, ...BUILDS], { stdio: 'inherit' });
    for (const build of BUILDS) {
      const dir = join(work, build);
      spawnSync('mkdir', ['-p', dir]);
      const t = spawnSync(wasm2c, [wasmPath(build), '-n', 'core', '-o', join(dir, 'core.c')], { encoding: 'utf8' });
      if (t.status !== 0) {
        const simd = build === 'release';
        skip(name, build, simd ? `wasm2c ${wabtVersion} cannot translate SIMD (exit ${t.status ?? t.signal}); the C host runs the scalar build` : `wasm2c failed: ${t.stderr.trim().slice(0, 200)}`);
        continue;
      }
      const exe = join(dir, 'host');
      const c = spawnSync(cc, ['-O1', '-ffp-contract=off', '-w', `-I${dir}`, `-I${join(here, 'c')}`, `-I${rtDir}`, join(here, 'c', 'host.c'), join(dir, 'core.c'), join(work, 'dispatch.c'), join(rtDir, 'wasm-rt-impl.c'), '-lm', '-o', exe], { encoding: 'utf8', timeout: TIMEOUT });
      if (c.status !== 0) {
        failAll(name, [build], new Error(`C compile failed: ${c.stderr.trim().split('\n').slice(0, 5).join(' | ')}`));
        continue;
      }
      const ccVersion = spawnSync(cc, ['-dumpfullversion'], { encoding: 'utf8' }).stdout.trim();
      try {
        const [r] = spawnJson(exe, [join(work, `vectors-${build}.txt`), build, `c (wasm2c ${wabtVersion}, ${cc.split('/').pop()} ${ccVersion})`]);
        record(name, build, r);
      } catch (e) {
        failAll(name, [build], e);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main
const t0 = Date.now();
const want = (n) => !only || only.includes(n);
if (want('node')) cliRuntime('node', process.execPath, []);
if (want('bun')) cliRuntime('bun', process.env.BUN ?? findPackageFile('@oven/bun-linux-x64', 'bin/bun'), []);
if (want('deno')) cliRuntime('deno', process.env.DENO ?? findPackageFile('@deno/linux-x64-glibc', 'deno'), ['run', '--allow-read', '--no-lock', '--no-config']);
if (want('chromium') || want('firefox')) {
  let puppeteer = null;
  const entry = findPackageFile('puppeteer-core', 'package.json');
  if (entry) {
    const req = createRequire(entry);
    const mod = await import(pathToFileURL(req.resolve('puppeteer-core')).href);
    puppeteer = mod.default ?? mod;
  }
  const server = await serve();
  try {
    if (want('chromium')) await browserRuntime('chromium', process.env.CHROMIUM ?? firstOf(which('chromium'), which('chromium-browser')), puppeteer, server);
    if (want('firefox')) await browserRuntime('firefox', process.env.FIREFOX ?? firstOf(which('firefox-esr'), which('firefox')), puppeteer, server);
  } finally {
    await new Promise((ok) => server.close(ok));
  }
}
if (want('c')) cHost();

// Cross-runtime agreement is implied by every cell matching the same golden bits; check the counts too.
const unavailable = existsSync(join(here, 'unavailable.json')) ? JSON.parse(readFileSync(join(here, 'unavailable.json'), 'utf8')).cells ?? {} : {};
let exit = 0;
const rows = [];
for (const c of cells) {
  let verdict;
  if (c.status === 'pass') verdict = `pass  ${c.result.passed}/${c.result.passed + c.result.failed}`;
  else if (c.status === 'fail') {
    exit = 1;
    const f = c.result?.failures?.[0];
    verdict = c.result ? `FAIL  ${c.result.failed} of ${c.result.passed + c.result.failed}; first: ${f?.case} ${f?.what} expected ${f?.expected} got ${f?.got}` : `FAIL  ${c.reason}`;
  } else {
    const documented = unavailable[`${c.runtime}/${c.build}`];
    if (CI && !documented) exit = 1;
    verdict = `skipped: ${c.reason}${documented ? ' [documented in unavailable.json]' : CI ? ' [not documented: fails under CI]' : ''}`;
  }
  rows.push([c.runtime, c.build, c.version ?? '', verdict]);
}
const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['runtime', 'build', 'version'][i].length));
const line = (r) => r.map((x, i) => (i < 3 ? x.padEnd(w[i]) : x)).join('  ');
console.log(line(['runtime', 'build', 'version', 'result']));
console.log(line(w.map((n) => '-'.repeat(n)).concat('-'.repeat(6))));
for (const r of rows) console.log(line(r));
const nPass = cells.filter((c) => c.status === 'pass').length;
const nFail = cells.filter((c) => c.status === 'fail').length;
const nSkip = cells.filter((c) => c.status === 'skipped').length;
console.log(`conformance: ${nPass} passed, ${nFail} failed, ${nSkip} skipped (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
if (jsonOut) {
  writeFileSync(jsonOut, JSON.stringify({ vectors: 'conformance/vectors/v1.json', ci: CI, exit, cells }, null, 2) + '\n');
}
process.exit(exit);
