// The three relational fits of relational.ts at real size (|S| ≈ d ≈ 768) on the Wasm core: one Householder
// QR of [regressor, Y] per regressor, the residuals as Gram matrices (kernels.ts projectedFit), instead of modified
// Gram–Schmidt over |S|-vectors in JavaScript (≈ 25 s per model at |S| = 800, d = 768; here ≈ 1 s).
// The fits, floors and rank rules are those of the JavaScript path:
// - the basis spans the regressor's columns when none is dropped, and lsq.ts drops a column only when its
//   part orthogonal to the kept ones is ≤ RTOL × the largest column norm. That part's norm is |r_jj| of the
//   QR. This path is taken only when every |r_jj| exceeds MARGIN × RTOL × scale, so the JavaScript path
//   would have kept every column too (|r_jj| computed either way differs by O(ε · scale), far below the
//   margin); otherwise it returns null and the caller runs the JavaScript path, which decides the rank.
// - cond = scale / min_j |r_jj| is lsq.ts's conditioning proxy (largest column norm over the smallest
//   remainder kept), computed from the same remainders.
// - ‖(I − P) Y W‖² = Σ_ij (RᵀR)_ij K_ij with R = (I − P) Y, the same sum as relational.ts's, taken from a
//   Gram matrix formed on the core.
import type { DenseMatrix } from '../../dense.js';
import { coreGram, projectedFit } from './kernels.js';
import type { Vec } from './vec.js';
import type { RelationalFits } from './relational.js';

/** Margin over the drop threshold within which the rank is left to the JavaScript path. */
const MARGIN = 1e3;

/** Rows [r, 1] as an m × (d + 1) row-major matrix, and its largest column norm. */
function withOnes(rows: Vec[]): { X: DenseMatrix; scale: number } {
  const m = rows.length, d = rows[0]?.length ?? 0, k = d + 1;
  const data = new Float64Array(m * k);
  const sq = new Float64Array(k);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) {
      const v = r[j] as number;
      data[i * k + j] = v;
      sq[j] = (sq[j] as number) + v * v;
    }
    data[i * k + d] = 1;
  });
  sq[d] = m;
  return { X: { rows: m, cols: k, data }, scale: Math.sqrt(Math.max(0, ...sq)) };
}

function rowsMatrix(rows: Vec[]): DenseMatrix {
  const m = rows.length, d = rows[0]?.length ?? 0;
  const data = new Float64Array(m * d);
  rows.forEach((r, i) => data.set(r, i * d));
  return { rows: m, cols: d, data };
}

/** The columns of Y with their means removed (the mean as relational.ts takes it). */
function centredColumns(Y: DenseMatrix): DenseMatrix {
  const { rows: m, cols: p } = Y;
  const data = Y.data.slice();
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += data[i * p + j] as number;
    const mean = s / m;
    for (let i = 0; i < m; i++) data[i * p + j] = (data[i * p + j] as number) - mean;
  }
  return { rows: m, cols: p, data };
}

/** Σ_ij M_ij K_ij (K = identity when null). */
function quad(M: DenseMatrix, K: Float64Array | null): number {
  const p = M.rows;
  let s = 0;
  if (K === null) for (let i = 0; i < p; i++) s += M.data[i * p + i] as number;
  else for (let i = 0; i < p * p; i++) s += (M.data[i] as number) * (K[i] as number);
  return Math.sqrt(Math.max(0, s));
}

interface Basis {
  rank: number;
  cond: number;
  gram: DenseMatrix;
}

function fit(rows: Vec[], Y: DenseMatrix, rtol: number): Basis | null {
  const { X, scale } = withOnes(rows);
  if (X.cols >= X.rows || !(scale > 0)) return null; // |S| ≤ rank: a vacuous fit, left to the JavaScript path
  const { rdiag, residualGram } = projectedFit(X, Y);
  const least = Math.min(...rdiag);
  if (!(least > MARGIN * rtol * scale)) return null;
  return { rank: X.cols, cond: Math.max(1, scale / least), gram: residualGram };
}

/** relational.ts's fits from S = rows f(s), SK = rows K f(s), T = rows f(t); null: leave it to the JavaScript path. */
export function relationalFitsOnCore(S: Vec[], SK: Vec[], T: Vec[], K: Float64Array, rtol: number): RelationalFits | null {
  const Y = rowsMatrix(T);
  const emb = fit(S, Y, rtol);
  if (emb === null) return null;
  const star = fit(SK, Y, rtol);
  if (star === null) return null;
  const C = coreGram(centredColumns(Y));
  const ratio = (R: DenseMatrix, W: Float64Array | null): number => {
    const den = quad(C, W);
    return den === 0 ? NaN : quad(R, W) / den;
  };
  return {
    emb: ratio(emb.gram, null),
    ref: ratio(emb.gram, K),
    star: ratio(star.gram, K),
    rankEmb: emb.rank,
    rankStar: star.rank,
    condEmb: emb.cond,
    condStar: star.cond,
  };
}
