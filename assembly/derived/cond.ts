// 2-norm condition number from the singular values alone (no vectors are accumulated).
import { OK } from '../runtime/status';
import { arenaMark, arenaReset } from '../runtime/arena';
import { svdInArena, svdS } from './svd-util';

/** *out ← σ₁ / σ_min(m, n); +∞ when σ_min = 0, including the zero matrix (where 0/0 would be NaN). */
export function cond2Core(m: i32, n: i32, A: usize, out: usize): i32 {
  const k = m < n ? m : n;
  const top = arenaMark();
  const st = svdInArena(m, n, A, false);
  if (st == OK) {
    const smax = load<f64>(svdS), smin = load<f64>(svdS + (<usize>(k - 1) << 3));
    store<f64>(out, smin == 0 ? Infinity : smax / smin);
  }
  arenaReset(top);
  return st;
}
