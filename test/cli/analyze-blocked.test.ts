// `aon analyze --blocked` (the real-size path: R factors by TSQR, SVDs of the small factors, no L)
// against the dense analyze on small files: the same ranks, r, diversity, junk dimensions and
// conclusiveness, the same floors and spectra to rounding, JSON of the same shape (the schema), an
// export of the same arrays and shapes, and "too large" (exit 2) before any work where d is beyond the
// SVD limit.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';
import { writeModelSafetensors, readModelFile } from '../../src/io/index.js';
import { readZipDirectory, readZipEntry } from '../../src/io/zip.js';
import { parseNpy } from '../../src/io/npy.js';
import { hardSet } from '../hard-set/pairs.js';
import { testModel } from '../audit/models.js';
import { writeModel, randomMatrix, rng } from '../blocked/pairs.js';

const dir = mkdtempSync(join(tmpdir(), 'aon-analyze-blocked-'));
const REAL = 'test/fixtures/real/ocr-small.safetensors';
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync('schemas/analyze.schema.json', 'utf8')));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(args, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

const decisions = (j: Record<string, any>) => ({
  shape: [j.n, j.V, j.d, j.pivot, j.dtype, j.unitRoundoff],
  ranks: [j.rankF, j.rankG0, j.rankL, j.r], diverse: [j.fDiverse, j.gDiverse], junk: j.junk, conclusive: j.conclusive,
  perRank: ['F', 'G0', 'L'].map((k) => [j.spectra[k].rank, j.spectra[k].conclusive]),
});

/**
 * Floors agree to rounding of the norms they are made of; singular values within the sum of the two
 * floors (each bounds how far rounding moved its path's σ from the exact one; the paths factor differently).
 */
function closeSpectra(b: Record<string, any>, d: Record<string, any>): void {
  for (const k of ['F', 'G0', 'L']) {
    const sb = b.spectra[k], sd = d.spectra[k];
    expect(sb.floor / sd.floor, `${k} floor`).toBeCloseTo(1, 6);
    expect(sb.sigma.length, `${k} spectrum length`).toBe(sd.sigma.length);
    sd.sigma.forEach((s: number, i: number) => expect(Math.abs(sb.sigma[i] - s), `${k} σ_${i + 1}`).toBeLessThanOrEqual(sb.floor + sd.floor));
  }
}

function shapes(file: string): Record<string, number[]> {
  const bytes = new Uint8Array(readFileSync(file));
  const out: Record<string, number[]> = {};
  for (const e of readZipDirectory(bytes, file)) out[e.name] = parseNpy(readZipEntry(bytes, e, file, 1e9), file, e.name).shape;
  return out;
}

async function both(file: string) {
  const dense = await run('analyze', file, '--json');
  const blocked = await run('analyze', file, '--json', '--blocked', '--workers', '1');
  return { dense: { code: dense.code, j: JSON.parse(dense.out) }, blocked: { code: blocked.code, j: JSON.parse(blocked.out) } };
}

const models: [string, string][] = [];
models.push(['the real fixture (PP-OCRv4, f32)', REAL]);
for (const [kind, n, V, d] of [['no-f-diversity', 20, 10, 4], ['no-g-diversity', 12, 9, 5], ['diverse', 15, 11, 4]] as const) {
  const f = join(dir, `${kind}.safetensors`);
  const m = testModel(kind, n, V, d, 1);
  writeModelSafetensors(f, m.F, m.G, 0);
  models.push([`generated ${kind}`, f]);
}
hardSet(5, 1).filter((p) => p.perturbation === 0 && p.a.dtype === 'f64' && p.regime !== 'same file').forEach((p, i) => {
  const f = join(dir, `hard${i}.safetensors`);
  writeModelSafetensors(f, p.b.F, p.b.G, p.b.pivot);
  models.push([`hard set ${p.regime}`, f]);
});

describe('aon analyze --blocked agrees with the dense analyze', () => {
  for (const [name, file] of models) {
    it(name, async () => {
      const { dense, blocked } = await both(file);
      expect(blocked.code).toBe(dense.code);
      expect(validate(blocked.j), JSON.stringify(validate.errors)).toBe(true);
      expect(Object.keys(blocked.j).sort()).toEqual(Object.keys(dense.j).sort());
      expect(decisions(blocked.j)).toEqual(decisions(dense.j));
      closeSpectra(blocked.j, dense.j);
    });
  }

  it('exports the same arrays with the same shapes (α, β on the real rows)', async () => {
    const f = models[1]![1];
    const a = join(dir, 'dense.npz'), b = join(dir, 'blocked.npz');
    await run('analyze', f, '--export', a);
    await run('analyze', f, '--export', b, '--blocked', '--workers', '2');
    const A = shapes(a), B = shapes(b);
    expect(B).toEqual(A);
    const m = readModelFile(f);
    expect(B['alpha.npy']![0]).toBe(m.F.rows);
    expect(B['beta.npy']![0]).toBe(m.G.rows - 1);
  });

  it('beyond the SVD limit: exit 2 naming d and the limit, before any work', async () => {
    const f = writeModel(join(dir, 'wide.safetensors'), randomMatrix(2, 2049, rng(1)), randomMatrix(3, 2049, rng(2)), 0);
    const r = await run('analyze', f, '--blocked');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/2049/);
    expect(r.err).toMatch(/2048/);
  });
});
