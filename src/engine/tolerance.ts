// Every tolerance the engine uses, with where it comes from (theory.md §5). Two kinds of decision:
//
// 1. Rank decisions: singular values σ_i > τ_rank · σ₁ count. A computed product whose exact rank is r
//    has σ_{r+1}/σ₁ at the rounding floor, ≈ max(m, n) · ε · κ (κ the conditioning of its invertible
//    factors), ≤ 1e2 · 2.2e-16 · 1e3 ≈ 2e-11 for the generators' sizes and cond(M) ≤ 1e3. The generators
//    keep a spectral gap: non-zero reduced singular values ≥ 0.1 σ₁ before M acts, so ≥ 0.1 / cond(M)
//    ≥ 1e-4 relative after. τ_rank = 1e-8 sits inside that gap with ≥ 2.5 decades on each side. A
//    singular value within two decades of τ_rank (1e-10 … 1e-6) makes the decision ambiguous, and a
//    verdict that rests on it is inconclusive.
//
// 2. Equalities and feasibility: a relative gap max|X − Y| / (1 + max|X|) (or a least-squares residual
//    ‖ΦW − Y‖ / (1 + ‖Y‖)). Measured in f64 (theory.md §5): 3e-14 at cond 1e3, 2e-11 at 1e6, 4e-8 at 1e9:
//    the residual grows like cond · ε. The base tolerance 1e-9 holds for cond ≤ 1e3 with five decades of
//    margin; above that it scales linearly with the measured conditioning κ, keeping the same margin.
//    Genuine counterexamples sit near 1e-1, so above κ_max = 1e6 (tolerance 1e-6) the two classes are
//    no longer five decades apart and the instance is inconclusive, never a counterexample.

export const EPS = 2 ** -52;

/** Relative singular-value threshold for ranks (see 1). */
export const RANK_RTOL = 1e-8;
/** A singular value σ/σ₁ in [RANK_RTOL / 100, RANK_RTOL · 100] makes a rank decision ambiguous. */
export const RANK_AMBIGUITY = 100;

/** Relative gap below which two quantities are equal, for conditioning up to COND_ANCHOR (see 2). */
export const BASE_TOL = 1e-9;
/** The conditioning at which BASE_TOL was measured to hold with five decades of margin. */
export const COND_ANCHOR = 1e3;
/** Beyond this conditioning no verdict is drawn (inconclusive). */
export const COND_MAX = 1e6;

/** The equality tolerance for a measured conditioning κ: BASE_TOL up to COND_ANCHOR, then linear in κ. */
export function equalityTol(kappa: number): number {
  return BASE_TOL * Math.max(1, kappa / COND_ANCHOR);
}

/** Whether a measured conditioning still allows a verdict. */
export function conclusive(kappa: number): boolean {
  return Number.isFinite(kappa) && kappa <= COND_MAX;
}

export interface Tolerances {
  rankRtol: number;
  baseTol: number;
  condAnchor: number;
  condMax: number;
  floorScale?: number;
}

export const DEFAULT_TOLERANCES: Tolerances = {
  rankRtol: RANK_RTOL,
  baseTol: BASE_TOL,
  condAnchor: COND_ANCHOR,
  condMax: COND_MAX,
};

/** Tolerance for conditioning κ under a given tolerance set (for tests that tighten or loosen them). */
export function tolFor(t: Tolerances, kappa: number): number {
  return t.baseTol * Math.max(1, kappa / t.condAnchor);
}
