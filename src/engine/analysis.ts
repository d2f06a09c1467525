// Everything the theory says about one predictor (theory.md §1): the spaces E and Γ, ranks and
// diversity, the effective complexity r, the identifiable subspace R = P_Γ(E) with basis Q, the reduced
// model (α, β) and the junk on either side (C7) — each rank against the floor of the matrix it comes from
// (tolerance.ts), and the error bounds of α and β that the map verdicts need (equivalence.ts).
import type { Matrix } from '../matrix/matrix.js';
import { mul, minus, transposed } from '../matrix/convenience.js';
import { slice, scaleColumns, rowNorms } from '../matrix/reshape.js';
import { normFro } from '../matrix/blas.js';
import { type Predictor, dims, unembeddingDifferences, logOdds, amplification } from './predictor.js';
import { logOddsGap } from './equivalence.js';
import { zeros } from '../matrix/create.js';
import { rankedRowSpace, decideRank, decideFromSpectrum, decisionOf, type RankDecision } from './rank.js';
import { floorRankByBounds } from './rank-bounds.js';
import { DEFAULT_TOLERANCES, type Tolerances, matrixFloor, productFloor, svdBackwardCoefficient, gamma, U, LOG_ODDS_UNIT } from './tolerance.js';


/**
 * The first half of the analysis (factorRanks): the floors of F and G₀, their rank decisions and rank L,
 * before any product of the structure. ~L needs nothing more (blocked/maps.ts), and at d = 768 the second
 * half is 1 s of products per model.
 */
export interface FactorRanks {
  p: { F: Matrix; pivot: number };
  n: number;
  V: number;
  d: number;
  G0: Matrix;
  rankF: RankDecision;
  rankG0: RankDecision;
  rankL: RankDecision;
  /** rank F = d. */
  fDiverse: boolean;
  /** rank G₀ = d. */
  gDiverse: boolean;
  /** The precision of the stored numbers the floors were computed for (row-normwise unit roundoff). */
  precision: { F: number; G: number };
  /** The tolerances with uIn set to this model's own precision: what verdicts on this model pass on. */
  tol: Tolerances;
  /** Spectral bounds of the factors' error beyond the row-relative part (predictor.ts factorError). */
  factorError: { F: number; G: number };
  /** Absolute error bounds (spectral norm, first order) of the computed F and G₀ (FactorAnalysis adds α, β). */
  errors: { F: number; G0: number };
}

/**
 * The structure of one predictor from its factors alone (no log-odds matrix): what the map verdicts
 * (equivalence.ts) and the reports need. Its F (p.F), G₀, α, β, N and Mj may be stand-ins with the same
 * Gram matrices as the real ones (FactorInput): same row spaces, singular values and norms.
 */
export interface FactorAnalysis extends FactorRanks {
  /** Effective complexity r = rank L (C5). */
  r: number;
  /** The rank of L has a clear gap at r (rank.ts): r is settled at this precision. */
  rConclusive: boolean;
  /** d × d orthogonal projector onto Γ = row space of G₀. */
  PGamma: Matrix;
  /** d × d orthogonal projector onto E = row space of F. */
  PE: Matrix;
  /** d × r orthonormal basis of R = P_Γ(E). */
  Q: Matrix;
  /** α = F Q (n × r) and β = G₀ Q ((V−1) × r): the reduced model. */
  alpha: Matrix;
  beta: Matrix;
  /** Embedding junk N = F − α Qᵀ and unembedding junk M = G₀ − β Qᵀ (C7). */
  N: Matrix;
  Mj: Matrix;
  /**
   * Absolute error bounds (spectral norm, first order) of the computed F, G₀, α and β against the exact
   * model's: the storage rounding and the SVDs for F and G₀; for α = F Q and β = G₀ Q also the angle
   * between the computed and the exact R, which the junk outside R turns into an error (‖N‖ θ, ‖Mj‖ θ).
   */
  errors: { F: number; G0: number; alpha: number; beta: number; thetaR: number; thetaE: number; thetaGamma: number };
  /** Some rank decision is not conclusive: verdicts that rest on it say so (see `ambiguity`). */
  ambiguous: boolean;
  /** Which rank decisions are not conclusive, and why. */
  ambiguity: string[];
  notes: string[];
}

export interface Analysis extends FactorAnalysis {
  p: Predictor;
  /** Log-odds L = F G₀ᵀ. */
  L: Matrix;
  /** Absolute log-odds error beyond the row-relative part (predictor.ts absError; 0 for stored models). */
  absError: number;
  /** Row norms ‖f_x‖ and ‖g_y‖ (all V tokens), from which the log-odds floor of each entry follows. */
  fNorms: Float64Array;
  gNorms: Float64Array;
  /** Amplification of the computed log-odds (predictor.ts amplification). */
  kappaL: number;
  /** The data conditioning the linear-property verdicts scale their floors with: kappaL. */
  kappa: number;
}

/**
 * What analyzeFactors needs. F and G₀ may be the matrices themselves or any stand-ins X′ with X′ᵀX′ = XᵀX
 * (an R factor of X, or a column block of the R factor of [X_A | X_B] when two models are to be related):
 * row spaces, singular values, right singular vectors and every ‖X A‖ depend on XᵀX alone. The floors
 * are those of the real matrices, so their sizes and norms come separately.
 */
export interface FactorInput {
  F: Matrix;
  G0: Matrix;
  n: number;
  V: number;
  pivot: number;
  /** ‖F‖_F, ‖G₀‖_F, ‖(‖g_y‖ + ‖g_pivot‖)_y≠pivot‖ and ‖g_pivot‖ of the real factors. */
  norms: { F: number; G0: number; g0Abs: number; gPivot: number };
  /** The precision of each factor (already the coarser of the stored dtype's and the one asked for). */
  precision: { F: number; G: number };
  factorError?: { F: number; G: number };
  /**
   * SVDs computed elsewhere (the blocked engine runs them on worker threads): singular values (descending)
   * and right singular vectors (d × k) of F and of G₀, and the singular values of L when they were
   * computed; without them rank L comes from bounds on σ(L) by σ(F) and σ(G₀) where those settle it,
   * else from the middle factor's SVD here (rankOfL).
   */
  svd?: { F: Spectrum; G0: Spectrum; L?: number[] };
}

export interface Spectrum { sigma: number[]; V: Matrix }

/** sin of the angle between a computed and an exact singular subspace (Wedin): ‖ΔA‖ / (σ_k − ‖ΔA‖), capped at 1. */
function subspaceAngle(floor: number, sigmaK: number | undefined): number {
  // A zero subspace is represented exactly by an empty basis; whether it should have had a direction is
  // the rank decision's question (its own conclusive flag), not an angle.
  if (sigmaK === undefined) return 0;
  if (sigmaK <= floor) return 1;
  return Math.min(1, floor / (sigmaK - floor));
}

export function analyze(p: Predictor, t: Tolerances = DEFAULT_TOLERANCES): Analysis {
  const { n, V } = dims(p);
  const precision = { F: Math.max(t.uIn, p.precision?.F ?? 0), G: Math.max(t.uIn, p.precision?.G ?? 0) };
  const G0 = unembeddingDifferences(p);
  const L = logOdds(p, G0);
  const fNorms = rowNorms(p.F), gNorms = rowNorms(p.G);
  // ‖ΔG₀‖ ≤ (u_G + u)·‖(‖g_y‖ + ‖g_pivot‖)_y‖: each row of G₀ is a stored row minus the stored pivot row,
  // then rounded once (tolerance.ts logOddsEntryCoefficient).
  const gp = gNorms[p.pivot] as number;
  let g0Abs = 0;
  for (let y = 0; y < V; y++) if (y !== p.pivot) g0Abs += ((gNorms[y] as number) + gp) ** 2;
  g0Abs = Math.sqrt(g0Abs);
  const f = analyzeFactors({
    F: p.F, G0, n, V, pivot: p.pivot, norms: { F: normFro(p.F), G0: normFro(G0), g0Abs, gPivot: gp },
    precision, ...(p.factorError ? { factorError: p.factorError } : {}),
  }, t);
  const kappaL = amplification(p.F, G0, L);
  // Rank 0 claims L = 0; every σ(L) under the spectral floor does not show it when an entry of L is
  // resolved against its own, finer floor (the distribution verdict's, against the exact zero model: that
  // floor is per entry, the spectral one global and junk-sized): then r ≥ 1 at this precision, and the
  // spectrum cannot say which.
  if (f.rankL.rank === 0 && L.rows > 0 && L.cols > 0) {
    const zero = { n, d: 0, L: zeros(p.F.core, L.rows, L.cols), fNorms: new Float64Array(n), gNorms: new Float64Array(V), precision: { F: 0, G: 0 }, absError: 0, p };
    const e = logOddsGap({ n, d: f.d, L, fNorms, gNorms, precision: f.precision, absError: p.absError ?? 0, p }, zero, t.floorScale);
    if (e.ratio > 1) {
      f.ambiguity.push(`rank L: every σ(L) is within the spectral floor ${f.rankL.floor.toExponential(2)}, but L ≠ 0: entry (context ${e.context}, token ${e.token}) is ${e.ratio.toPrecision(3)}× its rounding floor, so r ≥ 1 and the spectrum cannot tell which`);
      f.ambiguous = true;
      f.rConclusive = false;
    }
  }
  return { ...f, p, L, absError: p.absError ?? 0, fNorms, gNorms, kappaL, kappa: kappaL };
}

/** A rank decision with the row basis it spans, from a spectrum computed here or handed in. */
function ranked(X: Matrix, floor: number, reference: number, given?: Spectrum): RankDecision & { V: Matrix; rowBasis: Matrix } {
  if (!given) return rankedRowSpace(X, floor, reference);
  const dec = decideFromSpectrum(given.sigma, floor, 1, reference);
  return { ...dec, V: given.V, rowBasis: slice(given.V, 0, given.V.rows, 0, dec.rank) };
}

/** The rank half with the spectra and row bases it was decided from (the structure half reads them). */
function ranksWithBases(x: FactorInput, t: Tolerances): { ranks: FactorRanks; svdF: RankedLike; svdG0: RankedLike } {
  const { n, V, F, G0, precision } = x;
  const d = F.cols;
  const tol: Tolerances = { ...t, uIn: Math.max(precision.F, precision.G) };
  const s = t.floorScale;
  const { F: nF, G0: nG0, g0Abs, gPivot: gp } = x.norms;
  // A derived model (predictor.ts factorError) is off by a spectral-norm amount on top: G₀'s rows carry
  // it for g_y and for the pivot row (√(V−1) times, as 1 δg_pivotᵀ), unless the pivot row is exactly zero.
  const fe = x.factorError ?? { F: 0, G: 0 };
  const pivotCarries = gp === 0 ? 0 : Math.sqrt(V - 1);
  const floorF = s * (matrixFloor(nF, n, d, precision.F) + fe.F);
  const floorG0 = s * ((precision.G + U) * g0Abs + svdBackwardCoefficient(V - 1, d) * nG0 + fe.G * (1 + pivotCarries));
  // Rank 0 is judged at a named scale (rank.ts decideFromSpectrum): ‖F‖ for F, the stored rows for G₀.
  const svdF = ranked(F, floorF, nF, x.svd?.F);
  const svdG0 = ranked(G0, floorG0, Math.max(nG0, g0Abs), x.svd?.G0);
  const s1F = svdF.sigma[0] ?? 0, s1G = svdG0.sigma[0] ?? 0;
  const floorL = s * productFloor(floorF, s1F, floorG0, s1G, d);
  const rankL = rankOfL(svdF, svdG0, floorL, x.svd);
  const rankF = decisionOf(svdF), rankG0 = decisionOf(svdG0);
  const ranks: FactorRanks = {
    p: { F, pivot: x.pivot }, n, V, d, G0, rankF, rankG0, rankL,
    fDiverse: rankF.rank === d,
    gDiverse: rankG0.rank === d,
    precision, tol, factorError: fe, errors: { F: floorF, G0: floorG0 },
  };
  return { ranks, svdF, svdG0 };
}

/** The rank decisions of F, G₀ and L alone (see FactorRanks): the same numbers analyzeFactors gives. */
export function factorRanks(x: FactorInput, t: Tolerances = DEFAULT_TOLERANCES): FactorRanks {
  return ranksWithBases(x, t).ranks;
}

/** The structure of a predictor from F and G₀ (or stand-ins, FactorInput): no log-odds matrix is formed. */
export function analyzeFactors(x: FactorInput, t: Tolerances = DEFAULT_TOLERANCES): FactorAnalysis {
  const notes: string[] = [];
  const s = t.floorScale;
  const { ranks, svdF, svdG0 } = ranksWithBases(x, t);
  const { p: { F }, n, V, d, G0, rankF, rankG0, rankL, fDiverse, gDiverse, precision, tol, factorError: fe, errors: { F: floorF, G0: floorG0 } } = ranks;
  const s1F = svdF.sigma[0] ?? 0, s1G = svdG0.sigma[0] ?? 0;
  const basisE = svdF.rowBasis, basisGamma = svdG0.rowBasis;
  const PE = mul(basisE, basisE, { transB: true });
  const thetaE = (rankF.rank < d ? subspaceAngle(floorF, svdF.sigma[rankF.rank - 1]) : 0) + 2 * gamma(d);
  const PGamma = mul(basisGamma, basisGamma, { transB: true });
  // The computed P_Γ is off by the angle of Γ (zero when Γ is all of ℝᵈ) and the loss of orthogonality
  // of the computed basis (γ_d each way).
  const thetaGamma = (rankG0.rank < d ? subspaceAngle(floorG0, svdG0.sigma[rankG0.rank - 1]) : 0) + 2 * gamma(d);
  // σ(P_Γ Fᵀ) within: the angle of the computed Γ, F's own error, the product F B (or P_Γ Fᵀ) and the SVD
  // of its g columns (Weyl).
  const svdR = identifiable(F, basisGamma, svdF, rankG0.rank === d && x.svd !== undefined, s1F, (normPFt, g) =>
    s * (thetaGamma * s1F + floorF + gamma(d) * s1F + svdBackwardCoefficient(n, g) * normPFt));
  const r = Math.min(svdR.rank, rankL.rank);
  const Q = slice(svdR.colBasis, 0, d, 0, r);
  const ambiguity: string[] = [];
  for (const [name, y] of [['rank F', rankF], ['rank G₀', rankG0], ['rank L', rankL], ['dim R', svdR]] as const) {
    if (!y.conclusive) ambiguity.push(`${name}: ${y.why}`);
  }
  if (svdR.rank !== rankL.rank) {
    ambiguity.push(`dim P_Γ(E) = ${svdR.rank} but rank L = ${rankL.rank}: the two rank decisions disagree`);
    notes.push(ambiguity[ambiguity.length - 1] as string);
  }
  const alpha = mul(F, Q);
  const beta = mul(G0, Q);
  const N = minus(F, mul(alpha, Q, { transB: true }));
  const Mj = minus(G0, mul(beta, Q, { transB: true }));
  // The computed Q spans a subspace within angle θ_R of the exact R (none when R is all of ℝᵈ). A rotation
  // within R is a change of basis (absorbed by any map between reduced models); what moves α and β is the
  // rest. Q's columns lie in the computed Γ, so they leave Γ only by θ_Γ, and only that part meets F's junk
  // N (rows in Γ^⊥): F maps Γ ∩ R^⊥ to zero. G₀'s rows lie in Γ, so it is the rotation within Γ, towards
  // Γ ∩ R^⊥ = Γ ∩ E^⊥, that meets its junk Mj: θ_R.
  const thetaR = r < d ? subspaceAngle(svdR.floor, svdR.sigma[r - 1]) + 2 * gamma(d) : 2 * gamma(d);
  // Rounding moves the computed Q out of the computed Γ only through the product B W (identifiable): an
  // angle it meets F's junk with, like θ_Γ.
  const thetaOut = r > 0 ? svdR.outOfGamma : 0;
  const errors = {
    F: floorF,
    G0: floorG0,
    alpha: floorF + normFro(N) * (thetaGamma + thetaOut) + gamma(d) * s1F,
    beta: floorG0 + normFro(Mj) * thetaR + gamma(d) * s1G,
    thetaR,
    thetaE,
    thetaGamma,
  };
  return {
    p: { F, pivot: x.pivot }, n, V, d, G0, rankF, rankG0, rankL,
    fDiverse,
    gDiverse,
    r,
    rConclusive: rankL.conclusive && svdR.rank === rankL.rank,
    PGamma, PE, Q, alpha, beta, N, Mj, precision, tol, factorError: fe, errors,
    ambiguous: ambiguity.length > 0, ambiguity, notes,
  };
}

/**
 * rank L = r from the factors: with F = U_F S_F V_Fᵀ and G₀ = U_G S_G V_Gᵀ, L = U_F (S_F V_Fᵀ V_G S_G) U_Gᵀ,
 * so L has the singular values of the small middle factor (or of any other factorisation handed in).
 *
 * Spectra handed in without those of L (the blocked path skipped the middle SVD): first the intervals
 * σ_d(F) σᵢ(G₀) ≤ σᵢ(L) ≤ σ₁(F) σᵢ(G₀) (and with F and G₀ swapped; rank-bounds.ts), decided by the rule
 * decideFromSpectrum applies to a spectrum, at floorL and RANK_GAP: the rank when both interval ends give
 * the same conclusive rank (then every spectrum between them does: σ_r ≥ RANK_GAP floorL and σ_{r+1} ≤
 * floorL / FLOOR_MARGIN). The intervals hold the exact singular values of this middle factor built from
 * the computed σ̂ and V̂ (rank-bounds.ts header), so the errors of the computed σ's enter exactly as they
 * do for the middle factor's SVD: σ̂(F), σ̂(G₀) are within floorF, floorG0 of the exact model's (storage and
 * the SVDs, Weyl), and floorL (productFloor) is the bound that carries those to σ(L) — floorF σ₁(G₀) +
 * σ₁(F) floorG0 — plus (γ_d + p u) σ₁σ₁ for V̂'s departure from orthogonality and the middle product's
 * rounding and SVD, of which the intervals only need the first. Nothing is missing that the middle
 * path's decision accounts for. Not settled: the middle factor's SVD here, as without spectra (the
 * blocked decision skips its own middle SVD by a relative rule, not these floors, so this fallback can
 * run; it is correct, only slower).
 */
function rankOfL(F: RankedLike, G: RankedLike, floorL: number, given: FactorInput['svd']): RankDecision {
  // Rank 0 of L is judged at one nat (tolerance.ts LOG_ODDS_UNIT).
  if (given?.L) return decideFromSpectrum(given.L, floorL, 1, LOG_ODDS_UNIT);
  const byBounds = given ? floorRankByBounds(F.sigma, G.sigma, F.V.rows, floorL, LOG_ODDS_UNIT) : null;
  if (byBounds) return byBounds;
  const middle = scaleColumns(transposed(scaleColumns(mul(G.V, F.V, { transA: true }), F.sigma)), G.sigma);
  return decideRank(middle, floorL, LOG_ODDS_UNIT);
}

type RankedLike = RankDecision & { V: Matrix; rowBasis: Matrix };

/**
 * R = P_Γ(E) = column space of P_Γ Fᵀ (d × rows, or d × k for a stand-in: the same column space and
 * singular values). With B an orthonormal basis of Γ (d × g), P_Γ Fᵀ = B (F B)ᵀ: its singular values are
 * those of F B (rows × g) and its left vectors are B times F B's right vectors, so the SVD is of F B —
 * g columns instead of d, and no d × rows product (at d = 1024, g = 768: 2.5 s → 1.2 s). When Γ is all of
 * ℝᵈ and F's SVD was handed in, P_Γ = I and this is F's own SVD transposed: no further SVD is needed.
 * `outOfGamma`: how far rounding moves the computed basis out of the computed Γ (span B): only the
 * product B W does, by ‖ΔQ‖_F ≤ γ_g ‖B‖_F ‖W‖_F = γ_g √g √r ≤ γ_g g (Higham §3.5; B, W orthonormal to
 * working accuracy), an angle whatever σ_r.
 */
function identifiable(F: Matrix, basisGamma: Matrix, svdF: RankedLike, gammaIsAll: boolean, reference: number, floorOf: (normPFt: number, g: number) => number): RankDecision & { colBasis: Matrix; normPFt: number; outOfGamma: number } {
  if (gammaIsAll) {
    const normPFt = Math.hypot(...svdF.sigma);
    return { ...decideFromSpectrum(svdF.sigma, floorOf(normPFt, F.cols), 1, reference), colBasis: svdF.V, normPFt, outOfGamma: 0 };
  }
  const g = basisGamma.cols;
  if (g === 0) return { ...decideFromSpectrum([], floorOf(0, 0), 1, reference), colBasis: basisGamma, normPFt: 0, outOfGamma: 0 };
  const FB = mul(F, basisGamma);
  const normPFt = normFro(FB);
  const svd = rankedRowSpace(FB, floorOf(normPFt, g), reference);
  return { ...decisionOf(svd), colBasis: mul(basisGamma, svd.rowBasis), normPFt, outOfGamma: gamma(g) * g };
}
