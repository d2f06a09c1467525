// Least-squares feasibility, the workhorse of every "is there a linear map such that …" question:
// fit W = argmin ‖X W − Y‖ (minimum norm) and judge the relative residual ‖X W − Y‖_F / (1 + ‖Y‖_F)
// against the tolerance for the measured conditioning of X on its range (tolerance.ts).
import type { Matrix } from '../matrix/matrix.js';
import { lstsq } from '../matrix/derived.js';
import { zeros } from '../matrix/create.js';
import { mul, minus } from '../matrix/convenience.js';
import { normFro } from '../matrix/blas.js';
import { decideRank } from './rank.js';
import { type Tolerances, DEFAULT_TOLERANCES, tolFor } from './tolerance.js';

export interface Verdict {
  holds: boolean;
  /** The quantity compared with the tolerance (a relative residual or gap). */
  residual: number;
  tol: number;
  /** The measured conditioning the tolerance was scaled with. */
  kappa: number;
  /** False when the conditioning is beyond the bound or a decision was ambiguous (a reason string says which). */
  conclusive: boolean;
  reason: string | null;
}

export function verdict(residual: number, kappa: number, t: Tolerances, reasonIfNot: string, ambiguous: boolean | string = false): Verdict {
  const tol = tolFor(t, kappa);
  const holds = residual < tol;
  const conclusive = !ambiguous && Number.isFinite(kappa) && kappa <= t.condMax && Number.isFinite(residual);
  let reason: string | null = holds ? null : `${reasonIfNot} (residual ${residual.toExponential(2)} ≥ tolerance ${tol.toExponential(2)})`;
  if (!conclusive) {
    const why = typeof ambiguous === 'string' && ambiguous ? ambiguous : ambiguous ? 'a rank decision is within the ambiguity band'
      : `conditioning ${kappa.toExponential(2)} exceeds ${t.condMax.toExponential(0)}`;
    reason = `inconclusive: ${why}${reason ? `; ${reason}` : ''}`;
  }
  return { holds, residual, tol, kappa, conclusive, reason };
}

/**
 * σ_ref / σ_r of X on its range. `reference` is the scale rank is judged against (rank.ts): pass the
 * scale of the factors when X is a computed product that may be zero in exact arithmetic, so rounding
 * noise is not taken for a direction.
 */
export function condOnRange(x: Matrix, t: Tolerances = DEFAULT_TOLERANCES, reference = 0): { kappa: number; ambiguous: boolean; rank: number; rtol: number } {
  const r = decideRank(x, t.rankRtol, reference);
  const s1 = r.sigma[0] ?? 0;
  // The threshold relative to X's own σ₁, which is what the core's least squares takes.
  const rtol = s1 > 0 ? t.rankRtol * (r.reference / s1) : t.rankRtol;
  if (r.rank === 0) return { kappa: 1, ambiguous: r.ambiguous, rank: 0, rtol };
  return { kappa: r.reference / (r.sigma[r.rank - 1] as number), ambiguous: r.ambiguous, rank: r.rank, rtol };
}

export function relResidual(x: Matrix, w: Matrix, y: Matrix): number {
  return normFro(minus(mul(x, w), y)) / (1 + normFro(y));
}

export interface Fit extends Verdict {
  W: Matrix;
}

/** Is Y = X W solvable? The minimum-norm W, its residual and the verdict (reference: see condOnRange). */
export function fitLinear(x: Matrix, y: Matrix, t: Tolerances = DEFAULT_TOLERANCES, what = 'no linear map fits', reference = 0): Fit {
  const c = condOnRange(x, t, reference);
  const W = c.rank === 0 ? zeros(x.core, x.cols, y.cols) : lstsq(x, y, c.rtol);
  return { W, ...verdict(relResidual(x, W, y), c.kappa, t, what, c.ambiguous) };
}
