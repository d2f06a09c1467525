// C2: equality of distributions, of log-odds against one pivot, against every pivot, and of F G_cᵀ with
// G column-centred are the same statement; every verdict is the same whichever pivot is used.
import { defineClaim, okIn, type Evidence } from '../src/claims.js';
import { toPredictor } from '../src/engine/load.js';
import { relMaxDiff } from '../src/matrix/blas.js';
import { mul } from '../src/matrix/convenience.js';
import { fromArray } from '../src/matrix/create.js';
import type { Matrix } from '../src/matrix/matrix.js';
import { sizeOf, fail, inconclusive, nearMissOutcome, gapAmplification } from './helpers.js';
import { pairArb, type Pair } from '../src/gen/pairs.js';
import { exactModel, differences } from '../src/certify/exact-model.js';
import { certificate, check } from '../src/certify/certificate.js';
import type { Check } from '../src/certify/certificate.js';
import { RationalMatrix, Rational } from '../src/exact/index.js';
import { productGapVerdict } from '../src/engine/fit.js';
import { atPrecision } from './helpers.js';

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
const EVIDENCE: Evidence = { minConclusive: 1500, perRegime: { 'P = P̃': 400, 'P ≠ P̃': 350, 'near miss': 120 } };

export default defineClaim<Pair>({
  id: 'C2',
  title: 'Pivot independence',
  statement: 'Formalised after Marconato et al. (2025): P = P̃ iff the log-odds against one pivot agree, iff they agree against every pivot, iff F G_cᵀ = F̃ G̃_cᵀ with column-centred unembeddings.',
  direction: 'holds',
  // 2500: every run re-analyses both models under every pivot (V analyses each), about 4× a run before.
  budget: { numRuns: 2500 },
  evidence: EVIDENCE,
  arbitrary: pairArb({ maxP: 1, maxQ: 1, maxV: 6 }),
  check: (pair, { core, engine, tol }) => {
    const { a, b } = pair;
    const p = toPredictor(core, a, 'model 1'), q = toPredictor(core, b, 'model 2');
    const kappa = Math.max(1, engine.amplification(p.F, p.G), engine.amplification(q.F, q.G));
    const verdicts = [];
    const tp = atPrecision(tol, p, q), k = p.F.cols + q.F.cols, V = p.G.rows;
    // The reference: the distributions themselves, as log-probabilities.
    verdicts.push({ what: 'P = P̃', v: (() => { const lp = engine.logProbabilities(p), lq = engine.logProbabilities(q); return productGapVerdict(relMaxDiff(lp, lq), Math.max(kappa, gapAmplification([p, q], lp, lq)), k, V, tp, 'P ≠ P̃'); })() });
    for (let y = 0; y < p.G.rows; y++) {
      const py = engine.predictor(p.F, p.G, y), qy = engine.predictor(q.F, q.G, y);
      const L = engine.logOdds(py, engine.unembeddingDifferences(py)), Lq = engine.logOdds(qy, engine.unembeddingDifferences(qy));
      verdicts.push({ what: `log-odds against pivot ${y}`, v: productGapVerdict(relMaxDiff(L, Lq), Math.max(kappa, gapAmplification([p, q], L, Lq)), k, V, tp, `log-odds against pivot ${y} differ`) });
    }
    const C = mul(p.F, centred(p.G), { transB: true }), Cq = mul(q.F, centred(q.G), { transB: true });
    verdicts.push({ what: 'F G_cᵀ', v: productGapVerdict(relMaxDiff(C, Cq), Math.max(kappa, gapAmplification([p, q], C, Cq)), k, V, tp, 'F G_cᵀ differ') });
    const unsure = inconclusive(...verdicts.map((x) => x.v));
    if (unsure) return unsure;
    const first = verdicts[0]!;
    // A verdict is two-valued at its floor, and each form has its own floor: a residual within a decade of
    // its floor may land on either side. Such a verdict is 'at the floor' and matches anything; two
    // decisive verdicts (a decade clear) must agree.
    const decisive = (v: { holds: boolean; residual: number }) => (v.holds ? v.residual <= 0.1 : v.residual >= 10) ? v.holds : 'at the floor';
    const yes = verdicts.find((x) => decisive(x.v) === true), no = verdicts.find((x) => decisive(x.v) === false);
    if (yes && no) return fail(`${yes.what} is true but ${no.what} is false`, no.v);
    const odd = verdicts.find((x) => x.v.holds !== first.v.holds);
    if (odd) return { kind: 'inconclusive', why: `${first.what} is ${first.v.holds} but ${odd.what} is ${odd.v.holds}, one of them within a decade of its floor` };
    const wrong = nearMissOutcome(pair, first.v, ...verdicts.map((x) => x.v));
    if (wrong) return wrong;
    // Every other verdict, not only P = P̃, is the same whichever pivot G₀ is taken against: the ranks,
    // diversity, ~L and ~EL (all are statements about P, which no pivot changes).
    const under = (y: number) => {
      const A = engine.analyze(engine.predictor(p.F, p.G, y), tol), B = engine.analyze(engine.predictor(q.F, q.G, y), tol);
      return { A, B, el: engine.extendedLinearEquivalence(A, B, tol), lin: engine.linearEquivalence(A, B, tol) };
    };
    // The map verdicts are compared the same way (decisive, above): under another pivot their floors differ a little.
    const sig = (u: ReturnType<typeof under>) => ({
      'r, r̃': [u.A.r, u.B.r], 'rank G₀, rank G̃₀': [u.A.rankG0.rank, u.B.rankG0.rank], 'f-diverse': [u.A.fDiverse, u.B.fDiverse],
      'g-diverse': [u.A.gDiverse, u.B.gDiverse], '~EL': decisive(u.el), '~L': decisive(u.lin),
    });
    const ref = under(p.pivot);
    if (ref.A.ambiguous || ref.B.ambiguous || !ref.el.conclusive || !ref.lin.conclusive) return { kind: 'inconclusive', why: 'a verdict under the model\'s own pivot is ambiguous' };
    const want = sig(ref);
    for (let y = 0; y < p.G.rows; y++) {
      if (y === p.pivot) continue;
      const u = under(y);
      if (u.A.ambiguous || u.B.ambiguous || !u.el.conclusive || !u.lin.conclusive) return { kind: 'inconclusive', why: `a verdict under pivot ${y} is ambiguous` };
      const got = sig(u);
      for (const k of Object.keys(want) as (keyof typeof want)[]) {
        if (got[k] === 'at the floor' || want[k] === 'at the floor') continue;
        if (JSON.stringify(got[k]) !== JSON.stringify(want[k])) return fail(`${k} is ${JSON.stringify(want[k])} against pivot ${p.pivot} but ${JSON.stringify(got[k])} against pivot ${y}`);
      }
    }
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
