// The in-place TSQR step (tsqr_load + tsqr_step, assembly/decomp/tpqr.ts) against qr_r.
//
// Without a triangle on top (k = 0) the step runs the same reflectors as qr_r on the same columns, only
// with a leading dimension of its own: R must agree bit for bit.
//
// With the running R on top (k = d) the step is the triangular-pentagonal QR: the same Householder
// arithmetic on the stacked block S = [R₀; B] with the exact zeros of the triangle skipped, so it is not
// bit-identical to the dense QR of S but both are backward stable (Higham, Thm 19.4): each computed R is
// the exact R of S + ΔS with ‖Δs_j‖ ≤ γ̃ ‖s_j‖, γ̃ = γ_{c·m·d}, m = d + p rows, and as in tsqr.test.ts we
// take c = 4, so ‖ΔS‖_F ≤ γ_{4md} ‖S‖_F. For a full-rank S the R factor moves by at most
// √2 κ₂(S) ‖ΔS‖_F to first order (Sun 1991), hence ‖R_step − R_dense‖_F ≤ 2·√2·κ₂(S)·γ_{4md}·‖S‖_F.
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import type { Core } from '../../src/wasm/core.js';
import { fromArray } from '../../src/matrix/create.js';
import { svd } from '../../src/matrix/decompose.js';
import { gamma } from '../../src/engine/blocked/floor.js';
import { randomMatrix, rng } from './pairs.js';
import { fro, qrR, loadedStep } from './qr-reference.js';

const step = (core: Core, n: number, top: Float64Array, k: number, bottom: Float64Array, p: number, ld: number, junk: number) => loadedStep(core, 'tsqr_step', n, top, k, bottom, p, ld, junk);

describe('tsqr_step', () => {
  it('without a triangle on top is qr_r bit for bit, whatever the leading dimension', () => {
    const core = loadCore();
    const next = rng(31);
    for (const [m, n] of [[1, 1], [40, 7], [9, 9], [5, 12], [700, 600]] as const) {
      const X = randomMatrix(m, n, next).data;
      const want = qrR(core, m, n, X);
      const got = step(core, n, new Float64Array(0), 0, X, m, m + 3, 0);
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  it('with a short R on top (k < d) is qr_r of the stack bit for bit (entries below its diagonal cleared)', () => {
    const core = loadCore();
    const next = rng(32);
    const [n, k0, p] = [12, 5, 20];
    const R0 = qrR(core, k0, n, randomMatrix(k0, n, next).data);
    const B = randomMatrix(p, n, next).data;
    const S = new Float64Array((k0 + p) * n);
    S.set(R0);
    S.set(B, k0 * n);
    expect(Array.from(step(core, n, R0, k0, B, p, k0 + p, 1e300))).toEqual(Array.from(qrR(core, k0 + p, n, S)));
  });

  for (const [d, p] of [[5, 1], [5, 3], [33, 40], [70, 5], [130, 300], [200, 250]] as const) {
    it(`on [R₀; B] with a ${d} × ${d} triangle and ${p} new rows: the R of the dense QR within the backward-error bound`, () => {
      const core = loadCore();
      const next = rng(100 + d + p);
      const R0 = qrR(core, 2 * d, d, randomMatrix(2 * d, d, next).data);
      const B = randomMatrix(p, d, next).data;
      const m = d + p;
      const S = new Float64Array(m * d);
      S.set(R0);
      S.set(B, d * d);
      const dense = qrR(core, m, d, S);
      // Junk below the triangle's diagonal: the structured step never reads it.
      const got = step(core, d, R0, d, B, p, m + 1, 1e300);
      for (let i = 0; i < d; i++) expect(got[i * d + i]!).toBeGreaterThanOrEqual(0);
      const sv = core.scope(() => svd(fromArray(core, m, d, S)).S.toFloat64Array());
      const kappa = sv[0]! / sv[d - 1]!;
      const bound = 2 * Math.SQRT2 * kappa * gamma(4 * m * d) * fro(S);
      expect(fro(got.map((v, i) => v - dense[i]!))).toBeLessThanOrEqual(bound);
      // The bound is tight enough to see one new row left out (an off-by-one in the bottom's extent).
      const cut = qrR(core, m - 1, d, S.subarray(0, (m - 1) * d));
      expect(fro(got.map((v, i) => v - cut[i]!))).toBeGreaterThan(bound);
    });
  }

  it('rejects bad arguments with their status and writes nothing', () => {
    const core = loadCore();
    core.scope(() => {
      const Wt = core.allocBytes(8 * 12), A = core.allocBytes(8 * 6);
      core.f64.fill(3, Wt >>> 3, (Wt >>> 3) + 12);
      core.f64.set([1, 2, 3, 4, 5, NaN], A >>> 3);
      expect(core.invoke('tsqr_load', [2, 3, A, Wt, 4, 3])).toBe(9); // rows past ld
      expect(core.invoke('tsqr_load', [2, 3, A, Wt, 4, 0])).toBe(5); // NaN
      expect(core.invoke('tsqr_step', [4, 3, 4, Wt, 4])).toBe(9); // k > min(m, n)
      expect(core.invoke('tsqr_step', [5, 3, 0, Wt, 4])).toBe(1); // ld < m
      expect(Array.from(core.f64.subarray(Wt >>> 3, (Wt >>> 3) + 12))).toEqual(new Array(12).fill(3));
    });
  });
});
