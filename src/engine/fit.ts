// Least-squares feasibility, the workhorse of every "is there a linear map such that …" question:
// fit W = argmin ‖X W − Y‖ (minimum norm) and judge the relative residual ‖X W − Y‖_F / (1 + ‖Y‖_F)
// against the floor of tolerance.ts leastSquaresFloor for the conditioning of X on its range and the
// precision of the data.
import type { Matrix } from '../matrix/matrix.js';
import { lstsq } from '../matrix/derived.js';
import { zeros } from '../matrix/create.js';
import { mul, minus } from '../matrix/convenience.js';
import { normFro } from '../matrix/blas.js';
import { decideRank, decideFromSpectrum, relativeCut, storedFloor } from './rank.js';
import { type Tolerances, DEFAULT_TOLERANCES, fitFloor, gamma, VACUOUS_FLOOR } from './tolerance.js';

export interface Verdict {
  holds: boolean;
  /** The quantity compared with the floor (a relative residual or gap). */
  residual: number;
  /** The floor: the largest value rounding alone can give the residual when the exact answer is "holds". */
  tol: number;
  /** The conditioning the floor was derived with (of the design, or of how the data were computed). */
  kappa: number;
  /**
   * False when an upstream rank decision has no clear gap, or when the floor is vacuous (≥ 1: rounding
   * could explain any residual) and the residual is below it. A residual above its floor is a conclusive no.
   */
  conclusive: boolean;
  reason: string | null;
}

/**
 * The three-valued verdict on a residual and its floor. `ambiguous` names an upstream rank decision
 * without a clear gap (a string says which); it makes the verdict inconclusive either way, because the
 * residual was computed on the wrong subspace if the rank is wrong.
 */
export function judge(residual: number, floor: number, kappa: number, reasonIfNot: string, ambiguous: boolean | string = false): Verdict {
  const holds = residual <= floor;
  const vacuous = !(floor < VACUOUS_FLOOR);
  const conclusive = !ambiguous && Number.isFinite(residual) && !(holds && vacuous);
  let reason: string | null = holds ? null : `${reasonIfNot} (residual ${residual.toExponential(2)} > floor ${floor.toExponential(2)})`;
  if (!conclusive) {
    const why = typeof ambiguous === 'string' && ambiguous ? ambiguous : ambiguous ? 'a rank decision has no clear gap'
      : !Number.isFinite(residual) ? 'the residual is not finite'
        : `the floor ${floor.toExponential(2)} is vacuous (conditioning ${kappa.toExponential(2)}): rounding could explain any residual; exact arithmetic or a finer precision would settle it`;
    reason = `inconclusive: ${why}${reason ? `; ${reason}` : ''}`;
  }
  return { holds, residual, tol: floor, kappa, conclusive, reason };
}

/**
 * A verdict on a relative least-squares residual whose design has conditioning κ and whose data were
 * stored or computed at relative precision `dataRelErr` (at least t.uIn): tolerance.ts fitFloor.
 */
export function verdict(residual: number, kappa: number, t: Tolerances, reasonIfNot: string, ambiguous: boolean | string = false, dataRelErr = 0, dims: [number, number] = [1, 1]): Verdict {
  return judge(residual, fitFloor(t, kappa, dataRelErr, dims[0], dims[1]), kappa, reasonIfNot, ambiguous);
}

/**
 * σ₁ / σ_r of X on its range, against the floor of X (by default: X stored at t.uIn; pass `floor` when X
 * was computed, e.g. the floor of a product that may be zero in exact arithmetic).
 */
export function condOnRange(x: Matrix, t: Tolerances = DEFAULT_TOLERANCES, floor?: number, sigma?: readonly number[]): { kappa: number; ambiguous: boolean; rank: number; rtol: number; why: string | null } {
  // `sigma`: x's singular values when the caller has them already (a model's own rank decision), which
  // saves an SVD of x; decided against the same floor, so the decision is the one decideRank would make.
  const f = floor ?? t.floorScale * storedFloor(x, t.uIn);
  const r = sigma ? decideFromSpectrum([...sigma], f) : decideRank(x, f);
  const rtol = relativeCut(r);
  if (r.rank === 0) return { kappa: 1, ambiguous: r.ambiguous, rank: 0, rtol, why: r.why };
  return { kappa: (r.sigma[0] as number) / (r.sigma[r.rank - 1] as number), ambiguous: r.ambiguous, rank: r.rank, rtol, why: r.why };
}

export function relResidual(x: Matrix, w: Matrix, y: Matrix): number {
  return normFro(minus(mul(x, w), y)) / (1 + normFro(y));
}

export interface Fit extends Verdict {
  W: Matrix;
}

/** Is Y = X W solvable? The minimum-norm W, its residual and the verdict (floor: see condOnRange). */
export function fitLinear(x: Matrix, y: Matrix, t: Tolerances = DEFAULT_TOLERANCES, what = 'no linear map fits', floor?: number, dataRelErr = 0): Fit {
  const c = condOnRange(x, t, floor);
  const W = c.rank === 0 ? zeros(x.core, x.cols, y.cols) : lstsq(x, y, c.rtol);
  return { W, ...verdict(relResidual(x, W, y), c.kappa, t, what, c.ambiguous ? (c.why ?? true) : false, dataRelErr, [x.rows, x.cols]) };
}

/**
 * The floor of a relative gap max|X − X̃| / (1 + max|X|) between two computed products (logits, log-odds,
 * log-probabilities) of length-k inner products whose amplification is `amplification` (predictor.ts):
 * each product entry is within (γ_{k+2} + 2 u_in) Σ|f||g| ≤ (γ_{k+2} + 2 u_in) · amplification · (1 + max|X|)
 * of its exact value, the two sides add, and a log-softmax over V tokens adds γ_{V+2} per entry for its
 * running sums (a relative error of the log-sum-exp, which is at most the size of the row). Times 2 for
 * the second-order terms.
 */
export function productGapVerdict(gap: number, amplification: number, k: number, V: number, t: Tolerances, reasonIfNot: string, ambiguous: boolean | string = false): Verdict {
  const floor = 2 * t.floorScale * (2 * (gamma(k + 2) + 2 * t.uIn) * Math.max(1, amplification) + 2 * gamma(V + 2));
  return judge(gap, floor, amplification, reasonIfNot, ambiguous);
}
