// fast-check arbitraries over the block generator. Dimensions are drawn as integers beside maximal,
// fixed-length pools of entries that the instance slices, so shrinking reduces n, V, r, p, q and the
// entries independently (conventions.md: fixed-size matrices never shrink their size; chain shrinks
// poorly). Invertible maps are built constructively: no filter, no precondition.
import fc from 'fast-check';
import { makeClass, makeMember, type ClassData, type MemberDraw, type Instance, type Mode } from './block.js';
import type { ElementaryOp } from './matrices.js';
import { profiled, type Profile } from './profile.js';

export interface GenOptions {
  /** 'both' draws the mode per class; counterexamples shrink toward exact mode (the first choice). */
  mode: Mode | 'both';
  minN: number;
  maxN: number;
  minV: number;
  maxV: number;
  minR: number;
  maxR: number;
  maxP: number;
  maxQ: number;
  /** Exact mode: entries are integers in [−entryMax, entryMax]. */
  entryMax: number;
  /** Exact mode: at most this many elementary operations per unimodular map, multipliers in [−2, 2]. */
  maxOps: number;
  /** Float mode: cond(M) is drawn log-uniformly in [1, maxCondM]; T is orthogonal unless maxCondT > 1. */
  maxCondM: number;
  maxCondT: number;
  /** Float mode: junk entries are scaled by 10^e, e drawn in [minJunkExp, maxJunkExp]. */
  minJunkExp: number;
  maxJunkExp: number;
}

export const DEFAULT_GEN: GenOptions = {
  mode: 'both', minN: 1, maxN: 8, minV: 2, maxV: 8, minR: 0, maxR: 3, maxP: 2, maxQ: 2,
  entryMax: 3, maxOps: 4, maxCondM: 1e3, maxCondT: 1, minJunkExp: 0, maxJunkExp: 0,
};

/** Share of classes with r = 0 (a uniform predictor) when a claim allows it: one named regime, not a quarter of the budget. */
export const R0_WEIGHT = 1, R_POSITIVE_WEIGHT = 24;

export function genOptions(o: Partial<GenOptions> = {}, profile: Profile = 'default'): GenOptions {
  const g = { ...DEFAULT_GEN, ...o };
  if (profile === 'default') return g;
  // Stress: grow what the claim leaves at the defaults; keep what it restricts (e.g. no junk, V ≤ 6).
  return {
    ...g,
    maxN: g.maxN >= DEFAULT_GEN.maxN ? 64 : g.maxN,
    maxV: g.maxV >= DEFAULT_GEN.maxV ? 64 : g.maxV,
    maxR: g.maxR >= DEFAULT_GEN.maxR ? 8 : g.maxR,
    maxP: g.maxP > 0 ? 8 : 0,
    maxQ: g.maxQ > 0 ? 8 : 0,
    maxCondM: Math.max(g.maxCondM, 1e8),
    minJunkExp: -10,
    maxJunkExp: 8,
  };
}

/** Length of the class pool: enough for the largest α and β. */
function classPool(o: GenOptions): number {
  return o.maxN * o.maxR + (o.maxV - 1) * o.maxR;
}

/** Length of a member pool: junk N, U and the shift c at their largest. */
function memberPool(o: GenOptions): number {
  const dMax = o.maxR + o.maxP + o.maxQ;
  return o.maxN * o.maxP + (o.maxV - 1) * o.maxQ + dMax;
}

const entries = (o: GenOptions, length: number) =>
  fc.array(fc.integer({ min: -o.entryMax, max: o.entryMax }), { minLength: length, maxLength: length });

/** r ≥ max(1, minR) first (shrinking stays there), r = 0 in R0_WEIGHT of R0_WEIGHT + R_POSITIVE_WEIGHT draws when allowed. */
function rankArb(o: GenOptions): fc.Arbitrary<number> {
  const positive = fc.integer({ min: Math.max(1, o.minR), max: Math.max(1, o.maxR) });
  if (o.maxR === 0) return fc.constant(0);
  if (o.minR > 0) return positive;
  return fc.oneof({ arbitrary: positive, weight: R_POSITIVE_WEIGHT }, { arbitrary: fc.constant(0), weight: R0_WEIGHT });
}

export function classArb(opts: Partial<GenOptions> = {}): fc.Arbitrary<ClassData> {
  return profiled((p) => classArbFor(genOptions(opts, p)));
}

function classArbFor(o: GenOptions): fc.Arbitrary<ClassData> {
  return fc
    .record({
      n: fc.integer({ min: o.minN, max: o.maxN }),
      V: fc.integer({ min: o.minV, max: o.maxV }),
      r: rankArb(o),
      pivot: fc.nat({ max: o.maxV - 1 }),
      pool: entries(o, classPool(o)),
      seed: fc.integer(),
      mode: o.mode === 'both' ? fc.constantFrom<Mode>('exact', 'float') : fc.constant<Mode>(o.mode),
    })
    .map(({ n, V, r, pivot, pool, seed, mode }) => makeClass(mode, n, V, r, pivot % V, pool, seed));
}

const opArb = fc.tuple(fc.nat({ max: 15 }), fc.nat({ max: 15 }), fc.integer({ min: -2, max: 2 })) as fc.Arbitrary<ElementaryOp>;

export function memberDrawArb(opts: Partial<GenOptions> = {}): fc.Arbitrary<MemberDraw> {
  return profiled((p) => memberDrawArbFor(genOptions(opts, p)));
}

function memberDrawArbFor(o: GenOptions): fc.Arbitrary<MemberDraw> {
  const logCond = (max: number) => fc.integer({ min: 0, max: Math.round(10 * Math.log10(max)) }).map((e) => 10 ** (e / 10));
  return fc.record({
    p: fc.integer({ min: 0, max: o.maxP }),
    q: fc.integer({ min: 0, max: o.maxQ }),
    mOps: fc.array(opArb, { maxLength: o.maxOps }),
    tOps: fc.array(opArb, { maxLength: o.maxOps }),
    entries: entries(o, memberPool(o)),
    seed: fc.integer(),
    condM: logCond(o.maxCondM),
    condT: o.maxCondT > 1 ? logCond(o.maxCondT) : fc.constant(1),
    junkScale: o.maxJunkExp > o.minJunkExp ? fc.integer({ min: o.minJunkExp, max: o.maxJunkExp }).map((e) => 10 ** e) : fc.constant(1),
  });
}

/** A class and K members of it (the same distribution, different parameterisations). */
export interface Family {
  cls: ClassData;
  members: Instance[];
}

export function familyArb(k: number, opts: Partial<GenOptions> = {}): fc.Arbitrary<Family> {
  return fc
    .record({ cls: classArb(opts), draws: fc.array(memberDrawArb(opts), { minLength: k, maxLength: k }) })
    .map(({ cls, draws }) => ({ cls, members: draws.map((m) => makeMember(cls, m)) }));
}

/** Two classes on the same contexts, vocabulary and pivot, for non-equivalent pairs. */
export function twoClassesArb(opts: Partial<GenOptions> = {}): fc.Arbitrary<[ClassData, ClassData]> {
  return fc.tuple(classArb(opts), classArb(opts)).map(([a, b]) => [a, makeClassLike(a, b)]);
}

/** b's entries re-shaped to a's (n, V, pivot), so the two share the setting but not the distribution. */
function makeClassLike(a: ClassData, b: ClassData): ClassData {
  const pool = [...b.alpha.data, ...b.beta.data].map(Number);
  return a.mode === 'exact'
    ? makeClass('exact', a.n, a.V, b.r, a.pivot, pool.length ? pool : [0], 0)
    : { ...b, n: a.n, V: a.V, pivot: a.pivot, ...reshapeFloat(a, b) };
}

function reshapeFloat(a: ClassData, b: ClassData): Pick<ClassData, 'alpha' | 'beta' | 'r'> {
  const seed = Math.floor(Math.abs((b.alpha.data[0] ?? 0.5) * 2 ** 31)) ^ b.r;
  const c = makeClass('float', a.n, a.V, b.r, a.pivot, [], seed);
  return { alpha: c.alpha, beta: c.beta, r: c.r };
}

/** Default size for all-or-none families: three generated members plus the minimal model = K = 4. */
export const ALL_OR_NONE_MEMBERS = 3;
