// Linear steering (theory.md §3, C14). Adding v to every embedding, F ↦ F + 1 vᵀ, adds G₀ v to every
// log-odds row. For v ∈ E + Γ^⊥, G₀ v = β Qᵀ v (P_Γ v ∈ R), so any equivalent model reproduces the edit
// with ṽ = Q̃ M⁻¹ Qᵀ v (M the ~EL witness, β = β̃ M⁻¹). A component of v in Γ ∩ E^⊥ (unembedding-junk
// directions) shifts the log-odds along directions the minimal model cannot express.
import type { Matrix } from '../../matrix/matrix.js';
import type { Analysis } from '../analysis.js';
import type { Predictor } from '../predictor.js';
import { predictor, logOdds, amplification, unembeddingDifferences } from '../predictor.js';
import { mul, minus, plus } from '../../matrix/convenience.js';
import { identity, fromArray } from '../../matrix/create.js';
import { inverse, lstsq } from '../../matrix/derived.js';
import { relMaxDiff, normFro } from '../../matrix/blas.js';
import { hstack } from '../../matrix/reshape.js';
import { type Verdict, verdict, condOnRange, relResidual, type Fit } from '../fit.js';
import { rankedSvd } from '../rank.js';
import { type Tolerances, DEFAULT_TOLERANCES } from '../tolerance.js';
import { CoreError } from '../../wasm/status.js';

function checkVector(what: string, v: Matrix, d: number): void {
  if (v.rows !== d || v.cols !== 1) throw new CoreError('shape', what, `the steering vector must be ${d}×1, got ${v.rows}×${v.cols}`);
}

/** The steered predictor: F + 1 vᵀ (G and the pivot unchanged). */
export function steer(p: Predictor, v: Matrix): Predictor {
  checkVector('steer', v, p.F.cols);
  const ones = fromArray(p.F.core, p.F.rows, 1, new Float64Array(p.F.rows).fill(1));
  return predictor(plus(p.F, mul(ones, v, { transB: true })), p.G, p.pivot, 'steered model');
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
  const ranked = rankedSvd(design, t.rankRtol, 1);
  const B = ranked.colBasis;
  const outside = minus(v, mul(B, mul(B, v, { transA: true })));
  const kappa = ranked.rank === 0 ? 1 : (ranked.sigma[0] as number) / (ranked.sigma[ranked.rank - 1] as number);
  const res = normFro(outside) / (1 + normFro(v));
  return { outside, ...verdict(res, kappa, t, 'v has a component in Γ ∩ E^⊥ (v ∉ E + Γ^⊥)', ranked.ambiguous || a.ambiguous) };
}

/** ṽ = Q̃ M⁻¹ Qᵀ v: the edit of model a moved to model b, with α_a = α_b Mᵀ, β_a = β_b M⁻¹. */
export function transportSteering(a: Analysis, b: Analysis, M: Matrix, v: Matrix): Matrix {
  checkVector('transportSteering', v, a.d);
  return mul(mul(b.Q, inverse(M)), mul(a.Q, v, { transA: true }));
}

/** Do two steered predictors give the same P? Their log-odds gap at their amplification and cond κ. */
export function sameSteeredDistribution(p: Predictor, q: Predictor, kappa: number, t: Tolerances = DEFAULT_TOLERANCES, ambiguous = false): Verdict {
  const Gp = unembeddingDifferences(p), Gq = unembeddingDifferences(q);
  const k = Math.max(kappa, amplification(p.F, Gp), amplification(q.F, Gq));
  return verdict(relMaxDiff(logOdds(p, Gp), logOdds(q, Gq)), k, t, 'the steered models give different next-token distributions', ambiguous);
}

/**
 * Does model b have an edit with the same log-odds shift s, i.e. some ṽ with G̃₀ ṽ = s? (With equal P,
 * the steered distributions agree iff the shifts do.) The conditioning is that of G̃₀ on its range,
 * raised to b's amplification κ_L, as s is compared with computed log-odds directions.
 */
export function steeringEdit(b: Analysis, shift: Matrix, t: Tolerances = DEFAULT_TOLERANCES): Fit {
  const W = lstsq(b.G0, shift, t.rankRtol);
  const { kappa, ambiguous } = condOnRange(b.G0, t);
  return { W, ...verdict(relResidual(b.G0, W, shift), Math.max(kappa, b.kappaL), t, 'no edit of this model shifts the log-odds by G₀ v', ambiguous || b.ambiguous) };
}

export const steeringFns = { steer, steeringShift, steerable, transportSteering, sameSteeredDistribution, steeringEdit };
