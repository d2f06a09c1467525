// Checked entry points for the decompositions (QR, pivoted QR, SVD, symmetric eigen, LU).
//
// Every export validates all its arguments before writing anything (dimensions ≥ 1, every buffer
// inside the arena with its exact element count, outputs disjoint from the inputs and from each other,
// finite inputs), computes into arena workspace, and copies to the outputs only once nothing can fail:
// any status other than OK means no output byte changed. Matrices are f64, row-major, contiguous.
import { OK, E_DIM, E_NONFINITE, E_NOMEM } from '../runtime/status';
import { checkDim, checkF64, checkI32, checkDisjoint, allFinite } from '../runtime/check';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { disjointBytes } from '../decomp/args';
import { qrCore } from '../decomp/qr';
import { qrpCore } from '../decomp/qrp';
import { svdCore, SVD_BOTH, SVD_RIGHT } from '../decomp/jacobi-svd';
import { eigSymCore } from '../decomp/jacobi-eig';
import { luCore } from '../decomp/lu';

/**
 * qr(m, n, A, Q, R) → status. Householder QR of A (m × n), k = min(m, n): Q (m × k) with orthonormal
 * columns, R (k × n) upper trapezoidal with a non-negative diagonal, A = Q R. A is not modified.
 */
export function qr(m: i32, n: i32, A: usize, Q: usize, R: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK) return E_DIM;
  const k = m < n ? m : n;
  const ca = <u64>m * <u64>n, cq = <u64>m * <u64>k, cr = <u64>k * <u64>n;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(Q, cq); if (s != OK) return s;
  s = checkF64(R, cr); if (s != OK) return s;
  s = checkDisjoint(Q, cq, A, ca) | checkDisjoint(R, cr, A, ca) | checkDisjoint(Q, cq, R, cr);
  if (s != OK) return s;
  if (!allFinite(A, m, n, n)) return E_NONFINITE;
  return qrCore(m, n, A, Q, R);
}

/**
 * qr_pivoted(m, n, A, Q, R, perm) → status. Householder QR with column pivoting: A P = Q R with
 * Q (m × k), R (k × n), k = min(m, n), perm (n i32) such that column j of A P is column perm[j] of A;
 * |R[0,0]| ≥ |R[1,1]| ≥ … ≥ 0 (R's diagonal is non-negative).
 */
export function qr_pivoted(m: i32, n: i32, A: usize, Q: usize, R: usize, perm: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK) return E_DIM;
  const k = m < n ? m : n;
  const ca = <u64>m * <u64>n, cq = <u64>m * <u64>k, cr = <u64>k * <u64>n, cp = <u64>n;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(Q, cq); if (s != OK) return s;
  s = checkF64(R, cr); if (s != OK) return s;
  s = checkI32(perm, cp); if (s != OK) return s;
  s = checkDisjoint(Q, cq, A, ca) | checkDisjoint(R, cr, A, ca) | checkDisjoint(Q, cq, R, cr)
    | disjointBytes(perm, cp << 2, A, ca << 3) | disjointBytes(perm, cp << 2, Q, cq << 3)
    | disjointBytes(perm, cp << 2, R, cr << 3);
  if (s != OK) return s;
  if (!allFinite(A, m, n, n)) return E_NONFINITE;
  return qrpCore(m, n, A, Q, R, perm);
}

/**
 * svd_thin(m, n, A, U, S, V) → status. Thin SVD A = U diag(S) Vᵀ, k = min(m, n): U (m × k) and
 * V (n × k, not transposed) with orthonormal columns (also for zero singular values), S (k) descending
 * and ≥ 0. One-sided Jacobi after pivoted QR (see decomp/jacobi-svd.ts for the convergence criterion);
 * E_NOCONVERGE after 60 sweeps.
 */
export function svd_thin(m: i32, n: i32, A: usize, U: usize, S: usize, V: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK) return E_DIM;
  const k = m < n ? m : n;
  const ca = <u64>m * <u64>n, cu = <u64>m * <u64>k, cs = <u64>k, cv = <u64>n * <u64>k;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(U, cu); if (s != OK) return s;
  s = checkF64(S, cs); if (s != OK) return s;
  s = checkF64(V, cv); if (s != OK) return s;
  s = checkDisjoint(U, cu, A, ca) | checkDisjoint(S, cs, A, ca) | checkDisjoint(V, cv, A, ca)
    | checkDisjoint(U, cu, S, cs) | checkDisjoint(U, cu, V, cv) | checkDisjoint(S, cs, V, cv);
  if (s != OK) return s;
  if (!allFinite(A, m, n, n)) return E_NONFINITE;
  const top = arenaMark();
  const Uw = arenaAlloc(<usize>cu << 3);
  const Sw: usize = Uw == 0 ? 0 : arenaAlloc(<usize>cs << 3);
  const Vw: usize = Sw == 0 ? 0 : arenaAlloc(<usize>cv << 3);
  if (Vw == 0) { arenaReset(top); return E_NOMEM; }
  s = svdCore(m, n, A, Uw, Sw, Vw, SVD_BOTH);
  if (s == OK) {
    memory.copy(U, Uw, <usize>cu << 3);
    memory.copy(S, Sw, <usize>cs << 3);
    memory.copy(V, Vw, <usize>cv << 3);
  }
  arenaReset(top);
  return s;
}

/**
 * svd_right(m, n, A, S, V) → status. S and V of svd_thin, bit for bit, without U: for m ≥ n the left
 * vectors are most of the work (the rotations applied twice, Q formed, U = Q W), and callers that need
 * the values and the right vectors (rank decisions with row-space bases; the spectral norms of a map)
 * skip it. For m < n, V is the left side of Aᵀ and costs as much as svd_thin.
 */
export function svd_right(m: i32, n: i32, A: usize, S: usize, V: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK) return E_DIM;
  const k = m < n ? m : n;
  const ca = <u64>m * <u64>n, cs = <u64>k, cv = <u64>n * <u64>k;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(S, cs); if (s != OK) return s;
  s = checkF64(V, cv); if (s != OK) return s;
  s = checkDisjoint(S, cs, A, ca) | checkDisjoint(V, cv, A, ca) | checkDisjoint(S, cs, V, cv);
  if (s != OK) return s;
  if (!allFinite(A, m, n, n)) return E_NONFINITE;
  const top = arenaMark();
  const Sw = arenaAlloc(<usize>cs << 3);
  const Vw: usize = Sw == 0 ? 0 : arenaAlloc(<usize>cv << 3);
  if (Vw == 0) { arenaReset(top); return E_NOMEM; }
  s = svdCore(m, n, A, 0, Sw, Vw, SVD_RIGHT);
  if (s == OK) {
    memory.copy(S, Sw, <usize>cs << 3);
    memory.copy(V, Vw, <usize>cv << 3);
  }
  arenaReset(top);
  return s;
}

/**
 * eig_sym(n, A, W, V) → status. Eigendecomposition of the symmetric part (A + Aᵀ)/2 of A (n × n):
 * W (n) ascending, V (n × n) orthogonal with the eigenvectors as columns, A V = V diag(W). Cyclic
 * Jacobi (see decomp/jacobi-eig.ts); E_NOCONVERGE after 60 sweeps.
 */
export function eig_sym(n: i32, A: usize, W: usize, V: usize): i32 {
  if (checkDim(n, 1) != OK) return E_DIM;
  const ca = <u64>n * <u64>n, cw = <u64>n;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(W, cw); if (s != OK) return s;
  s = checkF64(V, ca); if (s != OK) return s;
  s = checkDisjoint(W, cw, A, ca) | checkDisjoint(V, ca, A, ca) | checkDisjoint(W, cw, V, ca);
  if (s != OK) return s;
  if (!allFinite(A, n, n, n)) return E_NONFINITE;
  return eigSymCore(n, A, W, V);
}

/**
 * lu(n, A, LU, perm) → status. LU with partial pivoting, P A = L U: LU (n × n) holds L (unit lower
 * triangular, strictly below the diagonal) and U (on and above); perm (n i32): row i of P A is row
 * perm[i] of A. A singular matrix still factors (OK, with an exact zero on U's diagonal).
 */
export function lu(n: i32, A: usize, LU: usize, perm: usize): i32 {
  if (checkDim(n, 1) != OK) return E_DIM;
  const ca = <u64>n * <u64>n, cp = <u64>n;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(LU, ca); if (s != OK) return s;
  s = checkI32(perm, cp); if (s != OK) return s;
  s = checkDisjoint(LU, ca, A, ca) | disjointBytes(perm, cp << 2, A, ca << 3)
    | disjointBytes(perm, cp << 2, LU, ca << 3);
  if (s != OK) return s;
  if (!allFinite(A, n, n, n)) return E_NONFINITE;
  // Nothing can fail past validation, so the factorization runs in the output directly.
  memory.copy(LU, A, <usize>ca << 3);
  luCore(n, LU, perm);
  return OK;
}
