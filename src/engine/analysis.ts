// Everything the theory says about one predictor (theory.md §1): the spaces E and Γ, ranks and
// diversity, the effective complexity r, the identifiable subspace R = P_Γ(E) with basis Q, the reduced
// model (α, β) and the junk on either side (C7).
import type { Matrix } from '../matrix/matrix.js';
import { mul, minus, transposed } from '../matrix/convenience.js';
import { slice, scaleColumns } from '../matrix/reshape.js';
import { type Predictor, dims, unembeddingDifferences, logOdds, amplification } from './predictor.js';
import { rankedSvd, type RankDecision, type RankedSvd } from './rank.js';
import { DEFAULT_TOLERANCES, type Tolerances } from './tolerance.js';

const decision = ({ rank, sigma, reference, ambiguous }: RankedSvd): RankDecision => ({ rank, sigma, reference, ambiguous });

export interface Analysis {
  p: Predictor;
  n: number;
  V: number;
  d: number;
  G0: Matrix;
  /** Log-odds L = F G₀ᵀ. */
  L: Matrix;
  rankF: RankDecision;
  rankG0: RankDecision;
  rankL: RankDecision;
  /** rank F = d. */
  fDiverse: boolean;
  /** rank G₀ = d. */
  gDiverse: boolean;
  /** Effective complexity r = rank L (C5). */
  r: number;
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
  /** Amplification of the computed log-odds (predictor.ts amplification): the conditioning of L's computation. */
  kappaL: number;
  /**
   * The conditioning every verdict on this model scales its tolerance with: the larger of kappaL and
   * the conditioning of the subspaces it computed (reference / σ_rank for F, G₀, L and P_Γ Fᵀ: how far
   * the smallest kept singular value is from the scale, which bounds how well the bases are determined).
   */
  kappa: number;
  /** Some rank decision was within the ambiguity band: verdicts that use it are inconclusive. */
  ambiguous: boolean;
  notes: string[];
}

export function analyze(p: Predictor, tol: Tolerances = DEFAULT_TOLERANCES): Analysis {
  const { n, V, d } = dims(p);
  const notes: string[] = [];
  const G0 = unembeddingDifferences(p);
  const L = logOdds(p, G0);
  const svdF = rankedSvd(p.F, tol.rankRtol);
  const svdG0 = rankedSvd(G0, tol.rankRtol);
  // The log-odds are a product: rounding noise scales with σ₁(F)·σ₁(G₀), not with σ₁(L) (rank.ts).
  const scaleFG = (svdF.sigma[0] ?? 0) * (svdG0.sigma[0] ?? 0);
  // σ(L) without an SVD of the n × (V−1) log-odds: with F = U_F S_F V_Fᵀ and G₀ = U_G S_G V_Gᵀ,
  // L = U_F (S_F V_Fᵀ V_G S_G) U_Gᵀ, so L has the singular values of the small middle factor
  // (at most d × d). Its rounding error is of order ε·σ₁(F)·σ₁(G₀), the scale rank is judged against.
  const middle = scaleColumns(transposed(scaleColumns(mul(svdG0.V, svdF.V, { transA: true }), svdF.sigma)), svdG0.sigma);
  const svdL = rankedSvd(middle, tol.rankRtol, scaleFG);
  const rankF = decision(svdF), rankG0 = decision(svdG0), rankL = decision(svdL);
  const basisE = svdF.rowBasis, basisGamma = svdG0.rowBasis;
  const PE = mul(basisE, basisE, { transB: true });
  const PGamma = mul(basisGamma, basisGamma, { transB: true });
  // R = P_Γ(E): its dimension must be rank L (C7); a disagreement means a rank decision is too close.
  const svdR = rankedSvd(mul(PGamma, transposed(p.F)), tol.rankRtol, svdF.sigma[0] ?? 0);
  const Q = slice(svdR.colBasis, 0, d, 0, Math.min(svdR.rank, rankL.rank));
  let ambiguous = rankF.ambiguous || rankG0.ambiguous || rankL.ambiguous || svdR.ambiguous;
  if (svdR.rank !== rankL.rank) {
    ambiguous = true;
    notes.push(`dim P_Γ(E) = ${svdR.rank} but rank L = ${rankL.rank}: the rank decisions disagree`);
  }
  const alpha = mul(p.F, Q);
  const beta = mul(G0, Q);
  const N = minus(p.F, mul(alpha, Q, { transB: true }));
  const Mj = minus(G0, mul(beta, Q, { transB: true }));
  const spread = (x: RankedSvd) => (x.rank === 0 ? 1 : x.reference / (x.sigma[x.rank - 1] as number));
  const kappaSub = Math.max(spread(svdF), spread(svdG0), spread(svdL), spread(svdR));
  const kappaL = amplification(p.F, G0, L);
  return {
    p, n, V, d, G0, L, rankF, rankG0, rankL,
    fDiverse: rankF.rank === d,
    gDiverse: rankG0.rank === d,
    r: rankL.rank,
    PGamma, PE, Q, alpha, beta, N, Mj, kappaL, kappa: Math.max(kappaL, kappaSub), ambiguous, notes,
  };
}
