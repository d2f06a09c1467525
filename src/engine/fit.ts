// Least-squares feasibility, the workhorse of every "is there a linear map such that …" question:
// fit W = argmin ‖X W − Y‖ (minimum norm) and judge the relative residual ‖X W − Y‖_F / (1 + ‖Y‖_F)
// against the tolerance for the measured conditioning of X on its range (tolerance.ts).
import type { Matrix } from '../matrix/matrix.js';
import { lstsq } from '../matrix/derived.js';
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

/** σ₁ / σ_r of X on its range (∞ for the zero matrix is avoided: 1). */
export function condOnRange(x: Matrix, t: Tolerances = DEFAULT_TOLERANCES): { kappa: number; ambiguous: boolean } {
  const r = decideRank(x, t.rankRtol);
  if (r.rank === 0) return { kappa: 1, ambiguous: r.ambiguous };
  return { kappa: (r.sigma[0] as number) / (r.sigma[r.rank - 1] as number), ambiguous: r.ambiguous };
}

export function relResidual(x: Matrix, w: Matrix, y: Matrix): number {
  return normFro(minus(mul(x, w), y)) / (1 + normFro(y));
}

export interface Fit extends Verdict {
  W: Matrix;
}

/** Is Y = X W solvable? The minimum-norm W, its residual and the verdict. */
export function fitLinear(x: Matrix, y: Matrix, t: Tolerances = DEFAULT_TOLERANCES, what = 'no linear map fits'): Fit {
  const W = lstsq(x, y, t.rankRtol);
  const { kappa, ambiguous } = condOnRange(x, t);
  return { W, ...verdict(relResidual(x, W, y), kappa, t, what, ambiguous) };
}
