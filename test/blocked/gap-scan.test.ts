// The core's gap_scan against the JavaScript loop it replaced in src/engine/blocked/gap.ts, bit for bit on
// both builds: the loop is kept here as the reference. Entries come from a small pool so that equal
// entries (diff 0), zero floors (x/0 = ∞, 0/0 = 0) and tied ratios are common; NaN and ±∞ appear too,
// since the kernel promises the loop's handling of them as well.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadCore } from '../../src/wasm/loader.js';
import type { Core } from '../../src/wasm/core.js';
import { reference, type Block, type Scan } from './gap-scan-reference.js';

function scan(core: Core, k: Block): Scan {
  return core.scope(() => {
    const put = (xs: number[]): number => {
      const p = core.allocBytes(8 * Math.max(1, xs.length));
      core.f64.set(xs, p >>> 3);
      return p;
    };
    const LA = put(k.LA), LB = put(k.LB), fA = put(k.fA), fB = put(k.fB), gA = put(k.gA), gB = put(k.gB), out = put([7, 7, 7, 7, 7, 7]);
    core.call('gap_scan', k.n, k.b, LA, LB, fA, fB, gA, gB, k.pA, k.pB, k.skip, out);
    return Array.from(core.f64.subarray(out >>> 3, (out >>> 3) + 6)) as Scan;
  });
}

const SPECIAL = [NaN, Infinity, -Infinity, -0, -1, -2, 1e308, -1e308, 5e-324, 2 ** -1000];
const entry = (special: number): fc.Arbitrary<number> =>
  fc.oneof({ weight: 40, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: special, arbitrary: fc.constantFrom(...SPECIAL) });
const scale = (special: number): fc.Arbitrary<number> =>
  fc.oneof({ weight: 40, arbitrary: fc.constantFrom(0, 0.5, 1, 2, 3) }, { weight: special, arbitrary: fc.constantFrom(...SPECIAL) });

/** Dimensions drawn beside maximal arrays (so shrinking reduces the block, not just its entries). */
function blockArb(nMax: number, bMax: number, special: number): fc.Arbitrary<Block> {
  const arr = (len: number, a: fc.Arbitrary<number>) => fc.array(a, { minLength: len, maxLength: len });
  return fc
    .record({
      n: fc.integer({ min: 0, max: nMax }),
      b: fc.integer({ min: 0, max: bMax }),
      skipAt: fc.integer({ min: -1, max: bMax - 1 }),
      LA: arr(nMax * bMax, entry(special)),
      LB: arr(nMax * bMax, entry(special)),
      fA: arr(nMax, scale(special)),
      fB: arr(nMax, scale(special)),
      gA: arr(bMax, scale(special)),
      gB: arr(bMax, scale(special)),
      pA: scale(special),
      pB: scale(special),
    })
    .map((r) => ({
      n: r.n,
      b: r.b,
      LA: r.LA.slice(0, r.n * r.b),
      LB: r.LB.slice(0, r.n * r.b),
      fA: r.fA.slice(0, r.n),
      fB: r.fB.slice(0, r.n),
      gA: r.gA.slice(0, r.b),
      gB: r.gB.slice(0, r.b),
      pA: r.pA,
      pB: r.pB,
      skip: r.skipAt < r.b ? r.skipAt : -1,
    }));
}

// Object.is: +0 and −0 differ, NaN equals NaN (its payload is not part of the contract).
const same = (a: Scan, b: Scan): boolean => a.every((v, i) => Object.is(v, b[i]));

const fixed: [string, Block][] = [
  ['1 × 1', { n: 1, b: 1, LA: [3], LB: [1], fA: [1], fB: [1], gA: [0.5], gB: [0.5], pA: 1, pB: 0, skip: -1 }],
  ['1 × 1, only the pivot column: empty', { n: 1, b: 1, LA: [3], LB: [1], fA: [1], fB: [1], gA: [1], gB: [1], pA: 1, pB: 1, skip: 0 }],
  ['all equal: ratio 0 at the first entry after the pivot', { n: 2, b: 5, LA: Array(10).fill(2), LB: Array(10).fill(2), fA: [1, 1], fB: [1, 1], gA: [1, 1, 1, 1, 1], gB: [1, 1, 1, 1, 1], pA: 0, pB: 0, skip: 0 }],
  ['a tie in the second lane of row 0 and the first lane of row 1', { n: 2, b: 5, LA: [0, 0, 0, 1, 0, 1, 0, 0, 0, 0], LB: Array(10).fill(0), fA: [1, 1], fB: [0, 0], gA: [1, 1, 1, 1, 1], gB: [0, 0, 0, 0, 0], pA: 0, pB: 0, skip: -1 }],
  ['x/0 = ∞ after a finite ratio', { n: 1, b: 4, LA: [1, 1, 1, 1], LB: [0, 0, 0, 0], fA: [1], fB: [1], gA: [1, 1, 0, 1], gB: [1, 1, 0, 1], pA: 0, pB: 0, skip: -1 }],
  // Negative floors (not from real models, but inside the contract): ratios −1, −5, −0, +0, −1. The loop keeps −0 at j = 2.
  ['the sign of a zero ratio is the first zero\'s', { n: 1, b: 5, LA: [1, 1, 1, 1, 1], LB: [0, 0, 0, 0, 0], fA: [1], fB: [0], gA: [-1, -0.2, -Infinity, Infinity, -1], gB: [0, 0, 0, 0, 0], pA: 0, pB: 0, skip: -1 }],
  ['NaN first entry holds the place', { n: 1, b: 5, LA: [NaN, 1, 2, 3, 4], LB: [0, 0, 0, 0, 0], fA: [1], fB: [1], gA: [1, 1, 1, 1, 1], gB: [1, 1, 1, 1, 1], pA: 0, pB: 0, skip: -1 }],
];

describe('gap_scan equals the JavaScript loop bit for bit', () => {
  for (const build of ['simd', 'scalar'] as const) {
    const core = loadCore({ build });
    describe(build, () => {
      for (const [label, k] of fixed) it(label, () => expect(scan(core, k)).toEqual(reference(k)));

      it('random small blocks (zeros, ties, ∞ ratios, the pivot column, odd widths)', () => {
        fc.assert(fc.property(blockArb(5, 11, 0), (k) => same(scan(core, k), reference(k))), { numRuns: 2000 });
      });

      it('random small blocks with NaN, ±∞, −0 and subnormal entries', () => {
        fc.assert(fc.property(blockArb(5, 11, 3), (k) => same(scan(core, k), reference(k))), { numRuns: 2000 });
      });

      it('random small blocks, mostly special values (negative and infinite floors, signed zero ratios)', () => {
        fc.assert(fc.property(blockArb(4, 9, 40), (k) => same(scan(core, k), reference(k))), { numRuns: 3000 });
      });

      it('random larger blocks', () => {
        fc.assert(fc.property(blockArb(40, 37, 0), (k) => same(scan(core, k), reference(k))), { numRuns: 100 });
      });
    });
  }
});
