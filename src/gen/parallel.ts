// Families for the parallelism claims (C10 unembeddings, C11 embeddings). Random tokens are almost never
// parallel, so half the classes are parallel by design: the reduced unembeddings β (pivot row zero) of
// the four chosen tokens (for C11, the reduced embeddings α of four contexts) are made to satisfy
// β(y₁) − β(y₂) = λ (β(y₃) − β(y₄)) for a drawn small integer λ. Every member of such a class then has
// parallel differences on R; only junk can break them, which the refutable parts add (withNullDirection).
import fc from 'fast-check';
import { classArb, memberDrawArb, genOptions, type Family, type GenOptions } from './arbitraries.js';
import { makeMember, type ClassData, type Instance } from './block.js';
import { dense, type DenseMatrix } from '../dense.js';
import type { Quadruple } from '../engine/linear/parallelism.js';

/** The 24 orderings of the first four indices: the tokens (contexts, for C11) a case looks at. */
export const PERMUTATIONS: readonly Quadruple[] = (() => {
  const out: Quadruple[] = [];
  const rec = (pre: number[]) => {
    if (pre.length === 4) out.push(pre as unknown as Quadruple);
    for (let i = 0; i < 4; i++) if (!pre.includes(i)) rec([...pre, i]);
  };
  rec([]);
  return out;
})();

/** An all-or-none case: a family of one class, the four indices, and how the class was made. */
export interface ParallelCase {
  fam: Family;
  idx: Quadruple;
  /** Parallel by design with this λ (in reduced coordinates), or a plain class. */
  designed: boolean;
  lambda: number;
}

/** rows[i] ← rows[j] + λ (rows[k] − rows[l]) in a host matrix, with `null` standing for a zero row. */
function setCombination(m: DenseMatrix, i: number, j: number | null, k: number | null, l: number | null, lambda: number): DenseMatrix {
  const out = dense(m.rows, m.cols, m.data);
  const at = (r: number | null, c: number) => (r === null ? 0 : (m.data[r * m.cols + c] as number));
  for (let c = 0; c < m.cols; c++) out.data[i * m.cols + c] = at(j, c) + lambda * (at(k, c) - at(l, c));
  return out;
}

/** The class with β(y₁) − β(y₂) = λ (β(y₃) − β(y₄)), β(pivot) = 0; solved for y₁, or y₂ if y₁ is the pivot. */
export function parallelBeta(cls: ClassData, [y1, y2, y3, y4]: Quadruple, lambda: number): ClassData {
  const rowOf = (y: number) => (y === cls.pivot ? null : y < cls.pivot ? y : y - 1);
  const [b1, b2, b3, b4] = [rowOf(y1), rowOf(y2), rowOf(y3), rowOf(y4)];
  // b1 = b2 + λ (b3 − b4); if y₁ is the pivot (b1 = 0), b2 = −λ (b3 − b4) instead.
  const beta = b1 !== null ? setCombination(cls.beta, b1, b2, b3, b4, lambda) : setCombination(cls.beta, b2 as number, null, b4, b3, lambda);
  return { ...cls, beta };
}

/** The class with α(x₁) − α(x₂) = λ (α(x₃) − α(x₄)) (C11: contexts have no pivot). */
export function parallelAlpha(cls: ClassData, [x1, x2, x3, x4]: Quadruple, lambda: number): ClassData {
  return { ...cls, alpha: setCombination(cls.alpha, x1, x2, x3, x4, lambda) };
}

/**
 * Families of `k` members of a class whose four chosen indices are parallel by design half the time.
 * `design` edits the class; the indices are an ordering of the first four (so n or V must be ≥ 4).
 */
export function parallelCaseArb(k: number, opts: Partial<GenOptions>, design: (cls: ClassData, idx: Quadruple, lambda: number) => ClassData): fc.Arbitrary<ParallelCase> {
  const o = genOptions(opts);
  return fc
    .record({
      cls: classArb(o),
      draws: fc.array(memberDrawArb(o), { minLength: k, maxLength: k }),
      perm: fc.nat({ max: PERMUTATIONS.length - 1 }),
      designed: fc.boolean(),
      lambda: fc.integer({ min: -3, max: 3 }),
    })
    .map(({ cls, draws, perm, designed, lambda }) => {
      const idx = PERMUTATIONS[perm] as Quadruple;
      const c = designed ? design(cls, idx, lambda) : cls;
      return { fam: { cls: c, members: draws.map((d) => makeMember(c, d)) }, idx, designed, lambda };
    });
}

/**
 * A vector that no context sees (side 'unembedding': w ∈ E^⊥, added to g(row)) or that changes no
 * log-odds (side 'embedding': w ∈ Γ^⊥, added to f(row)), built from the member's junk block:
 * w = [0 | 0 | u] T⁻¹ (F wᵀ = 0) or w = [0 | v | 0] Tᵀ (G₀ wᵀ = 0). Exact in exact mode (T unimodular).
 * A member without that junk block (q = 0, resp. p = 0) is returned unchanged.
 */
export function withNullDirection(inst: Instance, side: 'unembedding' | 'embedding', row: number, coeffs: readonly number[]): Instance {
  const { r, p, q, d } = inst.meta;
  const size = side === 'unembedding' ? q : p;
  if (size === 0 || coeffs.slice(0, size).every((c) => c === 0)) return inst;
  const e = new Array<number>(d).fill(0);
  const offset = side === 'unembedding' ? r + p : r;
  for (let i = 0; i < size; i++) e[offset + i] = (coeffs[i] ?? 0) * (inst.mode === 'exact' ? 1 : 0.25);
  const w = new Array<number>(d).fill(0);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) {
      // unembedding: (e T⁻¹)_j = Σ_k e_k T⁻¹[k][j]; embedding: (e Tᵀ)_j = Σ_k e_k T[j][k].
      w[j] = (w[j] as number) + (e[k] as number) * (side === 'unembedding' ? (inst.Tinv.data[k * d + j] as number) : (inst.T.data[j * d + k] as number));
    }
  }
  const target = side === 'unembedding' ? inst.G : inst.F;
  const out = dense(target.rows, target.cols, target.data);
  for (let j = 0; j < d; j++) out.data[row * d + j] = (out.data[row * d + j] as number) + (w[j] as number);
  return side === 'unembedding' ? { ...inst, G: out } : { ...inst, F: out };
}

/** A case whose members (not the minimal model) may each get a null-direction vector added. */
export interface PerturbedCase extends ParallelCase {
  /** Per generated member, the coefficients of the junk-block vector (zero: unchanged). */
  perturb: number[][];
}

export function perturbedCaseArb(k: number, opts: Partial<GenOptions>, design: (cls: ClassData, idx: Quadruple, lambda: number) => ClassData, side: 'unembedding' | 'embedding'): fc.Arbitrary<PerturbedCase> {
  const o = genOptions(opts);
  const width = Math.max(1, side === 'unembedding' ? o.maxQ : o.maxP);
  const coeffs = fc.array(fc.integer({ min: -2, max: 2 }), { minLength: width, maxLength: width });
  return fc
    .tuple(parallelCaseArb(k, o, design), fc.array(coeffs, { minLength: k, maxLength: k }))
    .map(([c, perturb]) => ({
      ...c,
      perturb,
      fam: { cls: c.fam.cls, members: c.fam.members.map((m, i) => withNullDirection(m, side, c.idx[0], perturb[i] ?? [])) },
    }));
}
