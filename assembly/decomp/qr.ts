// Householder QR (LAPACK dgeqr2 + dorg2r) on a column-contiguous copy of A.
//
// Layout: Wt is n × m, row j = column j of A. Column k of the factorization is a contiguous run of
// memory, so generating a reflector, applying it to a later column and accumulating Q are all
// unit-stride dot/axpy loops. After factorization Wt[j, i] holds R[i, j] for i ≤ j and, below the
// diagonal (i > j), the reflector vectors v₂ (LAPACK's compact form).
import { OK, E_NOMEM } from '../runtime/status';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { houseGen, houseApply } from './householder';
import { qrFactorAuto, formQtAuto, transposeTiles } from './blocked';

/**
 * Factor the m × n matrix held column-contiguously in Wt (n × m) in place; tau gets min(m, n) scalars.
 * Four reflectors per pass over the trailing columns, compact WY through gemm for large matrices
 * (blocked.ts); same storage as the unblocked reference qrFactorUnblocked.
 */
export function qrFactorCore(m: i32, n: i32, Wt: usize, tau: usize): void {
  qrFactorAuto(m, n, Wt, tau);
}

/** Qt (k × m, row j = column j of Q) ← the first k columns of H₀ ⋯ H_{k−1} (blocked.ts; reference formQtUnblocked). */
export function formQtCore(m: i32, k: i32, Wt: usize, tau: usize, Qt: usize): void {
  formQtAuto(m, k, Wt, tau, Qt);
}

/**
 * Unblocked reference (dgeqr2): factor the m × n matrix held column-contiguously in Wt (n × m) in place;
 * tau gets min(m, n) scalars.
 */
export function qrFactorUnblocked(m: i32, n: i32, Wt: usize, tau: usize): void {
  const k = m < n ? m : n;
  const mm = <usize>m;
  for (let i = 0; i < k; i++) {
    const col = Wt + ((<usize>i * mm + <usize>i) << 3);
    const t = houseGen(m - i, col);
    store<f64>(tau + (<usize>i << 3), t);
    for (let j = i + 1; j < n; j++) {
      houseApply(m - i, col + 8, t, Wt + ((<usize>j * mm + <usize>i) << 3));
    }
  }
}

/**
 * Qt (k × m, row j = column j of Q) ← the first k columns of H₀ H₁ … H_{k−1}, backward accumulation as
 * in dorg2r: column i is H_i e_i written directly, then H_i is applied to the columns after it (which
 * are zero above row i, so only rows i.. change).
 */
export function formQtUnblocked(m: i32, k: i32, Wt: usize, tau: usize, Qt: usize): void {
  const mm = <usize>m;
  for (let i = k - 1; i >= 0; i--) {
    const v = Wt + ((<usize>i * mm + <usize>(i + 1)) << 3);
    const t = load<f64>(tau + (<usize>i << 3));
    for (let j = i + 1; j < k; j++) {
      houseApply(m - i, v, t, Qt + ((<usize>j * mm + <usize>i) << 3));
    }
    const q = Qt + ((<usize>i * mm) << 3);
    for (let r = 0; r < i; r++) store<f64>(q + (<usize>r << 3), 0);
    store<f64>(q + (<usize>i << 3), 1.0 - t);
    for (let r = i + 1; r < m; r++) {
      store<f64>(q + (<usize>r << 3), -t * load<f64>(v + (<usize>(r - i - 1) << 3)));
    }
  }
}

/** R (k × n, row-major) ← the upper trapezoid stored in Wt (n × m column-contiguous). */
export function extractR(m: i32, n: i32, Wt: usize, R: usize): void {
  const k = m < n ? m : n;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < n; j++) {
      const v: f64 = j >= i ? load<f64>(Wt + ((<usize>j * <usize>m + <usize>i) << 3)) : 0;
      store<f64>(R + ((<usize>i * <usize>n + <usize>j) << 3), v);
    }
  }
}

/**
 * Make the diagonal of R non-negative: negating row i of R and column i of Q (row i of Qt) leaves
 * Q R unchanged and is exact. With a non-negative diagonal the QR factorization of a full-rank matrix
 * is unique, so results can be compared across builds and with other libraries.
 */
export function fixSigns(k: i32, n: i32, m: i32, R: usize, Qt: usize): void {
  for (let i = 0; i < k; i++) {
    const d = R + ((<usize>i * <usize>n + <usize>i) << 3);
    if (load<f64>(d) < 0) {
      for (let j = i; j < n; j++) {
        const p = R + ((<usize>i * <usize>n + <usize>j) << 3);
        store<f64>(p, -load<f64>(p));
      }
      const q = Qt + ((<usize>i * <usize>m) << 3);
      for (let r = 0; r < m; r++) {
        const p = q + (<usize>r << 3);
        store<f64>(p, -load<f64>(p));
      }
    }
  }
}

/**
 * Unpivoted QR of A (m × n): Q (m × k), R (k × n), k = min(m, n). A is read only; Q and R are written
 * only after all the work succeeded (E_NOMEM leaves them untouched).
 */
export function qrCore(m: i32, n: i32, A: usize, Q: usize, R: usize): i32 {
  const k = m < n ? m : n;
  const top = arenaMark();
  const Wt = arenaAlloc(<usize>m * <usize>n << 3);
  const tau: usize = Wt == 0 ? 0 : arenaAlloc(<usize>k << 3);
  const Qt: usize = tau == 0 ? 0 : arenaAlloc(<usize>k * <usize>m << 3);
  if (Qt == 0) { arenaReset(top); return E_NOMEM; }
  transposeTiles(m, n, A, Wt);
  qrFactorCore(m, n, Wt, tau);
  formQtCore(m, k, Wt, tau, Qt);
  extractR(m, n, Wt, R);
  fixSigns(k, n, m, R, Qt);
  transposeTiles(k, m, Qt, Q);
  arenaReset(top);
  return OK;
}
