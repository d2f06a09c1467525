// Principal angles between two column spaces (Björck & Golub 1973), accurate for small angles.
//
// With orthonormal bases Qa (m × ra), Qb (m × rb) and C = Qaᵀ Qb, the cosines of the angles are the
// singular values of C. Near θ = 0, cos θ ≈ 1 − θ²/2 carries no information below √ε ≈ 1.5e-8, so an
// angle of 1e-9 would come out as 0. The sines are the singular values of the residual
// (I − Qa Qaᵀ) Qb = Qb − Qa C, which are computed with absolute accuracy ~ε: for cos² ≥ 1/2
// (θ ≤ π/4) the angle is asin(sine), otherwise acos(cosine) (which is then well conditioned).
// The residual has rb singular values: the min(ra, rb) smallest are the sines of the angles (sorted
// ascending where the cosines are descending), any others equal 1.
import { OK, E_NOMEM } from '../runtime/status';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { gemmCore } from '../blas/gemm';
import { svdCore, SVD_VALUES } from '../decomp/jacobi-svd';
import { colBasisInArena, basisPtr, basisRank } from './subspace';

/** angles (min(ra, rb), ascending) to out, the count to *count (i32). */
export function principalAnglesCore(m: i32, p: i32, q: i32, A: usize, B: usize, rtolA: f64, rtolB: f64, out: usize, count: usize): i32 {
  const top = arenaMark();
  let st = colBasisInArena(m, p, A, rtolA);
  if (st != OK) { arenaReset(top); return st; }
  const Qa = basisPtr, ra = basisRank;
  st = colBasisInArena(m, q, B, rtolB);
  if (st != OK) { arenaReset(top); return st; }
  const Qb = basisPtr, rb = basisRank;
  const c = ra < rb ? ra : rb;
  if (c == 0) {
    store<i32>(count, 0);
    arenaReset(top);
    return OK;
  }
  const C = arenaAlloc(<usize>ra * <usize>rb << 3);
  const cosv: usize = C == 0 ? 0 : arenaAlloc(<usize>c << 3);
  const Rm: usize = cosv == 0 ? 0 : arenaAlloc(<usize>m * <usize>rb << 3);
  const sinv: usize = Rm == 0 ? 0 : arenaAlloc(<usize>rb << 3);
  const th: usize = sinv == 0 ? 0 : arenaAlloc(<usize>c << 3);
  if (th == 0) { arenaReset(top); return E_NOMEM; }
  st = gemmCore(1, 0, ra, rb, m, 1.0, Qa, ra, Qb, rb, 0.0, C, rb);
  if (st == OK) st = svdCore(ra, rb, C, 0, cosv, 0, SVD_VALUES);
  if (st == OK) {
    memory.copy(Rm, Qb, <usize>m * <usize>rb << 3);
    st = gemmCore(0, 0, m, rb, ra, -1.0, Qa, ra, C, rb, 1.0, Rm, rb);
  }
  if (st == OK) st = svdCore(m, rb, Rm, 0, sinv, 0, SVD_VALUES);
  if (st != OK) { arenaReset(top); return st; }
  for (let i = 0; i < c; i++) {
    let cs = load<f64>(cosv + (<usize>i << 3));
    if (cs > 1) cs = 1;
    let t: f64;
    if (cs * cs >= 0.5) {
      let sn = load<f64>(sinv + (<usize>(rb - 1 - i) << 3));
      if (sn > 1) sn = 1;
      t = Math.asin(sn);
    } else {
      t = Math.acos(cs);
    }
    store<f64>(th + (<usize>i << 3), t);
  }
  // The two formulas meet at π/4 and may disagree there in the last bits: restore ascending order.
  for (let i = 1; i < c; i++) {
    const v = load<f64>(th + (<usize>i << 3));
    let j = i - 1;
    while (j >= 0 && load<f64>(th + (<usize>j << 3)) > v) {
      store<f64>(th + (<usize>(j + 1) << 3), load<f64>(th + (<usize>j << 3)));
      j--;
    }
    store<f64>(th + (<usize>(j + 1) << 3), v);
  }
  memory.copy(out, th, <usize>c << 3);
  store<i32>(count, c);
  arenaReset(top);
  return OK;
}
