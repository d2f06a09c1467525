// Linear steering (theory.md §3, C14). Adding v to every embedding, F ↦ F + 1 vᵀ, adds G₀ v to every
// log-odds row. For v ∈ E + Γ^⊥, G₀ v = β Qᵀ v (P_Γ v ∈ R), so any equivalent model reproduces the edit
// with ṽ = Q̃ M⁻¹ Qᵀ v (M the ~EL witness, β = β̃ M⁻¹). A component of v in Γ ∩ E^⊥ (unembedding-junk
// directions) shifts the log-odds along directions the minimal model cannot express.
import type { Matrix } from '../../matrix/matrix.js';
import type { Analysis } from '../analysis.js';
import type { Predictor } from '../predictor.js';
import { predictor } from '../predictor.js';
import { mul, minus, plus } from '../../matrix/convenience.js';
import { identity, fromArray } from '../../matrix/create.js';
import { inverse, lstsq } from '../../matrix/derived.js';
import { normFro } from '../../matrix/blas.js';
import { hstack } from '../../matrix/reshape.js';
import { type Verdict, verdict, judge, relResidual, type Fit } from '../fit.js';
import { rankedColumnSpace, relativeCut } from '../rank.js';
import { type Tolerances, DEFAULT_TOLERANCES, gamma, U } from '../tolerance.js';
import { logOddsGap, gapSide } from '../equivalence.js';
import { withModel, ambiguityOf, logOddsRelErr } from './model-tolerances.js';
import { CoreError } from '../../wasm/status.js';

function checkVector(what: string, v: Matrix, d: number): void {
  if (v.rows !== d || v.cols !== 1) throw new CoreError('shape', what, `the steering vector must be ${d}×1, got ${v.rows}×${v.cols}`);
}

/** The steered predictor: F + 1 vᵀ (G and the pivot unchanged). */
export function steer(p: Predictor, v: Matrix): Predictor {
  checkVector('steer', v, p.F.cols);
  const ones = fromArray(p.F.core, p.F.rows, 1, new Float64Array(p.F.rows).fill(1));
  return predictor(plus(p.F, mul(ones, v, { transB: true })), p.G, p.pivot, 'steered model', p.precision, p.absError);
}

/** The log-odds shift of the edit: G₀ v ((V−1) × 1). */
export function steeringShift(a: Analysis, v: Matrix): Matrix {
  checkVector('steeringShift', v, a.d);
  return mul(a.G0, v);
}

export interface Steerable extends Verdict {
  /** The part of v outside E + Γ^⊥, i.e. in (E + Γ^⊥)^⊥ = E^⊥ ∩ Γ (unembedding-junk directions). */
  outside: Matrix;
}

/**
 * Is v ∈ E + Γ^⊥? An orthonormal basis B of col [P_E | I − P_Γ] (the analysis' projectors, so its rank
 * decisions carry over) and the relative residual ‖v − B Bᵀ v‖ / (1 + ‖v‖). The rank of [P_E | I − P_Γ]
 * is decided relative to 1, the scale of a non-zero projector, not to its own σ₁: when E = {0} and Γ = ℝᵈ
 * the matrix is rounding noise (~1e-16) and a self-relative threshold would count that noise as rank.
 */
export function steerable(a: Analysis, v: Matrix, t: Tolerances = DEFAULT_TOLERANCES): Steerable {
  checkVector('steerable', v, a.d);
  const design = hstack(a.PE, minus(identity(a.p.F.core, a.d), a.PGamma));
  // The computed projectors are off by the angles of E and Γ (analysis.ts errors), in both blocks.
  const floorDesign = t.floorScale * (a.errors.thetaE + a.errors.thetaGamma + 4 * gamma(a.d)) * Math.sqrt(2 * a.d);
  const ranked = rankedColumnSpace(design, floorDesign);
  const B = ranked.colBasis;
  const outside = minus(v, mul(B, mul(B, v, { transA: true })));
  const kappa = ranked.rank === 0 ? 1 : (ranked.sigma[0] as number) / (ranked.sigma[ranked.rank - 1] as number);
  const nv = normFro(v);
  const res = normFro(outside) / (1 + nv);
  // B's span is within angle floorDesign / σ_min of the exact one, which moves ‖v − B Bᵀ v‖ by that times ‖v‖.
  const smin = ranked.rank > 0 ? (ranked.sigma[ranked.rank - 1] as number) : 1;
  const floor = (2 * t.floorScale * ((floorDesign / Math.max(smin - floorDesign, 1e-300)) * nv + (t.uIn + gamma(a.d)) * nv)) / (1 + nv);
  const amb = ambiguityOf(a) || (ranked.ambiguous ? `rank of [P_E | I − P_Γ]: ${ranked.why}` : false);
  return { outside, ...judge(res, floor, kappa, 'v has a component in Γ ∩ E^⊥ (v ∉ E + Γ^⊥)', amb) };
}

/** ṽ = Q̃ M⁻¹ Qᵀ v: the edit of model a moved to model b, with α_a = α_b Mᵀ, β_a = β_b M⁻¹. */
export function transportSteering(a: Analysis, b: Analysis, M: Matrix, v: Matrix): Matrix {
  checkVector('transportSteering', v, a.d);
  return mul(mul(b.Q, inverse(M)), mul(a.Q, v, { transA: true }));
}

/**
 * Do two steered predictors give the same P? The log-odds gap entry by entry against its floor
 * (equivalence.ts logOddsGap), with the first model at its precision plus u (the edit F + 1vᵀ is rounded
 * once) and the second at that times κ, the conditioning of the transport that produced its edit;
 * `transportError` bounds, per log-odds entry, how far the transported edit's shift G̃₀ ṽ may be from G₀ v
 * (transportShiftError).
 */
export function sameSteeredDistribution(p: Predictor, q: Predictor, kappa: number, t: Tolerances = DEFAULT_TOLERANCES, ambiguous: boolean | string = false, transportError = 0): Verdict {
  const prec = (x: Predictor) => ({ F: Math.max(t.uIn, x.precision?.F ?? 0) + U, G: Math.max(t.uIn, x.precision?.G ?? 0) });
  const pp = prec(p), pq = prec(q);
  const sq = gapSide(q, { F: pq.F * Math.max(1, kappa), G: pq.G });
  const g = logOddsGap(gapSide(p, pp), { ...sq, absError: sq.absError + transportError }, t.floorScale);
  // The gap in units of its floor: ≤ 1 is equal within precision, and the floor is a bound, so a larger
  // ratio is a conclusive difference (only an upstream rank ambiguity leaves it open).
  const holds = g.ratio <= 1;
  const why = holds ? null : `the steered models give different next-token distributions (at context ${g.context}, token ${g.token}, ${g.ratio.toPrecision(3)}× the floor)`;
  return { holds, residual: g.ratio, tol: 1, kappa, conclusive: !ambiguous, reason: ambiguous ? `inconclusive: ${ambiguous === true ? 'a rank decision has no clear gap' : ambiguous}${why ? `; ${why}` : ''}` : why };
}

/**
 * Does model b have an edit with the same log-odds shift s, i.e. some ṽ with G̃₀ ṽ = s? (With equal P,
 * the steered distributions agree iff the shifts do.) The conditioning is that of G̃₀ on its range,
 * raised to b's amplification κ_L, as s is compared with computed log-odds directions.
 */
export function steeringEdit(b: Analysis, shift: Matrix, t0: Tolerances = DEFAULT_TOLERANCES): Fit {
  const t = withModel(t0, b);
  const W = lstsq(b.G0, shift, relativeCut(b.rankG0));
  const kappa = b.rankG0.rank > 0 ? (b.rankG0.sigma[0] as number) / (b.rankG0.sigma[b.rankG0.rank - 1] as number) : 1;
  return { W, ...verdict(relResidual(b.G0, W, shift), kappa, t, 'no edit of this model shifts the log-odds by G₀ v', ambiguityOf(b), logOddsRelErr(b), [b.G0.rows, b.G0.cols]) };
}

/**
 * How far the shift of a transported edit, G̃₀ ṽ = β̃ M⁻¹ Qᵀ v + M̃j ṽ, may be from G₀ v = β Qᵀ v + Mj v in
 * any log-odds entry, to first order, each term times ‖v‖:
 * - ‖β − β̃ M⁻¹‖ ≤ floor · (1 + ‖β‖), the ~EL verdict's own floor, and M⁻¹'s error on the way (the same);
 * - Q, Q̃ within their angles θ_R of R, R̃ (analysis.ts errors), read by G₀ and G̃₀ (‖ṽ‖ ≤ ‖M⁻¹‖ ‖v‖);
 * - Mj v, zero for v ∈ E + Γ^⊥ in exact arithmetic, up to the angles of E and Γ: ‖Mj‖ (θ_E + θ_Γ);
 * - the products themselves: γ_d ‖G₀‖ ‖v‖ and γ_d̃ ‖G̃₀‖ ‖ṽ‖.
 */
export function transportShiftError(a: Analysis, b: Analysis, elFloorG0: number, v: Matrix, Minv?: Matrix): number {
  const nv = normFro(v);
  const grow = Minv ? Math.max(1, normFro(Minv)) : 1;
  return nv * (2 * elFloorG0 * (1 + normFro(a.beta)) + a.errors.thetaR * normFro(a.G0) + grow * b.errors.thetaR * normFro(b.G0) +
    normFro(a.Mj) * (a.errors.thetaE + a.errors.thetaGamma) + gamma(a.d + 2) * normFro(a.G0) + grow * gamma(b.d + 2) * normFro(b.G0));
}

export const steeringFns = { transportShiftError, steer, steeringShift, steerable, transportSteering, sameSteeredDistribution, steeringEdit };
