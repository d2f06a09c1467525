// Streamed products and the whole blocked decision on small sizes against dense computations.
import { describe, it, expect, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { blockedProducts } from '../../src/engine/blocked/api.js';
import { blockedDecision } from '../../src/engine/blocked/decision.js';
import { sourceSpec, openSpec } from '../../src/io/stream/open.js';
import { FactorRows } from '../../src/engine/blocked/rows.js';
import { readModelFile } from '../../src/io/index.js';
import { loadCore } from '../../src/wasm/loader.js';
import { toPredictor } from '../../src/engine/load.js';
import { defaultEngine as engine } from '../../src/engine/index.js';
import { fromArray } from '../../src/matrix/create.js';
import { singularValues } from '../../src/matrix/decompose.js';
import { gamma } from '../../src/engine/blocked/floor.js';
import { writePairs, randomMatrix, rng } from './pairs.js';

const pairs = writePairs(31, 257, 6, 3, 100, 5);
// n = 8 < 1 + d + d̃ = 16: the joint R of [1 | F | F̃] is trapezoidal, and model B's own R takes the dense QR.
const short = writePairs(8, 257, 6, 3, 100, 6);
afterAll(() => { for (const p of [pairs, short]) rmSync(p.dir, { recursive: true, force: true }); });

function dense(path: string, which: 'F' | 'G0') {
  const s = openSpec(sourceSpec(path));
  const r = new FactorRows(s, which);
  const X = new Float64Array(r.count * r.d);
  r.read(0, r.count, X);
  s.close();
  return { rows: r.count, d: r.d, X };
}

describe('streamed products', () => {
  it('Y = G₀_A P_A − G₀_B P_B and its Frobenius norms match a plain product (same gemm per block: bitwise for Y)', async () => {
    const next = rng(4);
    const k = 4;
    const A = dense(pairs.a, 'G0'), B = dense(pairs.wider, 'G0');
    const PA = randomMatrix(A.d, k, next).data, PB = randomMatrix(B.d, k, next).data;
    const res = await blockedProducts(sourceSpec(pairs.a), sourceSpec(pairs.wider), 'G0', PA, PB, k, true, { blockRows: 50 });
    const Y = new Float64Array(A.rows * k), absSum = new Float64Array(A.rows * k);
    let a2 = 0, b2 = 0;
    for (let i = 0; i < A.rows; i++) for (let j = 0; j < k; j++) {
      let ya = 0, yb = 0, s = 0;
      for (let t = 0; t < A.d; t++) { ya += A.X[i * A.d + t]! * PA[t * k + j]!; s += Math.abs(A.X[i * A.d + t]! * PA[t * k + j]!); }
      for (let t = 0; t < B.d; t++) { yb += B.X[i * B.d + t]! * PB[t * k + j]!; s += Math.abs(B.X[i * B.d + t]! * PB[t * k + j]!); }
      Y[i * k + j] = ya - yb;
      absSum[i * k + j] = s;
      a2 += ya * ya;
      b2 += yb * yb;
    }
    // Each side is a dot product of length ≤ 9, summed in different orders here and in gemm: each result is
    // within γ_9 Σ|x_t p_t| of the exact value (Higham §3.1), then one subtraction (u relative): the two
    // computations differ by at most 2(γ_9 + u)·Σ|x_t p_t| + u·|Y|.
    for (let i = 0; i < Y.length; i++) {
      expect(Math.abs(res.Y![i]! - Y[i]!)).toBeLessThanOrEqual(2 * (gamma(9) + 2 ** -53) * absSum[i]! + 2 ** -52 * Math.abs(Y[i]!));
    }
    expect(res.a).toBeCloseTo(Math.sqrt(a2), 10);
    expect(res.b).toBeCloseTo(Math.sqrt(b2), 10);
    const two = await blockedProducts(sourceSpec(pairs.a), sourceSpec(pairs.wider), 'G0', PA, PB, k, true, { blockRows: 50, workers: 2 });
    expect(two.diff).toBe(res.diff);
    expect(Array.from(two.Y!)).toEqual(Array.from(res.Y!));
  });
});

describe('the blocked decision', () => {
  // Each model's own R comes from its column block of the joint R by one triangular-pentagonal step
  // (decision.ts ownR), or by a dense QR when that R is trapezoidal: either way its singular values are
  // those of the real F and G₀, to the QR's backward error.
  for (const [label, p] of [['full joint R', pairs], ['trapezoidal joint R (n = 8)', short]] as const) {
    it(`${label}: each model's own R has the singular values of its F and G₀`, async () => {
      const dec = await blockedDecision(sourceSpec(p.a), sourceSpec(p.wider), { blockTokens: 32, stepRows: 40 });
      const core = loadCore();
      core.scope(() => {
        dec.models.forEach((m, i) => {
          const path = i === 0 ? p.a : p.wider;
          for (const [which, R] of [['F', m.RF], ['G0', m.RG0]] as const) {
            const x = dense(path, which);
            const want = singularValues(fromArray(core, x.rows, x.d, x.X));
            const got = singularValues(fromArray(core, R.k, R.d, R.R.subarray(0, R.k * R.d)));
            const tol = 64 * (x.rows + x.d) * 2 ** -52 * (want[0] ?? 0);
            got.forEach((g, j) => expect(Math.abs(g - (want[j] ?? 0)), `${which} of model ${i + 1}, σ${j + 1}`).toBeLessThanOrEqual(tol));
          }
        });
      });
    });
  }

  for (const other of ['same', 'wider', 'different'] as const) {
    it(`${other}: the verdict and the ranks of the dense analysis`, async () => {
      const d = await blockedDecision(sourceSpec(pairs.a), sourceSpec(pairs[other]), { blockTokens: 32, stepRows: 40 });
      const core = loadCore();
      core.scope(() => {
        const A = engine.analyze(toPredictor(core, readModelFile(pairs.a)));
        const B = engine.analyze(toPredictor(core, readModelFile(pairs[other])));
        expect(d.equivalent).toBe(other !== 'different');
        d.models.forEach((m, i) => {
          const x = i === 0 ? A : B;
          expect([m.rankF, m.rankG0, m.r]).toEqual([x.rankF.rank, x.rankG0.rank, x.r]);
        });
      });
    });
  }
});
