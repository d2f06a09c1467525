// C6: for any dimensions, equal next-token distributions ⇔ extended-linear equivalence.
import { defineClaim, okIn, type Evidence } from '../src/claims.js';
import { toPredictor } from '../src/engine/load.js';
import { sizeOf, inconclusive, fail, nearMissOutcome } from './helpers.js';
import { pairArb, type Pair } from '../src/gen/pairs.js';
import { exactModel, sameDistribution, extendedLinear } from '../src/certify/exact-model.js';
import { certificate, check } from '../src/certify/certificate.js';

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = {
  minConclusive: 2500,
  perRegime: { 'equivalent, same d': 200, 'equivalent, different d': 700, 'not equivalent, same r': 400, 'not equivalent, different r': 400, 'near miss': 200 },
};

export default defineClaim<Pair>({
  id: 'C6',
  title: 'Extended linear identifiability',
  statement: 'Formalised after Marconato et al. (2025): two predictors of any dimensions give the same next-token distribution iff their reduced models are related by an invertible r × r map (~EL).',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 5000 },
  arbitrary: pairArb({ maxP: 2, maxQ: 2 }),
  check: (pair, { core, engine, tol }) => {
    const { a, b } = pair;
    const A = engine.analyze(toPredictor(core, a, 'model 1'), tol);
    const B = engine.analyze(toPredictor(core, b, 'model 2'), tol);
    const eq = engine.distributionEquivalence(A, B, tol);
    const el = engine.extendedLinearEquivalence(A, B, tol);
    const unsure = inconclusive(eq, el);
    if (unsure) return unsure;
    const near = nearMissOutcome(pair, eq, el);
    if (near) return near;
    if (eq.holds !== el.holds) {
      return fail(`P ${eq.holds ? '=' : '≠'} P̃ but ~EL ${el.holds ? 'holds' : 'fails'} (${el.reason ?? 'witness found'})`, el);
    }
    if (pair.nearMiss > 0) return okIn('near miss');
    if (eq.holds) return okIn(A.d === B.d ? 'equivalent, same d' : 'equivalent, different d');
    return okIn(A.r === B.r ? 'not equivalent, same r' : 'not equivalent, different r');
  },
  certify: ({ a, b }) => {
    const A = exactModel(a), B = exactModel(b);
    const eq = sameDistribution(A, B), el = extendedLinear(A, B);
    return certificate([check('P = P̃ (L = L̃)', eq), check('~EL', el.holds, el.detail)], eq !== el.holds, 'P = P̃ and ~EL disagree');
  },
  size: ({ a, b }) => sizeOf(a, b),
});
