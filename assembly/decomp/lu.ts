// LU factorization with partial pivoting (LAPACK dgetf2, right-looking, row-oriented).
//
// Partial pivoting picks the largest |entry| of the current column as pivot, so every multiplier
// |l_ik| ≤ 1 and the factorization is backward stable in practice (growth factor rarely large).
// Row-major storage makes the row swap and the trailing update (one axpy per row) unit-stride.
import { axpyCore } from '../blas/level1';
import { swapVectors } from './util';

/**
 * In place: LU (n × n) holds A on entry and L\U on exit; perm (n i32) receives the row permutation
 * (row i of P A is row perm[i] of A). A column with no non-zero pivot candidate is skipped (U gets an
 * exact zero on its diagonal): singular matrices still factor. Returns the permutation's sign (±1).
 */
export function luCore(n: i32, LU: usize, perm: usize): i32 {
  const nn = <usize>n;
  let sign: i32 = 1;
  for (let i = 0; i < n; i++) store<i32>(perm + (<usize>i << 2), i);
  for (let k = 0; k < n; k++) {
    let piv = k;
    let best = Math.abs(load<f64>(LU + ((<usize>k * nn + <usize>k) << 3)));
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(load<f64>(LU + ((<usize>i * nn + <usize>k) << 3)));
      if (v > best) { best = v; piv = i; }
    }
    if (best == 0) continue;
    if (piv != k) {
      swapVectors(n, LU + ((<usize>k * nn) << 3), LU + ((<usize>piv * nn) << 3));
      const pk = perm + (<usize>k << 2), pp = perm + (<usize>piv << 2);
      const t = load<i32>(pk); store<i32>(pk, load<i32>(pp)); store<i32>(pp, t);
      sign = -sign;
    }
    const rk = LU + ((<usize>k * nn) << 3);
    const pivot = load<f64>(rk + (<usize>k << 3));
    for (let i = k + 1; i < n; i++) {
      const ri = LU + ((<usize>i * nn) << 3);
      const l = load<f64>(ri + (<usize>k << 3)) / pivot;
      store<f64>(ri + (<usize>k << 3), l);
      if (l != 0) axpyCore(n - k - 1, -l, rk + (<usize>(k + 1) << 3), ri + (<usize>(k + 1) << 3));
    }
  }
  return sign;
}
