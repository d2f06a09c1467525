// Shared pieces of the property modules: pairs of models that are or are not equivalent, outcomes
// from verdicts, instance sizes.
import fc from 'fast-check';
import { familyArb, twoClassesArb, memberDrawArb, genOptions, classArb, type GenOptions, type Family } from '../src/gen/arbitraries.js';
import { makeClass, makeMember, type ClassData, type Instance } from '../src/gen/block.js';
import type { CheckContext, Outcome, ShrinkBounds } from '../src/claims.js';
import type { Verdict } from '../src/engine/fit.js';
import type { Analysis } from '../src/engine/analysis.js';
import { toPredictor } from '../src/engine/load.js';

export interface Pair {
  a: Instance;
  b: Instance;
  /** Drawn from the same class (so equivalent by construction). */
  sameClass: boolean;
}

/** Two members of one class, or members of two classes on the same contexts, vocabulary and pivot. */
export function pairArb(opts: Partial<GenOptions> = {}): fc.Arbitrary<Pair> {
  const same = familyArb(2, opts).map(({ members: [a, b] }) => ({ a: a!, b: b!, sameClass: true }));
  const different = fc
    .tuple(twoClassesArb(opts), memberDrawArb(opts), memberDrawArb(opts))
    .map(([[c1, c2], m1, m2]) => ({ a: makeMember(c1, m1), b: makeMember(c2, m2), sameClass: false }));
  return fc.oneof(same, different);
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

/** Default size for all-or-none families: three generated members plus the minimal model = K = 4. */
export const ALL_OR_NONE_MEMBERS = 3;

/**
 * Pairs whose classes share n, V, pivot and r (so members without junk share d too): half from one
 * class (equivalent), half from two (almost surely not), so both answers of an equivalence test occur.
 */
export function sameShapePairArb(opts: Partial<GenOptions> = {}): fc.Arbitrary<Pair> {
  const o = genOptions(opts);
  const pool = fc.array(fc.integer({ min: -o.entryMax, max: o.entryMax }), { minLength: o.maxN * o.maxR + (o.maxV - 1) * o.maxR, maxLength: o.maxN * o.maxR + (o.maxV - 1) * o.maxR });
  return fc
    .record({ cls: classArb(opts), pool, seed: fc.integer(), same: fc.boolean(), m1: memberDrawArb(opts), m2: memberDrawArb(opts) })
    .map(({ cls, pool: p2, seed, same, m1, m2 }) => {
      const other: ClassData = same ? cls : makeClass(cls.mode, cls.n, cls.V, cls.r, cls.pivot, p2, seed);
      return { a: makeMember(cls, m1), b: makeMember(other, m2), sameClass: same };
    });
}
