// The package as a user gets it: `npm pack` (which runs prepare, the build), the tarball installed into an
// empty project, then the README's library example verbatim, `npx aon compare` on two model files,
// `npx aon verify --claims C1 --runs 50` and `npx aon version`. Runs in `npm run test:long` (CI), not in
// `npm test`: packing rebuilds the Wasm and TypeScript (~1 min). Dependencies come from the npm cache
// when they are there (--prefer-offline), else from the registry.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'aon-pack-'));
const project = join(work, 'project');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The README's "Using the core from TypeScript" block, exactly as written. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the core from TypeScript'));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README.md: no ```ts block under "Using the core from TypeScript"');
  return m[1]!;
}

let tarball = '';
let files: string[] = [];

beforeAll(() => {
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT)) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed[0]!.filename);
  files = packed[0]!.files.map((f) => f.path);
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'aon-pack-check', private: true, type: 'module' }));
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], project);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: project, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });

describe('the packed tarball, installed into an empty project', () => {
  it('holds the compiled code, both Wasm builds, the schemas, the README, the licence and the theory', () => {
    for (const f of ['build/release.wasm', 'build/scalar.wasm', 'dist/src/index.js', 'dist/src/cli/main.js', 'schemas/report.schema.json', 'README.md', 'LICENSE', 'docs/theory.md', 'bin/aon.js']) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.wat'))).toBe(false);
  });

  it("runs the README's library example verbatim", () => {
    writeFileSync(join(project, 'example.mjs'), readmeExample());
    const r = run(process.execPath, ['example.mjs']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // A·Aᵀ of [[1,2],[3,4],[5,6]]: its first row is 5, 11, 17.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('[ 5, 11, 17 ]');
  });

  it('npx aon compare on two equivalent model files exits 0', () => {
    writeFileSync(join(project, 'a.json'), JSON.stringify({ F: [[1, 0.5], [-0.25, 2], [1.5, -1], [0.75, 0.125]], G: [[0, 0], [1, -0.5], [0.25, 1], [-1, 0.75]], pivot: 0 }));
    // The same predictor in other coordinates: F·diag(2, 1/2), G·diag(1/2, 2).
    writeFileSync(join(project, 'b.json'), JSON.stringify({ F: [[2, 0.25], [-0.5, 1], [3, -0.5], [1.5, 0.0625]], G: [[0, 0], [0.5, -1], [0.125, 2], [-0.5, 1.5]], pivot: 0 }));
    const r = run('npx', ['--no-install', 'aon', 'compare', 'a.json', 'b.json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('npx aon verify --claims C1 --runs 50 writes its reports and exits 0', () => {
    const r = run('npx', ['--no-install', 'aon', 'verify', '--claims', 'C1', '--runs', '50', '--out', 'reports']);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['report.json', 'report.md', 'report.html']) expect(existsSync(join(project, 'reports', f)), f).toBe(true);
  });

  it('npx aon version names the tool, the ABI and the Wasm build', () => {
    const r = run('npx', ['--no-install', 'aon', 'version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^all-or-none \d+\.\d+\.\d+\nABI \d+/);
    expect(r.stdout).toMatch(/wasm build\/(release|scalar)\.wasm \((SIMD|scalar)\), sha256 [0-9a-f]{64}/);
  });
});
