// C1: adding the same vector c to every unembedding, or a constant per context to the logits, leaves
// the next-token distribution unchanged.
import fc from 'fast-check';
import { defineClaim, okIn, type Evidence } from '../src/claims.js';
import { familyArb, type Family } from '../src/gen/arbitraries.js';
import { toPredictor } from '../src/engine/load.js';
import { fromArray } from '../src/matrix/create.js';
import { plus, mul } from '../src/matrix/convenience.js';
import { relMaxDiff } from '../src/matrix/blas.js';
import { sizeOf, fail, inconclusive, memberRegime, gapAmplification } from './helpers.js';
import { exactModel } from '../src/certify/exact-model.js';
import { certificate, check } from '../src/certify/certificate.js';
import { RationalMatrix } from '../src/exact/index.js';
import { productGapVerdict } from '../src/engine/fit.js';
import { atPrecision } from './helpers.js';

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 3000, perRegime: { 'r ≥ 1, junk': 2000, 'r ≥ 1, no junk': 200, 'r = 0': 50 } };

interface Input { fam: Family; c: number[]; rowShift: number[] }

const MAX_D = 7, MAX_N = 8;

export default defineClaim<Input>({
  id: 'C1',
  title: 'Shift invariance',
  statement: 'Formalised after Marconato et al. (2025): adding one vector c to every unembedding g(y), or any constant per context to the logits, leaves p(y | x) unchanged.',
  direction: 'holds',
  budget: { numRuns: 5000 },
  evidence: EVIDENCE,
  arbitrary: fc.record({
    fam: familyArb(1, { maxN: MAX_N }),
    c: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: MAX_D, maxLength: MAX_D }),
    rowShift: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: MAX_N, maxLength: MAX_N }),
  }),
  check: ({ fam, c, rowShift }, { core, engine, tol }) => {
    const p = toPredictor(core, fam.members[0]!);
    const { rows: V, cols: d } = p.G;
    const n = p.F.rows;
    const C = fromArray(core, V, d, Array.from({ length: V * d }, (_, i) => c[i % d] ?? 0));
    const shifted = engine.predictor(p.F, plus(p.G, C), p.pivot);
    const logP = engine.logProbabilities(p);
    const logPc = engine.logProbabilities(shifted);
    // Row constants k added to Z: Z + k 1ᵀ, built as a rank-one product so it is one more logit matrix.
    const K = mul(fromArray(core, n, 1, Array.from({ length: n }, (_, i) => rowShift[i % rowShift.length] ?? 0)), fromArray(core, 1, V, new Array(V).fill(1)));
    const Zk = plus(engine.logits(p), K);
    const logPk = engine.logProbabilities(engine.predictor(Zk, fromArray(core, V, V, identityRows(V)), p.pivot));
    const kappa = Math.max(engine.amplification(p.F, p.G), engine.amplification(shifted.F, shifted.G), 1);
    const tp = atPrecision(tol, p);
    const vc = productGapVerdict(relMaxDiff(logP, logPc), Math.max(kappa, gapAmplification([p, shifted], logP, logPc)), d + 1, V, tp, 'shifting every g(y) by c changed p(y | x)');
    const withRows = engine.predictor(Zk, fromArray(core, V, V, identityRows(V)), p.pivot);
    const vk = productGapVerdict(relMaxDiff(logP, logPk), Math.max(kappa, gapAmplification([p, withRows], logP, logPk)), Math.max(d, V) + 1, V, tp, 'adding a constant per context to the logits changed p(y | x)');
    const unsure = inconclusive(vc, vk);
    if (unsure) return unsure;
    if (!vc.holds) return fail(vc.reason!, vc);
    if (!vk.holds) return fail(vk.reason!, vk);
    return okIn(memberRegime(fam.members[0]!));
  },
  certify: ({ fam, c }) => {
    // Exactly, softmax rows are equal iff the logits differ by a constant per row (Lemma 0).
    const m = exactModel(fam.members[0]!);
    const d = m.F.cols, V = m.G.rows;
    const C = RationalMatrix.fromF64Array(V, d, Array.from({ length: V * d }, (_, i) => c[i % d] ?? 0));
    const diff = m.F.mul(m.G.add(C).transpose()).sub(m.F.mul(m.G.transpose()));
    const rowConstant = Array.from({ length: diff.rows }, (_, i) => diff.row(i).every((x) => x.eq(diff.get(i, 0)))).every(Boolean);
    return certificate([check('F (G + 1cᵀ)ᵀ − F Gᵀ is constant on every row', rowConstant)], !rowConstant, 'shifting every unembedding by c changes the distribution');
  },
  size: ({ fam }) => sizeOf(...fam.members),
});

/** The V × V identity as rows: a predictor (Z, I) has logits Z. */
function identityRows(V: number): number[] {
  return Array.from({ length: V * V }, (_, i) => (i % (V + 1) === 0 ? 1 : 0));
}
