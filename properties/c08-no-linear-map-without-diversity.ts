// C8 (refutable): without diversity, equivalent models need not be related by any linear map between
// their full embeddings.
import { defineClaim, okIn, SEARCH_EVIDENCE } from '../src/claims.js';
import { familyArb, type Family } from '../src/gen/arbitraries.js';
import { toPredictor } from '../src/engine/load.js';
import { sizeOf, fail, inconclusive } from './helpers.js';
import { exactModel, sameDistribution } from '../src/certify/exact-model.js';
import { certificate, check } from '../src/certify/certificate.js';

export default defineClaim<Family>({
  id: 'C8',
  title: 'Linear identifiability fails without diversity',
  statement: 'Formalised after Marconato et al. (2025): there are equivalent models (different d, or junk present) whose embeddings are related by no linear map, min_T ‖F − F̃ Tᵀ‖ / (1 + ‖F‖) ≫ 0.',
  direction: 'refutable',
  negates: 'equivalent models always have F = F̃ Tᵀ for some linear map T',
  evidence: SEARCH_EVIDENCE,
  budget: { numRuns: 100 },
  arbitrary: familyArb(2, { minR: 1, maxP: 2, maxQ: 2 }),
  check: ({ members: [a, b] }, { core, engine, tol }) => {
    const A = engine.analyze(toPredictor(core, a!, 'model 1'), tol), B = engine.analyze(toPredictor(core, b!, 'model 2'), tol);
    const eq = engine.distributionEquivalence(A, B, tol);
    const fit = engine.fitLinear(B.p.F, A.p.F, tol, 'no T with F = F̃ Tᵀ');
    const unsure = inconclusive(eq, fit);
    if (unsure) return unsure;
    if (eq.holds && !fit.holds) return fail(`equivalent models, but ${fit.reason}`, fit);
    return okIn(eq.holds ? 'equivalent, map exists' : 'not equivalent');
  },
  certify: ({ members: [a, b] }) => {
    const A = exactModel(a!), B = exactModel(b!);
    const eq = sameDistribution(A, B);
    const mapExists = B.F.columnSpaceContains(A.F);
    return certificate([check('P = P̃ (L = L̃)', eq), check('some T has F = F̃ Tᵀ', mapExists)], eq && !mapExists, 'equivalent models with no linear map between their embeddings');
  },
  size: ({ members }) => sizeOf(...members),
  // n = 3: classes have a full-rank α (no degenerate L ≡ 0 witness), so the junk column needs a third context to leave span α.
  shrinkBounds: { n: 3, V: 2, d: 2 },
});
