// What the linear-property verdicts take from a model's analysis: the precision of its stored numbers, the
// rank decisions they rest on, and how much error the reduced model carries relative to its size.
import type { Analysis } from '../analysis.js';
import { type Tolerances, logOddsEntryCoefficient } from '../tolerance.js';
import { maxRowNorm } from '../../matrix/reshape.js';

/** The caller's tolerances at the model's own precision (the coarser of the two). */
export function withModel(t: Tolerances, ...models: Analysis[]): Tolerances {
  return { ...t, uIn: Math.max(t.uIn, ...models.map((m) => m.tol.uIn)) };
}

/** The model's inconclusive rank decisions as one reason, or false. */
export function ambiguityOf(...models: Analysis[]): string | false {
  const all = models.flatMap((m) => m.ambiguity);
  return all.length > 0 ? all.join('; ') : false;
}

/**
 * The relative error of log-odds data (rows or columns of L): the entry bound of tolerance.ts
 * logOddsEntryCoefficient times the amplification κ_L = max‖f‖ max‖g₀‖ / (1 + max|L|).
 */
export function logOddsRelErr(a: Analysis): number {
  return logOddsEntryCoefficient(a.d, a.precision.F, a.precision.G) * 2 * a.kappaL;
}

/** The relative error of the reduced embeddings α (analysis.ts errors.alpha over ‖α‖₂). */
export function alphaRelErr(a: Analysis): number {
  const s1 = a.rankL.sigma[0] ?? 0;
  const nAlpha = Math.sqrt(s1);
  return nAlpha > 0 ? a.errors.alpha / Math.max(nAlpha, a.alpha.rows > 0 ? maxRowNorm(a.alpha) : 0) : 0;
}
