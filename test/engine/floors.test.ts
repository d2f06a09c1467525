// Every floor of src/engine/tolerance.ts against measured errors on constructed cases: the measured error
// stays below the floor, and the floor is within a few decades of the largest measured error (a floor
// 10⁸ times too loose would make every decision vacuous near its threshold, which is as wrong as too tight).
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import { fromArray } from '../../src/matrix/create.js';
import { svd } from '../../src/matrix/decompose.js';
import { normFro } from '../../src/matrix/blas.js';
import { analyze } from '../../src/engine/analysis.js';
import { predictor } from '../../src/engine/predictor.js';
import { logOddsEntryCoefficient, svdBackwardCoefficient, unitRoundoff } from '../../src/engine/tolerance.js';
import { RationalMatrix } from '../../src/exact/index.js';
import { Rational } from '../../src/exact/rational.js';
import { mulberry32 } from '../../src/gen/prng.js';
import { roundTo } from '../hard-set/pairs.js';

const core = loadCore();
const toNum = (q: Rational): number => Number(q.toDecimal(30));

/** |computed − exact| / (‖f_x‖(‖g_y‖ + ‖g_y₀‖)) over every entry of L, and the same for the inputs rounded to `storage`. */
function logOddsErrors(n: number, V: number, d: number, scale: number, seed: number, storage: 'f64' | 'f32' | 'bf16') {
  const rng = mulberry32(seed);
  const exactF = Array.from({ length: n * d }, () => (rng() * 2 - 1) * scale);
  const exactG = Array.from({ length: V * d }, () => (rng() * 2 - 1) * scale);
  const F = exactF.map((x) => roundTo(storage, x)), G = exactG.map((x) => roundTo(storage, x));
  return core.scope(() => {
    const a = analyze(predictor(fromArray(core, n, d, F), fromArray(core, V, d, G), 0));
    // The exact log-odds of the unrounded model, in rationals.
    const XF = RationalMatrix.fromF64Array(n, d, exactF), XG = RationalMatrix.fromF64Array(V, d, exactG);
    let worst = 0;
    for (let x = 0; x < n; x++) {
      for (let y = 1; y < V; y++) {
        let s = Rational.ZERO;
        for (let j = 0; j < d; j++) s = s.add(XF.get(x, j).mul(XG.get(y, j).sub(XG.get(0, j))));
        const err = Math.abs((a.L.data[x * (V - 1) + y - 1] as number) - toNum(s));
        const bound = (a.fNorms[x] as number) * ((a.gNorms[y] as number) + (a.gNorms[0] as number));
        worst = Math.max(worst, err / bound);
      }
    }
    return worst;
  });
}

describe('the log-odds entry floor (logOddsEntryCoefficient)', () => {
  for (const storage of ['f64', 'f32', 'bf16'] as const) {
    it(`bounds the error of L computed from ${storage} inputs, within a few decades`, () => {
      const u = unitRoundoff(storage);
      let worstRatio = 0, tightest = Infinity;
      for (const [n, V, d, scale] of [[4, 5, 3, 1], [6, 7, 16, 1e3], [5, 6, 64, 1e-3], [3, 40, 8, 7]] as const) {
        const c = logOddsEntryCoefficient(d, u);
        for (let seed = 1; seed <= 3; seed++) {
          const measured = logOddsErrors(n, V, d, scale, seed * 31 + d, storage);
          expect(measured, `n ${n}, V ${V}, d ${d}`).toBeLessThanOrEqual(c);
          worstRatio = Math.max(worstRatio, measured / c);
          tightest = Math.min(tightest, c / Math.max(measured, 1e-300));
        }
      }
      // Within three decades of the worst measured error (random rounding errors grow like √d, the bound like d).
      expect(worstRatio).toBeGreaterThan(1e-3);
    });
  }
});

/** An exact orthogonal matrix: a product of reflections I − v vᵀ / 2 with v having four entries ±1. */
function exactOrthogonal(m: number, rng: () => number): number[][] {
  let Q: number[][] = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)));
  for (let k = 0; k < 6 && m >= 4; k++) {
    const idx = new Set<number>();
    while (idx.size < 4) idx.add(Math.floor(rng() * m));
    const v = new Array<number>(m).fill(0);
    for (const i of idx) v[i] = rng() < 0.5 ? -1 : 1;
    const H = v.map((vi, i) => v.map((vj, j) => (i === j ? 1 : 0) - (vi * vj) / 2));
    Q = Q.map((row) => H[0]!.map((_, j) => row.reduce((s, q, l) => s + q * (H[l]![j] as number), 0)));
  }
  return Q;
}

describe('the singular-value floor of a stored matrix (svdBackwardCoefficient)', () => {
  it('bounds |σ_computed − σ_exact| / ‖A‖_F on matrices with exactly known spectra, within a few decades', () => {
    const rng = mulberry32(77);
    let worst = 0;
    for (const [m, k] of [[8, 4], [16, 16], [32, 8], [64, 12], [128, 32]] as const) {
      const U = exactOrthogonal(m, rng), W = exactOrthogonal(k, rng);
      const s = Array.from({ length: k }, (_, i) => 2 ** -Math.floor(i * 40 / k));
      const A = Array.from({ length: m * k }, (_, idx) => {
        const i = Math.floor(idx / k), j = idx % k;
        let v = 0;
        for (let l = 0; l < k; l++) v += (U[i]![l] as number) * (s[l] as number) * (W[j]![l] as number);
        return v;
      });
      core.scope(() => {
        const M = fromArray(core, m, k, A);
        const sigma = Array.from(svd(M).S.data);
        const nF = normFro(M);
        const sorted = [...s].sort((a, b) => b - a);
        const err = Math.max(...sigma.map((x, i) => Math.abs(x - (sorted[i] as number)))) / nF;
        const floor = svdBackwardCoefficient(m, k);
        expect(err, `${m} × ${k}`).toBeLessThanOrEqual(floor);
        worst = Math.max(worst, err / floor);
      });
    }
    expect(worst).toBeGreaterThan(1e-4);
  });
});

describe('rank decisions against their floors (rank.ts, analysis.ts)', () => {
  it('a clean spectrum with σ_r/σ₁ = 2⁻³⁶ ≈ 1.5e-11 over rounding noise has rank r, conclusively', () => core.scope(() => {
    const n = 12, V = 10, r = 3;
    const rng = mulberry32(5);
    const alpha = Array.from({ length: n * r }, (_, i) => (Math.floor(rng() * 9) - 4 + (i % r === i % n ? 5 : 0)) * (i % r === r - 1 ? 2 ** -36 : 1));
    const G = Array.from({ length: V * r }, () => Math.floor(rng() * 9) - 4);
    const a = analyze(predictor(fromArray(core, n, r, alpha), fromArray(core, V, r, G), 0));
    expect(a.r).toBe(r);
    expect(a.rConclusive).toBe(true);
  }));

  it('a direction just above the floor makes r inconclusive rather than wrong', () => core.scope(() => {
    const n = 8, V = 8, d = 3;
    const rng = mulberry32(9);
    const F = Array.from({ length: n * d }, (_, i) => (rng() * 2 - 1) * (i % d === 2 ? 1e-13 : 1));
    const G = Array.from({ length: V * d }, () => rng() * 2 - 1);
    const a = analyze(predictor(fromArray(core, n, d, F), fromArray(core, V, d, G), 0));
    expect(a.rConclusive).toBe(false);
    expect(a.ambiguity.join(' ')).toMatch(/clear gap|floor/);
  }));
});
