// Checked entry point for the R factor alone, the building block of a tall-skinny QR (TSQR): streaming a
// tall matrix through row blocks needs only each block's R, and forming Q would double the work.
import { OK, E_DIM, E_ARG, E_NONFINITE, E_NOMEM } from '../runtime/status';
import { checkDim, checkF64, checkDisjoint, allFinite } from '../runtime/check';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { qrFactorCore, extractR } from '../decomp/qr';
import { transposeTiles, transposeTilesLd } from '../decomp/blocked';
import { tsqrStepCore } from '../decomp/tpqr';

/**
 * qr_r(m, n, A, R) → status. The R of the Householder QR A = Q R (same reflectors as qr), k = min(m, n):
 * R (k × n) upper trapezoidal with a non-negative diagonal; Q is not formed. A is not modified.
 */
export function qr_r(m: i32, n: i32, A: usize, R: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK) return E_DIM;
  const k = m < n ? m : n;
  const ca = <u64>m * <u64>n, cr = <u64>k * <u64>n;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(R, cr); if (s != OK) return s;
  s = checkDisjoint(R, cr, A, ca);
  if (s != OK) return s;
  if (!allFinite(A, m, n, n)) return E_NONFINITE;
  const top = arenaMark();
  const Wt = arenaAlloc(<usize>m * <usize>n << 3);
  const tau: usize = Wt == 0 ? 0 : arenaAlloc(<usize>k << 3);
  if (tau == 0) { arenaReset(top); return E_NOMEM; }
  transposeTiles(m, n, A, Wt);
  qrFactorCore(m, n, Wt, tau);
  extractR(m, n, Wt, R);
  // Negating a row of R (and the matching column of the unformed Q) is exact and leaves A = QR intact.
  for (let i = 0; i < k; i++) {
    if (load<f64>(R + ((<usize>i * <usize>n + <usize>i) << 3)) < 0) {
      for (let j = i; j < n; j++) {
        const p = R + ((<usize>i * <usize>n + <usize>j) << 3);
        store<f64>(p, -load<f64>(p));
      }
    }
  }
  arenaReset(top);
  return OK;
}

// The in-place pair a TSQR runner uses: one buffer Wt holds the step's block column-contiguously (column j
// at Wt + j·ld, the layout of qr.ts with a leading dimension ld of its own); tsqr_load writes new rows
// into it, tsqr_step factors it in place. No copy of the block or of R is made per step: after a step
// the block's top min(m, n) rows hold R on and above the diagonal, the next step's top.

/**
 * tsqr_load(b, n, A, Wt, ld, r0) → status. Rows r0 … r0 + b − 1 of the n-column block Wt (ld ≥ r0 + b)
 * ← A (b × n, row-major): Wt[j·ld + r0 + i] = A[i, j]. Non-finite A: E_NONFINITE, nothing written.
 */
export function tsqr_load(b: i32, n: i32, A: usize, Wt: usize, ld: i32, r0: i32): i32 {
  if (checkDim(b, 1) != OK || checkDim(n, 1) != OK || checkDim(ld, 1) != OK) return E_DIM;
  if (r0 < 0 || <i64>r0 + <i64>b > <i64>ld) return E_ARG;
  const ca = <u64>b * <u64>n, cw = <u64>n * <u64>ld;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(Wt, cw); if (s != OK) return s;
  s = checkDisjoint(Wt, cw, A, ca);
  if (s != OK) return s;
  if (!allFinite(A, b, n, n)) return E_NONFINITE;
  transposeTilesLd(b, n, A, Wt + (<usize>r0 << 3), ld);
  return OK;
}

/**
 * tsqr_step(m, n, k, Wt, ld) → status. In place on the m × n block in Wt (column j at Wt + j·ld, rows
 * 0 … m − 1, ld ≥ m) whose top k rows (0 ≤ k ≤ min(m, n)) are an upper-trapezoidal R (what lies below its
 * diagonal is ignored): the block becomes its Householder QR, R (min(m, n) × n) on and above the diagonal
 * of the top rows with the diagonal's signs as the reflectors leave them (negate rows for a non-negative
 * diagonal: exact), reflectors below. k = n takes the triangle's structure (decomp/tpqr.ts).
 */
export function tsqr_step(m: i32, n: i32, k: i32, Wt: usize, ld: i32): i32 {
  return checkedStep(m, n, k, Wt, ld, false);
}

/**
 * tsqr_step_tt(m, n, k, Wt, ld) → status. tsqr_step for two R factors stacked: the rows below the top k
 * are upper trapezoidal as well (row k + i is zero in columns < i; what lies there is ignored and
 * overwritten). With a full triangle on top (k = n) the step skips the bottom's zeros too (about 2n³/3
 * flops instead of 2(m − n)n², decomp/tpqr.ts); otherwise it is tsqr_step with those entries cleared.
 */
export function tsqr_step_tt(m: i32, n: i32, k: i32, Wt: usize, ld: i32): i32 {
  return checkedStep(m, n, k, Wt, ld, true);
}

function checkedStep(m: i32, n: i32, k: i32, Wt: usize, ld: i32, tri: bool): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK || checkDim(ld, m) != OK) return E_DIM;
  const kk = m < n ? m : n;
  if (k < 0 || k > kk) return E_ARG;
  const cw = <u64>n * <u64>ld;
  const s = checkF64(Wt, cw); if (s != OK) return s;
  // Only what the step reads: the top's upper trapezoid and every row below it (with tri, the bottom's
  // upper trapezoid).
  const p = m - k;
  for (let j = 0; j < n; j++) {
    const col = Wt + ((<usize>j * <usize>ld) << 3);
    const t = j + 1 < k ? j + 1 : k;
    const b = tri && j + 1 < p ? j + 1 : p;
    if (!allFinite(col, 1, t, t) || !allFinite(col + (<usize>k << 3), 1, b, b)) return E_NONFINITE;
  }
  const top = arenaMark();
  const tau = arenaAlloc(<usize>kk << 3);
  if (tau == 0) { arenaReset(top); return E_NOMEM; }
  tsqrStepCore(m, n, k, Wt, ld, tau, tri);
  arenaReset(top);
  return OK;
}
