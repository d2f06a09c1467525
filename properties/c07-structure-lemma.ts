// C7: the structure lemma. With N = F − α Qᵀ and M = G₀ − β Qᵀ: α βᵀ = L, N Mᵀ = 0, P_Γ Nᵀ = 0,
// P_E Mᵀ = 0 and rank α = rank β = r. (The converse, reduced model plus orthogonal junk gives the same
// P, is what the generator relies on; C6 checks it across members.)
import { defineClaim, okIn, type Evidence } from '../src/claims.js';
import { familyArb, type Family } from '../src/gen/arbitraries.js';
import { toPredictor } from '../src/engine/load.js';
import { mul, minus } from '../src/matrix/convenience.js';
import { normFro } from '../src/matrix/blas.js';
import { verdict } from '../src/engine/fit.js';
import { sizeOf, fail, inconclusive, rankRegime } from './helpers.js';
import { exactModel, reduced, rowProjector } from '../src/certify/exact-model.js';
import { certificate, check } from '../src/certify/certificate.js';
import { RationalMatrix } from '../src/exact/index.js';

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 3000, perRegime: { '0 < r < d': 2000, 'r = d': 220, 'r = 0': 80 } };

export default defineClaim<Family>({
  id: 'C7',
  title: 'Structure lemma',
  statement: 'Formalised after Marconato et al. (2025): a model splits into a reduced model (α, β) on R = P_Γ(E) and junk N ⊥ Γ, M ⊥ E with α βᵀ = L, N Mᵀ = 0 and rank α = rank β = r.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 5000 },
  arbitrary: familyArb(1, { maxP: 2, maxQ: 2 }),
  check: ({ members: [m] }, { core, engine, tol }) => {
    const A = engine.analyze(toPredictor(core, m!), tol);
    if (A.ambiguous) return { kind: 'inconclusive', why: 'a rank decision is within the ambiguity band' };
    const scale = 1 + normFro(A.p.F) * normFro(A.G0);
    const rel = (x: number, s: number) => x / s;
    const checks = [
      ['α βᵀ = L', rel(normFro(minus(mul(A.alpha, A.beta, { transB: true }), A.L)), scale)],
      ['N Mᵀ = 0', rel(normFro(mul(A.N, A.Mj, { transB: true })), scale)],
      ['P_Γ Nᵀ = 0', rel(normFro(mul(A.PGamma, A.N, { transB: true })), 1 + normFro(A.p.F))],
      ['P_E Mᵀ = 0', rel(normFro(mul(A.PE, A.Mj, { transB: true })), 1 + normFro(A.G0))],
    ] as const;
    // Each identity is a product of computed factors: its relative residual is within the relative errors of
    // α, β, the junk and the projectors (analysis.ts errors), first order.
    const e = A.errors, nF = normFro(A.p.F), nG = normFro(A.G0);
    const relErr = (nF > 0 ? e.alpha / nF : 0) + (nG > 0 ? e.beta / nG : 0) + e.thetaR + e.thetaE + e.thetaGamma;
    const vs = checks.map(([what, r]) => ({ what, v: verdict(r, 1, tol, `${what} fails`, false, relErr) }));
    const unsure = inconclusive(...vs.map((x) => x.v));
    if (unsure) return unsure;
    const bad = vs.find((x) => !x.v.holds);
    if (bad) return fail(bad.v.reason!, bad.v);
    const ra = engine.decideRank(A.alpha, A.errors.alpha), rb = engine.decideRank(A.beta, A.errors.beta);
    if (ra.ambiguous || rb.ambiguous) return { kind: 'inconclusive', why: 'rank of α or β is within the ambiguity band' };
    if (ra.rank > A.r || rb.rank > A.r) return fail(`rank α = ${ra.rank}, rank β = ${rb.rank}, r = ${A.r}`);
    if (ra.rank < A.r || rb.rank < A.r) {
      // A σ above its floor is a direction the exact matrix has; one under it may be one the floor's slack
      // hides (β's floor carries ‖junk‖ × a first-order angle, loose by decades). So floats can show a rank
      // too high but not too low: exactly built members settle it, float ones stay inconclusive.
      if (m!.mode !== 'exact') return { kind: 'inconclusive', why: `rank α = ${ra.rank}, rank β = ${rb.rank} under r = ${A.r}: a σ under its floor may be real` };
      const X = exactModel(m!), B = reduced(X).B;
      if (X.F.mul(B).rank() === A.r && X.G0.mul(B).rank() === A.r) return { kind: 'inconclusive', why: 'rank α = rank β = r exactly; the floors in floating point were too coarse to show it' };
      return fail(`rank α = ${ra.rank}, rank β = ${rb.rank}, r = ${A.r}, and exactly below r`);
    }
    return okIn(rankRegime(A));
  },
  certify: ({ members: [m] }) => {
    // With any basis B of R, the orthogonal projector P_R = B (BᵀB)⁻¹ Bᵀ is rational: the lemma's
    // identities become exact equalities.
    const A = exactModel(m!);
    const { B, r } = reduced(A);
    const d = A.F.cols;
    const PR = r === 0 ? RationalMatrix.zeros(d, d) : B.mul(B.transpose().mul(B).inverse()).mul(B.transpose());
    const I = RationalMatrix.identity(d);
    const N = A.F.mul(I.sub(PR)), Mj = A.G0.mul(I.sub(PR));
    const checks = [
      check('α βᵀ = L (F P_R G₀ᵀ = F G₀ᵀ)', A.F.mul(PR).mul(A.G0.transpose()).equals(A.L)),
      check('N Mᵀ = 0', N.mul(Mj.transpose()).isZero()),
      check('P_Γ Nᵀ = 0', rowProjector(A.G0).mul(N.transpose()).isZero()),
      check('P_E Mᵀ = 0', rowProjector(A.F).mul(Mj.transpose()).isZero()),
      check('rank α = rank β = r = rank L', A.F.mul(B).rank() === r && A.G0.mul(B).rank() === r && A.L.rank() === r),
    ];
    return certificate(checks, checks.some((c) => !c.holds), 'an identity of the structure lemma fails');
  },
  size: ({ members }) => sizeOf(...members),
});
