// Moore–Penrose pseudo-inverse and minimum-norm least squares from the thin SVD.
// Both discard σ_i ≤ rtol · σ₁: inverting those would amplify rounding noise by 1/σ_i.
import { OK, E_NOMEM } from '../runtime/status';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { gemmCore } from '../blas/gemm';
import { svdInArena, svdU, svdS, svdV, rankFromSigma } from './svd-util';

/** V[:, j] ← V[:, j] / σ_j for j < r (V n × k row-major). */
function scaleColumns(n: i32, k: i32, r: i32, V: usize, S: usize): void {
  for (let i = 0; i < n; i++) {
    const row = V + ((<usize>i * <usize>k) << 3);
    for (let j = 0; j < r; j++) {
      const p = row + (<usize>j << 3);
      store<f64>(p, load<f64>(p) / load<f64>(S + (<usize>j << 3)));
    }
  }
}

/** out (n × m) ← A⁺ = V_r Σ_r⁻¹ U_rᵀ (rtol already resolved). out is written only on OK. */
export function pinvCore(m: i32, n: i32, A: usize, rtol: f64, out: usize): i32 {
  const k = m < n ? m : n;
  const top = arenaMark();
  let st = svdInArena(m, n, A, true);
  if (st != OK) { arenaReset(top); return st; }
  const U = svdU, S = svdS, V = svdV;
  const r = rankFromSigma(k, S, rtol);
  const W = arenaAlloc(<usize>n * <usize>m << 3);
  if (W == 0) { arenaReset(top); return E_NOMEM; }
  scaleColumns(n, k, r, V, S);
  // W = (V_r Σ_r⁻¹) U_rᵀ: the first r columns of V and U are the leading blocks with ld = k.
  st = gemmCore(0, 1, n, m, r, 1.0, V, k, U, k, 0.0, W, m);
  if (st == OK) memory.copy(out, W, <usize>n * <usize>m << 3);
  arenaReset(top);
  return st;
}

/**
 * X (n × nrhs) ← A⁺ B = V_r Σ_r⁻¹ (U_rᵀ B), the minimum-norm least-squares solution. Applying the
 * factors to B (instead of forming A⁺) costs O((m + n) r nrhs) after the SVD. X written only on OK.
 */
export function lstsqCore(m: i32, n: i32, nrhs: i32, A: usize, B: usize, rtol: f64, X: usize): i32 {
  const k = m < n ? m : n;
  const top = arenaMark();
  let st = svdInArena(m, n, A, true);
  if (st != OK) { arenaReset(top); return st; }
  const U = svdU, S = svdS, V = svdV;
  const r = rankFromSigma(k, S, rtol);
  const r1: i32 = r > 0 ? r : 1;
  const T = arenaAlloc(<usize>r1 * <usize>nrhs << 3);
  const Xw: usize = T == 0 ? 0 : arenaAlloc(<usize>n * <usize>nrhs << 3);
  if (Xw == 0) { arenaReset(top); return E_NOMEM; }
  // T = U_rᵀ B (r × nrhs), then row i of T divided by σ_i.
  st = gemmCore(1, 0, r, nrhs, m, 1.0, U, k, B, nrhs, 0.0, T, nrhs);
  if (st == OK) {
    for (let i = 0; i < r; i++) {
      const s = load<f64>(S + (<usize>i << 3));
      const row = T + ((<usize>i * <usize>nrhs) << 3);
      for (let j = 0; j < nrhs; j++) {
        const p = row + (<usize>j << 3);
        store<f64>(p, load<f64>(p) / s);
      }
    }
    st = gemmCore(0, 0, n, nrhs, r, 1.0, V, k, T, nrhs, 0.0, Xw, nrhs);
  }
  if (st == OK) memory.copy(X, Xw, <usize>n * <usize>nrhs << 3);
  arenaReset(top);
  return st;
}
