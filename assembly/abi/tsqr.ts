// Checked entry point for the R factor alone, the building block of a tall-skinny QR (TSQR): streaming a
// tall matrix through row blocks needs only each block's R, and forming Q would double the work.
import { OK, E_DIM, E_NONFINITE, E_NOMEM } from '../runtime/status';
import { checkDim, checkF64, checkDisjoint, allFinite } from '../runtime/check';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { qrFactorCore, extractR } from '../decomp/qr';
import { transposeTiles } from '../decomp/blocked';

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
