// Relational linearity (theory.md §3, C12). A relational string q pairs each source context s ∈ S_q
// with the context s⊕q; both are rows of the model, given as index lists src[i] ↦ dst[i]. Three levels:
//
//   RL-emb:  f(s⊕q) = A f(s) + a                         (embeddings, a property of the parameters)
//   RL-ref:  ℓ(s⊕q) = G₀ (A f(s) + a)                    (log-odds affine in f(s), any A)
//   RL-incl: RL-ref with Aᵀ Γ ⊆ Γ, i.e. A Γ^⊥ ⊆ Γ^⊥: the log-odds G₀ A f(s) do not depend on the
//            Γ^⊥ (embedding-junk) part of f(s); equivalently ℓ(s⊕q) is affine in P_Γ f(s)
//   RL*:     ℓ(s⊕q) = C ℓ(s) + c                         (a property of P alone)
//
// Each level is an affine least-squares feasibility question Y ≈ X W + 1 cᵀ, judged like fitLinear
// (fit.ts): relative residual against the tolerance for the measured conditioning of the design on its
// range, raised to the amplification κ_L of the log-odds when Y or X are log-odds.
import type { Matrix } from '../../matrix/matrix.js';
import type { Analysis } from '../analysis.js';
import { mul, minus, plus, transposed, scaled } from '../../matrix/convenience.js';
import { lstsq, pinv, inverse, cond2 } from '../../matrix/derived.js';
import { normFro } from '../../matrix/blas.js';
import { fromArray } from '../../matrix/create.js';
import { hstack, selectRows, slice, maxAbs } from '../../matrix/reshape.js';
import { type Verdict, verdict, condOnRange, relResidual } from '../fit.js';
import { type Tolerances, DEFAULT_TOLERANCES } from '../tolerance.js';
import { relativeCut } from '../rank.js';
import { withModel, ambiguityOf, alphaRelErr, logOddsRelErr } from './model-tolerances.js';
import { CoreError } from '../../wasm/status.js';

/**
 * Slack of |S_q| over d (theory.md §3, C12): an affine map of d-vectors has d + 1 parameters per output,
 * so with |S_q| ≤ d + 1 points every map fits and the test is vacuous; d + 2 is the bare minimum and the
 * theory asks for d + 10 so that a genuine non-affine relation leaves a residual far from the tolerance.
 */
export const RELATIONAL_SLACK = 10;

export interface AffineFit extends Verdict {
  /** Y ≈ X W + 1 cᵀ: W (cols(X) × cols(Y)) and c (1 × cols(Y)). */
  W: Matrix;
  c: Matrix;
}

/**
 * Y ≈ X W + 1 cᵀ with the minimum-norm (W, c). The intercept column is s·1 with s = max(1, max|X|), not
 * 1: an all-ones column beside entries of size ~10² would inflate the measured conditioning of the design
 * by that ratio and loosen (or void) the verdict for no reason; c is rescaled afterwards. `dataRelErr` is
 * the relative error of X and Y (at least t.uIn: model-tolerances.ts); `ambiguous0` an upstream rank ambiguity.
 */
export function affineFit(X: Matrix, Y: Matrix, t: Tolerances, what: string, dataRelErr = 0, ambiguous0: boolean | string = false): AffineFit {
  if (X.rows !== Y.rows) throw new CoreError('shape', 'affineFit', `X has ${X.rows} rows but Y has ${Y.rows}`);
  const s = Math.max(1, maxAbs(X));
  const design = hstack(X, fromArray(X.core, X.rows, 1, new Float64Array(X.rows).fill(s)));
  const { kappa, ambiguous, rtol, why } = condOnRange(design, t);
  const Wc = lstsq(design, Y, rtol);
  const v = verdict(relResidual(design, Wc, Y), kappa, t, what, ambiguous0 || (ambiguous ? `the rank of the design: ${why}` : false), dataRelErr, [design.rows, design.cols]);
  return { ...v, W: slice(Wc, 0, X.cols, 0, Y.cols), c: scaled(slice(Wc, X.cols, X.cols + 1, 0, Y.cols), s) };
}

/** A level of relational linearity with its witness: ℓ(s⊕q) = G₀ (A f(s) + a), or f(s⊕q) = A f(s) + a. */
export interface RelationalFit extends Verdict {
  /** d × d map and d × 1 offset (for RL*: C ((V−1) × (V−1)) and c). */
  A: Matrix;
  a: Matrix;
}

export interface RelationalResult {
  /** |S_q| and d; `vacuous` says why the test cannot tell (|S_q| < d + RELATIONAL_SLACK). */
  m: number;
  d: number;
  vacuous: string | null;
  emb: RelationalFit;
  ref: RelationalFit;
  inclusion: RelationalFit;
  star: RelationalFit;
  /**
   * How much the RL-ref witness reads embedding junk: ‖G₀ A (I − P_Γ)‖ / (1 + ‖G₀ A‖). Zero (to rounding)
   * for the inclusion witness by construction; large when RL-ref only holds by reading junk.
   */
  junkRead: number;
}

export function checkPairs(what: string, src: readonly number[], dst: readonly number[], n: number): void {
  if (src.length !== dst.length) throw new CoreError('input', what, `src has ${src.length} contexts but dst has ${dst.length}`);
  for (const i of [...src, ...dst]) {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new CoreError('input', what, `context ${i} is not in [0, ${n})`);
  }
}

/** From a fit ℓ(dst) ≈ X K + 1 kᵀ with X = F_src (P_Γ): the map A = G₀⁺ Kᵀ, a = G₀⁺ k (G₀ A = Kᵀ, as
 * the columns of Kᵀ are combinations of log-odds rows, which lie in col G₀). */
function refWitness(fit: AffineFit, G0: Matrix, cut: number): RelationalFit {
  const G0p = pinv(G0, cut);
  const { W, c, ...v } = fit;
  return { ...v, A: mul(G0p, W, { transB: true }), a: mul(G0p, c, { transB: true }) };
}

/** The four levels of relational linearity of one model for the pairs src[i] ↦ dst[i]. */
export function relationalLinearity(an: Analysis, src: readonly number[], dst: readonly number[], t0: Tolerances = DEFAULT_TOLERANCES): RelationalResult {
  checkPairs('relationalLinearity', src, dst, an.n);
  const t = withModel(t0, an), cut = relativeCut(an.rankG0);
  const m = src.length, d = an.d;
  const vacuous = m < d + RELATIONAL_SLACK
    ? `|S_q| = ${m} < d + ${RELATIONAL_SLACK} = ${d + RELATIONAL_SLACK}: too few pairs for an affine fit to mean anything`
    : null;
  const Fs = selectRows(an.p.F, src), Fd = selectRows(an.p.F, dst);
  const Ls = selectRows(an.L, src), Ld = selectRows(an.L, dst);
  const k = logOddsRelErr(an), amb = ambiguityOf(an);

  const e = affineFit(Fs, Fd, t, 'f(s⊕q) is not affine in f(s)', 0, amb);
  const emb: RelationalFit = { ...e, A: transposed(e.W), a: transposed(e.c) };
  const refFit = affineFit(Fs, Ld, t, 'ℓ(s⊕q) is not affine in f(s)', k, amb);
  const ref = refWitness(refFit, an.G0, cut);
  // Restricting the design to P_Γ f(s) is exactly the inclusion condition: the min-norm K then has its
  // rows in Γ, so Aᵀ = K (G₀⁺)ᵀ maps into Γ, and any A with Aᵀ Γ ⊆ Γ gives G₀ A f = G₀ A P_Γ f.
  const inclusion = refWitness(affineFit(mul(Fs, an.PGamma), Ld, t, 'ℓ(s⊕q) is not affine in P_Γ f(s) (no A with Aᵀ Γ ⊆ Γ)', k, amb), an.G0, cut);
  const s = affineFit(Ls, Ld, t, 'ℓ(s⊕q) is not affine in ℓ(s) (RL* fails)', k, amb);
  const star: RelationalFit = { ...s, A: transposed(s.W), a: transposed(s.c) };

  const GA = mul(an.G0, ref.A);
  const junkRead = normFro(minus(GA, mul(GA, an.PGamma))) / (1 + normFro(GA));
  return { m, d, vacuous, emb, ref, inclusion, star, junkRead };
}

/**
 * Certify an RL witness (A, a) directly on the model: ℓ(s⊕q) = G₀ (A f(s) + a) for every pair, and, when
 * `inclusion` is asked, Aᵀ Γ ⊆ Γ, i.e. (I − P_Γ) Aᵀ P_Γ = 0. Both as relative residuals; the conditioning
 * is the fit's κ raised to that of G₀ on its range (A was formed with G₀⁺) and κ_L.
 */
export function relationalWitness(an: Analysis, src: readonly number[], dst: readonly number[], w: RelationalFit, inclusion: boolean, t0: Tolerances = DEFAULT_TOLERANCES): Verdict & { fit: number; leak: number } {
  const t = withModel(t0, an);
  checkPairs('relationalWitness', src, dst, an.n);
  const Fs = selectRows(an.p.F, src), Ld = selectRows(an.L, dst);
  const ones = fromArray(an.p.F.core, src.length, 1, new Float64Array(src.length).fill(1));
  // Rows: (A f(s) + a)ᵀ G₀ᵀ.
  const pred = mul(plus(mul(Fs, w.A, { transB: true }), mul(ones, w.a, { transB: true })), an.G0, { transB: true });
  const fit = normFro(minus(pred, Ld)) / (1 + normFro(Ld));
  const At = transposed(w.A);
  const AtPG = mul(At, an.PGamma);
  const leak = inclusion ? normFro(minus(AtPG, mul(an.PGamma, AtPG))) / (1 + normFro(w.A)) : 0;
  const { kappa, ambiguous, why } = condOnRange(an.G0, t);
  const v = verdict(Math.max(fit, leak), Math.max(w.kappa, kappa), t,
    fit >= leak ? 'the witness does not give ℓ(s⊕q) = G₀ (A f(s) + a)' : 'the witness violates Aᵀ Γ ⊆ Γ',
    ambiguityOf(an) || (ambiguous ? `rank G₀: ${why}` : false), logOddsRelErr(an));
  return { ...v, fit, leak };
}

export interface ReducedRelation extends Verdict {
  /** α(s⊕q) = R α(s) + ρ in the model's reduced coordinates (r × r and r × 1). */
  R: Matrix;
  rho: Matrix;
}

/** The relation in reduced coordinates: α(s⊕q) ≈ R α(s) + ρ, with α = F Q of the analysis. */
export function reducedRelation(an: Analysis, src: readonly number[], dst: readonly number[], t: Tolerances = DEFAULT_TOLERANCES): ReducedRelation {
  checkPairs('reducedRelation', src, dst, an.n);
  const f = affineFit(selectRows(an.alpha, src), selectRows(an.alpha, dst), withModel(t, an), 'α(s⊕q) is not affine in α(s)', alphaRelErr(an), ambiguityOf(an));
  return { ...f, R: transposed(f.W), rho: transposed(f.c) };
}

/**
 * Move a reduced relation across the class (C12): with α = α̃ Mᵀ, i.e. α(x) = M α̃(x), the relation
 * α(s⊕q) = R α(s) + ρ reads α̃(s⊕q) = M⁻¹ R M α̃(s) + M⁻¹ ρ.
 */
export function transportRelation(R: Matrix, rho: Matrix, M: Matrix): { R: Matrix; rho: Matrix; cond: number } {
  const Minv = inverse(M);
  return { R: mul(mul(Minv, R), M), rho: mul(Minv, rho), cond: cond2(M) };
}

/** Does (R, ρ) fit the reduced model's pairs? Residual of α(s⊕q) = R α(s) + ρ, with conditioning κ. */
export function relationResidual(an: Analysis, src: readonly number[], dst: readonly number[], R: Matrix, rho: Matrix, kappa: number, t: Tolerances = DEFAULT_TOLERANCES): Verdict {
  checkPairs('relationResidual', src, dst, an.n);
  const As = selectRows(an.alpha, src), Ad = selectRows(an.alpha, dst);
  const pred = mul(As, R, { transB: true });
  const off = mul(fromArray(an.p.F.core, src.length, 1, new Float64Array(src.length).fill(1)), rho, { transB: true });
  const res = normFro(minus(minus(Ad, pred), off)) / (1 + normFro(Ad));
  return verdict(res, kappa, withModel(t, an), 'the transported relation does not fit α̃(s⊕q) = R̃ α̃(s) + ρ̃', ambiguityOf(an), alphaRelErr(an));
}

export const relationalFns = { relationalLinearity, relationalWitness, reducedRelation, transportRelation, relationResidual };
