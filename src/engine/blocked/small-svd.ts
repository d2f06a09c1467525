// SVDs of the small (at most d × d) factors the blocked analysis ends with: R of F, R of G₀, and the
// middle factor R_F R_G₀ᵀ whose singular values are those of L = F G₀ᵀ (L = Q_F (R_F R_G₀ᵀ) Q_G₀ᵀ with
// orthonormal Q's). One-sided Jacobi in the core takes seconds at d = 1024 (5 s for S and V, 12 s with U as well), so independent SVDs run on
// the workers side by side.
import type { Core } from '../../wasm/core.js';

export interface SmallMatrix { rows: number; cols: number; data: Float64Array }

/** Singular values (descending) and right singular vectors V (cols × k, row-major), k = min(rows, cols). */
export interface SmallSvd { k: number; cols: number; S: Float64Array; V: Float64Array }

export function smallSvd(core: Core, m: SmallMatrix): SmallSvd {
  const k = Math.min(m.rows, m.cols);
  if (k === 0) return { k: 0, cols: m.cols, S: new Float64Array(0), V: new Float64Array(0) };
  const mark = core.mark();
  try {
    const A = core.allocBytes(8 * m.rows * m.cols, 'svd');
    const S = core.allocBytes(8 * k, 'svd');
    const V = core.allocBytes(8 * m.cols * k, 'svd');
    core.f64.set(m.data.subarray(0, m.rows * m.cols), A >>> 3);
    // No U: nothing downstream reads the left vectors of an R factor, and they are half the work.
    core.call('svd_right', m.rows, m.cols, A, S, V);
    const f = core.f64;
    return { k, cols: m.cols, S: f.slice(S >>> 3, (S >>> 3) + k), V: f.slice(V >>> 3, (V >>> 3) + m.cols * k) };
  } finally {
    core.reset(mark);
  }
}

/** X Yᵀ for small row-major matrices, through the core's gemm. */
export function productABt(core: Core, X: SmallMatrix, Y: SmallMatrix): SmallMatrix {
  const mark = core.mark();
  try {
    const a = core.allocBytes(8 * Math.max(1, X.rows * X.cols)), b = core.allocBytes(8 * Math.max(1, Y.rows * Y.cols));
    const c = core.allocBytes(8 * Math.max(1, X.rows * Y.rows));
    core.f64.set(X.data.subarray(0, X.rows * X.cols), a >>> 3);
    core.f64.set(Y.data.subarray(0, Y.rows * Y.cols), b >>> 3);
    core.call('gemm', 0, 1, X.rows, Y.rows, X.cols, 1, a, Math.max(1, X.cols), b, Math.max(1, Y.cols), 0, c, Math.max(1, Y.rows));
    return { rows: X.rows, cols: Y.rows, data: core.f64.slice(c >>> 3, (c >>> 3) + X.rows * Y.rows) };
  } finally {
    core.reset(mark);
  }
}
