// tsqr_step_tt: the TSQR step on two stacked R factors (assembly/decomp/tpqr.ts, tri), against the R of
// a dense QR (qr_r) of the stacked block.
//
// With a full triangle on top (k = n) the step is Householder QR of S = [R₀; R₁] with exact zeros skipped
// (those of both triangles), so like tsqr_step it is not bit-identical to the dense QR but both are
// backward stable (Higham, Thm 19.4): each computed R is the exact R of S + ΔS with ‖Δs_j‖ ≤ γ̃ ‖s_j‖,
// γ̃ = γ_{c·m·n} (m = k + p rows; the structured step's columns are even shorter, at most j + 2 entries),
// and as in test/blocked/tsqr-step.test.ts we take c = 4, so ‖ΔS‖_F ≤ γ_{4mn} ‖S‖_F. For a full-rank S
// the R factor moves by at most √2 κ₂(S) ‖ΔS‖_F to first order (Sun 1991), hence
// ‖R_tt − R_dense‖_F ≤ 2·√2·κ₂(S)·γ_{4mn}·‖S‖_F, and the same between the SIMD and scalar builds.
//
// Without a full triangle on top (k < n) the step is tsqr_step with the bottom's lower part cleared: the
// same reflectors on the same numbers, so bit for bit.
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import type { Core } from '../../src/wasm/core.js';
import { rng, randomMatrix } from '../blocked/pairs.js';
import { fro, qrR, rBound, loadedStep } from '../blocked/qr-reference.js';

const simd = loadCore({ build: 'simd' });
const scalar = loadCore({ build: 'scalar' });
const step = loadedStep;

/** An upper-trapezoidal min(rows, n) × n R factor of a random rows × n matrix. */
const rFactor = (core: Core, rows: number, n: number, next: () => number) => qrR(core, rows, n, randomMatrix(rows, n, next).data);

function stack(top: Float64Array, bottom: Float64Array): Float64Array {
  const S = new Float64Array(top.length + bottom.length);
  S.set(top);
  S.set(bottom, top.length);
  return S;
}

describe('tsqr_step_tt', () => {
  // [n, rows of the bottom's source (p = min(rows, n)), ld − m]: n = 1, tiny n, trapezoidal bottoms
  // (p < n), n across a panel (TP_NB = 96) and inner-block (TP_IB = 16) boundary, and sizes where the
  // bottom's reach passes 32 rows (the compact-WY path).
  for (const [n, rows, pad] of [[1, 1, 0], [1, 5, 2], [2, 2, 1], [3, 9, 0], [7, 3, 1], [17, 17, 0], [40, 25, 3], [97, 97, 1], [130, 130, 0], [200, 70, 2], [250, 250, 1]] as const) {
    const p = Math.min(rows, n);
    it(`on [R₀; R₁] with a ${n} × ${n} triangle over a ${p} × ${n} ${p < n ? 'trapezoid' : 'triangle'} (ld = m + ${pad}): the dense QR's R within the derived bound, in both builds`, () => {
      const next = rng(500 + n + rows);
      const R0 = rFactor(simd, 2 * n, n, next), R1 = rFactor(simd, rows, n, next);
      const m = n + p, S = stack(R0, R1);
      const dense = qrR(simd, m, n, S);
      const bound = rBound(simd, m, n, S);
      const got = { simd: step(simd, 'tsqr_step_tt', n, R0, n, R1, p, m + pad, 1e300), scalar: step(scalar, 'tsqr_step_tt', n, R0, n, R1, p, m + pad, -1e300) };
      for (const R of [got.simd, got.scalar]) {
        for (let i = 0; i < n; i++) expect(R[i * n + i]!).toBeGreaterThanOrEqual(0);
        expect(fro(R.map((v, i) => v - dense[i]!))).toBeLessThanOrEqual(bound);
      }
      expect(fro(got.simd.map((v, i) => v - got.scalar[i]!))).toBeLessThanOrEqual(bound);
      // The bound is tight enough to see the bottom's last row left out (an off-by-one in its reach).
      const cut = qrR(simd, m - 1, n, S.subarray(0, (m - 1) * n));
      if (m - 1 >= n) expect(fro(got.simd.map((v, i) => v - cut[i]!))).toBeGreaterThan(bound);
    });
  }

  it('with more bottom rows than columns (rows past n all zero) as with a full triangle', () => {
    const next = rng(77);
    const [n, p] = [6, 9];
    const R0 = rFactor(simd, 12, n, next), R1 = new Float64Array(p * n);
    R1.set(rFactor(simd, 8, n, next));
    const m = n + p, S = stack(R0, R1);
    const got = step(simd, 'tsqr_step_tt', n, R0, n, R1, p, m, 1e300);
    expect(fro(got.map((v, i) => v - qrR(simd, m, n, S)[i]!))).toBeLessThanOrEqual(rBound(simd, m, n, S));
  });

  it('with a short R on top (k < n) is tsqr_step of the stack bit for bit (the bottom cleared below its diagonal)', () => {
    const next = rng(78);
    const [n, k, p] = [12, 5, 9];
    const R0 = rFactor(simd, k, n, next), R1 = rFactor(simd, p, n, next);
    for (const core of [simd, scalar]) {
      const want = step(core, 'tsqr_step', n, R0, k, R1, p, k + p, 0);
      expect(Array.from(step(core, 'tsqr_step_tt', n, R0, k, R1, p, k + p + 2, 1e300))).toEqual(Array.from(want));
    }
  });

  it('is deterministic: the same bits on a second run', () => {
    const next = rng(79);
    const n = 150, R0 = rFactor(simd, n, n, next), R1 = rFactor(simd, n, n, next);
    const a = step(simd, 'tsqr_step_tt', n, R0, n, R1, n, 2 * n, 0), b = step(simd, 'tsqr_step_tt', n, R0, n, R1, n, 2 * n, 5);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('rejects bad arguments with their status and writes nothing', () => {
    simd.scope(() => {
      const Wt = simd.allocBytes(8 * 12);
      simd.f64.fill(3, Wt >>> 3, (Wt >>> 3) + 12);
      expect(simd.invoke('tsqr_step_tt', [4, 3, 4, Wt, 4])).toBe(9); // k > min(m, n)
      expect(simd.invoke('tsqr_step_tt', [4, 3, -1, Wt, 4])).toBe(9); // k < 0
      expect(simd.invoke('tsqr_step_tt', [5, 3, 0, Wt, 4])).toBe(1); // ld < m
      expect(simd.invoke('tsqr_step_tt', [4, 0, 0, Wt, 4])).toBe(1); // n = 0
      simd.f64[(Wt >>> 3) + 4 + 3] = NaN; // column 1, bottom row 1 (k = 2): inside the bottom's trapezoid
      expect(simd.invoke('tsqr_step_tt', [4, 3, 2, Wt, 4])).toBe(5);
      simd.f64[(Wt >>> 3) + 4 + 3] = 3;
      expect(Array.from(simd.f64.subarray(Wt >>> 3, (Wt >>> 3) + 12))).toEqual(new Array(12).fill(3));
      // NaN below the bottom's diagonal is ignored (never read): column 0, bottom row 1.
      simd.f64[(Wt >>> 3) + 3] = NaN;
      expect(simd.invoke('tsqr_step_tt', [4, 3, 2, Wt, 4])).toBe(0);
    });
  });
});
