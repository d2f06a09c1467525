// Runs `aon compare`'s decision on the hard set (pairs.ts) and counts what issue 10 asks about: verdicts
// that are conclusive and wrong, ranks that are conclusive and wrong, equivalent pairs stored coarser than
// f64 called "not equivalent", and the share of clear questions left inconclusive.
import { compareModels } from '../../src/cli/compare.js';
import { loadCore } from '../../src/wasm/loader.js';
import { analyze } from '../../src/engine/analysis.js';
import { toPredictor } from '../../src/engine/load.js';
import { normFro } from '../../src/matrix/blas.js';
import { unitRoundoff } from '../../src/engine/tolerance.js';
import type { HardPair, Storage } from './pairs.js';

export interface Outcome {
  pair: HardPair;
  /** Clear question: equivalent by construction, or not with an exact relative gap above 1e-4. */
  clear: boolean;
  distribution: 'right' | 'wrong' | 'inconclusive' | 'within precision';
  el: 'right' | 'wrong' | 'inconclusive' | 'not judged';
  r: ('right' | 'wrong' | 'inconclusive' | 'not judged')[];
}

/**
 * What the truths need from one exact (unstored) model, from a single analysis: max|L|, and whether its
 * rank is clear at storage precision u (σ_r(L) far above what rounding the inputs can move, σ_{r+1} zero).
 */
function exactFacts(pair: HardPair, which: 'a' | 'b', u: number): { maxAbsL: number; rankClear: boolean } {
  const core = loadCore();
  return core.scope(() => {
    const m = pair.exact[which];
    const A = analyze(toPredictor(core, { F: m.F, G: m.G, pivot: m.pivot }));
    let maxAbsL = 0;
    for (const x of A.L.data) maxAbsL = Math.max(maxAbsL, Math.abs(x));
    const sr = A.rankL.sigma[pair.r - 1] ?? 0, next = A.rankL.sigma[pair.r] ?? 0;
    const noise = (u + 2 ** -53 * 64) * normFro(A.p.F) * normFro(A.G0);
    return { maxAbsL, rankClear: sr > 1e4 * noise && next <= 2 ** -40 * (A.rankL.sigma[0] ?? 0) };
  });
}

const maxRowNorm = (m: { rows: number; cols: number; data: Float64Array }): number => {
  let best = 0;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += (m.data[i * m.cols + j] as number) ** 2;
    best = Math.max(best, Math.sqrt(s));
  }
  return best;
};

/**
 * The most that rounding the stored numbers to precision u can change any log-odds entry, by
 * Cauchy–Schwarz: 2u · max‖f‖ · 2 max‖g‖ per model (a fact about storage, not about the tool's floors).
 */
function storageReach(pair: HardPair, u: number): number {
  const one = (m: HardPair['exact']['a']) => 4 * (u + 2 ** -53 * (m.F.cols + 2)) * maxRowNorm(m.F) * maxRowNorm(m.G);
  return one(pair.exact.a) + one(pair.exact.b);
}

export function evaluate(pair: HardPair, floorScale = 1): Outcome {
  const rep = compareModels(pair.a, pair.b, { exact: true, floorScale });
  const u = unitRoundoff(pair.a.dtype as Storage);
  // A non-equivalent pair is a clear question when its exact gap is large (relative 1e-4, the issue's
  // line) and a hundred times beyond anything storage at this precision can produce.
  const facts = { a: exactFacts(pair, 'a', u), b: pair.perturbation === 0 ? exactFacts(pair, 'b', u) : null };
  const absGap = pair.exactGap * (1 + facts.a.maxAbsL);
  const clear = pair.equivalent || (pair.exactGap > 1e-4 && absGap > 100 * storageReach(pair, u));
  let distribution: Outcome['distribution'];
  if (!rep.conclusive) distribution = 'inconclusive';
  else if (pair.equivalent) distribution = rep.equivalent ? 'right' : 'wrong';
  else if (clear) distribution = rep.equivalent ? 'wrong' : 'right';
  else distribution = rep.equivalent ? 'within precision' : 'right';
  let el: Outcome['el'] = 'not judged';
  if (clear) {
    const v = rep.extendedLinear;
    el = !v.conclusive ? 'inconclusive' : v.holds === pair.equivalent ? 'right' : 'wrong';
  }
  const judged: ('a' | 'b')[] = pair.perturbation === 0 ? ['a', 'b'] : ['a'];
  const r = judged.map((w, i) => {
    if (!facts[w]?.rankClear) return 'not judged' as const;
    const m = rep.models[i]!;
    return !m.rConclusive ? ('inconclusive' as const) : m.r === pair.r ? ('right' as const) : ('wrong' as const);
  });
  return { pair, clear, distribution, el, r };
}

export interface Tally {
  pairs: number;
  clear: number;
  distributionWrong: number;
  distributionInconclusiveClear: number;
  coarseEquivalentCalledNot: number;
  withinPrecision: number;
  elWrong: number;
  elInconclusive: number;
  elJudged: number;
  rWrong: number;
  rInconclusive: number;
  rJudged: number;
  failures: string[];
}

export function tally(outcomes: Outcome[]): Tally {
  const t: Tally = { pairs: 0, clear: 0, distributionWrong: 0, distributionInconclusiveClear: 0, coarseEquivalentCalledNot: 0, withinPrecision: 0, elWrong: 0, elInconclusive: 0, elJudged: 0, rWrong: 0, rInconclusive: 0, rJudged: 0, failures: [] };
  for (const o of outcomes) {
    t.pairs++;
    if (o.clear) t.clear++;
    if (o.distribution === 'wrong') { t.distributionWrong++; t.failures.push(`${o.pair.name}: distribution verdict wrong`); }
    if (o.distribution === 'inconclusive' && o.clear) t.distributionInconclusiveClear++;
    if (o.distribution === 'within precision') t.withinPrecision++;
    if (o.pair.equivalent && o.pair.a.dtype !== 'f64' && o.distribution === 'wrong') t.coarseEquivalentCalledNot++;
    if (o.el !== 'not judged') t.elJudged++;
    if (o.el === 'wrong') { t.elWrong++; t.failures.push(`${o.pair.name}: ~EL wrong`); }
    if (o.el === 'inconclusive') t.elInconclusive++;
    for (const r of o.r) {
      if (r === 'not judged') continue;
      t.rJudged++;
      if (r === 'wrong') { t.rWrong++; t.failures.push(`${o.pair.name}: r wrong`); }
      if (r === 'inconclusive') t.rInconclusive++;
    }
  }
  return t;
}
