// Exact re-checks for the relational properties (C12 relational linearity, C13 probing, C14 steering),
// on the very doubles of an instance. Every "is affine in" of the float engine (an affine least-squares
// fit judged with a tolerance) is here an exact consistency question: Y = [X 1] W is solvable iff every
// column of Y lies in the column space of [X 1].
//
// The minimal model of theory.md (compact SVD, square roots) is not rational. Its stand-in is the exact
// rank factorisation L = C R of the same log-odds (C the pivot columns of L, R the nonzero rref rows):
// F = C, G₀ = Rᵀ. It is diverse of dimension r = rank L, has the same L, hence is ~L to the minimal model
// (C3: diverse, same d, same P). Every property used here is invariant under ~L (F ↦ F Mᵀ, G₀ ↦ G₀ M⁻¹
// with M invertible maps [F_src 1] to a design with the same column space, leaves L and col G₀ alone,
// and a diverse model has no junk), so the stand-in's verdicts are the minimal model's.
import { RationalMatrix, Rational } from '../exact/index.js';
import { type ExactModel, reduced, rowProjector, sameDistribution } from './exact-model.js';
import { certificate, check, type Check } from './certificate.js';
import type { Certificate } from '../report/types.js';

/** Rows idx of X (in that order). */
export function pickRows(X: RationalMatrix, idx: readonly number[]): RationalMatrix {
  if (idx.length === 0) return RationalMatrix.zeros(0, X.cols);
  return RationalMatrix.fromRows(idx.map((i) => X.row(i)));
}

/** Columns idx of X (in that order). */
export function pickCols(X: RationalMatrix, idx: readonly number[]): RationalMatrix {
  if (idx.length === 0) return RationalMatrix.zeros(X.rows, 0);
  return RationalMatrix.fromRows(Array.from({ length: X.rows }, (_, i) => idx.map((j) => X.get(i, j))));
}

export function ones(m: number): RationalMatrix {
  return RationalMatrix.fromRows(Array.from({ length: m }, () => [1]));
}

/** [X 1]: the affine design. */
export function affineDesign(X: RationalMatrix): RationalMatrix {
  return X.cols === 0 ? ones(X.rows) : X.hstack(ones(X.rows));
}

/**
 * Y = X W + 1 cᵀ exactly, for some (W, c): a particular solution ({ W, c }, free variables zero) or null
 * when some column of Y lies outside col [X 1].
 */
export function affineSolve(X: RationalMatrix, Y: RationalMatrix): { W: RationalMatrix; c: RationalMatrix } | null {
  const Z = affineDesign(X).particularSolution(Y);
  if (Z === null) return null;
  // c as a column ((cols Y) × 1).
  return { W: Z.slice(0, X.cols, 0, Y.cols), c: Z.slice(X.cols, X.cols + 1, 0, Y.cols).transpose() };
}

export function isAffineIn(X: RationalMatrix, Y: RationalMatrix): boolean {
  return affineDesign(X).columnSpaceContains(Y);
}

/** Insert a zero row at the pivot: G from G₀ (C1: the pivot's shift changes nothing). */
function withZeroPivot(G0: RationalMatrix, pivot: number): RationalMatrix {
  const zero = new Array<Rational>(G0.cols).fill(Rational.ZERO);
  const rows: Rational[][] = [];
  for (let y = 0, k = 0; y <= G0.rows; y++) rows.push(y === pivot ? zero : G0.row(k++));
  return G0.cols === 0 ? RationalMatrix.zeros(G0.rows + 1, 0) : RationalMatrix.fromRows(rows);
}

/**
 * The exact stand-in for the minimal model of m: L = C R (C the pivot columns of L, R the nonzero rows
 * of its rref), F = C, G₀ = Rᵀ. Diverse, dimension r = rank L, same L as m (see the header comment).
 */
export function minimalStandIn(m: ExactModel): ExactModel {
  const { rref, pivots } = m.L.rref();
  const r = pivots.length;
  const F = pickCols(m.L, pivots);
  const G0 = r === 0 ? RationalMatrix.zeros(m.L.cols, 0) : rref.slice(0, r, 0, m.L.cols).transpose();
  return { F, G: withZeroPivot(G0, m.pivot), pivot: m.pivot, G0, L: F.mul(G0.transpose()) };
}

/** The models an all-or-none check compares: the generated members, then the minimal-model stand-in. */
export function withStandIn(members: ExactModel[]): ExactModel[] {
  const first = members[0];
  return first ? [...members, minimalStandIn(first)] : members;
}

export const memberName = (i: number, count: number) => `member ${i + 1}${i === count - 1 ? ' (minimal model, exact stand-in L = C R)' : ''}`;

/**
 * The ~EL witness of a and b in the exact reduced models of `reduced` (bases B, B̃ of R, R̃ that need
 * not be orthonormal; α = F B (BᵀB)⁻¹ are the coordinates of P_R f = P_Γ f): α = α̃ Mᵀ, β = β̃ M⁻¹.
 * M is null when r = 0 (nothing to map) or when ~EL fails.
 */
export interface ElWitness {
  holds: boolean;
  detail: string;
  M: RationalMatrix | null;
  a: ReturnType<typeof reduced>;
  b: ReturnType<typeof reduced>;
}

export function elWitness(a: ExactModel, b: ExactModel): ElWitness {
  const ra = reduced(a), rb = reduced(b);
  const no = (detail: string): ElWitness => ({ holds: false, detail, M: null, a: ra, b: rb });
  if (ra.r !== rb.r) return no(`r = ${ra.r} vs ${rb.r}`);
  if (ra.r === 0) return { holds: true, detail: 'both reduced models are empty', M: null, a: ra, b: rb };
  const M = rb.alpha.pinv().mul(ra.alpha).transpose();
  if (M.rank() < ra.r) return no('the candidate map is singular');
  if (!rb.alpha.mul(M.transpose()).equals(ra.alpha)) return no('α ≠ α̃ Mᵀ');
  if (!rb.beta.mul(M.inverse()).equals(ra.beta)) return no('β ≠ β̃ M⁻¹');
  return { holds: true, detail: `M = ${M.toString()}`, M, a: ra, b: rb };
}

/** (BᵀB)⁻¹ Bᵀ: coordinates in the basis B (columns) of the projection onto col B. */
export function coordinates(B: RationalMatrix): RationalMatrix {
  return B.transpose().mul(B).inverse().mul(B.transpose());
}

/** P_Γ, the orthogonal projector onto Γ = row space of G₀ (exact: G₀⁺ G₀). */
export function projectorGamma(m: ExactModel): RationalMatrix {
  return rowProjector(m.G0);
}

/** Which models are exactly distribution-equivalent to the first (the first always is). */
export function equivalentToFirst(models: ExactModel[]): boolean[] {
  const first = models[0];
  return models.map((m, i) => i === 0 || (first !== undefined && m.L.rows === first.L.rows && m.L.cols === first.L.cols && sameDistribution(first, m)));
}

/** Whether the booleans of the models in `inClass` disagree (the all-or-none statement fails). */
export function disagree(values: boolean[], inClass: boolean[]): { h: number; f: number } | null {
  const idx = values.map((_, i) => i).filter((i) => inClass[i]);
  const h = idx.find((i) => values[i]), f = idx.find((i) => !values[i]);
  return h !== undefined && f !== undefined ? { h, f } : null;
}

/**
 * The m × (K−1) answer log-odds after s⊕q, log p(y_k | s⊕q) − log p(y₁ | s⊕q), from L with the pivot's
 * column zero (as probing.ts's answerLogOdds).
 */
export function answerLogOddsExact(m: ExactModel, dst: readonly number[], answers: readonly number[]): RationalMatrix {
  const Ld = pickRows(m.L, dst);
  const col = (y: number): RationalMatrix =>
    y === m.pivot ? RationalMatrix.zeros(dst.length, 1) : Ld.slice(0, dst.length, y < m.pivot ? y : y - 1, (y < m.pivot ? y : y - 1) + 1);
  const base = col(answers[0]!);
  const cols = answers.slice(1).map((y) => col(y).sub(base));
  return cols.length ? cols[0]!.hstack(...cols.slice(1)) : RationalMatrix.zeros(dst.length, 0);
}

/**
 * The exact checks of one certificate. `fact` records a hypothesis or an observation; `require` records
 * something the stated property asserts, and the certificate is verified (the property fails exactly)
 * as soon as one requirement does not hold.
 */
export class Ledger {
  readonly checks: Check[] = [];
  private readonly failures: string[] = [];

  fact(statement: string, holds: boolean, detail?: string): boolean {
    this.checks.push(check(statement, holds, detail));
    return holds;
  }

  require(statement: string, holds: boolean, detail?: string): boolean {
    this.checks.push(check(statement, holds, detail));
    if (!holds) this.failures.push(detail === undefined ? `${statement} fails` : `${statement} fails (${detail})`);
    return holds;
  }

  get failed(): boolean {
    return this.failures.length > 0;
  }

  /** The certificate: verified when some requirement failed; `summary` says what held otherwise. */
  done(summary: string): Certificate {
    return certificate(this.checks, this.failed, this.failed ? this.failures.join('; ') : summary);
  }
}
