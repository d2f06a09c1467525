// Exact certifiers of C17's and C18's refutable parts (src/certify/approximate-exact.ts). The campaign's
// counterexamples are certified and recorded as counterexample-certified; each rational bound the
// certificates rest on is checked against the quantity it bounds (a σ_k² lower bound below the SVD's σ_k²,
// an e^x upper bound above Math.exp, a KL upper bound above the KL computed by log-sum-exp), and inputs
// that are not counterexamples are not certified.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { runClaim } from '../../src/campaign/run-claim.js';
import { buildRecord } from '../../src/campaign/record.js';
import { loadCore } from '../../src/wasm/loader.js';
import { DEFAULT_TOLERANCES } from '../../src/engine/tolerance.js';
import { CATALOGUE } from '../../properties/catalogue.js';
import { dense } from '../../src/dense.js';
import { svd } from '../../src/matrix/decompose.js';
import { fromArray } from '../../src/matrix/create.js';
import { Rational, RationalMatrix } from '../../src/exact/index.js';
import { mulberry32, gaussian } from '../../src/gen/prng.js';
import {
  certifyKlNotControlling, certifyNaiveBound, elementarySymmetric, expUpper, meanKlUpper, smallestNonzeroSigma2Lower,
} from '../../src/certify/approximate-exact.js';

const core = loadCore();
const entry = (key: string) => CATALOGUE.find((e) => e.key === key)!;

describe('refutable parts: the campaign counterexample is certified exactly', () => {
  for (const key of ['C17:refutable', 'C18:refutable']) {
    it(key, () => {
      const e = entry(key);
      const r = runClaim(e.claim, { core });
      expect(r.status).toBe('counterexample-found');
      const cert = e.claim.certify!(r.counterexample);
      expect(cert.method).toBe('exact-rational');
      expect(cert.verified, cert.note).toBe(true);
      const record = buildRecord(e, r, e.claim.budget.numRuns, core, DEFAULT_TOLERANCES);
      expect(record.status).toBe('counterexample-certified');
    });
  }
});

/** A rows × cols integer matrix of rank ≤ k (a product of integer factors). */
const lowRank = (rows: number, cols: number, k: number, seed: number) => {
  const rng = mulberry32(seed);
  const int = () => Math.round(3 * gaussian(rng));
  const A = Array.from({ length: rows * k }, int), B = Array.from({ length: k * cols }, int);
  const X = dense(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) for (let t = 0; t < k; t++) X.data[i * cols + j] = X.data[i * cols + j]! + A[i * k + t]! * B[t * cols + j]!;
  return X;
};

describe('the rational bounds', () => {
  it('e_k: the elementary symmetric functions of the eigenvalues (diag(1, 2, 3): 6, 11, 6; e_m = det)', () => {
    const D = RationalMatrix.fromRows([[1, 0, 0], [0, 2, 0], [0, 0, 3]]);
    expect([1, 2, 3].map((k) => elementarySymmetric(D, k).toString())).toEqual(['6', '11', '6']);
    const A = RationalMatrix.fromRows([[2, -1, 3], [0, 5, 1], [4, 1, -2]]);
    expect(elementarySymmetric(A, 3).eq(A.det())).toBe(true);
  });

  it('λ = e_k / tr^{k−1} ≤ σ_k² for matrices of rank k (checked against the SVD)', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer(), (rows, cols, k0, seed) => {
      const X = lowRank(rows, cols, Math.min(k0, cols), seed);
      const R = RationalMatrix.fromF64Array(rows, cols, X.data);
      const k = R.rank();
      if (k === 0) return;
      const lambda = smallestNonzeroSigma2Lower(R, k).toF64();
      const s = core.scope(() => Array.from(svd(fromArray(core, rows, cols, X.data)).S.toFloat64Array()));
      const sk = s[k - 1]!;
      expect(lambda).toBeGreaterThan(0);
      // The SVD's σ_k is within ~1e−15 σ₁ of the true one; λ must not exceed it beyond that.
      expect(lambda).toBeLessThanOrEqual(sk * sk + 1e-12 * s[0]! * s[0]!);
    }), { numRuns: 200, seed: 17 });
  });

  it('e^x ≤ expUpper(x) ≤ e · e^x (above −700), for rationals of either sign', () => {
    for (const x of [-800, -700.5, -80.25, -60, -3.5, -1e-9, 0, 1e-9, 0.5, 2, 7.75]) {
      const u = expUpper(Rational.fromF64(x)).toF64();
      expect(u).toBeGreaterThanOrEqual(Math.exp(x) * (1 - 1e-12));
      if (x > -700) expect(u).toBeLessThanOrEqual(Math.exp(x) * (x > 0 ? 3 ** Math.ceil(x) / Math.exp(x) : Math.E) * (1 + 1e-12));
    }
  });

  /** Mean over contexts of KL(P‖P̃) in floating point, by log-sum-exp (accurate to ~1e−15 relative). */
  const klFloat = (a: { F: ReturnType<typeof dense>; G: ReturnType<typeof dense> }, b: typeof a) => {
    const n = a.F.rows, V = a.G.rows;
    const z = (m: typeof a, i: number) => Array.from({ length: V }, (_, y) => {
      let s = 0;
      for (let k = 0; k < m.F.cols; k++) s += m.F.data[i * m.F.cols + k]! * m.G.data[y * m.G.cols + k]!;
      return s;
    });
    const lse = (v: number[]) => { const m = Math.max(...v); return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0)); };
    let total = 0;
    for (let i = 0; i < n; i++) {
      const za = z(a, i), zb = z(b, i), la = lse(za), lb = lse(zb);
      total += za.reduce((s, x, y) => s + Math.exp(x - la) * ((x - la) - (zb[y]! - lb)), 0);
    }
    return total / n;
  };

  it('the KL upper bound is above the KL, for pairs near and far', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 1e-3, 0.3, 3), fc.integer(), (n, V, d, scale, seed) => {
      const rng = mulberry32(seed);
      const m = (rows: number) => dense(rows, d, Array.from({ length: rows * d }, () => gaussian(rng)));
      const a = { F: m(n), G: m(V), pivot: 0 };
      const b = { F: dense(n, d, a.F.data.map((x) => x + scale * gaussian(rng))), G: dense(V, d, a.G.data.map((x) => x + scale * gaussian(rng))), pivot: 0 };
      const exact = klFloat(a, b);
      expect(meanKlUpper(a, b).toF64()).toBeGreaterThanOrEqual(exact * (1 - 1e-9) - 1e-15);
    }), { numRuns: 150, seed: 18 });
  });
});

describe('inputs that are not counterexamples are not certified', () => {
  const F = dense(3, 2, [1, 0, 0, 1, 1, 1]);
  const G = dense(3, 2, [0, 0, 1, 0, 0, 1]);
  it('C17: a g-diverse model (the theorem applies) is not certified, nor identical models', () => {
    const b = { F: dense(3, 2, [1, 0.5, 0, 1, 1, 1]), G, pivot: 0 };
    expect(certifyNaiveBound({ F, G, pivot: 0 }, b).verified).toBe(false);
    const Gj = dense(3, 2, [0, 0, 1, 0, 2, 0]); // rank G_c = 1 < d = 2
    expect(certifyNaiveBound({ F, G: Gj, pivot: 0 }, { F, G: Gj, pivot: 0 }).verified).toBe(false);
  });
  it('C18: identical models (residual 0), and a pair whose KL is large, are not certified', () => {
    const thr = [Rational.parse('1e-9'), Rational.parse('1e-3')] as const;
    expect(certifyKlNotControlling({ F, G, pivot: 0 }, { F, G, pivot: 0 }, ...thr).verified).toBe(false);
    const far = { F: dense(3, 2, [3, -1, 0, 2, -2, 1]), G, pivot: 0 };
    const c = certifyKlNotControlling({ F, G, pivot: 0 }, far, ...thr);
    expect(c.verified).toBe(false);
    expect(c.checks.find((k) => /mean KL/.test(k.statement))!.holds).toBe(false);
  });
});
