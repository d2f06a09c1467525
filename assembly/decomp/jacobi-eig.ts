// Symmetric eigendecomposition by cyclic two-sided Jacobi (Jacobi 1846; Rutishauser's formulation).
//
// Each rotation J in the (p, q) plane annihilates a_pq: A ← Jᵀ A J, V ← V J. Rows p and q of A are
// rotated as contiguous vectors, then mirrored into columns p and q (A stays exactly symmetric, and
// only one strided pass per rotation is needed); V is kept transposed (eigenvectors as rows) so its
// update is contiguous as well.
//
// Convergence criterion: a_pq is left alone when
//     |a_pq| ≤ ε · √|a_pp| · √|a_qq|    (relative: keeps small eigenvalues of graded matrices accurate)
//  or |a_pq| ≤ ε² · ‖A‖_F               (absolute floor: below any measurable effect on an eigenvalue
//                                        and it guarantees termination for zero diagonals),
// ε = 2^-52; the iteration stops after the first sweep with no rotation; 60 sweeps → E_NOCONVERGE
// (quadratic convergence makes 6–10 typical).
import { OK, E_NOMEM, E_NOCONVERGE } from '../runtime/status';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { maxAbsCore } from '../blas/norms';
import { transposeCore } from '../blas/transpose';
import { rotCore, jacobiTangent } from './rot';
import { EPS, safeNorm2, scaleExponent, pow2, setEye, swapVectors } from './util';

export const EIG_MAX_SWEEPS: i32 = 60;

/**
 * Eigenvalues W (n, ascending) and eigenvectors V (n × n, columns) of the symmetric part (A + Aᵀ)/2 of
 * A (n × n, read only). The matrix is scaled by an exact power of two (largest entry in [1, 2)) so the
 * symmetrization cannot overflow; eigenvalues are scaled back. W and V are written only on OK.
 */
export function eigSymCore(n: i32, A: usize, W: usize, V: usize): i32 {
  const nn = <usize>n;
  const top = arenaMark();
  const S = arenaAlloc(nn * nn << 3);
  const Vt: usize = S == 0 ? 0 : arenaAlloc(nn * nn << 3);
  const d: usize = Vt == 0 ? 0 : arenaAlloc(nn << 3);
  if (d == 0) { arenaReset(top); return E_NOMEM; }
  const e = scaleExponent(maxAbsCore(n * n, A));
  const sc = pow2(e) * 0.5;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = (load<f64>(A + ((<usize>i * nn + <usize>j) << 3)) + load<f64>(A + ((<usize>j * nn + <usize>i) << 3))) * sc;
      store<f64>(S + ((<usize>i * nn + <usize>j) << 3), v);
      store<f64>(S + ((<usize>j * nn + <usize>i) << 3), v);
    }
  }
  setEye(n, n, Vt);
  const floor = EPS * EPS * safeNorm2(n * n, S);
  let converged = false;
  let sweep = 0;
  while (sweep < EIG_MAX_SWEEPS) {
    sweep++;
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const rp = S + ((<usize>p * nn) << 3);
      for (let q = p + 1; q < n; q++) {
        const rq = S + ((<usize>q * nn) << 3);
        const apq = load<f64>(rp + (<usize>q << 3));
        const aa = Math.abs(apq);
        if (aa <= floor) continue;
        const app = load<f64>(rp + (<usize>p << 3));
        const aqq = load<f64>(rq + (<usize>q << 3));
        if (aa <= EPS * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq))) continue;
        rotated = true;
        const t = jacobiTangent(app, aqq, apq);
        const c = 1.0 / Math.sqrt(1.0 + t * t);
        const s = c * t;
        // Rows p, q of Jᵀ A (the (p, q) block is overwritten below with its exact form).
        rotCore(n, rp, rq, c, s);
        // Mirror into columns p, q: A J's columns equal (Jᵀ A)'s rows because the result is symmetric.
        for (let k = 0; k < n; k++) {
          const rk = S + ((<usize>k * nn) << 3);
          store<f64>(rk + (<usize>p << 3), load<f64>(rp + (<usize>k << 3)));
          store<f64>(rk + (<usize>q << 3), load<f64>(rq + (<usize>k << 3)));
        }
        store<f64>(rp + (<usize>p << 3), app - t * apq);
        store<f64>(rq + (<usize>q << 3), aqq + t * apq);
        store<f64>(rp + (<usize>q << 3), 0);
        store<f64>(rq + (<usize>p << 3), 0);
        rotCore(n, Vt + ((<usize>p * nn) << 3), Vt + ((<usize>q * nn) << 3), c, s);
      }
    }
    if (!rotated) { converged = true; break; }
  }
  if (!converged) { arenaReset(top); return E_NOCONVERGE; }
  for (let i = 0; i < n; i++) store<f64>(d + (<usize>i << 3), load<f64>(S + ((<usize>i * nn + <usize>i) << 3)));
  // Ascending order (LAPACK's), by selection sort on the eigenvalues, moving rows of Vᵀ along.
  for (let i = 0; i < n - 1; i++) {
    let best = i;
    let bv = load<f64>(d + (<usize>i << 3));
    for (let j = i + 1; j < n; j++) {
      const v = load<f64>(d + (<usize>j << 3));
      if (v < bv) { bv = v; best = j; }
    }
    if (best != i) {
      store<f64>(d + (<usize>best << 3), load<f64>(d + (<usize>i << 3)));
      store<f64>(d + (<usize>i << 3), bv);
      swapVectors(n, Vt + ((<usize>i * nn) << 3), Vt + ((<usize>best * nn) << 3));
    }
  }
  const back = pow2(-e);
  for (let i = 0; i < n; i++) store<f64>(W + (<usize>i << 3), load<f64>(d + (<usize>i << 3)) * back);
  transposeCore(n, n, Vt, V);
  arenaReset(top);
  return OK;
}
