// C10: parallelism of unembedding differences, g(y₁) − g(y₂) = λ (g(y₃) − g(y₄)), and its distributional
// form on the log-odds columns. holds: geometric ⇒ distributional in every model, and among f-diverse
// equivalent models geometric parallelism holds in all or none. refutable: without f-diversity a vector
// of E^⊥ added to g(y₁) keeps P and destroys geometric parallelism, so it is not shared by the class.
//
// Random tokens are almost never parallel, so half the classes are parallel by design: the reduced
// unembeddings β (pivot row zero) of the four chosen tokens are made to satisfy
// β(y₁) − β(y₂) = λ (β(y₃) − β(y₄)) for a drawn small integer λ (λ = 0 gives a zero first difference).
// Every member of such a class then has parallel unembedding differences on R; only unembedding junk
// (E^⊥ directions) can break it.
import fc from 'fast-check';
import { defineClaim, okIn, SEARCH_EVIDENCE, type CheckContext, type Evidence, type Outcome } from '../src/claims.js';
import type { Engine } from '../src/engine/index.js';
import type { Analysis } from '../src/engine/analysis.js';
import { ALL_OR_NONE_MEMBERS, classArb, memberDrawArb, genOptions, type Family, type GenOptions } from '../src/gen/arbitraries.js';
import { makeMember, type ClassData, type Instance } from '../src/gen/block.js';
import { dense, type DenseMatrix } from '../src/dense.js';
import { unembeddingParallelism, type ParallelismResult, type Quadruple } from '../src/engine/linear/parallelism.js';
import { analysedMembers, sizeOf, fail } from './helpers.js';
import { certifyAllOrNone, certifySharedByAll } from '../src/certify/linear-exact.js';

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

/** The engine's function when it has one (so a broken copy of the engine is noticed), else this module's. */
type ParallelismEngine = { unembeddingParallelism: typeof unembeddingParallelism };
export function unembeddingParallelismOf(e: Engine): typeof unembeddingParallelism {
  return (e as Partial<ParallelismEngine>).unembeddingParallelism ?? unembeddingParallelism;
}

const label = (i: number, n: number) => (i === n - 1 ? 'the minimal model' : `member ${i + 1}`);

/** Verdicts of every member, or the reason the case is inconclusive. */
export function evaluateAll(members: Analysis[], evaluate: (a: Analysis) => ParallelismResult): ParallelismResult[] | Outcome {
  const unsure = members.findIndex((a) => a.ambiguous);
  if (unsure >= 0) return { kind: 'inconclusive', why: `${label(unsure, members.length)}: a rank decision is ambiguous` };
  const results = members.map(evaluate);
  for (const [i, r] of results.entries()) {
    for (const v of [r.geometric, r.distributional]) {
      if (!v.conclusive) return { kind: 'inconclusive', why: `${label(i, members.length)}: ${v.reason ?? 'inconclusive'}` };
    }
  }
  return results;
}

/**
 * The holds part, shared with C11: (a) geometric ⇒ distributional in every member; the distributional
 * verdict is the same in every member (it depends on P alone); (b) in every `diverse` member geometric ⇔
 * distributional, so the geometric verdicts of the diverse members agree (all or none).
 */
export function allOrNone(members: Analysis[], results: ParallelismResult[], diverse: (a: Analysis) => boolean, what: string): Outcome {
  const K = members.length;
  for (const [i, r] of results.entries()) {
    if (r.geometric.holds && !r.distributional.holds) {
      return fail(`${label(i, K)}: ${what} differences are parallel (λ = ${r.geometric.lambda}) but the log-odds are not: ${r.distributional.reason}`, r.distributional);
    }
  }
  const first = results[0] as ParallelismResult;
  for (const [i, r] of results.entries()) {
    if (r.distributional.holds !== first.distributional.holds) {
      return fail(`distributional parallelism is ${first.distributional.holds ? 'present' : 'absent'} in member 1 but ${r.distributional.holds ? 'present' : 'absent'} in ${label(i, K)}, although both give the same P`, r.distributional.holds ? first.distributional : r.distributional);
    }
  }
  const div = members.map((a, i) => ({ a, i, r: results[i] as ParallelismResult })).filter(({ a }) => diverse(a));
  for (const { i, r } of div) {
    if (r.geometric.holds !== r.distributional.holds) {
      return fail(`${label(i, K)} is diverse and its log-odds are parallel, but its ${what} differences are not: ${r.geometric.reason}`, r.geometric);
    }
  }
  const yes = div.filter(({ r }) => r.geometric.holds).map(({ i }) => label(i, K));
  const no = div.filter(({ r }) => !r.geometric.holds).map(({ i }) => label(i, K));
  if (yes.length && no.length) return fail(`geometric ${what} parallelism holds in ${yes.join(', ')} but not in ${no.join(', ')} (all diverse)`);
  if (div.length < 2) return { kind: 'vacuous', why: `only ${div.length} of ${K} members are diverse: the all-or-none part has nothing to compare` };
  return okIn(yes.length ? 'parallel in all diverse members' : 'parallel in none');
}

/**
 * The refutable part, shared with C11: the naive statement "geometric parallelism is shared by all
 * equivalent members", without the diversity condition. Members must give the same P (else the
 * generator is broken and the run throws).
 */
export function sharedByAll(members: Analysis[], results: ParallelismResult[], ctx: CheckContext, diverse: (a: Analysis) => boolean, what: string, wDesc: string): Outcome {
  const K = members.length;
  const first = members[0] as Analysis;
  // A witness must be worth auditing: with L ≡ 0 (the design can cancel the class) parallelism is a
  // zero-difference convention, not a property of the predictor.
  if (first.r === 0) return { kind: 'vacuous', why: 'r = 0 (L ≡ 0): not a witness worth auditing' };
  for (const [i, a] of members.entries()) {
    const eq = ctx.engine.distributionEquivalence(first, a, ctx.tol);
    if (!eq.conclusive) return { kind: 'inconclusive', why: eq.reason ?? 'inconclusive' };
    if (!eq.holds) throw new Error(`generator: ${label(i, K)} does not give member 1's distribution (${eq.reason})`);
  }
  const tag = (i: number) => `${label(i, K)}${diverse(members[i] as Analysis) ? '' : ' (not diverse)'}`;
  const yes = results.flatMap((r, i) => (r.geometric.holds ? [tag(i)] : []));
  const no = results.flatMap((r, i) => (r.geometric.holds ? [] : [tag(i)]));
  if (yes.length && no.length) {
    const broken = results.find((r) => !r.geometric.holds);
    return fail(`equal P, yet geometric ${what} parallelism holds in ${yes.join(', ')} and not in ${no.join(', ')} (${wDesc})`, broken?.geometric);
  }
  return okIn(yes.length ? 'parallel in every member' : 'parallel in none');
}

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 700, perRegime: { 'parallel in all diverse members': 450, 'parallel in none': 200 } };

const HOLDS_GEN: Partial<GenOptions> = { minN: 2, minV: 4, minR: 1, maxQ: 1 };
// Exact mode for the search: a counterexample must survive exact re-verification, and a float family's rounded edit is
// not exactly in the null space.
const REFUTE_GEN: Partial<GenOptions> = { mode: 'exact', minV: 4, minR: 1, maxQ: 2 };

export default defineClaim<ParallelCase>({
  id: 'C10',
  title: 'Unembedding parallelism: all or none under f-diversity',
  statement: 'Formalised after Marconato et al. (2025): g(y₁) − g(y₂) = λ (g(y₃) − g(y₄)) implies the same relation between the log-odds log p(y₁|x)/p(y₂|x) and log p(y₃|x)/p(y₄|x) for every context; among f-diverse equivalent predictors the geometric relation holds in all of them or in none.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 2000 },
  arbitrary: parallelCaseArb(ALL_OR_NONE_MEMBERS, HOLDS_GEN, parallelBeta),
  check: ({ fam, idx }, ctx) => {
    const members = analysedMembers(fam, ctx);
    const evaluate = unembeddingParallelismOf(ctx.engine);
    const results = evaluateAll(members, (a) => evaluate(a, idx, ctx.tol));
    if (!Array.isArray(results)) return results;
    return allOrNone(members, results, (a) => a.fDiverse, 'unembedding');
  },
  // Exact verdicts of every member (the minimal model as an exact rank factorisation of L, see
  // src/certify/linear-exact.ts), f-diversity and equivalence decided exactly.
  certify: ({ fam, idx }) => certifyAllOrNone(fam.members, 'unembedding', idx),
  size: ({ fam }) => sizeOf(...fam.members),
});

export const refutable = defineClaim<PerturbedCase>({
  id: 'C10',
  title: 'Unembedding parallelism is not a class invariant without f-diversity',
  statement: 'Formalised after Marconato et al. (2025): without f-diversity, adding to g(y₁) a vector orthogonal to every context embedding leaves P unchanged and can destroy the parallelism of unembedding differences.',
  direction: 'refutable',
  negates: 'geometric parallelism of unembedding differences is shared by all equivalent predictors',
  evidence: SEARCH_EVIDENCE,
  budget: { numRuns: 200 },
  arbitrary: perturbedCaseArb(ALL_OR_NONE_MEMBERS, REFUTE_GEN, parallelBeta, 'unembedding'),
  check: ({ fam, idx }, ctx) => {
    const members = analysedMembers(fam, ctx);
    const evaluate = unembeddingParallelismOf(ctx.engine);
    const results = evaluateAll(members, (a) => evaluate(a, idx, ctx.tol));
    if (!Array.isArray(results)) return results;
    return sharedByAll(members, results, ctx, (a) => a.fDiverse, 'unembedding', 'w ∈ E^⊥ added to g(y₁) / unembedding junk');
  },
  // Equal P and differing geometric verdicts, exactly; the E^⊥ edit is replayed over Q as supporting checks.
  certify: ({ fam, idx, perturb }) => certifySharedByAll(fam.members, 'unembedding', idx, perturb),
  size: ({ fam }) => sizeOf(...fam.members),
  shrinkBounds: { n: 2, V: 4, d: 2 },
});
