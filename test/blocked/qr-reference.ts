// What the TSQR step tests compare against and how they drive a step: the dense QR (qr_r), the derived
// bound between two backward-stable R's of one matrix, and one step on a tsqr_load buffer with junk
// where the step must not read.
import type { Core } from '../../src/wasm/core.js';
import { fromArray } from '../../src/matrix/create.js';
import { svd } from '../../src/matrix/decompose.js';
import { gamma } from '../../src/engine/blocked/floor.js';

export const fro = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0));

/** qr_r of a row-major m × n matrix: R (min(m, n) × n, upper trapezoidal), non-negative diagonal. */
export function qrR(core: Core, m: number, n: number, X: Float64Array): Float64Array {
  const mark = core.mark();
  try {
    const A = core.allocBytes(8 * m * n), R = core.allocBytes(8 * Math.min(m, n) * n);
    core.f64.set(X, A >>> 3);
    core.call('qr_r', m, n, A, R);
    return core.f64.slice(R >>> 3, (R >>> 3) + Math.min(m, n) * n);
  } finally {
    core.reset(mark);
  }
}

/**
 * The derived bound 2·√2·κ₂(S)·γ_{4mn}·‖S‖_F on the distance between two backward-stable R's of S (m × n,
 * m ≥ n): each is the exact R of S + ΔS with ‖ΔS‖_F ≤ γ_{4mn} ‖S‖_F (Higham, Thm 19.4, c = 4), and R moves
 * by at most √2 κ₂(S) ‖ΔS‖_F to first order (Sun 1991).
 */
export function rBound(core: Core, m: number, n: number, S: Float64Array): number {
  const sv = core.scope(() => svd(fromArray(core, m, n, S)).S.toFloat64Array());
  return 2 * Math.SQRT2 * (sv[0]! / sv[n - 1]!) * gamma(4 * m * n) * fro(S);
}

/**
 * The runner's path: [top (k × n); bottom (p × n)] written with tsqr_load into a buffer of leading
 * dimension ld (7 beyond the block), `junk` below the top's diagonal and, for tsqr_step_tt, below the
 * bottom's (the step must read neither), one step, R read back with a non-negative diagonal.
 */
export function loadedStep(core: Core, fn: 'tsqr_step' | 'tsqr_step_tt', n: number, top: Float64Array, k: number, bottom: Float64Array, p: number, ld: number, junk: number): Float64Array {
  const m = k + p, kk = Math.min(m, n);
  const mark = core.mark();
  try {
    const Wt = core.allocBytes(8 * n * ld), A = core.allocBytes(8 * Math.max(m, 1) * n);
    core.f64.fill(7, Wt >>> 3, (Wt >>> 3) + n * ld);
    core.f64.set(top.subarray(0, k * n), A >>> 3);
    core.f64.set(bottom.subarray(0, p * n), (A >>> 3) + k * n);
    core.call('tsqr_load', m, n, A, Wt, ld, 0);
    const f = core.f64, w = Wt >>> 3;
    for (let j = 0; j < n; j++) {
      for (let i = j + 1; i < k; i++) f[w + j * ld + i] = junk;
      if (fn === 'tsqr_step_tt') for (let i = j + 1; i < p; i++) f[w + j * ld + k + i] = junk;
    }
    core.call(fn, m, n, k, Wt, ld);
    const g = core.f64, R = new Float64Array(kk * n);
    for (let i = 0; i < kk; i++) {
      const s = g[w + i * ld + i]! < 0 ? -1 : 1;
      for (let j = i; j < n; j++) R[i * n + j] = s * g[w + j * ld + i]!;
    }
    return R;
  } finally {
    core.reset(mark);
  }
}
