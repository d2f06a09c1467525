// Rank, orthonormal bases of the column space and null space, and the orthogonal projector, all from
// the thin SVD with the rank threshold σ_i > rtol · σ₁ (rtol already resolved by the caller).
import { OK, E_NOMEM } from '../runtime/status';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { gemmCore } from '../blas/gemm';
import { transposeCore } from '../blas/transpose';
import { completeRows } from '../decomp/householder';
import { svdInArena, svdU, svdS, svdV, rankFromSigma } from './svd-util';

/** Numerical rank of A (m × n) into *out (i32). */
export function rankCore(m: i32, n: i32, A: usize, rtol: f64, out: usize): i32 {
  const k = m < n ? m : n;
  const top = arenaMark();
  const st = svdInArena(m, n, A, false);
  if (st == OK) store<i32>(out, rankFromSigma(k, svdS, rtol));
  arenaReset(top);
  return st;
}

/** dst (rows × r, contiguous) ← the first r columns of src (rows × k, contiguous). */
export function leadingColumns(rows: i32, k: i32, r: i32, src: usize, dst: usize): void {
  for (let i = 0; i < rows; i++) {
    memory.copy(dst + ((<usize>i * <usize>r) << 3), src + ((<usize>i * <usize>k) << 3), <usize>r << 3);
  }
}

/**
 * Orthonormal basis of col(A) into arena memory (not reset: the caller owns the mark). Returns the
 * status; on OK the basis (m × r, contiguous) is at basisPtr and r at basisRank.
 */
export let basisPtr: usize = 0;
export let basisRank: i32 = 0;
export function colBasisInArena(m: i32, n: i32, A: usize, rtol: f64): i32 {
  const k = m < n ? m : n;
  const st = svdInArena(m, n, A, true);
  if (st != OK) return st;
  const U = svdU;
  const r = rankFromSigma(k, svdS, rtol);
  // U_r is the leading block of U; compact it in place to leading dimension r (rows move forward only).
  for (let i = 0; i < m; i++) {
    memory.copy(U + ((<usize>i * <usize>r) << 3), U + ((<usize>i * <usize>k) << 3), <usize>r << 3);
  }
  basisPtr = U;
  basisRank = r;
  return OK;
}

/** col(A)'s orthonormal basis U_r (m × r) to out, r to *dim (i32). */
export function colBasisCore(m: i32, n: i32, A: usize, rtol: f64, out: usize, dim: usize): i32 {
  const top = arenaMark();
  const st = colBasisInArena(m, n, A, rtol);
  if (st == OK) {
    memory.copy(out, basisPtr, <usize>m * <usize>basisRank << 3);
    store<i32>(dim, basisRank);
  }
  arenaReset(top);
  return st;
}

/**
 * Orthonormal basis of null(A) (n × (n − r)) to out, n − r to *dim. For m ≥ n it is V's trailing
 * columns. For m < n the thin SVD has only m right vectors: the row-space basis V_r (n × r) is
 * completed to an orthonormal basis of ℝⁿ by a full Householder QR (decomp/householder.ts) and the
 * n − r new vectors span its orthogonal complement, which is the null space.
 */
export function nullBasisCore(m: i32, n: i32, A: usize, rtol: f64, out: usize, dim: usize): i32 {
  const k = m < n ? m : n;
  const top = arenaMark();
  const st = svdInArena(m, n, A, true);
  if (st != OK) { arenaReset(top); return st; }
  const V = svdV;
  const r = rankFromSigma(k, svdS, rtol);
  const d = n - r;
  const d1: i32 = d > 0 ? d : 1;
  const N = arenaAlloc(<usize>n * <usize>d1 << 3);
  if (N == 0) { arenaReset(top); return E_NOMEM; }
  if (k == n) {
    for (let i = 0; i < n; i++) {
      memory.copy(N + ((<usize>i * <usize>d) << 3), V + ((<usize>i * <usize>k + <usize>r) << 3), <usize>d << 3);
    }
  } else {
    // Rows of Bt are the r row-space vectors; completeRows appends the n − r complement rows.
    const r1: i32 = r > 0 ? r : 1;
    const Bt = arenaAlloc(<usize>r1 * <usize>n << 3);
    const Ct: usize = Bt == 0 ? 0 : arenaAlloc(<usize>d * <usize>n << 3);
    if (Ct == 0) { arenaReset(top); return E_NOMEM; }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < r; j++) {
        store<f64>(Bt + ((<usize>j * <usize>n + <usize>i) << 3), load<f64>(V + ((<usize>i * <usize>k + <usize>j) << 3)));
      }
    }
    if (!completeRows(n, r, Bt, Ct)) { arenaReset(top); return E_NOMEM; }
    transposeCore(d, n, Ct, N);
  }
  memory.copy(out, N, <usize>n * <usize>d << 3);
  store<i32>(dim, d);
  arenaReset(top);
  return OK;
}

/** out (m × m) ← U_r U_rᵀ, the orthogonal projector onto col(A). */
export function projectorCore(m: i32, n: i32, A: usize, rtol: f64, out: usize): i32 {
  const top = arenaMark();
  let st = colBasisInArena(m, n, A, rtol);
  if (st != OK) { arenaReset(top); return st; }
  const P = arenaAlloc(<usize>m * <usize>m << 3);
  if (P == 0) { arenaReset(top); return E_NOMEM; }
  const r = basisRank;
  st = gemmCore(0, 1, m, m, r, 1.0, basisPtr, r > 0 ? r : 1, basisPtr, r > 0 ? r : 1, 0.0, P, m);
  if (st == OK) memory.copy(out, P, <usize>m * <usize>m << 3);
  arenaReset(top);
  return st;
}
