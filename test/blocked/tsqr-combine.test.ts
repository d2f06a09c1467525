// stackedR, the TSQR tree's combination (src/engine/blocked/tsqr.ts), against the dense QR of the stack.
//
// Bound (as test/core/tsqr-tt.test.ts): both the combination and qr_r are Householder QR of S (m × d) with
// at most exact zeros skipped, each the exact R of S + ΔS with ‖ΔS‖_F ≤ γ_{4md} ‖S‖_F (Higham, Thm 19.4,
// c = 4); for a full-rank S the R factor moves by at most √2 κ₂(S) ‖ΔS‖_F to first order (Sun 1991), so
// ‖R_stacked − R_dense‖_F ≤ 2·√2·κ₂(S)·γ_{4md}·‖S‖_F.
import { describe, it, expect } from 'vitest';
import { stackedR, type RFactor } from '../../src/engine/blocked/tsqr.js';
import { loadCore } from '../../src/wasm/loader.js';
import { randomMatrix, rng } from './pairs.js';
import { fro, qrR, rBound } from './qr-reference.js';

const core = loadCore();
/** qr_r of a row-major m × d matrix as an RFactor (min(m, d) × d, upper trapezoidal, diagonal ≥ 0). */
const qrFactor = (m: number, d: number, X: Float64Array): RFactor => ({ k: Math.min(m, d), d, R: qrR(core, m, d, X) });

const stack = (parts: RFactor[]): Float64Array => {
  const S = new Float64Array(parts.reduce((s, p) => s + p.R.length, 0));
  let at = 0;
  for (const p of parts) { S.set(p.R, at); at += p.R.length; }
  return S;
};

/** The combination's R is the dense QR's within the derived bound, with a non-negative diagonal. */
function expectNearDense(got: RFactor, S: Float64Array, m: number, d: number): void {
  const dense = qrFactor(m, d, S);
  expect(got.k).toBe(dense.k);
  for (let i = 0; i < got.k; i++) expect(got.R[i * d + i]!).toBeGreaterThanOrEqual(0);
  expect(fro(got.R.map((v, i) => v - dense.R[i]!))).toBeLessThanOrEqual(rBound(core, m, d, S));
}

/** The R of tsqr_step_tt on the stack called directly (the combination must take this path, bit for bit). */
function viaTT(d: number, top: RFactor, bottom: RFactor): Float64Array {
  const m = top.k + bottom.k;
  return core.scope(() => {
    const Wt = core.allocBytes(8 * m * d), A = core.allocBytes(8 * m * d);
    core.f64.set(stack([top, bottom]), A >>> 3);
    core.call('tsqr_load', m, d, A, Wt, m, 0);
    core.call('tsqr_step_tt', m, d, Math.min(top.k, d), Wt, m);
    const f = core.f64, w = Wt >>> 3, k = Math.min(m, d), R = new Float64Array(k * d);
    for (let i = 0; i < k; i++) {
      const s = f[w + i * m + i]! < 0 ? -1 : 1;
      for (let j = i; j < d; j++) R[i * d + j] = s * f[w + j * m + i]!;
    }
    return R;
  });
}

describe('stackedR (the TSQR tree combination)', () => {
  // [d, rows behind the top R, rows behind the bottom R]: d = 1, tiny, a trapezoidal bottom (fewer rows
  // than columns), a trapezoidal top (the dense fallback), d across the panel width 96 with the WY path.
  for (const [d, r0, r1] of [[1, 3, 1], [3, 5, 4], [9, 20, 4], [9, 5, 20], [130, 300, 200], [150, 200, 60]] as const) {
    it(`two R factors (${Math.min(r0, d)} and ${Math.min(r1, d)} rows, d = ${d}): the dense QR's R within the bound, through tsqr_step_tt`, () => {
      const next = rng(900 + d + r0 + r1);
      const top = qrFactor(r0, d, randomMatrix(r0, d, next).data), bottom = qrFactor(r1, d, randomMatrix(r1, d, next).data);
      const m = top.k + bottom.k;
      const got = stackedR(core, d, [top, bottom]);
      if (m >= d) expectNearDense(got, stack([top, bottom]), m, d);
      expect(Array.from(got.R)).toEqual(Array.from(viaTT(d, top, bottom)));
    });
  }

  it('a dense bottom (rows of a wider R above its diagonal block, as decision.ts stacks them) is not taken for a triangle', () => {
    const next = rng(950);
    const d = 40;
    const top = qrFactor(d, d, randomMatrix(d, d, next).data);
    const bottom: RFactor = { k: 30, d, R: randomMatrix(30, d, next).data };
    expectNearDense(stackedR(core, d, [top, bottom]), stack([top, bottom]), d + 30, d);
  });
});
