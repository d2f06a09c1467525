// C16: whitening / the causal inner product (formalised after Park, Choe and Veitch 2024). holds: among
// diverse equivalent models the whitened centred unembeddings Cov(g)^−½ (g − ḡ) have equal Gram
// matrices, so they differ by an orthogonal map (all K members of a class agree). refutable: without
// f-diversity they do not: unembedding junk (E^⊥ directions) changes the centred unembeddings, and the
// whitened Gram matrix with them, without changing P.
//
// Only models with an invertible Cov(g) (g-diverse ones) have a whitening; the others are not eligible
// and are left out of the comparison (whitening.ts). The minimal model is always eligible and diverse.
import { defineClaim, okIn, SEARCH_EVIDENCE, type CheckContext, type Evidence, type Outcome } from '../src/claims.js';
import type { Engine } from '../src/engine/index.js';
import type { Analysis } from '../src/engine/analysis.js';
import { ALL_OR_NONE_MEMBERS, familyArb, type Family, type GenOptions } from '../src/gen/arbitraries.js';
import { whiteningAgreement } from '../src/engine/linear/whitening.js';
import { analysedMembers, sizeOf, fail } from './helpers.js';
import { certifyWhitening } from '../src/certify/linear-exact.js';

/** The engine's function when it has one (so a broken copy of the engine is noticed), else this module's. */
type WhiteningEngine = { whiteningAgreement: typeof whiteningAgreement };
export function whiteningAgreementOf(e: Engine): typeof whiteningAgreement {
  return (e as Partial<WhiteningEngine>).whiteningAgreement ?? whiteningAgreement;
}

const label = (i: number, n: number) => (i === n - 1 ? 'the minimal model' : `member ${i + 1}`);

/**
 * Compare the whitened Gram matrix of every member that `include`s with the minimal model's (the last
 * member, always eligible and diverse). Fails on the first disagreement.
 */
function compareWithMinimal(members: Analysis[], ctx: CheckContext, include: (a: Analysis) => boolean, why: (a: Analysis) => string): Outcome {
  const K = members.length;
  const unsure = members.findIndex((a) => a.ambiguous);
  if (unsure >= 0) return { kind: 'inconclusive', why: `${label(unsure, K)}: a rank decision is ambiguous` };
  const minimal = members[K - 1] as Analysis;
  const agree = whiteningAgreementOf(ctx.engine);
  const compared = members.slice(0, -1).map((a, i) => ({ a, i })).filter(({ a }) => include(a));
  for (const { a, i } of compared) {
    const v = agree(a, minimal, ctx.tol);
    if (!v.conclusive) return { kind: 'inconclusive', why: `${label(i, K)}: ${v.reason ?? 'inconclusive'}` };
    if (!v.holds) return fail(`${label(i, K)} (${why(a)}) and the minimal model give the same P, but ${v.reason}`, v);
  }
  if (compared.length === 0) return { kind: 'vacuous', why: 'no generated member is eligible: nothing to compare with the minimal model' };
  return okIn(compared.length === K - 1 ? 'every member compared' : 'some members compared');
}

const diverse = (a: Analysis) => a.fDiverse && a.gDiverse;
const describe = (a: Analysis) => `d = ${a.d}, r = ${a.r}, ${a.fDiverse ? 'f-diverse' : 'not f-diverse'}, ${a.gDiverse ? 'g-diverse' : 'not g-diverse'}`;

const HOLDS_GEN: Partial<GenOptions> = { minR: 1, maxP: 0, maxQ: 0 };
const REFUTE_GEN: Partial<GenOptions> = { minR: 1, maxP: 0, maxQ: 2 };

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 700, perRegime: { 'every member compared': 700 } };

export default defineClaim<Family>({
  id: 'C16',
  title: 'Whitened unembeddings agree up to rotation under diversity',
  statement: 'Formalised after Park, Choe and Veitch (2024) and Marconato et al. (2025): for diverse distribution-equivalent predictors, the centred unembeddings whitened by Cov(g)^−½ have the same Gram matrix, so they differ by an orthogonal map.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 2000 },
  arbitrary: familyArb(ALL_OR_NONE_MEMBERS, HOLDS_GEN),
  check: (fam, ctx) => compareWithMinimal(analysedMembers(fam, ctx), ctx, diverse, describe),
  // Whitened Gram matrices G_c Cov⁻¹ G_cᵀ are rational: compared exactly with the minimal model's.
  certify: (fam) => certifyWhitening(fam.members, 'diverse'),
  size: (fam) => sizeOf(...fam.members),
});

export const refutable = defineClaim<Family>({
  id: 'C16',
  title: 'Whitened unembeddings are not a class invariant without f-diversity',
  statement: 'Formalised after Park, Choe and Veitch (2024) and Marconato et al. (2025): without f-diversity, unembedding directions no context sees change the whitened Gram matrix but not P.',
  direction: 'refutable',
  negates: 'all equivalent predictors with a whitening have the same whitened Gram matrix',
  evidence: SEARCH_EVIDENCE,
  budget: { numRuns: 200 },
  arbitrary: familyArb(ALL_OR_NONE_MEMBERS, REFUTE_GEN),
  check: (fam, ctx) => compareWithMinimal(analysedMembers(fam, ctx), ctx, (a) => a.gDiverse, describe),
  certify: (fam) => certifyWhitening(fam.members, 'g-diverse'),
  size: (fam) => sizeOf(...fam.members),
  shrinkBounds: { n: 2, V: 3, d: 2 },
});
