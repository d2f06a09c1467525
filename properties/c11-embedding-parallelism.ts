// C11: parallelism of embedding differences, f(x₁) − f(x₂) = λ (f(x₃) − f(x₄)), and its distributional
// form on the log-odds rows ℓ(x) = G₀ f(x); the mirror of C10. holds: geometric ⇒ distributional in every
// model, and among g-diverse equivalent models geometric parallelism holds in all or none. refutable:
// without g-diversity a vector of Γ^⊥ added to f(x₁) keeps P and destroys geometric parallelism.
//
// Half the classes are parallel by design: α(x₁) − α(x₂) = λ (α(x₃) − α(x₄)) for the four chosen contexts
// (an ordering of the first four) and a drawn small integer λ; only embedding junk (Γ^⊥ directions) can
// then break the parallelism of the full embeddings.
import { defineClaim, SEARCH_EVIDENCE, type CheckContext, type Evidence } from '../src/claims.js';
import type { Engine } from '../src/engine/index.js';
import type { Analysis } from '../src/engine/analysis.js';
import { ALL_OR_NONE_MEMBERS, type GenOptions } from '../src/gen/arbitraries.js';
import { embeddingParallelism, type Quadruple } from '../src/engine/linear/parallelism.js';
import { analysedMembers, sizeOf } from './helpers.js';
import { certifyAllOrNone, certifySharedByAll } from '../src/certify/linear-exact.js';
import { evaluateAll, allOrNone, sharedByAll } from './c10-unembedding-parallelism.js';
import { parallelAlpha, parallelCaseArb, perturbedCaseArb, type ParallelCase, type PerturbedCase } from '../src/gen/parallel.js';

/** The engine's function when it has one (so a broken copy of the engine is noticed), else this module's. */
type ParallelismEngine = { embeddingParallelism: typeof embeddingParallelism };
export function embeddingParallelismOf(e: Engine): typeof embeddingParallelism {
  return (e as Partial<ParallelismEngine>).embeddingParallelism ?? embeddingParallelism;
}

function evaluate(fam: ParallelCase['fam'], idx: Quadruple, ctx: CheckContext) {
  const members = analysedMembers(fam, ctx);
  const f = embeddingParallelismOf(ctx.engine);
  return { members, results: evaluateAll(members, (a) => f(a, idx, ctx.tol)) };
}

const gDiverse = (a: Analysis) => a.gDiverse;

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 700, perRegime: { 'parallel in all diverse members': 450, 'parallel in none': 200 } };

const HOLDS_GEN: Partial<GenOptions> = { minN: 4, minV: 3, minR: 1, maxP: 1 };
// Exact mode for the search (see C10's REFUTE_GEN).
const REFUTE_GEN: Partial<GenOptions> = { mode: 'exact', minN: 4, minR: 1, maxP: 2 };

export default defineClaim<ParallelCase>({
  id: 'C11',
  title: 'Embedding parallelism: all or none under g-diversity',
  statement: 'Formalised after Marconato et al. (2025): f(x₁) − f(x₂) = λ (f(x₃) − f(x₄)) implies the same relation between the log-odds rows ℓ(x) = G₀ f(x); among g-diverse equivalent predictors the geometric relation holds in all of them or in none.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 2000 },
  arbitrary: parallelCaseArb(ALL_OR_NONE_MEMBERS, HOLDS_GEN, parallelAlpha),
  check: ({ fam, idx }, ctx) => {
    const { members, results } = evaluate(fam, idx, ctx);
    if (!Array.isArray(results)) return results;
    return allOrNone(members, results, gDiverse, 'embedding');
  },
  // Exact verdicts of every member (the minimal model as an exact rank factorisation of L, see
  // src/certify/linear-exact.ts), g-diversity and equivalence decided exactly.
  certify: ({ fam, idx }) => certifyAllOrNone(fam.members, 'embedding', idx),
  size: ({ fam }) => sizeOf(...fam.members),
});

export const refutable = defineClaim<PerturbedCase>({
  id: 'C11',
  title: 'Embedding parallelism is not a class invariant without g-diversity',
  statement: 'Formalised after Marconato et al. (2025): without g-diversity, adding to f(x₁) a vector orthogonal to every unembedding difference leaves P unchanged and can destroy the parallelism of embedding differences.',
  direction: 'refutable',
  negates: 'geometric parallelism of embedding differences is shared by all equivalent predictors',
  evidence: SEARCH_EVIDENCE,
  budget: { numRuns: 200 },
  arbitrary: perturbedCaseArb(ALL_OR_NONE_MEMBERS, REFUTE_GEN, parallelAlpha, 'embedding'),
  check: ({ fam, idx }, ctx) => {
    const { members, results } = evaluate(fam, idx, ctx);
    if (!Array.isArray(results)) return results;
    return sharedByAll(members, results, ctx, gDiverse, 'embedding', 'w ∈ Γ^⊥ added to f(x₁) / embedding junk');
  },
  // Equal P and differing geometric verdicts, exactly; the Γ^⊥ edit is replayed over Q as supporting checks.
  certify: ({ fam, idx, perturb }) => certifySharedByAll(fam.members, 'embedding', idx, perturb),
  size: ({ fam }) => sizeOf(...fam.members),
  shrinkBounds: { n: 4, V: 2, d: 2 },
});
