// Householder QR with column pivoting (Businger–Golub; LAPACK dgeqp3's unblocked dlaqp2).
//
// At step i the remaining column of largest norm is moved to position i, so |R[0,0]| ≥ |R[1,1]| ≥ …
// and the factorization reveals numerical rank. Norms are not recomputed from scratch each step: after
// reflector i the partial norm of column j is downdated, ‖x'‖² = ‖x‖² − r_ij², which costs O(1). That
// subtraction cancels when the column has lost most of its norm, so (dlaqp2's safeguard, LAWN 176) the
// norm is recomputed exactly once the downdated value falls below √ε of the last exactly computed one
// (vn2): then the estimate's relative error stays ≲ √ε.
import { OK, E_NOMEM } from '../runtime/status';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { houseGen } from './householder';
import { houseApplyCols, transposeTiles } from './blocked';
import { formQtCore, extractR, fixSigns } from './qr';
import { swapVectors, safeNorm2, EPS } from './util';

const TOL3Z: f64 = Math.sqrt(EPS);

/**
 * Factor the m × n matrix held column-contiguously in Wt (n × m) in place with column pivoting.
 * tau: min(m, n) f64; perm: n i32 (perm[j] = original index of column j); vn: 2n f64 of scratch.
 */
export function qrpFactorCore(m: i32, n: i32, Wt: usize, tau: usize, perm: usize, vn: usize): void {
  const k = m < n ? m : n;
  const mm = <usize>m;
  const vn1 = vn, vn2 = vn + (<usize>n << 3);
  for (let j = 0; j < n; j++) {
    store<i32>(perm + (<usize>j << 2), j);
    const nr = safeNorm2(m, Wt + ((<usize>j * mm) << 3));
    store<f64>(vn1 + (<usize>j << 3), nr);
    store<f64>(vn2 + (<usize>j << 3), nr);
  }
  for (let i = 0; i < k; i++) {
    // Pivot: the first column of largest estimated remaining norm (first, so ties keep their order).
    let pvt = i;
    let best = load<f64>(vn1 + (<usize>i << 3));
    for (let j = i + 1; j < n; j++) {
      const v = load<f64>(vn1 + (<usize>j << 3));
      if (v > best) { best = v; pvt = j; }
    }
    if (pvt != i) {
      swapVectors(m, Wt + ((<usize>pvt * mm) << 3), Wt + ((<usize>i * mm) << 3));
      const pp = perm + (<usize>pvt << 2), pi = perm + (<usize>i << 2);
      const ti = load<i32>(pp); store<i32>(pp, load<i32>(pi)); store<i32>(pi, ti);
      store<f64>(vn1 + (<usize>pvt << 3), load<f64>(vn1 + (<usize>i << 3)));
      store<f64>(vn2 + (<usize>pvt << 3), load<f64>(vn2 + (<usize>i << 3)));
    }
    const col = Wt + ((<usize>i * mm + <usize>i) << 3);
    const t = houseGen(m - i, col);
    store<f64>(tau + (<usize>i << 3), t);
    // The reflector on all later columns at once (four columns per pass over v), then the downdates.
    houseApplyCols(m - i, col + 8, t, col + (mm << 3), m, n - i - 1);
    for (let j = i + 1; j < n; j++) {
      const cj = Wt + ((<usize>j * mm + <usize>i) << 3);
      // Downdate the partial norm of column j (rows i+1..m−1).
      const p1 = vn1 + (<usize>j << 3), p2 = vn2 + (<usize>j << 3);
      const v1 = load<f64>(p1);
      if (v1 != 0) {
        const r = Math.abs(load<f64>(cj)) / v1;
        let temp = 1.0 - r * r;
        if (temp < 0) temp = 0;
        const ratio = v1 / load<f64>(p2);
        const temp2 = temp * ratio * ratio;
        if (temp2 <= TOL3Z) {
          const nr: f64 = i + 1 < m ? safeNorm2(m - i - 1, cj + 8) : 0;
          store<f64>(p1, nr);
          store<f64>(p2, nr);
        } else {
          store<f64>(p1, v1 * Math.sqrt(temp));
        }
      }
    }
  }
}

/**
 * Pivoted QR of A (m × n): A P = Q R with Q (m × k), R (k × n), perm (n i32), k = min(m, n); R's
 * diagonal non-negative and non-increasing. Outputs are written only after all the work succeeded.
 */
export function qrpCore(m: i32, n: i32, A: usize, Q: usize, R: usize, perm: usize): i32 {
  const k = m < n ? m : n;
  const top = arenaMark();
  const Wt = arenaAlloc(<usize>m * <usize>n << 3);
  const tau: usize = Wt == 0 ? 0 : arenaAlloc(<usize>k << 3);
  const Qt: usize = tau == 0 ? 0 : arenaAlloc(<usize>k * <usize>m << 3);
  const vn: usize = Qt == 0 ? 0 : arenaAlloc(<usize>n << 4);
  const pw: usize = vn == 0 ? 0 : arenaAlloc(<usize>n << 2);
  if (pw == 0) { arenaReset(top); return E_NOMEM; }
  transposeTiles(m, n, A, Wt);
  qrpFactorCore(m, n, Wt, tau, pw, vn);
  formQtCore(m, k, Wt, tau, Qt);
  extractR(m, n, Wt, R);
  fixSigns(k, n, m, R, Qt);
  transposeTiles(k, m, Qt, Q);
  memory.copy(perm, pw, <usize>n << 2);
  arenaReset(top);
  return OK;
}
