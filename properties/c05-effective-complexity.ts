// C5: the effective complexity r = rank L; the minimal model is an equivalent diverse model of
// dimension r, and no model of dimension r − 1 produces P (σ_r(L) > 0).
import { defineClaim, okIn, type Evidence } from '../src/claims.js';
import { familyArb, type Family } from '../src/gen/arbitraries.js';
import { toPredictor } from '../src/engine/load.js';
import { sizeOf, fail, inconclusive, rankRegime } from './helpers.js';
import { exactModel } from '../src/certify/exact-model.js';
import { certificate, check, undecidable } from '../src/certify/certificate.js';

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 3000, perRegime: { '0 < r < d': 2000, 'r = d': 220, 'r = 0': 80 } };

export default defineClaim<Family>({
  id: 'C5',
  title: 'Effective complexity',
  statement: 'Formalised after Marconato et al. (2025): r = rank L is at most min(rank F, rank G₀); the minimal model (U Σ^½, W Σ^½) of the compact SVD of L is equivalent, diverse and of dimension r, and no model of dimension r − 1 has log-odds L.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 5000 },
  arbitrary: familyArb(1, { maxP: 2, maxQ: 2 }),
  check: ({ members: [m] }, { core, engine, tol }) => {
    const A = engine.analyze(toPredictor(core, m!), tol);
    if (A.ambiguous) return { kind: 'inconclusive', why: 'a rank decision is within the ambiguity band' };
    if (A.r > Math.min(A.rankF.rank, A.rankG0.rank)) return fail(`r = ${A.r} exceeds min(rank F, rank G₀) = ${Math.min(A.rankF.rank, A.rankG0.rank)}`);
    const min = engine.analyze(engine.minimalModel(A), tol);
    const eq = engine.distributionEquivalence(A, min, tol);
    const unsure = inconclusive(eq);
    if (unsure) return unsure;
    if (!eq.holds) return fail(`the minimal model is not equivalent: ${eq.reason}`, eq);
    if (A.r > 0 && !(min.fDiverse && min.gDiverse)) return fail(`the minimal model is not diverse (rank F = ${min.rankF.rank}, rank G₀ = ${min.rankG0.rank}, r = ${A.r})`);
    // Independent of the engine's own rank decision (σ_r > τ σ₁ is the definition of its r, and the
    // minimal model has d = r by construction): the generator knows the rank it built, exactly in exact
    // mode (full-rank α, β) and with a spectral gap in float mode.
    const built = Math.min(m!.meta.r, m!.meta.n, m!.meta.V - 1);
    if (A.r !== built) return fail(`r = ${A.r}, but the class was built with rank L = ${built}`);
    if (min.d !== built) return fail(`the minimal model has dimension ${min.d}, not the rank ${built} the class was built with`);
    if (m!.mode === 'exact') {
      const exact = exactModel(m!).L.rank();
      if (exact !== A.r) return fail(`r = ${A.r} in floating point, but rank L = ${exact} exactly`);
    } else if (A.r > 0) {
      // No factorisation through r − 1: the best rank-(r − 1) approximation (Eckart–Young: residual
      // ‖L − L_{r−1}‖_F = √(σ_r² + …)) must miss L by more than the equality tolerance.
      const sigma = A.rankL.sigma;
      const miss = Math.sqrt(sigma.slice(A.r - 1).reduce((s, x) => s + x * x, 0));
      // ‖L − L_{r−1}‖ ≥ σ_r: above the rank floor, no rounding of the inputs can make L rank r − 1.
      if (!A.rankL.conclusive) return { kind: 'inconclusive', why: A.rankL.why ?? 'rank L has no clear gap' };
      if (!(miss > A.rankL.floor)) return fail(`a model of dimension r − 1 = ${A.r - 1} reproduces L within the rounding floor (residual ${miss.toExponential(2)} ≤ ${A.rankL.floor.toExponential(2)})`);
    }
    return okIn(rankRegime(A));
  },
  certify: ({ members: [m] }) => {
    const A = exactModel(m!);
    const r = A.L.rank(), rf = A.F.rank(), rg = A.G0.rank();
    const bound = r <= Math.min(rf, rg);
    const checks = [check(`r = rank L = ${r} ≤ min(rank F, rank G₀) = ${Math.min(rf, rg)}`, bound)];
    if (!bound) return certificate(checks, true, 'the effective complexity exceeds the ranks of the factors');
    // The minimal model U Σ^½, W Σ^½ needs square roots: not rational, so its failures stay numerical.
    return undecidable('the minimal model involves square roots of singular values, which exact rational arithmetic cannot represent; the rank statements hold exactly', checks);
  },
  size: ({ members }) => sizeOf(...members),
});
