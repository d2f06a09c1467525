// What each model's SVDs are and how they make its ModelFactors: the SVDs of its own R factors, the
// middle factor R_F R_G₀ᵀ where r does not follow from them, ranks and r. Pure functions of those
// results, shared by the staged runs (decision.ts spectra: all SVDs, then the middles) and the
// overlapped one (overlap.ts: each model's middle as soon as its own SVDs are in).
import type { SourceSpec } from '../../io/stream/source.js';
import { withSpec } from '../../io/stream/open.js';
import type { RFactor } from './tsqr.js';
import type { SmallMatrix, SmallSvd } from './small-svd.js';
import { relativeRankByBounds } from '../rank-bounds.js';

/** Relative singular-value threshold for ranks (as engine/tolerance.ts RANK_RTOL until issue 10 lands). */
export const DECISION_RANK_RTOL = 1e-8;

/**
 * Above this dimension the core's one-sided Jacobi SVD takes minutes per factor (5 s at 1024 for S and V on this
 * machine, growing like d³): such a factor gets no SVD, its rank is reported as −1 (not computed) and
 * its σ₁ is replaced by ‖R‖_F ≥ σ₁ where a reference scale is needed.
 */
export const SVD_DIM_LIMIT = 2048;

export interface ModelFactors {
  spec: SourceSpec;
  n: number;
  V: number;
  d: number;
  RF: RFactor;
  RG0: RFactor;
  /** SVDs of R_F and R_G₀: the singular values and right singular vectors of F and of G₀. */
  svdF: SmallSvd;
  svdG0: SmallSvd;
  /** Singular values of L = F G₀ᵀ (from the middle factor R_F R_G₀ᵀ); empty when r followed from bounds on σ(L) by σ(F)σ(G₀) (rankByBound). */
  sigmaL: Float64Array;
  rankF: number;
  rankG0: number;
  r: number;
}

export interface OwnRs { RF: RFactor; RG0: RFactor }

export function rankOf(S: Float64Array, reference: number, rtol = DECISION_RANK_RTOL): number {
  const ref = Math.max(S[0] ?? 0, reference);
  if (ref === 0) return 0;
  let r = 0;
  for (const s of S) if (s / ref > rtol) r++;
  return r;
}

export const asMatrix = (R: RFactor): SmallMatrix => ({ rows: R.k, cols: R.d, data: R.R });

/** What one-sided Jacobi costs on a matrix, up to a constant: the order SVDs are handed out in, longest first. */
export const svdCost = (m: { rows: number; cols: number }): number => m.rows * m.cols * Math.min(m.rows, m.cols);

/** Whether a matrix gets an SVD at all (its smaller side within the limit). */
export const withinSvdLimit = (m: SmallMatrix, limit: number): boolean => Math.min(m.rows, m.cols) <= limit;

/** The stand-in for a factor beyond the limit: no spectrum (k = −1), σ₁ replaced by ‖R‖_F ≥ σ₁. */
export function noSvd(R: SmallMatrix): SmallSvd {
  return { k: -1, cols: R.cols, S: Float64Array.of(Math.sqrt(R.data.reduce((x, v) => x + v * v, 0))), V: new Float64Array(0) };
}

/**
 * r without the middle SVD, when intervals on σᵢ(L) from the factors' spectra settle it under rankOf's
 * relative rule with the ambiguity factor 100 each way (engine/rank-bounds.ts): σ_d(F) σᵢ(G₀) ≤ σᵢ(L) ≤
 * σ₁(F) σᵢ(G₀) when F's SVD has d values, and the same with F and G₀ swapped. r = d is the case
 * σ_d(F)/σ₁(F) · σ_d(G₀)/σ₁(G₀) > 100 rtol; a full-rank F̃ with a rank-deficient G̃₀ (d̃ = 1024, rank 768
 * at GPT-2 size) is settled too. The bounds hold σ(R_F R_G₀ᵀ) up to the computed σ's errors (p u σ₁ each, about
 * 1e-13 of the reference at d = 1024), far inside the factor 100 around rtol. The analysis decides rank L again
 * at its own floor (analysis.ts rankOfL) and takes the middle SVD itself where that is stricter and not settled.
 * null: the SVD of R_F R_G₀ᵀ is needed (or a factor has no SVD).
 */
function rankByBound(F: SmallSvd, G: SmallSvd, d: number, rtol: number): number | null {
  if (F.k < 0 || G.k < 0) return null;
  return relativeRankByBounds(F.S, G.S, d, rtol);
}

/**
 * Whether a model needs the SVD of its middle factor: not beyond the limit (it would not be taken), and
 * not where r follows from the factors' own spectra (unless the caller wants σ(L) anyway).
 */
export function needsMiddle(R: OwnRs, svdF: SmallSvd, svdG0: SmallSvd, limit: number, always: boolean): boolean {
  return Math.min(R.RF.k, R.RG0.k) <= limit && (always || rankByBound(svdF, svdG0, R.RF.d, DECISION_RANK_RTOL) === null);
}

/** A model's factors from its own R's and their SVDs (svdL: the middle factor's, or null when not needed). */
export function modelFactors(spec: SourceSpec, R: OwnRs, svdF: SmallSvd, svdG0: SmallSvd, svdL: SmallSvd | null): ModelFactors {
  const { n, V } = withSpec(spec, (s) => ({ n: s.n, V: s.V }));
  const d = R.RF.d;
  const scaleFG = (svdF.S[0] ?? 0) * (svdG0.S[0] ?? 0);
  const rankF = svdF.k < 0 ? -1 : rankOf(svdF.S, 0), rankG0 = svdG0.k < 0 ? -1 : rankOf(svdG0.S, 0);
  return {
    spec, n, V, d, RF: R.RF, RG0: R.RG0, svdF, svdG0, sigmaL: svdL?.S ?? new Float64Array(0),
    rankF, rankG0, r: svdL !== null ? (svdL.k < 0 ? -1 : rankOf(svdL.S, scaleFG)) : rankByBound(svdF, svdG0, d, DECISION_RANK_RTOL) ?? -1,
  };
}
