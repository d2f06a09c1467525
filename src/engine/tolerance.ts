// Every floor a decision is compared with, derived from a rounding-error model of the very computation
// and of the input's precision (theory.md §5; Higham, Accuracy and Stability of Numerical Algorithms,
// 2nd ed., §3.1, §19.3, §20.1). A floor is an upper bound on what rounding alone can make a quantity be
// when the exact answer is "equal" / "zero"; nothing that does not enter a quantity's error enters its
// floor. The README's numerics section states each one; test/engine/floors.test.ts checks each against
// measured errors (below the floor, and within a few decades of it).
//
// Notation: u = 2⁻⁵³, the unit roundoff of the f64 arithmetic every computation runs in; u_in, the unit
// roundoff of the stored numbers (their dtype, or what a generator guarantees, or a coarser level the
// user asks for). The input model is row-normwise: a stored row x is within u_in‖x‖ of the row of an
// exact model (the entrywise model |δx_i| ≤ u_in|x_i| of a rounded file implies it).

/** Unit roundoff of f64 arithmetic. */
export const U = 2 ** -53;
/** Machine epsilon (2u), for code that states thresholds relative to it. */
export const EPS = 2 ** -52;

export type Dtype = 'f64' | 'f32' | 'f16' | 'bf16';

const UNIT_ROUNDOFF: Record<Dtype, number> = { f64: 2 ** -53, f32: 2 ** -24, f16: 2 ** -11, bf16: 2 ** -8 };

/** Unit roundoff of a stored dtype: 2⁻⁵³, 2⁻²⁴, 2⁻¹¹, 2⁻⁸ (JSON numbers are f64). */
export function unitRoundoff(dtype: Dtype): number {
  return UNIT_ROUNDOFF[dtype];
}

/** The coarser of a model file's two precisions: what a verdict on the whole model is stated at. */
export function coarsestUnitRoundoff(dtype: string): number {
  const u = precisionOfDtype(dtype);
  return Math.max(u.F, u.G);
}

/**
 * Below the normal range a format rounds to an absolute grid: half its smallest subnormal, 2⁻²⁵ for f16
 * (whose normal range ends at 6.1e-5), 2⁻¹³⁴ for bf16, 2⁻¹⁵⁰ for f32, 2⁻¹⁰⁷⁵ for f64. A stored entry is
 * within u|x| + this of the number it stands for.
 */
const UNDERFLOW: Record<Dtype, number> = { f64: 2 ** -1075, f32: 2 ** -150, f16: 2 ** -25, bf16: 2 ** -134 };

function dtypeOf(s: string): Dtype {
  const t = s.trim().toLowerCase();
  if (t === 'f32' || t === 'float32') return 'f32';
  if (t === 'f16' || t === 'float16') return 'f16';
  if (t === 'bf16' || t === 'bfloat16') return 'bf16';
  return 'f64';
}

/** The dtype of each factor of a model file, from the string the readers record ('f32', 'json', 'F f32, G f64'). */
export function dtypesOf(dtype: string): { F: Dtype; G: Dtype } {
  const m = /^F\s+(\S+),\s*G\s+(\S+)$/i.exec(dtype.trim());
  if (m) return { F: dtypeOf(m[1] as string), G: dtypeOf(m[2] as string) };
  const d = dtypeOf(dtype);
  return { F: d, G: d };
}

/** The precision of each factor of a model file. */
export function precisionOfDtype(dtype: string): { F: number; G: number } {
  const d = dtypesOf(dtype);
  return { F: UNIT_ROUNDOFF[d.F], G: UNIT_ROUNDOFF[d.G] };
}

/**
 * The absolute part of storage rounding for an n × d F and a V × d G (UNDERFLOW per entry): as a spectral
 * bound of each factor's error (its Frobenius norm), and as a bound on every log-odds entry,
 * e_f (‖g_y‖ + ‖g_y₀‖) + ‖f_x‖ 2 e_g + 2 e_f e_g with e_f, e_g the per-row bounds √d · UNDERFLOW, maximised.
 */
export function underflowErrors(dtype: string, n: number, V: number, d: number, maxF: number, maxG: number): { factor: { F: number; G: number }; logOdds: number } {
  const t = dtypesOf(dtype);
  const ef = Math.sqrt(d) * UNDERFLOW[t.F], eg = Math.sqrt(d) * UNDERFLOW[t.G];
  return {
    factor: { F: Math.sqrt(n) * ef, G: Math.sqrt(V) * eg },
    logOdds: 2 * ef * maxG + 2 * maxF * eg + 2 * ef * eg,
  };
}

/** a · b with 0 · ∞ = 0: an error bound times the size of something that is not there is no error. */
export function times(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

/** γ_k = k u / (1 − k u) (Higham §3.1): the relative error bound of a length-k inner product. */
export function gamma(k: number): number {
  const ku = k * U;
  return ku < 1 ? ku / (1 - ku) : Infinity;
}

/**
 * The stored rows x = x*(1 + δ), y = y*(1 + δ′) with ‖δ‖ ≤ uF, ‖δ′‖ ≤ uG (row-normwise) give
 * |xᵀy − x*ᵀy*| ≤ c ‖x‖‖y‖ with c = (uF + uG + uF uG) / ((1 − uF)(1 − uG)), in terms of the stored rows.
 */
export function inputRoundingCoefficient(uF: number, uG: number): number {
  // A precision of 1/2 or more bounds nothing (a relative error of 100% or more).
  if (!(uF < 0.5 && uG < 0.5)) return Infinity;
  return (uF + uG + uF * uG) / ((1 - uF) * (1 - uG));
}

/**
 * c such that |computed L[x,y] − L*[x,y]| ≤ c · ‖f_x‖ (‖g_y‖ + ‖g_pivot‖) for one model of dimension d
 * stored at precisions (uF, uG), where L* is the exact model's log-odds and L is computed as
 * G₀ = fl(g_y − g_pivot) followed by a length-d inner product in any order:
 *   - the difference: |fl(a − b) − (a − b)| ≤ u(|a| + |b|);
 *   - the inner product: γ_d |f|ᵀ|g₀| ≤ γ_d (1 + u) |f|ᵀ(|g_y| + |g_pivot|), so γ_{d+1} covers both;
 *   - the stored inputs: inputRoundingCoefficient;
 *   - |f|ᵀ(|g_y| + |g_pivot|) ≤ ‖f‖(‖g_y‖ + ‖g_pivot‖) (Cauchy–Schwarz), with the computed norms
 *     themselves within γ_{d+1} each: the factor (1 + γ_{2d+2}).
 */
export function logOddsEntryCoefficient(d: number, uF: number, uG: number = uF): number {
  return (gamma(d + 1) + inputRoundingCoefficient(uF, uG)) * (1 + gamma(2 * d + 2));
}

/**
 * Backward error of the SVD (one-sided Jacobi, or Householder bidiagonalisation in general) of an
 * m × k matrix A: the computed factors are exact for A + ΔA with ‖ΔA‖₂ ≤ p u ‖A‖_F. Higham Thm 19.4 gives
 * p = O(mk) for Householder QR in the worst case; what matters for a floor is the realistic constant,
 * p = √(mk) · 4 (each sweep's rotations add errors that behave like a random walk over the entries),
 * measured in test/engine/floors.test.ts to bound the error of computed singular values by a margin of
 * at least 10 on every shape from 2 × 1 to 512 × 64.
 */
export function svdBackwardCoefficient(m: number, k: number): number {
  return 4 * Math.sqrt(Math.max(1, m * k)) * U;
}

/**
 * Floor of the singular values of a stored matrix X (m × k, stored at precision uIn): by Weyl's
 * inequality each computed σᵢ is within ‖ΔX‖₂ ≤ uIn ‖X‖_F (storage) + p u ‖X‖_F (the SVD) of σᵢ of the
 * exact matrix, so a σᵢ above the floor is a direction the exact matrix has.
 */
export function matrixFloor(frobenius: number, m: number, k: number, uIn: number): number {
  return (uIn + svdBackwardCoefficient(m, k)) * frobenius;
}

/**
 * Floor of the singular values of a product L = X Yᵀ computed from the factors (analysis.ts takes the SVD
 * of the small middle factor S_X V_Xᵀ V_Y S_Y): ‖ΔL‖₂ ≤ ‖ΔX‖‖Y‖ + ‖X‖‖ΔY‖ + γ_k ‖X‖‖Y‖ to first order,
 * with ‖ΔX‖ the floor of X (its storage and its SVD) and the last term the middle product and its own SVD.
 */
export function productFloor(xFloor: number, xNorm: number, yFloor: number, yNorm: number, k: number): number {
  return xFloor * yNorm + xNorm * yFloor + (gamma(k) + svdBackwardCoefficient(k, k)) * xNorm * yNorm;
}

/**
 * A rank decision is conclusive when the last singular value kept stands RANK_GAP above both the floor
 * and the next singular value: a clear gap at the cut, wherever it sits in the spectrum. Below the floor
 * nothing can be told from rounding; between the floor and RANK_GAP × floor, a direction is certainly
 * there (Weyl) but a neighbour just below the floor may be one too, so the count is not settled. Two
 * decades is the definition of "clear", not a tolerance: the floors above already bound the error.
 */
export const RANK_GAP = 100;

/**
 * The first singular value left out must also stand this far under the floor. The floors are bounds that
 * measured errors stay one to four decades below (test/engine/floors.test.ts), so a σ just under its floor
 * is more likely a direction the bound's slack hides than rounding: the stress profile found β of rank 2
 * (σ₂ = 0.100, real) called rank 1 "conclusively" under a first-order floor of 0.113. A decade is the
 * least slack the floors are measured to have.
 */
export const FLOOR_MARGIN = 10;

/** One nat: the reference a rank-0 decision on the log-odds is measured from (rank.ts logOddsRankDecision). */
export const LOG_ODDS_UNIT = 1;

/**
 * Floor of a least-squares residual (Higham Thm 20.1 and §20.3): for min ‖X W − Y‖ with data whose
 * relative error is δ (‖ΔX‖ ≤ δ‖X‖, ‖ΔY‖ ≤ δ‖Y‖), the residual of the computed solution differs from the
 * exact one by at most (δ + p u)(1 + 2κ(X)) ‖Y‖ to first order, κ(X) = ‖X‖‖X⁺‖ on its range; p u is the
 * backward error of the solver (SVD-based). When the exact residual is zero the computed relative
 * residual ‖XW − Y‖ / (1 + ‖Y‖) stays below this, times 2 for the second-order terms.
 */
export function leastSquaresFloor(dataRelErr: number, kappa: number, m: number, k: number): number {
  return 2 * (dataRelErr + svdBackwardCoefficient(m, k)) * (1 + 2 * kappa);
}

/**
 * A floor at or above 1 bounds nothing: a relative residual ‖r‖/(1 + ‖Y‖) is below 1 for any minimum-norm
 * fit. Such a verdict is inconclusive whatever the residual (rounding could explain it).
 */
export const VACUOUS_FLOOR = 1;

/** What a decision needs to know besides the data: the precision of the stored numbers and a test knob. */
export interface Tolerances {
  /** Unit roundoff of the stored numbers (row-normwise); analysis takes the larger of this and the model's own. */
  uIn: number;
  /** Multiplies every floor: 1 in use; tests scale it to show that decisions sit near their floors. */
  floorScale: number;
}

export const DEFAULT_TOLERANCES: Tolerances = { uIn: U, floorScale: 1 };

/** The relative floor for a fit whose data carry relative error δ and whose design has conditioning κ. */
export function fitFloor(t: Tolerances, kappa: number, dataRelErr: number, m = 1, k = 1): number {
  return t.floorScale * leastSquaresFloor(Math.max(dataRelErr, t.uIn), kappa, m, k);
}
