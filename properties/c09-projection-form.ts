// C9: P = P̃ ⇒ F̃ P_Γ̃ = F P_Γ Tᵀ with T = G̃₀⁺ G₀, and T is injective on R.
import { defineClaim, okIn, type Evidence } from '../src/claims.js';
import { familyArb, type Family } from '../src/gen/arbitraries.js';
import { toPredictor } from '../src/engine/load.js';
import { mul } from '../src/matrix/convenience.js';
import { sizeOf, fail, inconclusive, rankRegime } from './helpers.js';
import { exactModel, sameDistribution, reduced, rowProjector } from '../src/certify/exact-model.js';
import { certificate, check } from '../src/certify/certificate.js';
import { normFro } from '../src/matrix/blas.js';

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 3000, perRegime: { '0 < r < d': 2000, 'r = d': 200, 'r = 0': 80 } };

export default defineClaim<Family>({
  id: 'C9',
  title: 'Projection form',
  statement: 'Formalised after Marconato et al. (2025): equal distributions imply F̃ P_Γ̃ = F P_Γ Tᵀ with T = G̃₀⁺ G₀, T injective on the identifiable subspace R.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 5000 },
  arbitrary: familyArb(2, { maxP: 2, maxQ: 2 }),
  check: ({ members: [a, b] }, { core, engine, tol }) => {
    const A = engine.analyze(toPredictor(core, a!, 'model 1'), tol), B = engine.analyze(toPredictor(core, b!, 'model 2'), tol);
    const pf = engine.projectionForm(A, B, tol);
    const unsure = inconclusive(pf);
    if (unsure) return unsure;
    if (!pf.holds) return fail(pf.reason!, pf);
    // T Q's error, first order: T = G̃₀⁺ G₀ moves by (‖T‖ e_G̃₀ + e_G₀) / σ_min(G̃₀) (the errors of both
    // factors through the pseudo-inverse), Q by its angle θ_R, and the product rounds (γ_d).
    const nT = normFro(pf.T), sminB = B.rankG0.sigma[B.rankG0.rank - 1] ?? 0;
    const dT = sminB > 0 ? (nT * B.errors.G0 + A.errors.G0) / sminB : 0;
    const onR = engine.decideRank(mul(pf.T, A.Q), 2 * (dT + nT * A.errors.thetaR + 2 ** -52 * (A.d + 2) * nT));
    if (onR.ambiguous) return { kind: 'inconclusive', why: 'rank of T Q is within the ambiguity band' };
    if (onR.rank !== A.r) {
      // A σ under a floor is not a zero: floats can show T injective (σ_r above the floor) but never show it
      // is not. Exactly built members settle it in rational arithmetic; float ones stay inconclusive.
      if (a!.mode !== 'exact' || b!.mode !== 'exact') {
        return { kind: 'inconclusive', why: `σ_r(T Q) = ${(onR.sigma[A.r - 1] ?? 0).toExponential(2)} is under its floor ${onR.floor.toExponential(2)}: rounding may hide it, and only exact arithmetic can show T Q singular` };
      }
      const X = exactModel(a!), Y = exactModel(b!);
      if (X.L.rank() !== A.r) return { kind: 'inconclusive', why: `r = ${A.r} in floating point, ${X.L.rank()} exactly` };
      if (Y.G0.pinv().mul(X.G0).mul(reduced(X).B).rank() === A.r) return { kind: 'inconclusive', why: 'T Q has rank r exactly; its floor in floating point was too coarse to show it' };
      return fail(`T is not injective on R: rank T Q < r = ${A.r}, exactly`);
    }
    return okIn(rankRegime(A));
  },
  certify: ({ members: [a, b] }) => {
    const A = exactModel(a!), B = exactModel(b!);
    const eq = sameDistribution(A, B);
    if (!eq) return certificate([check('P = P̃ (L = L̃)', false)], false, 'the models are not exactly equivalent, so the claim says nothing');
    const T = B.G0.pinv().mul(A.G0);
    const form = B.F.mul(rowProjector(B.G0)).equals(A.F.mul(rowProjector(A.G0)).mul(T.transpose()));
    const R = reduced(A);
    const injective = T.mul(R.B).rank() === R.r;
    return certificate([check('P = P̃', eq), check('F̃ P_Γ̃ = F P_Γ Tᵀ', form), check('T injective on R', injective)], !(form && injective), 'the projection form fails for equivalent models');
  },
  size: ({ members }) => sizeOf(...members),
});
