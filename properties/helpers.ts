// Shared pieces of the property modules: outcomes from verdicts (near misses among them), regimes,
// instance sizes. The generators they check live in src/gen (pairs: src/gen/pairs.ts).
import type { Family } from '../src/gen/arbitraries.js';
import type { Instance } from '../src/gen/block.js';
import type { Pair } from '../src/gen/pairs.js';
import type { CheckContext, Outcome, ShrinkBounds } from '../src/claims.js';
import type { Verdict } from '../src/engine/fit.js';
import type { Analysis } from '../src/engine/analysis.js';
import { toPredictor } from '../src/engine/load.js';
import type { Tolerances } from '../src/engine/tolerance.js';
import type { Predictor } from '../src/engine/predictor.js';
import type { Matrix } from '../src/matrix/matrix.js';
import { maxAbs, maxRowNorm } from '../src/matrix/reshape.js';

/**
 * A near miss this many times its decisions' tolerance must be found "not equivalent". Three decades: the
 * decisions measure the same gap differently (a least-squares residual spreads one row's change over d
 * directions and normalises by ‖F‖; measured ratios reach 12×), and exact mode rounds the step down to a
 * power of two.
 */
export const NEAR_MISS_MARGIN = 1000;

/**
 * The check every pair claim adds for near misses. A near miss at least NEAR_MISS_MARGIN times the
 * tolerance of every decision involved must be found not equivalent by the distribution verdict `eq`;
 * one closer to the floor is inconclusive (two-valued decisions at the floor may disagree), with why.
 */
export function nearMissOutcome(pair: Pair, eq: Verdict, ...others: Verdict[]): Outcome | null {
  if (!(pair.nearMiss > 0)) return null; // also a pinned corpus case recorded before near misses existed
  const tol = Math.max(relativeFloor(eq), ...others.map(relativeFloor));
  const gap = pair.nearMiss.toExponential(0);
  if (pair.nearMiss < NEAR_MISS_MARGIN * tol) {
    return { kind: 'inconclusive', why: `near miss of relative gap ${gap} within ${NEAR_MISS_MARGIN}× of the tolerance ${tol.toExponential(1)}`, regime: 'near miss at the floor' };
  }
  if (eq.conclusive && eq.holds) {
    return fail(`a near miss (one row of F̃ moved inside Γ̃, relative gap ${gap}, ${NEAR_MISS_MARGIN}× above the tolerance: P ≠ P̃ by construction) was judged equivalent`, eq);
  }
  return null;
}

/**
 * A verdict's floor as a relative gap, comparable with a near miss's: the distribution verdict's largest
 * entry floor over 1 + max|L| (its `tol` is 1, the ratio form), a map verdict's larger relative floor,
 * and `tol` itself for a plain residual verdict.
 */
function relativeFloor(v: Verdict): number {
  const d = v as Verdict & { maxFloor?: number; scale?: number; floors?: { F: number; G0: number } };
  if (d.maxFloor !== undefined && d.scale !== undefined) return d.maxFloor / d.scale;
  if (d.floors) return Math.max(d.floors.F || 0, d.floors.G0 || 0);
  return v.tol;
}

/** The regime of a generated member: r = 0 (a uniform predictor), or r ≥ 1 with or without junk. */
export function memberRegime(m: Instance): string {
  if (Math.min(m.meta.r, m.meta.n, m.meta.V - 1) === 0) return 'r = 0';
  return m.meta.p + m.meta.q > 0 ? 'r ≥ 1, junk' : 'r ≥ 1, no junk';
}

/** The regime of an analysed model: r = 0, r = d (diverse, no junk) or 0 < r < d (junk). */
export function rankRegime(A: Analysis): string {
  return A.r === 0 ? 'r = 0' : A.r === A.d ? 'r = d' : '0 < r < d';
}

export function sizeOf(...insts: Instance[]): ShrinkBounds {
  return {
    n: Math.max(...insts.map((i) => i.F.rows)),
    V: Math.max(...insts.map((i) => i.G.rows)),
    d: Math.max(...insts.map((i) => i.F.cols)),
  };
}

export function inconclusive(...vs: { conclusive: boolean; reason: string | null }[]): Outcome | null {
  const bad = vs.find((v) => !v.conclusive);
  return bad ? { kind: 'inconclusive', why: bad.reason ?? 'inconclusive' } : null;
}

export function fail(message: string, v?: Verdict): Outcome {
  return v ? { kind: 'fail', message, residual: v.residual, tol: v.tol, kappa: v.kappa } : { kind: 'fail', message };
}

/**
 * The K members of an all-or-none campaign, analysed: every generated member of the family, then the
 * minimal model of the class (theory.md §3: K ≥ 4 members, the minimal model among them).
 */
export function analysedMembers(fam: Family, { core, engine, tol }: CheckContext): Analysis[] {
  const members = fam.members.map((m, i) => engine.analyze(toPredictor(core, m, `member ${i + 1}`), tol));
  const first = members[0];
  if (first) members.push(engine.analyze(engine.minimalModel(first), tol));
  return members;
}

/** The tolerances at the coarsest precision of the given predictors (generated members carry theirs). */
export function atPrecision(tol: Tolerances, ...ps: Predictor[]): Tolerances {
  return { ...tol, uIn: Math.max(tol.uIn, ...ps.flatMap((p) => (p.precision ? [p.precision.F, p.precision.G] : []))) };
}

/**
 * The amplification of a relative gap max|X − Y| / (1 + max(|X|, |Y|)) between quantities computed from
 * the products f·g of these predictors (logits, log-odds against any pivot, log-probabilities): every
 * entry's rounding is within γ Σ|f||g| ≤ γ · 2 max‖f‖ max‖g‖ (a difference of two unembeddings at most
 * doubles ‖g‖), measured against the size of X and Y themselves — not of the logits, which a shift makes
 * arbitrarily larger than the log-probabilities it leaves unchanged.
 */
export function gapAmplification(ps: Predictor[], X: Matrix, Y: Matrix): number {
  const scale = Math.max(...ps.map((p) => maxRowNorm(p.F) * maxRowNorm(p.G)));
  return Math.max(1, (2 * scale) / (1 + Math.max(maxAbs(X), maxAbs(Y))));
}

// C17 imports its pair generator from here; it moved to src/gen/pairs.ts while C17 was being reworked
// elsewhere: remove this line once c17 imports src/gen/pairs.ts itself.
export { pairArb, type Pair } from '../src/gen/pairs.js';
