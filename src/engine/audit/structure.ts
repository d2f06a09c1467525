// The spaces an audit needs from the analysis of a model (theory.md §1, C7), as orthonormal d-vectors:
// E^⊥ and Γ^⊥ (where adding to g, resp. f, changes no probability), the embedding junk E ∩ Γ^⊥ (spanned by
// the rows of N) and the unembedding junk Γ ∩ E^⊥ (spanned by the rows of Mj). Their dimensions follow
// from the ranks: dim E ∩ Γ^⊥ = rank F − r and dim Γ ∩ E^⊥ = rank G₀ − r, because P_Γ maps E onto R
// (dimension r) with kernel E ∩ Γ^⊥.
import type { FactorAnalysis } from '../analysis.js';
import type { Matrix } from '../../matrix/matrix.js';
import { eigSym, svdRight } from '../../matrix/decompose.js';
import type { Vec } from './vec.js';

export interface Structure {
  n: number;
  V: number;
  d: number;
  rankF: number;
  rankG0: number;
  r: number;
  fDiverse: boolean;
  gDiverse: boolean;
  /** Some rank decision was too close to call. */
  ambiguous: boolean;
  Eperp: Vec[];
  GammaPerp: Vec[];
  embeddingJunk: Vec[];
  unembeddingJunk: Vec[];
}

/** Columns of V (d × k) as vectors. */
function columns(V: Matrix, k: number): Vec[] {
  const data = V.toFloat64Array(), d = V.rows, cols = V.cols;
  return Array.from({ length: k }, (_, j) => Float64Array.from({ length: d }, (_, i) => data[i * cols + j] as number));
}

/** Orthonormal basis of the null space of a d × d orthogonal projector of rank k: its d − k eigenvectors of eigenvalue 0. */
function complement(P: Matrix, k: number): Vec[] {
  if (k >= P.rows) return []; // full rank: nothing to find, and at d = 768 the eigensolver costs seconds
  const { V } = eigSym(P); // ascending eigenvalues: the first d − k are the zeros
  return columns(V, P.rows - k);
}

/** The leading k right singular vectors of X (rows × d): an orthonormal basis of its row space when rank X = k. */
function rowSpace(X: Matrix, k: number): Vec[] {
  if (k <= 0 || X.rows === 0) return [];
  return columns(svdRight(X).V, k);
}

export function structureOf(a: FactorAnalysis): Structure {
  const rankF = a.rankF.rank, rankG0 = a.rankG0.rank;
  return a.p.F.core.scope(() => ({
    n: a.n, V: a.V, d: a.d, rankF, rankG0, r: a.r,
    fDiverse: a.fDiverse, gDiverse: a.gDiverse,
    ambiguous: Boolean(a.rankF.ambiguous || a.rankG0.ambiguous || a.rankL.ambiguous),
    Eperp: complement(a.PE, rankF),
    GammaPerp: complement(a.PGamma, rankG0),
    embeddingJunk: rowSpace(a.N, rankF - a.r),
    unembeddingJunk: rowSpace(a.Mj, rankG0 - a.r),
  }));
}

/** ‖P_S x‖ / ‖x‖ for an orthonormal basis S: the fraction of x that lies in S. */
export function fractionIn(basis: Vec[], x: Vec): number {
  let s2 = 0, x2 = 0;
  for (const v of x) x2 += v * v;
  for (const e of basis) {
    let c = 0;
    for (let i = 0; i < x.length; i++) c += (e[i] as number) * (x[i] as number);
    s2 += c * c;
  }
  return x2 === 0 ? 0 : Math.sqrt(s2 / x2);
}
