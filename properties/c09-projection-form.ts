// C9: P = P̃ ⇒ F̃ P_Γ̃ = F P_Γ Tᵀ with T = G̃₀⁺ G₀, and T is injective on R.
import { defineClaim, OK } from '../src/claims.js';
import { familyArb, type Family } from '../src/gen/arbitraries.js';
import { toPredictor } from '../src/engine/load.js';
import { mul } from '../src/matrix/convenience.js';
import { sizeOf, fail, inconclusive } from './helpers.js';

export default defineClaim<Family>({
  id: 'C9',
  title: 'Projection form',
  statement: 'Formalised after Marconato et al. (2025): equal distributions imply F̃ P_Γ̃ = F P_Γ Tᵀ with T = G̃₀⁺ G₀, T injective on the identifiable subspace R.',
  direction: 'holds',
  budget: { numRuns: 1000 },
  arbitrary: familyArb(2, { maxP: 2, maxQ: 2 }),
  check: ({ members: [a, b] }, { core, engine, tol }) => {
    const A = engine.analyze(toPredictor(core, a!, 'model 1'), tol), B = engine.analyze(toPredictor(core, b!, 'model 2'), tol);
    const pf = engine.projectionForm(A, B, tol);
    const unsure = inconclusive(pf);
    if (unsure) return unsure;
    if (!pf.holds) return fail(pf.reason!, pf);
    const onR = engine.decideRank(mul(pf.T, A.Q), tol.rankRtol);
    if (onR.ambiguous) return { kind: 'inconclusive', why: 'rank of T Q is within the ambiguity band' };
    if (onR.rank !== A.r) return fail(`T is not injective on R: rank T Q = ${onR.rank} < r = ${A.r}`);
    return OK;
  },
  size: ({ members }) => sizeOf(...members),
});
