// Dependencies point one way: cli → campaign → claims → engine → matrix → wasm, with properties/ beside
// the claims layer. The property modules import src/, so src/ may reach them only through the one
// composition root, src/cli/catalogue-root.ts; everything else receives the catalogue as a parameter.
// This test reads every import of src/ and properties/ and names each one that points the wrong way.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The one module under src/ allowed to import properties/. */
const COMPOSITION_ROOT = 'src/cli/catalogue-root.ts';

/** Layers from the bottom; a module may import its own layer or a lower one. Unlisted folders are shared. */
const LAYERS: [string, (path: string) => boolean][] = [
  ['wasm', (p) => p.startsWith('src/wasm/')],
  ['matrix', (p) => p.startsWith('src/matrix/')],
  ['engine', (p) => p.startsWith('src/engine/')],
  ['claims', (p) => p === 'src/claims.ts' || p === 'src/catalogue.ts' || p.startsWith('properties/')],
  ['campaign', (p) => p.startsWith('src/campaign/')],
  ['cli', (p) => p.startsWith('src/cli/')],
];

function layer(path: string): number | null {
  const i = LAYERS.findIndex(([, has]) => has(path));
  return i < 0 ? null : i;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(join(ROOT, p)).isDirectory()) return sources(p);
    return /\.(ts|mts|mjs|js)$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative specifiers of static imports, re-exports, side-effect imports and literal dynamic imports. */
function importsOf(text: string): string[] {
  const re = /\b(?:import|export)\s[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  const out: string[] = [];
  for (const m of text.matchAll(re)) {
    const s = m[1] ?? m[2] ?? m[3];
    if (s?.startsWith('.')) out.push(s);
  }
  return out;
}

/** Every import of src/ and properties/ that breaks the direction, as 'from → to (why)'. */
function violations(files: { path: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { path, text } of files) {
    for (const spec of importsOf(text)) {
      const to = relative(ROOT, resolve(ROOT, dirname(path), spec)).replace(/\.js$/, '.ts');
      if (path.startsWith('src/') && to.startsWith('properties/') && path !== COMPOSITION_ROOT) {
        out.push(`${path} → ${to} (only ${COMPOSITION_ROOT} may import properties/)`);
        continue;
      }
      const from = layer(path), target = layer(to);
      if (target !== null && (from === null ? target >= 4 : target > from)) {
        out.push(`${path} → ${to} (${from === null ? dirname(path) : LAYERS[from]![0]} must not depend on ${LAYERS[target]![0]})`);
      }
    }
  }
  return out;
}

const tree = () => [...sources('src'), ...sources('properties')].map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));

describe('layering', () => {
  it('every import of src/ and properties/ points down the layers', () => {
    expect(violations(tree())).toEqual([]);
  });

  it('the composition root exists and is the one importing the catalogue', () => {
    const root = tree().find((f) => f.path === COMPOSITION_ROOT);
    expect(root && importsOf(root.text)).toContain('../../properties/catalogue.js');
  });

  it('reads the import forms the sources use', () => {
    const text = "import a from './a.js';\nimport type { B } from '../b.js';\nexport { c } from './c.js';\nimport './d.js';\nconst e = await import('./e.js');\nimport {\n  f,\n} from './f.js';\nimport fc from 'fast-check';";
    expect(importsOf(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js', './f.js']);
  });

  it('names a planted wrong-way import', () => {
    const planted = [
      { path: 'src/engine/rank.ts', text: "import { runCampaign } from '../campaign/campaign.js';" },
      { path: 'src/matrix/blas.ts', text: "import type { VerifyArgs } from '../cli/verify.js';" },
      { path: 'src/campaign/worker.ts', text: "import { CATALOGUE } from '../../properties/catalogue.js';" },
      { path: 'properties/c01-shift-invariance.ts', text: "import { runClaim } from '../src/campaign/run-claim.js';" },
      { path: 'src/report/write.ts', text: "import { exitFor } from '../cli/merge.js';" },
    ];
    expect(violations(planted)).toEqual([
      'src/engine/rank.ts → src/campaign/campaign.ts (engine must not depend on campaign)',
      'src/matrix/blas.ts → src/cli/verify.ts (matrix must not depend on cli)',
      `src/campaign/worker.ts → properties/catalogue.ts (only ${COMPOSITION_ROOT} may import properties/)`,
      'properties/c01-shift-invariance.ts → src/campaign/run-claim.ts (claims must not depend on campaign)',
      'src/report/write.ts → src/cli/merge.ts (src/report must not depend on cli)',
    ]);
  });
});
