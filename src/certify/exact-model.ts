// The theory in exact rational arithmetic, on the very doubles of an instance (each f64 is a rational,
// converted without loss). What floating point decides with tolerances is decided here with equality:
// equal distributions (Lemma 0: Z − Z̃ constant per row ⇔ L = L̃), ranks, the identifiable subspace with
// any basis (theory.md C6: the statement is basis-independent), ~L and ~EL witnesses.
import { RationalMatrix } from '../exact/index.js';
import type { DenseMatrix } from '../dense.js';

export interface ExactModel {
  F: RationalMatrix;
  G: RationalMatrix;
  pivot: number;
  G0: RationalMatrix;
  L: RationalMatrix;
}

export function exact(m: DenseMatrix): RationalMatrix {
  return RationalMatrix.fromF64Array(m.rows, m.cols, m.data);
}

/** G₀: rows g(y) − g(y₀), y ≠ y₀. */
export function differences(G: RationalMatrix, pivot: number): RationalMatrix {
  const rows = [];
  for (let y = 0; y < G.rows; y++) if (y !== pivot) rows.push(G.slice(y, y + 1, 0, G.cols).sub(G.slice(pivot, pivot + 1, 0, G.cols)));
  return rows.length ? rows[0]!.vstack(...rows.slice(1)) : RationalMatrix.zeros(0, G.cols);
}

export function exactModel(inst: { F: DenseMatrix; G: DenseMatrix; pivot: number }): ExactModel {
  const F = exact(inst.F), G = exact(inst.G);
  const G0 = differences(G, inst.pivot);
  return { F, G, pivot: inst.pivot, G0, L: F.mul(G0.transpose()) };
}

/** Equal next-token distributions, exactly: equal log-odds (C2, proved in proofs/Pivot.v). */
export function sameDistribution(a: ExactModel, b: ExactModel): boolean {
  return a.L.equals(b.L);
}

/** The orthogonal projector onto the row space of X: X⁺ X (rational: X⁺ is exact). */
export function rowProjector(X: RationalMatrix): RationalMatrix {
  return X.pinv().mul(X);
}

/** A basis (columns, d × r) of R = P_Γ(E): pivot columns of P_Γ Fᵀ. Any basis will do over Q. */
export function identifiableBasis(m: ExactModel): RationalMatrix {
  const X = rowProjector(m.G0).mul(m.F.transpose());
  const { pivots } = X.rref();
  if (pivots.length === 0) return RationalMatrix.zeros(X.rows, 0);
  return pivots.map((j) => X.slice(0, X.rows, j, j + 1)).reduce((acc, c) => acc.hstack(c));
}

/**
 * The reduced model in a basis B of R that need not be orthonormal: α = F B (BᵀB)⁻¹ (coordinates of the
 * projections onto R) and β = G₀ B, so that α βᵀ = F P_R G₀ᵀ = L. With an orthonormal B this is the
 * theory's α = F Q, β = G₀ Q.
 */
export function reduced(m: ExactModel): { B: RationalMatrix; alpha: RationalMatrix; beta: RationalMatrix; r: number } {
  const B = identifiableBasis(m);
  if (B.cols === 0) return { B, alpha: RationalMatrix.zeros(m.F.rows, 0), beta: RationalMatrix.zeros(m.G0.rows, 0), r: 0 };
  return { B, alpha: m.F.mul(B).mul(B.transpose().mul(B).inverse()), beta: m.G0.mul(B), r: B.cols };
}

/** ~EL decided exactly: r = r̃ and α = α̃ Mᵀ, β = β̃ M⁻¹ with the unique Mᵀ = α̃⁺ α, M invertible. */
export function extendedLinear(a: ExactModel, b: ExactModel): { holds: boolean; detail: string } {
  const ra = reduced(a), rb = reduced(b);
  if (ra.r !== rb.r) return { holds: false, detail: `r = ${ra.r} vs ${rb.r}` };
  if (ra.r === 0) return { holds: true, detail: 'both reduced models are empty' };
  const Mt = rb.alpha.pinv().mul(ra.alpha);
  const M = Mt.transpose();
  if (M.rank() < ra.r) return { holds: false, detail: 'the candidate map is singular' };
  if (!rb.alpha.mul(Mt).equals(ra.alpha)) return { holds: false, detail: 'α ≠ α̃ Mᵀ' };
  if (!rb.beta.mul(M.inverse()).equals(ra.beta)) return { holds: false, detail: 'β ≠ β̃ M⁻¹' };
  return { holds: true, detail: `M = ${M.toString()}` };
}

/** ~L decided exactly for f-diverse b: the unique Mᵀ = F̃⁺ F must be invertible with G₀ = G̃₀ M⁻¹. */
export function linearDiverse(a: ExactModel, b: ExactModel): { holds: boolean; detail: string } {
  if (a.F.cols !== b.F.cols) return { holds: false, detail: 'dimensions differ' };
  const Mt = b.F.pinv().mul(a.F);
  const M = Mt.transpose();
  if (M.rank() < M.rows) return { holds: false, detail: 'the candidate map is singular' };
  if (!b.F.mul(Mt).equals(a.F)) return { holds: false, detail: 'F ≠ F̃ Mᵀ' };
  if (!b.G0.mul(M.inverse()).equals(a.G0)) return { holds: false, detail: 'G₀ ≠ G̃₀ M⁻¹' };
  return { holds: true, detail: `M = ${M.toString()}` };
}

export const fDiverse = (m: ExactModel) => m.F.rank() === m.F.cols;
export const gDiverse = (m: ExactModel) => m.G0.rank() === m.G0.cols;
