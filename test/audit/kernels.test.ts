// The audit's dense kernels on the Wasm core (kernels.ts, relational-core.ts) against the JavaScript loops
// they replace at real sizes: the same numbers within the rounding bound each one derives, the same ranks.
import { describe, it, expect } from 'vitest';
import { dense } from '../../src/dense.js';
import { gaussian, mulberry32 } from '../../src/gen/prng.js';
import { coreMulABt, orthogonalFactor, worthCore } from '../../src/engine/audit/kernels.js';
import { mulABt, ModelView } from '../../src/engine/audit/model.js';
import { randomOrthogonal, randomInvertible } from '../../src/engine/audit/draws.js';
import { relationalFits } from '../../src/engine/audit/relational.js';
import { testModel } from './models.js';

const EPS = 2 ** -52;

function randomDense(rows: number, cols: number, seed: number) {
  const rng = mulberry32(seed);
  return dense(rows, cols, Array.from({ length: rows * cols }, () => gaussian(rng)));
}

describe('core kernels of the audit', () => {
  it('A Bᵀ on the core equals the JavaScript loop within γ_k Σ|a||b| per entry', () => {
    const a = randomDense(37, 53, 1), b = randomDense(29, 53, 2);
    const js = mulABt(a, b), wasm = coreMulABt(a, b);
    const k = a.cols, gamma = (2 * k * EPS) / (1 - 2 * k * EPS); // both orders err by ≤ γ_k Σ|a||b|
    for (let i = 0; i < a.rows; i++) {
      for (let j = 0; j < b.rows; j++) {
        let abs = 0;
        for (let t = 0; t < k; t++) abs += Math.abs((a.data[i * k + t] as number) * (b.data[j * k + t] as number));
        expect(Math.abs((wasm.data[i * b.rows + j] as number) - (js.data[i * b.rows + j] as number))).toBeLessThanOrEqual(gamma * abs);
      }
    }
  });

  it("the core's orthogonal factor is Gram–Schmidt's random orthogonal matrix from the same draws", () => {
    const d = 40;
    const Q = randomOrthogonal(d, mulberry32(7));
    const rng = mulberry32(7);
    const G = dense(d, d);
    for (let j = 0; j < d; j++) for (let i = 0; i < d; i++) G.data[i * d + j] = gaussian(rng);
    const Qc = orthogonalFactor(G);
    // ‖ΔQ‖ ≲ c d ε κ(G); a Gaussian 40 × 40 matrix has κ ≲ 1e4 with overwhelming probability: 1e4 · 40 · 40 ε ≈ 4e-9.
    let diff = 0;
    for (let i = 0; i < d * d; i++) diff = Math.max(diff, Math.abs((Q.data[i] as number) - (Qc.data[i] as number)));
    expect(diff).toBeLessThan(4e-9);
    expect(diff).toBeGreaterThan(0); // two computations, not one
  });

  it('randomInvertible at real size (core) gives a map and its inverse', () => {
    const d = 170;
    expect(worthCore(d, d, d)).toBe(true);
    const { A, Ainv } = randomInvertible(d, mulberry32(3), 1e3);
    const I = mulABt(A, { rows: d, cols: d, data: Ainv.data.map((_, idx) => Ainv.data[(idx % d) * d + Math.floor(idx / d)] as number) });
    // ‖A A⁻¹ − I‖ ≤ c d ε κ(A), κ ≤ 1e3.
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(Math.abs((I.data[i * d + j] as number) - (i === j ? 1 : 0))).toBeLessThan(1e3 * d * 1e3 * EPS);
  });

  it('the relational fits on the core agree with the JavaScript path (values within the fit floor, same ranks)', () => {
    const d = 150, n = 420, V = 200;
    const m = testModel('diverse', n, V, d, 5);
    const view = new ModelView(m.F, m.G, 0);
    const pairs = Array.from({ length: 200 }, (_, i): [number, number] => [i, i + 210]);
    expect(worthCore(pairs.length, d + 1, d + 1)).toBe(true);
    const js = relationalFits(view, pairs, 'js');
    const core = relationalFits(view, pairs);
    expect([core.rankEmb, core.rankStar]).toEqual([js.rankEmb, js.rankStar]);
    for (const k of ['condEmb', 'condStar'] as const) expect(Math.abs(core[k] - js[k]) / js[k]).toBeLessThan(1e-6);
    // relational.ts's floor for f64 input (u = ε): √d (u + d ε) cond; both paths' results lie within it of the exact one.
    for (const [k, cond] of [['emb', js.condEmb], ['ref', js.condEmb], ['star', js.condStar]] as const) {
      const floor = Math.sqrt(d) * (EPS + d * EPS) * cond;
      expect(Math.abs(core[k] - js[k]), `${k}: core ${core[k]}, js ${js[k]}, floor ${floor}`).toBeLessThanOrEqual(2 * floor);
      expect(core[k]).toBeGreaterThan(0.1); // a random relation does not fit: the comparison is not of two zeros
    }
  });

  it('a regressor with a dependent column is left to the JavaScript path (which drops it)', () => {
    const d = 150, n = 420, V = 200;
    const m = testModel('diverse', n, V, d, 6);
    for (let x = 0; x < n; x++) m.F.data[x * d + d - 1] = m.F.data[x * d] as number; // column d−1 = column 0
    const view = new ModelView(m.F, m.G, 0);
    const pairs = Array.from({ length: 200 }, (_, i): [number, number] => [i, i + 210]);
    const js = relationalFits(view, pairs, 'js');
    const auto = relationalFits(view, pairs);
    expect(js.rankEmb).toBe(d);
    expect(auto).toEqual(js);
  });
});

describe('projectedFit', () => {
  it('gives the residual Gram of lsq.ts for a tall problem too (m > k + p: R₂₂ square)', async () => {
    const { columnBasis, columnsOf, residual } = await import('../../src/engine/audit/lsq.js');
    const { projectedFit } = await import('../../src/engine/audit/kernels.js');
    const m = 90, k = 12, p = 7;
    const X = randomDense(m, k, 11), Y = randomDense(m, p, 12);
    const rows = (M: typeof X) => Array.from({ length: M.rows }, (_, i) => M.data.slice(i * M.cols, (i + 1) * M.cols));
    const { Q } = columnBasis(columnsOf(rows(X)), 1e-10);
    const R = columnsOf(rows(Y)).map((c) => residual(Q, c));
    const fit = projectedFit(X, Y);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let t = 0; t < m; t++) s += (R[i]![t] as number) * (R[j]![t] as number);
        // Both backward stable with κ(X) of a Gaussian 90 × 12 (≲ 10): entries of ‖Y‖² size agree to ≪ 1e-10.
        expect(Math.abs((fit.residualGram.data[i * p + j] as number) - s)).toBeLessThan(1e-10 * m);
      }
    }
  });
});

describe('StreamedView.fRows on the core', () => {
  it('equals fRow of each context within γ_d Σ|A_jt f_t|', async () => {
    const { StreamedView, GProducts } = await import('../../src/engine/audit/streamed.js');
    const { centredGram } = await import('../../src/engine/audit/covariance.js');
    const d = 170, n = 200, V = 200;
    const m = testModel('diverse', n, V, d, 9);
    const base = { n, V, d, pivot: 0, F: m.F, gRows: new Map(), gMean: new Float64Array(d), meanRowNorm: 1, K: centredGram(m.G), products: new GProducts(V) };
    const { A, Ainv } = randomInvertible(d, mulberry32(4), 1e3);
    const moved = new StreamedView(base).reparameterised(A, Ainv, 'test');
    const xs = Array.from({ length: 150 }, (_, i) => (i * 7) % n);
    expect(worthCore(xs.length, d, d)).toBe(true);
    const rows = moved.fRows(xs);
    const gamma = (2 * d * EPS) / (1 - 2 * d * EPS);
    xs.forEach((x, i) => {
      const one = moved.fRow(x), f = m.F.data.subarray(x * d, (x + 1) * d);
      for (let j = 0; j < d; j++) {
        let abs = 0;
        for (let t = 0; t < d; t++) abs += Math.abs((A.data[j * d + t] as number) * (f[t] as number));
        expect(Math.abs((rows[i]![j] as number) - (one[j] as number))).toBeLessThanOrEqual(gamma * abs);
      }
    });
  });
});
