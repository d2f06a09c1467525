// C4: half diversity. If P = P̃ and model 1 is g-diverse, F = F̃ Tᵀ with T = G₀⁺ G̃₀; if model 1 is
// f-diverse, G₀ = G̃₀ Sᵀ with S = F⁺ F̃. Without f-diversity G₀ is not identified (refutable part).
import fc from 'fast-check';
import { defineClaim, okIn, SEARCH_EVIDENCE, type Evidence } from '../src/claims.js';
import { familyArb, type Family } from '../src/gen/arbitraries.js';
import { toPredictor } from '../src/engine/load.js';
import { nullBasis } from '../src/matrix/derived.js';
import { mul, plus } from '../src/matrix/convenience.js';
import { fromArray } from '../src/matrix/create.js';
import { relMaxDiff } from '../src/matrix/blas.js';
import { sizeOf, fail, inconclusive, gapAmplification } from './helpers.js';
import { exactModel, sameDistribution, fDiverse, gDiverse, differences } from '../src/certify/exact-model.js';
import { certificate, check } from '../src/certify/certificate.js';
import { RationalMatrix } from '../src/exact/index.js';
import { productGapVerdict } from '../src/engine/fit.js';
import { relativeCut } from '../src/engine/rank.js';
import { atPrecision } from './helpers.js';
import { dense } from '../src/dense.js';


/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 1500, perRegime: { 'f- and g-diverse': 600, 'f-diverse only': 450, 'g-diverse only': 450 } };

const holds = defineClaim<Family>({
  id: 'C4',
  title: 'Half diversity',
  statement: 'Formalised after Marconato et al. (2025): if P = P̃ and model 1 is g-diverse then F = F̃ Tᵀ with T = G₀⁺ G̃₀; if it is f-diverse then G₀ = G̃₀ Sᵀ with S = F⁺ F̃.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 5000 },
  arbitrary: familyArb(2, { minN: 3, minV: 4, minR: 1, maxP: 1, maxQ: 1 }),
  check: ({ members: [a, b] }, { core, engine, tol }) => {
    const A = engine.analyze(toPredictor(core, a!, 'model 1'), tol), B = engine.analyze(toPredictor(core, b!, 'model 2'), tol);
    const h = engine.halfDiversity(A, B, tol);
    if (!h.fIdentified && !h.gIdentified) return { kind: 'vacuous', why: 'model 1 is neither f- nor g-diverse' };
    const vs = [h.fIdentified, h.gIdentified].filter((v) => v !== null);
    const unsure = inconclusive(...vs);
    if (unsure) return unsure;
    if (h.fIdentified && !h.fIdentified.holds) return fail(`model 1 is g-diverse but ${h.fIdentified.reason}`, h.fIdentified);
    if (h.gIdentified && !h.gIdentified.holds) return fail(`model 1 is f-diverse but ${h.gIdentified.reason}`, h.gIdentified);
    return okIn(h.fIdentified && h.gIdentified ? 'f- and g-diverse' : h.fIdentified ? 'g-diverse only' : 'f-diverse only');
  },
  certify: ({ members: [a, b] }) => {
    const A = exactModel(a!), B = exactModel(b!);
    if (!sameDistribution(A, B)) return certificate([check('P = P̃', false)], false, 'the models are not exactly equivalent, so the claim says nothing');
    const checks = [check('P = P̃', true)];
    let fails = false;
    if (gDiverse(A)) {
      const ok = B.F.mul(A.G0.pinv().mul(B.G0).transpose()).equals(A.F);
      checks.push(check('g-diverse: F = F̃ Tᵀ with T = G₀⁺ G̃₀', ok));
      fails ||= !ok;
    }
    if (fDiverse(A)) {
      const ok = B.G0.mul(A.F.pinv().mul(B.F).transpose()).equals(A.G0);
      checks.push(check('f-diverse: G₀ = G̃₀ Sᵀ with S = F⁺ F̃', ok));
      fails ||= !ok;
    }
    return certificate(checks, fails, 'a half-diversity map fails');
  },
  size: ({ members }) => sizeOf(...members),
});

interface EditInput { fam: Family; token: number; coeffs: number[] }

/**
 * The naive statement: two models with the same F and the same P have the same G₀. A vector w of E^⊥
 * added to one unembedding keeps every f(x)ᵀ g(y), hence P, and changes G₀ whenever E^⊥ ≠ {0}.
 */
export const refutable = defineClaim<EditInput>({
  id: 'C4',
  title: 'Half diversity: unembeddings are not identified without f-diversity',
  statement: 'Formalised after Marconato et al. (2025): without f-diversity, adding a vector orthogonal to every embedding to one unembedding keeps P and changes G₀.',
  direction: 'refutable',
  negates: 'models with the same F and the same P have the same G₀',
  evidence: SEARCH_EVIDENCE,
  budget: { numRuns: 100 },
  arbitrary: fc.record({
    fam: familyArb(1, { minR: 1, maxP: 1, maxQ: 2 }),
    token: fc.nat({ max: 7 }),
    coeffs: fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 6, maxLength: 6 }),
  }),
  check: ({ fam, token, coeffs }, { core, engine, tol }) => {
    const p = toPredictor(core, fam.members[0]!);
    const { rows: V, cols: d } = p.G;
    const W = nullBasis(p.F, relativeCut(engine.decideRank(p.F))); // d × dim E^⊥: directions no context sees
    if (W.cols === 0) return okIn('f-diverse: E^⊥ = {0}');
    const c = fromArray(core, W.cols, 1, coeffs.slice(0, W.cols).concat(new Array(Math.max(0, W.cols - coeffs.length)).fill(0)));
    const w = mul(W, c); // d × 1
    const edit = new Float64Array(V * d);
    const y = token % V;
    for (let j = 0; j < d; j++) edit[y * d + j] = w.data[j] as number;
    const q = engine.predictor(p.F, plus(p.G, fromArray(core, V, d, edit)), p.pivot);
    const kappa = Math.max(1, engine.amplification(p.F, p.G), engine.amplification(q.F, q.G));
    const tp = atPrecision(tol, p);
    const lp = engine.logProbabilities(p), lq = engine.logProbabilities(q);
    const sameP = productGapVerdict(relMaxDiff(lp, lq), Math.max(kappa, gapAmplification([p, q], lp, lq)), d + 1, V, tp, 'the edit changed P');
    const sameG0 = productGapVerdict(relMaxDiff(engine.unembeddingDifferences(p), engine.unembeddingDifferences(q)), 1, 1, 1, tp, 'G₀ changed');
    const unsure = inconclusive(sameP, sameG0);
    if (unsure) return unsure;
    if (sameP.holds && !sameG0.holds) return fail(`same F and P, but ${sameG0.reason}`, sameG0);
    return okIn('E^⊥ ≠ {0}, G₀ kept');
  },
  certify: ({ fam, token, coeffs }) => {
    // The same construction in exact arithmetic, with a rational basis of E^⊥ (the null space of F).
    const A = exactModel(fam.members[0]!);
    const N = A.F.nullSpace();
    if (N.cols === 0) return certificate([check('E^⊥ ≠ {0}', false)], false, 'F is f-diverse: no edit exists');
    const c = RationalMatrix.fromF64Array(N.cols, 1, Array.from({ length: N.cols }, (_, i) => coeffs[i] ?? 0));
    const w = N.mul(c).transpose();
    const y = token % A.G.rows;
    const rows = Array.from({ length: A.G.rows }, (_, i) => (i === y ? A.G.slice(i, i + 1, 0, A.G.cols).add(w) : A.G.slice(i, i + 1, 0, A.G.cols)));
    const G2 = rows[0]!.vstack(...rows.slice(1));
    const G02 = differences(G2, A.pivot);
    const sameP = A.F.mul(G02.transpose()).equals(A.L);
    const sameG0 = G02.equals(A.G0);
    return certificate([check('w ⊥ every embedding, so P is unchanged', sameP), check('G₀ unchanged', sameG0)], sameP && !sameG0, 'same F and P, different G₀');
  },
  size: ({ fam }) => sizeOf(...fam.members),
  // Both models of the counterexample: the member and the member with w ∈ E^⊥ added to g(y), w from the
  // exact null space of F as the certificate builds it (nearest doubles when not dyadic).
  models: ({ fam, token, coeffs }) => {
    const m = fam.members[0]!;
    const A = exactModel(m);
    const N = A.F.nullSpace();
    const c = RationalMatrix.fromF64Array(N.cols, 1, Array.from({ length: N.cols }, (_, i) => coeffs[i] ?? 0));
    const w = N.cols ? N.mul(c).transpose().toF64Rows()[0]! : [];
    const y = token % m.G.rows, d = m.G.cols;
    const G2 = dense(m.G.rows, d, Array.from(m.G.data, (x, k) => (Math.floor(k / d) === y ? x + (w[k % d] ?? 0) : x)));
    return [{ name: 'model 1', F: m.F, G: m.G, pivot: m.pivot }, { name: 'model 2 (w ∈ E^⊥ added to g(y))', F: m.F, G: G2, pivot: m.pivot }];
  },
  shrinkBounds: { n: 3, V: 3, d: 3 },
});

export default holds;
