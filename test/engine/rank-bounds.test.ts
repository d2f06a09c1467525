// Rank of L = F G₀ᵀ from the factors' spectra (engine/rank-bounds.ts): the intervals hold the product's
// singular values, and they settle a rank only when both ends clear the rule's margins.
import { describe, it, expect } from 'vitest';
import { productSpectrumBounds, relativeRankByBounds, settledRank, floorRankByBounds, FROM_BOUNDS } from '../../src/engine/rank-bounds.js';
import { decideFromSpectrum } from '../../src/engine/rank.js';
import { loadCore } from '../../src/wasm/loader.js';
import { fromArray } from '../../src/matrix/create.js';
import { singularValues, svdRight } from '../../src/matrix/decompose.js';
import { normFro } from '../../src/matrix/blas.js';
import { factorRanks, type FactorInput } from '../../src/engine/analysis.js';
import { mul } from '../../src/matrix/convenience.js';
import { rng, randomMatrix, matmul, type Dense } from '../blocked/pairs.js';

const RTOL = 1e-8;

describe('relativeRankByBounds (the blocked decision\'s rule)', () => {
  const full = [3, 2, 1.5, 1];
  const deficient = [2, 1, 1e-14, 1e-15];

  it('full-rank F with a rank-deficient G₀ settles rank G₀', () => {
    expect(relativeRankByBounds(full, deficient, 4, RTOL)).toBe(2);
  });

  it('and with the roles swapped', () => {
    expect(relativeRankByBounds(deficient, full, 4, RTOL)).toBe(2);
  });

  it('both full rank: r = d (the former fullRankByBound)', () => {
    expect(relativeRankByBounds(full, [2, 1.8, 1.2, 0.5], 4, RTOL)).toBe(4);
    // σ_d(F)/σ₁(F) · σ_d(G₀)/σ₁(G₀) just under 100 rtol: not settled.
    expect(relativeRankByBounds([1, 1, 1, 0.9e-3], [1, 1, 1, 1e-3], 4, RTOL)).toBeNull();
    expect(relativeRankByBounds([1, 1, 1, 1.1e-3], [1, 1, 1, 1e-3], 4, RTOL)).toBe(4);
  });

  it('both rank-deficient: no lower bound beyond the noise, null', () => {
    expect(relativeRankByBounds([3, 2, 1e-14, 1e-15], [2, 1, 1e-14, 0], 4, RTOL)).toBeNull();
    // A factor with fewer than d singular values (n < d) gives no lower bound either.
    expect(relativeRankByBounds([3, 2], deficient, 4, RTOL)).toBeNull();
  });

  it('a factor with fewer than d values against a full-rank one: its own rank', () => {
    expect(relativeRankByBounds([3, 2], full, 4, RTOL)).toBe(2);
  });

  it('near the threshold: null', () => {
    // σ₃(L) ∈ [1 · σ₃(G₀), 3 · σ₃(G₀)] against the reference 6: on the threshold 1e-8 at σ₃(G₀) = 2e-8.
    for (const s3 of [2e-8, 6e-8, 1e-9, 3e-10]) {
      expect(relativeRankByBounds(full, [2, 1, s3, 1e-15], 4, RTOL), `σ₃(G₀) = ${s3}`).toBeNull();
    }
    // Clear of the band on both sides: settled.
    expect(relativeRankByBounds(full, [2, 1, 1e-5, 1e-15], 4, RTOL)).toBe(3);
    expect(relativeRankByBounds(full, [2, 1, 1e-11, 1e-15], 4, RTOL)).toBe(2);
  });

  it('a zero factor: rank 0', () => {
    expect(relativeRankByBounds([0, 0, 0], [1, 1, 1], 3, RTOL)).toBe(0);
  });
});

describe('settledRank with the floor rule (analysis.ts rankOfL)', () => {
  const rule = (floor: number) => (s: number[]) => decideFromSpectrum(s, floor, 1, 1);
  it('settles where both ends clear RANK_GAP above and FLOOR_MARGIN below the floor', () => {
    const b = productSpectrumBounds([3, 2, 1.5, 1], [2, 1, 1e-14, 1e-15], 4);
    expect(settledRank(b, rule(1e-10))).toBe(2);
    // σ₂(L) ≥ 1 is only 50× the floor 0.02: the lower end is not conclusive.
    expect(settledRank(b, rule(0.02))).toBeNull();
    // σ₃(L) ≤ 3e-14 (1 + slack) is not 10× under the floor 1e-13.
    expect(settledRank(b, rule(1e-13))).toBeNull();
  });

  it('floorRankByBounds: the lower ends\' decision, with no σ and where it came from', () => {
    const d = floorRankByBounds([3, 2, 1.5, 1], [2, 1, 1e-14, 1e-15], 4, 1e-10, 1);
    expect(d).toMatchObject({ rank: 2, conclusive: true, sigma: [], from: FROM_BOUNDS });
    // σ₂(L) ≥ 1·1 (1 − slack) over the floor: the smallest gap the intervals allow.
    expect(d!.gap).toBeCloseTo(1e10, -2);
    expect(floorRankByBounds([3, 2, 1.5, 1], [2, 1, 1e-14, 1e-15], 4, 0.02, 1)).toBeNull();
  });
});

describe('productSpectrumBounds', () => {
  // F: n × d of full column rank, G₀: V × d of rank k (and the roles swapped): every σᵢ(F G₀ᵀ) of the
  // computed product lies in its interval, which for these well-conditioned factors is also not vacuous.
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`holds the singular values of F G₀ᵀ (seed ${seed})`, () => {
      const next = rng(seed);
      const n = 12, V = 15, d = 6, k = 1 + (seed % 5);
      const F = randomMatrix(n, d, next);
      const G = matmul(randomMatrix(V, k, next), randomMatrix(k, d, next));
      const core = loadCore();
      core.scope(() => {
        const Fm = fromArray(core, n, d, F.data), Gm = fromArray(core, V, d, G.data);
        const sF = singularValues(Fm), sG = singularValues(Gm);
        const sL = singularValues(mul(Fm, Gm, { transB: true }));
        for (const [sX, sY] of [[sF, sG], [sG, sF]] as const) {
          const b = productSpectrumBounds(sX, sY, d);
          expect(b.lower.length).toBe(d);
          // Rounding of the computed σ(L): a few ulps of σ₁(L), far inside any margin that matters.
          const tol = 64 * 2 ** -52 * (sL[0] as number);
          sL.slice(0, d).forEach((s, i) => {
            expect(s, `σ${i + 1}`).toBeGreaterThanOrEqual((b.lower[i] as number) - tol);
            expect(s, `σ${i + 1}`).toBeLessThanOrEqual((b.upper[i] as number) + tol);
          });
          // The top k intervals are within a factor cond(F) of each other, not vacuous.
          for (let i = 0; i < k; i++) expect(b.lower[i]).toBeGreaterThan(0);
          expect(relativeRankByBounds(sX, sY, d, RTOL)).toBe(k);
        }
      });
    });
  }
});

describe('analysis rank L from spectra handed in without σ(L) (rankOfL)', () => {
  // The blocked path hands in the factors' SVDs; without σ(L) rank L comes from the bounds when they
  // settle it at floorL, else from the middle factor's SVD: in both cases the decision σ(L) gives.
  const d = 6;
  function ranks(F: Dense, G: Dense, withL: boolean) {
    const core = loadCore();
    return core.scope(() => {
      const Fm = fromArray(core, F.rows, d, F.data), Gm = fromArray(core, G.rows, d, G.data);
      const spectrum = (m: typeof Fm) => { const { S, V } = svdRight(m); return { sigma: Array.from(S.toFloat64Array()), V }; };
      const nG = normFro(Gm);
      const x: FactorInput = {
        F: Fm, G0: Gm, n: F.rows, V: G.rows + 1, pivot: G.rows,
        norms: { F: normFro(Fm), G0: nG, g0Abs: nG, gPivot: 0 },
        precision: { F: 2 ** -53, G: 2 ** -53 },
        svd: { F: spectrum(Fm), G0: spectrum(Gm), ...(withL ? { L: singularValues(mul(Fm, Gm, { transB: true })) } : {}) },
      };
      const { rankL } = factorRanks(x);
      return { rank: rankL.rank, conclusive: rankL.conclusive, from: rankL.from, computed: rankL.sigma.length > 0 };
    });
  }
  const lowRank = (rows: number, k: number, next: () => number) => matmul(randomMatrix(rows, k, next), randomMatrix(k, d, next));

  it('full-rank F, rank-3 G₀: settled by the bounds, as σ(L) settles it', () => {
    const next = rng(7);
    const F = randomMatrix(20, d, next), G = lowRank(30, 3, next);
    const byBounds = ranks(F, G, false), bySvd = ranks(F, G, true);
    expect(byBounds).toMatchObject({ rank: 3, conclusive: true, computed: false });
    expect(byBounds.from).toMatch(/bounds/);
    expect([bySvd.rank, bySvd.conclusive, bySvd.from]).toEqual([3, true, undefined]);
  });

  it('both rank-deficient: not settled by the bounds, the middle SVD decides', () => {
    const next = rng(8);
    const F = lowRank(20, 4, next), G = lowRank(30, 3, next);
    const r = ranks(F, G, false);
    expect(r).toEqual({ rank: 3, conclusive: true, from: undefined, computed: true });
  });

  it('full-rank F too ill-conditioned for the floor: the middle SVD decides', () => {
    const next = rng(9);
    const F = randomMatrix(20, d, next), G = lowRank(30, 3, next);
    // σ_d(F) ≈ 1e-13 σ₁(F): σ_d(F) σ₃(G₀) is under RANK_GAP × floorL, so the lower ends do not settle rank 3.
    for (let i = 0; i < F.rows; i++) F.data[i * d + d - 1]! *= 1e-13;
    const r = ranks(F, G, false);
    expect(r).toMatchObject({ rank: 3, from: undefined, computed: true });
    expect(r.conclusive).toBe(ranks(F, G, true).conclusive);
  });
});
