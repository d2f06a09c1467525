// Shared by the SVD-based operations: the rank threshold and a thin SVD in arena workspace.
import { OK, E_NOMEM } from '../runtime/status';
import { arenaAlloc } from '../runtime/arena';
import { svdCore, SVD_BOTH, SVD_VALUES } from '../decomp/jacobi-svd';
import { EPS } from '../decomp/util';

/** rtol < 0 selects the default max(m, n) · ε (numpy's matrix_rank / pinv default). */
export function effectiveRtol(m: i32, n: i32, rtol: f64): f64 {
  return rtol < 0 ? <f64>(m > n ? m : n) * EPS : rtol;
}

/**
 * Numerical rank: the number of σ_i > rtol · σ₁ (S descending, k entries). 0 for the zero matrix,
 * since then no σ_i exceeds rtol · 0 = 0.
 */
export function rankFromSigma(k: i32, S: usize, rtol: f64): i32 {
  if (k == 0) return 0;
  const thr = rtol * load<f64>(S);
  let r = 0;
  while (r < k && load<f64>(S + (<usize>r << 3)) > thr) r++;
  return r;
}

/** Addresses of the factors of the last svdInArena call (valid until the caller resets the arena). */
export let svdU: usize = 0;
export let svdS: usize = 0;
export let svdV: usize = 0;

/**
 * A thin SVD whose factors live in the arena (the caller resets to its own mark afterwards): on OK
 * svdU (m × k), svdS (k), svdV (n × k) point at them; U and V are 0 when wantVec is false.
 */
export function svdInArena(m: i32, n: i32, A: usize, wantVec: bool): i32 {
  const k = m < n ? m : n;
  const S = arenaAlloc(<usize>k << 3);
  let U: usize = 0, V: usize = 0;
  if (S == 0) return E_NOMEM;
  if (wantVec) {
    U = arenaAlloc(<usize>m * <usize>k << 3);
    V = U == 0 ? 0 : arenaAlloc(<usize>n * <usize>k << 3);
    if (V == 0) return E_NOMEM;
  }
  const st = svdCore(m, n, A, U, S, V, wantVec ? SVD_BOTH : SVD_VALUES);
  if (st != OK) return st;
  svdU = U; svdS = S; svdV = V;
  return OK;
}
