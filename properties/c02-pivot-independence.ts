// C2: equality of distributions, of log-odds against one pivot, against every pivot, and of F G_cᵀ with
// G column-centred are the same statement; every verdict is the same whichever pivot is used.
import { defineClaim, okIn, type Evidence } from '../src/claims.js';
import { toPredictor } from '../src/engine/load.js';
import { relMaxDiff } from '../src/matrix/blas.js';
import { mul } from '../src/matrix/convenience.js';
import { fromArray } from '../src/matrix/create.js';
import type { Matrix } from '../src/matrix/matrix.js';
import { verdict } from '../src/engine/fit.js';
import { pairArb, sizeOf, fail, inconclusive, nearMissOutcome, type Pair } from './helpers.js';
import { exactModel, differences } from '../src/certify/exact-model.js';
import { certificate, check } from '../src/certify/certificate.js';
import type { Check } from '../src/certify/certificate.js';
import { RationalMatrix, Rational } from '../src/exact/index.js';

/** G with its column means removed (pivot-free form of the unembeddings). */
function centred(G: Matrix): Matrix {
  const d = G.data, V = G.rows, c = G.cols;
  const out = new Float64Array(d.length);
  for (let j = 0; j < c; j++) {
    let m = 0;
    for (let y = 0; y < V; y++) m += d[y * c + j] as number;
    m /= V;
    for (let y = 0; y < V; y++) out[y * c + j] = (d[y * c + j] as number) - m;
  }
  return fromArray(G.core, V, c, out);
}

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 3000, perRegime: { 'P = P̃': 900, 'P ≠ P̃': 800, 'near miss': 250 } };

export default defineClaim<Pair>({
  id: 'C2',
  title: 'Pivot independence',
  statement: 'Formalised after Marconato et al. (2025): P = P̃ iff the log-odds against one pivot agree, iff they agree against every pivot, iff F G_cᵀ = F̃ G̃_cᵀ with column-centred unembeddings.',
  direction: 'holds',
  budget: { numRuns: 5000 },
  evidence: EVIDENCE,
  arbitrary: pairArb({ maxP: 1, maxQ: 1, maxV: 6 }),
  check: (pair, { core, engine, tol }) => {
    const { a, b } = pair;
    const p = toPredictor(core, a, 'model 1'), q = toPredictor(core, b, 'model 2');
    const kappa = Math.max(1, engine.amplification(p.F, p.G), engine.amplification(q.F, q.G));
    const verdicts = [];
    // The reference: the distributions themselves, as log-probabilities.
    verdicts.push({ what: 'P = P̃', v: verdict(relMaxDiff(engine.logProbabilities(p), engine.logProbabilities(q)), kappa, tol, 'P ≠ P̃') });
    for (let y = 0; y < p.G.rows; y++) {
      const py = engine.predictor(p.F, p.G, y), qy = engine.predictor(q.F, q.G, y);
      const L = engine.logOdds(py, engine.unembeddingDifferences(py)), Lq = engine.logOdds(qy, engine.unembeddingDifferences(qy));
      verdicts.push({ what: `log-odds against pivot ${y}`, v: verdict(relMaxDiff(L, Lq), kappa, tol, `log-odds against pivot ${y} differ`) });
    }
    const C = mul(p.F, centred(p.G), { transB: true }), Cq = mul(q.F, centred(q.G), { transB: true });
    verdicts.push({ what: 'F G_cᵀ', v: verdict(relMaxDiff(C, Cq), kappa, tol, 'F G_cᵀ differ') });
    const unsure = inconclusive(...verdicts.map((x) => x.v));
    if (unsure) return unsure;
    const first = verdicts[0]!;
    const odd = verdicts.find((x) => x.v.holds !== first.v.holds);
    if (odd) return fail(`${first.what} is ${first.v.holds} but ${odd.what} is ${odd.v.holds}`, odd.v);
    const wrong = nearMissOutcome(pair, first.v, ...verdicts.map((x) => x.v));
    if (wrong) return wrong;
    return okIn(pair.nearMiss > 0 ? 'near miss' : first.v.holds ? 'P = P̃' : 'P ≠ P̃');
  },
  certify: ({ a, b }) => {
    const A = exactModel(a), B = exactModel(b);
    const checks: Check[] = [];
    const dz = A.F.mul(A.G.transpose()).sub(B.F.mul(B.G.transpose()));
    checks.push(check('Z − Z̃ is constant on every row (P = P̃)', Array.from({ length: dz.rows }, (_, i) => dz.row(i).every((x) => x.eq(dz.get(i, 0)))).every(Boolean)));
    for (let y = 0; y < A.G.rows; y++) {
      checks.push(check(`log-odds against pivot ${y} agree`, A.F.mul(differences(A.G, y).transpose()).equals(B.F.mul(differences(B.G, y).transpose()))));
    }
    const centre = (G: typeof A.G) => G.sub(RationalMatrix.fromRows(Array.from({ length: G.rows }, () => G.transpose().mul(RationalMatrix.fromRows(Array.from({ length: G.rows }, () => [1]))).scale(Rational.of(1, G.rows)).transpose().row(0))));
    checks.push(check('F G_cᵀ = F̃ G̃_cᵀ', A.F.mul(centre(A.G).transpose()).equals(B.F.mul(centre(B.G).transpose()))));
    const disagree = checks.some((c) => c.holds !== checks[0]!.holds);
    return certificate(checks, disagree, 'the equivalent forms of P = P̃ disagree');
  },
  size: ({ a, b }) => sizeOf(a, b),
});
