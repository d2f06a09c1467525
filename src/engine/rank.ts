// Numerical rank against a derived floor (tolerance.ts): the singular values above the floor count, and
// the decision is conclusive when the spectrum has a clear gap at the cut (RANK_GAP between the last value
// kept and the larger of the floor and the next value).
//
// The floor is the bound on how far rounding (of the stored numbers and of the computation) can move any
// singular value, so it is an absolute number, computed by the caller from the matrix it comes from:
// matrixFloor for a stored matrix, productFloor for L = F G₀ᵀ judged from its factors.
import type { Matrix } from '../matrix/matrix.js';
import { svd, svdRight, singularValues } from '../matrix/decompose.js';
import { transposed } from '../matrix/convenience.js';
import { slice } from '../matrix/reshape.js';
import { normFro } from '../matrix/blas.js';
import { RANK_GAP, FLOOR_MARGIN, matrixFloor, U } from './tolerance.js';

export interface RankDecision {
  rank: number;
  /** Singular values, descending. */
  sigma: number[];
  /** The floor: no singular value at or below it can be told from rounding. */
  floor: number;
  /** σ_rank / max(floor, σ_rank+1): the gap at the cut (Infinity when nothing lies beyond the cut and the floor is 0). */
  gap: number;
  /** The gap is at least RANK_GAP (rank 0 needs no gap: every σ is at or below the floor). */
  conclusive: boolean;
  /** Not conclusive: a verdict that rests on this rank must say so. */
  ambiguous: boolean;
  /** Why the decision is not conclusive, with the numbers (null when it is). */
  why: string | null;
  /** How the rank was decided when no spectrum was computed (sigma is then empty): e.g. bounds on σ(L) (analysis.ts rankOfL). */
  from?: string;
}

/**
 * Rank 0 has no kept σ to measure the gap from, so the caller names the scale it is measured against
 * (`reference`): rank 0 is conclusive when every σ and the floor stand RANK_GAP below it ("zero at the
 * scale of …"). Without a reference, rank 0 is conclusive only for an empty matrix or an exactly zero one
 * with no error: a σ under a nonzero floor may be a direction rounding hid, and "rank 0" would be a guess.
 * References in use: ‖F‖ for F, the stored rows' scale for G₀, ‖F‖ for R = P_Γ(E), and one nat for L
 * (LOG_ODDS_UNIT: log-odds are dimensionless, so a floor of several nats hides whole probability ratios).
 */
export function decideFromSpectrum(sigma: number[], floor: number, scale = 1, reference = 0): RankDecision {
  const f = floor * scale;
  let rank = 0;
  while (rank < sigma.length && (sigma[rank] as number) > f) rank++;
  const kept = rank > 0 ? (sigma[rank - 1] as number) : Infinity;
  const next = sigma[rank] ?? 0;
  const below = Math.max(f, next);
  let gap = rank === 0 ? Infinity : below > 0 ? kept / below : Infinity;
  if (rank === 0 && sigma.length > 0 && below > 0) gap = reference / below;
  const hidden = next > 0 && next * FLOOR_MARGIN > f;
  const conclusive = gap >= RANK_GAP && !hidden;
  const why = conclusive ? null : gap >= RANK_GAP
    ? `rank ${rank}: σ_${rank + 1} = ${next.toExponential(2)} is under the rounding floor ${f.toExponential(2)} by less than ${FLOOR_MARGIN}×: it may be a direction the floor's slack hides`
    : rank === 0
    ? `rank 0: every σ is within the rounding floor ${f.toExponential(2)}, but ${reference > 0 ? `that is only ${gap.toPrecision(3)}× below the scale ${reference.toExponential(2)} it is judged at` : 'the floor is not zero'}: a direction rounding hid cannot be ruled out`
    : `rank ${rank}: σ_${rank} = ${kept.toExponential(2)} is only ${gap.toPrecision(3)}× above ${next > f ? `σ_${rank + 1} = ${next.toExponential(2)}` : `the rounding floor ${f.toExponential(2)}`} (a clear gap is ${RANK_GAP}×)`;
  return { rank, sigma, floor: f, gap, conclusive, ambiguous: !conclusive, why };
}

/** The relative cut (to σ₁) that the core's pseudo-inverse and least squares take for this decision. */
export function relativeCut(r: RankDecision): number {
  const s1 = r.sigma[0] ?? 0;
  if (s1 <= 0) return 0.5;
  // Halfway (geometrically) between the last value kept and the floor-or-next: the cut the decision made.
  const kept = r.rank > 0 ? (r.sigma[r.rank - 1] as number) : s1 * 2;
  const below = Math.max(r.floor, r.sigma[r.rank] ?? 0, kept * 1e-300);
  return Math.sqrt(kept * below) / s1;
}

/** The floor of a stored matrix at precision uIn (tolerance.ts matrixFloor). */
/** The RankDecision fields alone of a richer result (bases and vectors left behind). */
export const decisionOf = ({ rank, sigma, floor, gap, conclusive, ambiguous, why }: RankDecision): RankDecision => ({ rank, sigma, floor, gap, conclusive, ambiguous, why });

export function storedFloor(a: Matrix, uIn: number = U): number {
  return matrixFloor(normFro(a), a.rows, a.cols, uIn);
}

/** Rank of a matrix against a floor (by default that of a stored matrix at f64 precision); rank 0 is judged at `reference` (decideFromSpectrum). */
export function decideRank(a: Matrix, floor: number = storedFloor(a), reference = 0): RankDecision {
  if (a.rows === 0 || a.cols === 0) return decideFromSpectrum([], floor);
  const sigma = singularValues(a);
  return decideFromSpectrum(sigma, floor, 1, reference);
}

export interface RankedSvd extends RankDecision {
  /** Orthonormal bases of the column space (m × rank) and the row space (n × rank). */
  colBasis: Matrix;
  rowBasis: Matrix;
  /** All right singular vectors of the thin SVD (n × min(m, n)). */
  V: Matrix;
}

/** The rank decision together with orthonormal bases of the column and row spaces it spans. */
export function rankedSvd(a: Matrix, floor: number = storedFloor(a), reference = 0): RankedSvd {
  const { U: Uf, S, V } = svd(a);
  const d = decideFromSpectrum(Array.from(S.data), floor, 1, reference);
  return { ...d, colBasis: slice(Uf, 0, Uf.rows, 0, d.rank), rowBasis: slice(V, 0, V.rows, 0, d.rank), V };
}

/**
 * rankedSvd without the column basis: the decision, V and the row basis, the same bit for bit, without
 * forming U (half the work of a tall SVD; rank decisions on F and G₀ read only the row space).
 */
export function rankedRowSpace(a: Matrix, floor: number = storedFloor(a), reference = 0): Omit<RankedSvd, 'colBasis'> {
  const { S, V } = svdRight(a);
  const d = decideFromSpectrum(Array.from(S.data), floor, 1, reference);
  return { ...d, rowBasis: slice(V, 0, V.rows, 0, d.rank), V };
}

/**
 * rankedSvd's decision and column basis alone. For a wide matrix the core computes the SVD of Aᵀ, whose
 * right vectors are A's left ones: the SVD of the transpose without its left vectors gives the same U
 * bit for bit (the same scaled copy goes into the same Jacobi) at half the cost. A tall one needs U itself.
 */
export function rankedColumnSpace(a: Matrix, floor: number = storedFloor(a), reference = 0): RankDecision & { colBasis: Matrix } {
  if (a.rows >= a.cols) {
    const r = rankedSvd(a, floor, reference);
    return { ...decisionOf(r), colBasis: r.colBasis };
  }
  const { S, V: Ua } = svdRight(transposed(a));
  const d = decideFromSpectrum(Array.from(S.data), floor, 1, reference);
  return { ...d, colBasis: slice(Ua, 0, Ua.rows, 0, d.rank) };
}
