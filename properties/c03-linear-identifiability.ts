// C3 (Roeder et al.): for diverse models of one dimension, P = P̃ ⇔ ~L, with the witness Mᵀ = F̃⁺ F.
import { defineClaim, okIn, type Evidence } from '../src/claims.js';
import { toPredictor } from '../src/engine/load.js';
import { sizeOf, fail, inconclusive, nearMissOutcome } from './helpers.js';
import { sameShapePairArb, type Pair } from '../src/gen/pairs.js';
import { exactModel, sameDistribution, linearDiverse, fDiverse, gDiverse } from '../src/certify/exact-model.js';
import { certificate, check } from '../src/certify/certificate.js';

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 2500, perRegime: { equivalent: 700, 'not equivalent': 600, 'near miss': 400 } };

export default defineClaim<Pair>({
  id: 'C3',
  title: 'Linear identifiability under diversity',
  statement: 'Formalised after Roeder et al. (2021) and Marconato et al. (2025): for f- and g-diverse models of the same dimension, P = P̃ iff F = F̃ Mᵀ and G₀ = G̃₀ M⁻¹ for an invertible M, recovered as Mᵀ = F̃⁺ F.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 5000 },
  // No junk (p = q = 0) and enough contexts and tokens for α, β of full column rank: diverse members.
  arbitrary: sameShapePairArb({ minN: 4, minV: 5, minR: 1, maxR: 3, maxP: 0, maxQ: 0 }),
  check: (pair, { core, engine, tol }) => {
    const { a, b } = pair;
    const A = engine.analyze(toPredictor(core, a, 'model 1'), tol), B = engine.analyze(toPredictor(core, b, 'model 2'), tol);
    if (!(A.fDiverse && A.gDiverse && B.fDiverse && B.gDiverse) || A.d !== B.d) {
      return { kind: 'vacuous', why: 'not both diverse of the same dimension' };
    }
    const eq = engine.distributionEquivalence(A, B, tol);
    const lin = engine.linearEquivalence(A, B, tol);
    const unsure = inconclusive(eq, lin);
    if (unsure) return unsure;
    const near = nearMissOutcome(pair, eq, lin);
    if (near) return near;
    if (eq.holds !== lin.holds) return fail(`P ${eq.holds ? '=' : '≠'} P̃ but ~L ${lin.holds ? 'holds' : `fails: ${lin.reason}`}`, lin);
    return okIn(pair.nearMiss > 0 ? 'near miss' : eq.holds ? 'equivalent' : 'not equivalent');
  },
  certify: ({ a, b }) => {
    const A = exactModel(a), B = exactModel(b);
    const hyp = fDiverse(A) && gDiverse(A) && fDiverse(B) && gDiverse(B) && A.F.cols === B.F.cols;
    if (!hyp) return certificate([check('both models diverse, same d (exactly)', false)], false, 'the hypothesis does not hold exactly');
    const eq = sameDistribution(A, B), lin = linearDiverse(A, B);
    return certificate([check('P = P̃ (L = L̃)', eq), check('~L with Mᵀ = F̃⁺F', lin.holds, lin.detail)], eq !== lin.holds, 'P = P̃ and ~L disagree for diverse models');
  },
  size: ({ a, b }) => sizeOf(a, b),
});
