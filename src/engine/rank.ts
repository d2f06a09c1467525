// Numerical rank with a relative threshold and an honest flag when the decision is close (tolerance.ts).
//
// The threshold is relative to a reference scale, by default σ₁ of the matrix itself. For a computed
// product such as L = F G₀ᵀ, pass σ₁(F)·σ₁(G₀): rounding leaves singular values of order ε·σ₁(F)·σ₁(G₀)
// even where the exact product is zero, and a threshold relative to σ₁(L) alone would count that noise
// as rank when L is (nearly) zero.
import type { Matrix } from '../matrix/matrix.js';
import { svd } from '../matrix/decompose.js';
import { slice } from '../matrix/reshape.js';
import { RANK_AMBIGUITY, RANK_RTOL } from './tolerance.js';

export interface RankDecision {
  rank: number;
  /** Singular values, descending. */
  sigma: number[];
  /** The scale the threshold is relative to. */
  reference: number;
  /** A singular value lies within RANK_AMBIGUITY of the threshold: the rank could be either side. */
  ambiguous: boolean;
}

function decide(sigma: number[], rtol: number, reference: number): RankDecision {
  const ref = Math.max(sigma[0] ?? 0, reference);
  if (ref === 0) return { rank: 0, sigma, reference: ref, ambiguous: false };
  let rank = 0, ambiguous = false;
  for (const s of sigma) {
    const rel = s / ref;
    if (rel > rtol) rank++;
    if (rel >= rtol / RANK_AMBIGUITY && rel <= rtol * RANK_AMBIGUITY) ambiguous = true;
  }
  return { rank, sigma, reference: ref, ambiguous };
}

export function decideRank(a: Matrix, rtol = RANK_RTOL, reference = 0): RankDecision {
  if (a.rows === 0 || a.cols === 0) return { rank: 0, sigma: [], reference, ambiguous: false };
  const sigma = Array.from(a.core.scope(() => svd(a).S.toFloat64Array()));
  return decide(sigma, rtol, reference);
}

export interface RankedSvd extends RankDecision {
  /** Orthonormal bases of the column space (m × rank) and the row space (n × rank). */
  colBasis: Matrix;
  rowBasis: Matrix;
  /** All right singular vectors of the thin SVD (n × min(m, n)). */
  V: Matrix;
}

/** The rank decision together with orthonormal bases of the column and row spaces it spans. */
export function rankedSvd(a: Matrix, rtol = RANK_RTOL, reference = 0): RankedSvd {
  const { U, S, V } = svd(a);
  const d = decide(Array.from(S.data), rtol, reference);
  return { ...d, colBasis: slice(U, 0, U.rows, 0, d.rank), rowBasis: slice(V, 0, V.rows, 0, d.rank), V };
}
