// Pairs of models for the pair claims (C2, C3, C6, C17): two members of one class (equivalent by
// construction), members of two classes, and near misses (theory.md §4: one row of F̃ moved inside Γ̃,
// just above the precision floor). The checks for near misses stay with the properties
// (properties/helpers.ts nearMissOutcome, NEAR_MISS_MARGIN).
import fc from 'fast-check';
import { familyArb, twoClassesArb, memberDrawArb, genOptions, classArb, type GenOptions } from './arbitraries.js';
import { makeClass, makeMember, moveRowInsideGamma, type ClassData, type Instance } from './block.js';
import { profiled, type Profile } from './profile.js';

export interface Pair {
  a: Instance;
  b: Instance;
  /** Drawn from the same class (so equivalent by construction). */
  sameClass: boolean;
  /**
   * A near miss (theory.md §4): b is a member of a's class with one row of F moved inside Γ, changing the
   * log-odds by this relative gap; so P ≠ P̃ by construction, just above the precision floor. 0 otherwise.
   */
  nearMiss: number;
}

/**
 * Relative gaps of near misses: 10^e, e in this range. The floors of the decisions are rounding-level
 * (about 1e-15 … 1e-12 relative for f64 members, more for ill-conditioned ones): near misses within
 * NEAR_MISS_MARGIN of them are counted inconclusive ('near miss at the floor'), the rest must be found.
 * The stress profile draws right down to the floors, so moving every floor 100× changes verdicts.
 */
export const NEAR_MISS_EXP: Record<Profile, [number, number]> = { default: [-7, -2], stress: [-15, -8] };

/** A near-miss pair from a same-class pair, or the pair unchanged (sameClass) when G₀ = 0. */
function nearMissOf(a: Instance, b: Instance, row: number, exp: number): Pair {
  const moved = moveRowInsideGamma(b, row, 10 ** exp);
  return moved ? { a, b: moved, sameClass: false, nearMiss: 10 ** exp } : { a, b, sameClass: true, nearMiss: 0 };
}

const nearMissDraw = profiled((p) => fc.record({ row: fc.nat({ max: 63 }), exp: fc.integer({ min: NEAR_MISS_EXP[p][0], max: NEAR_MISS_EXP[p][1] }) }));

/** Two members of one class, or members of two classes on the same contexts, vocabulary and pivot. */
export function pairArb(opts: Partial<GenOptions> = {}): fc.Arbitrary<Pair> {
  const same = familyArb(2, opts).map(({ members: [a, b] }): Pair => ({ a: a!, b: b!, sameClass: true, nearMiss: 0 }));
  const different = fc
    .tuple(twoClassesArb(opts), memberDrawArb(opts), memberDrawArb(opts))
    .map(([[c1, c2], m1, m2]): Pair => ({ a: makeMember(c1, m1), b: makeMember(c2, m2), sameClass: false, nearMiss: 0 }));
  const near = fc.tuple(familyArb(2, opts), nearMissDraw).map(([{ members: [a, b] }, { row, exp }]) => nearMissOf(a!, b!, row, exp));
  return fc.oneof({ arbitrary: same, weight: 2 }, { arbitrary: different, weight: 2 }, { arbitrary: near, weight: 1 });
}

/**
 * Pairs whose classes share n, V, pivot and r (so members without junk share d too): half from one
 * class (equivalent), half from two (almost surely not), so both answers of an equivalence test occur.
 */
export function sameShapePairArb(opts: Partial<GenOptions> = {}): fc.Arbitrary<Pair> {
  return profiled((p) => sameShapePairArbFor(opts, p));
}

function sameShapePairArbFor(opts: Partial<GenOptions>, profile: Profile): fc.Arbitrary<Pair> {
  const o = genOptions(opts, profile);
  const pool = fc.array(fc.integer({ min: -o.entryMax, max: o.entryMax }), { minLength: o.maxN * o.maxR + (o.maxV - 1) * o.maxR, maxLength: o.maxN * o.maxR + (o.maxV - 1) * o.maxR });
  return fc
    .record({ cls: classArb(opts), pool, seed: fc.integer(), kind: fc.constantFrom('same', 'other', 'near'), m1: memberDrawArb(opts), m2: memberDrawArb(opts), near: nearMissDraw })
    .map(({ cls, pool: p2, seed, kind, m1, m2, near }): Pair => {
      const same = kind !== 'other';
      const other: ClassData = same ? cls : makeClass(cls.mode, cls.n, cls.V, cls.r, cls.pivot, p2, seed);
      const a = makeMember(cls, m1), b = makeMember(other, m2);
      return kind === 'near' ? nearMissOf(a, b, near.row, near.exp) : { a, b, sameClass: same, nearMiss: 0 };
    });
}
