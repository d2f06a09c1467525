// C10: parallelism of unembedding differences, g(y₁) − g(y₂) = λ (g(y₃) − g(y₄)), and its distributional
// form on the log-odds columns. holds: geometric ⇒ distributional in every model, and among f-diverse
// equivalent models geometric parallelism holds in all or none. refutable: without f-diversity a vector
// of E^⊥ added to g(y₁) keeps P and destroys geometric parallelism, so it is not shared by the class.
//
// Random tokens are almost never parallel, so half the classes are parallel by design: the reduced
// unembeddings β (pivot row zero) of the four chosen tokens are made to satisfy
// β(y₁) − β(y₂) = λ (β(y₃) − β(y₄)) for a drawn small integer λ (λ = 0 gives a zero first difference).
// Every member of such a class then has parallel unembedding differences on R; only unembedding junk
// (E^⊥ directions) can break it. The generators are in src/gen/parallel.ts.
import { defineClaim, okIn, SEARCH_EVIDENCE, type CheckContext, type Evidence, type Outcome } from '../src/claims.js';
import type { Engine } from '../src/engine/index.js';
import type { Analysis } from '../src/engine/analysis.js';
import { ALL_OR_NONE_MEMBERS, type GenOptions } from '../src/gen/arbitraries.js';
import { parallelBeta, parallelCaseArb, perturbedCaseArb, type ParallelCase, type PerturbedCase } from '../src/gen/parallel.js';
import { unembeddingParallelism, type ParallelismResult } from '../src/engine/linear/parallelism.js';
import { analysedMembers, sizeOf, fail } from './helpers.js';
import { certifyAllOrNone, certifySharedByAll } from '../src/certify/linear-exact.js';

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
