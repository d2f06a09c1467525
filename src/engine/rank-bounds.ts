// rank L of a product L = X Yᵀ from the singular values of its factors alone, when intervals on σᵢ(L)
// settle it: the middle factor's SVD (d × d, 2.3 s at d = 1024 on the blocked path) is then not needed.
//
// The bounds (X: m × d, Y: p × d, both with the inner dimension d; σ's descending):
//   upper, always:                  σᵢ(X Yᵀ) ≤ min(σ₁(X) σᵢ(Y), σᵢ(X) σ₁(Y))
//   lower, when X has d values:     σᵢ(X Yᵀ) ≥ σ_d(X) σᵢ(Y)   (‖X z‖ ≥ σ_d(X) ‖z‖ for every z ∈ ℝᵈ, minimax)
//   lower, when Y has d values:     σᵢ(X Yᵀ) ≥ σ_d(Y) σᵢ(X)
// (Horn & Johnson, Topics in Matrix Analysis, Thm 3.3.16.) X Yᵀ has min(k_X, k_Y) singular values, k the
// number of values each factor's SVD gave. A factor with fewer than d values (m < d) gives no lower bound;
// one with d values always does, weak when σ_d is small, so no rank precondition is needed: a σ_d at the
// noise level just leaves the lower ends too low to settle anything. With both factors short, every lower
// end is 0 and the rank is settled only when it is 0.
//
// What the bounds bound. The callers hold computed σ̂(X), σ̂(Y) and computed right singular vectors V̂_X,
// V̂_Y; the middle-factor path takes the SVD of M = Σ̂_X V̂_Xᵀ V̂_Y Σ̂_Y (analysis.ts) or of R_X R_Yᵀ
// (blocked/decision.ts), whose exact singular values are those of M. With W = V̂_Xᵀ V̂_Y, the bounds hold
// for M exactly when W has orthonormal rows or columns; computed singular vectors are orthonormal to γ_d
// (‖V̂ᵀV̂ − I‖ ≤ γ_d, the convention analysis.ts takes for its bases), so W's singular values lie in
// [1 − γ_d, 1 + γ_d] to first order, and the two products σ̂σ̂ each add one rounding: `slack` = γ_{d+2}
// widens every interval by that relative amount. The intervals then hold the exact spectrum of the
// matrix the middle path would decompose, which is no further from σ(L) than that path's computed
// spectrum (which adds the middle product's rounding and the SVD's own error): a rank rule applied to any
// spectrum in the intervals is as valid as the same rule applied to the computed middle spectrum.
import { gamma } from './tolerance.js';
import { decideFromSpectrum, type RankDecision } from './rank.js';

export interface ProductBounds {
  /** lower[i] ≤ σ_{i+1}(X Yᵀ) ≤ upper[i], both descending, min(k_X, k_Y) entries. */
  lower: number[];
  upper: number[];
}

/**
 * Per-i bounds on the singular values of X Yᵀ from σ(X) and σ(Y) (descending), X and Y with d columns.
 * `slack` (relative) widens each interval; by default γ_{d+2}, for computed singular vectors (header).
 */
export function productSpectrumBounds(sX: ArrayLike<number>, sY: ArrayLike<number>, d: number, slack = gamma(d + 2)): ProductBounds {
  const m = Math.min(sX.length, sY.length);
  const x1 = sX[0] ?? 0, y1 = sY[0] ?? 0;
  const xd = sX.length === d && d > 0 ? (sX[d - 1] as number) : 0;
  const yd = sY.length === d && d > 0 ? (sY[d - 1] as number) : 0;
  const lower: number[] = [], upper: number[] = [];
  for (let i = 0; i < m; i++) {
    const x = sX[i] as number, y = sY[i] as number;
    lower.push(Math.max(xd * y, yd * x) * (1 - slack));
    upper.push(Math.min(x1 * y, x * y1) * (1 + slack));
  }
  return { lower, upper };
}

/** A rank rule on a descending spectrum: the rank it counts and whether that count is clear of its threshold. */
export type RankRule = (sigma: number[]) => { rank: number; conclusive: boolean };

/**
 * The rank every spectrum within the intervals gets from `rule`, when the two ends of the intervals get
 * the same conclusive rank from it; else null. For the rules in use (a count above a threshold, conclusive
 * when σ_r clears it and σ_{r+1} stays under it by fixed margins), a conclusive rank r on both ends means
 * lower_r clears the threshold and upper_{r+1} stays under it, hence so do σ_r and σ_{r+1} of any spectrum
 * in between.
 */
export function settledRank(b: ProductBounds, rule: RankRule): number | null {
  const lo = rule(b.lower), hi = rule(b.upper);
  return lo.conclusive && hi.conclusive && lo.rank === hi.rank ? lo.rank : null;
}

/**
 * The blocked decision's relative rule (decision.ts rankOf: σ counts when σ / reference > rtol), made
 * conclusive by the ambiguity factor 100 each way: σ_r / reference > 100 rtol and σ_{r+1} / reference <
 * rtol / 100. The reference is σ₁(X) σ₁(Y) ≥ σ₁(L), as rankOf takes it; a zero reference is a zero
 * product, rank 0.
 */
export function relativeRule(reference: number, rtol: number, ambiguity = 100): RankRule {
  return (sigma) => {
    if (!(reference > 0)) return { rank: 0, conclusive: true };
    let rank = 0;
    while (rank < sigma.length && (sigma[rank] as number) / reference > rtol) rank++;
    const kept = rank === 0 || (sigma[rank - 1] as number) / reference > ambiguity * rtol;
    const dropped = rank === sigma.length || (sigma[rank] as number) / reference < rtol / ambiguity;
    return { rank, conclusive: kept && dropped };
  };
}

/**
 * rank X Yᵀ by the relative rule from the factors' spectra, when the bounds settle it; else null (the
 * middle factor's SVD is needed). The full-rank case r = d is σ_d(X) σ_d(Y) / (σ₁(X) σ₁(Y)) > 100 rtol.
 */
export function relativeRankByBounds(sX: ArrayLike<number>, sY: ArrayLike<number>, d: number, rtol: number): number | null {
  return settledRank(productSpectrumBounds(sX, sY, d), relativeRule((sX[0] ?? 0) * (sY[0] ?? 0), rtol));
}

/** What a rank decided by floorRankByBounds says it came from (RankDecision.from). */
export const FROM_BOUNDS = 'bounds σ_d(F)σᵢ(G₀) ≤ σᵢ(L) ≤ σ₁(F)σᵢ(G₀) (or F, G₀ swapped) on the factors\' spectra; σ(L) not computed';

/**
 * rank X Yᵀ by decideFromSpectrum at an absolute floor (analysis.ts rankOfL: floorL and LOG_ODDS_UNIT)
 * from the factors' spectra, when the bounds settle it; else null. The decision returned is the lower
 * ends' (the worst spectrum the intervals allow: its gap is the smallest), with no σ and `from` saying so.
 */
export function floorRankByBounds(sX: ArrayLike<number>, sY: ArrayLike<number>, d: number, floor: number, reference: number): RankDecision | null {
  const bounds = productSpectrumBounds(sX, sY, d);
  const rule = (sigma: number[]) => decideFromSpectrum(sigma, floor, 1, reference);
  return settledRank(bounds, rule) === null ? null : { ...rule(bounds.lower), sigma: [], from: FROM_BOUNDS };
}
