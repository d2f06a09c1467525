// The scan of one block of the blocked log-odds gap (src/engine/blocked/gap.ts): running maxima of |L|,
// |L̃|, |L − L̃| and of |L − L̃| / floor with the ratio's first place in row-major order.
//
// The result must be the JavaScript loop's bit for bit in both builds, so every ratio is made of the same
// IEEE operations in the same order (fa·(gA + pA) + fb·(gB + pB), then diff / floor), and only the order
// of the comparisons changes: a maximum is exact in any order, and the first place of the largest ratio
// is recovered from each lane's own first place. `step` is the loop's semantics, once; the SIMD build
// runs it for the first entry and the ends of rows, and lanes of two columns in between.

// Running state of a scan (the loop's locals). `pos` is the row-major index x·b + j, −1 while empty.
let ratio: f64 = 0, pos: i32 = -1, maxD: f64 = 0, maxA: f64 = 0, maxB: f64 = 0;

// @ts-ignore: decorator
@inline
function step(p: i32, la: f64, lb: f64, fa: f64, fb: f64, ga: f64, gb: f64, pA: f64, pB: f64): void {
  const diff = Math.abs(la - lb), aa = Math.abs(la), ab = Math.abs(lb);
  if (aa > maxA) maxA = aa;
  if (ab > maxB) maxB = ab;
  if (diff > maxD) maxD = diff;
  // 0/0 counts 0: an equal entry can hold the place only while nothing else has.
  if (diff == 0) {
    if (pos < 0) pos = p;
    return;
  }
  const floor = fa * (ga + pA) + fb * (gb + pB);
  const r = floor == 0 ? Infinity : diff / floor;
  if (r > ratio || pos < 0) {
    ratio = r;
    pos = p;
  }
}

// @ts-ignore: decorator
@inline
function stepAt(x: i32, j: i32, b: i32, LA: usize, LB: usize, fA: usize, fB: usize, gA: usize, gB: usize, pA: f64, pB: f64): void {
  const p = x * b + j, o = <usize>p << 3, q = <usize>j << 3, r = <usize>x << 3;
  step(p, load<f64>(LA + o), load<f64>(LB + o), load<f64>(fA + r), load<f64>(fB + r), load<f64>(gA + q), load<f64>(gB + q), pA, pB);
}

/**
 * Scan the n × b block LA, LB (row-major) against the floors fA[x]·(gA[j] + pA) + fB[x]·(gB[j] + pB),
 * column `skip` left out (−1: none). out ← [ratio, x, j, maxDiff, maxAbsA, maxAbsB]; x = j = −1 when the
 * block has no entry. NaN is never a maximum; a NaN ratio holds only as the first entry (as in the loop).
 */
export function gapScanCore(n: i32, b: i32, LA: usize, LB: usize, fA: usize, fB: usize, gA: usize, gB: usize, pA: f64, pB: f64, skip: i32, out: usize): void {
  ratio = 0; pos = -1; maxD = 0; maxA = 0; maxB = 0;
  if (ASC_FEATURE_SIMD) {
    const j0 = skip == 0 ? 1 : 0;
    if (n > 0 && j0 < b) {
      // The first entry alone: from then on the place changes only on a strictly greater ratio, which
      // lanes can decide independently (a NaN there would win in the loop and does here: nothing exceeds it).
      stepAt(0, j0, b, LA, LB, fA, fB, gA, gB, pA, pB);
      scanLanes(n, b, j0 + 1, LA, LB, fA, fB, gA, gB, pA, pB, skip);
    }
  } else {
    for (let x = 0; x < n; x++)
      for (let j = 0; j < b; j++) if (j != skip) stepAt(x, j, b, LA, LB, fA, fB, gA, gB, pA, pB);
  }
  store<f64>(out, ratio);
  store<f64>(out, pos < 0 ? -1 : <f64>(pos / b), 8);
  store<f64>(out, pos < 0 ? -1 : <f64>(pos % b), 16);
  store<f64>(out, maxD, 24);
  store<f64>(out, maxA, 32);
  store<f64>(out, maxB, 40);
}

/** Everything after the first entry (row 0 from column `start`): pairs of columns in two lanes, odd ends by `step`. */
function scanLanes(n: i32, b: i32, start: i32, LA: usize, LB: usize, fA: usize, fB: usize, gA: usize, gB: usize, pA: f64, pB: f64, skip: i32): void {
  const zero = f64x2.splat(0), inf = f64x2.splat(Infinity), two = f64x2.splat(2), vpA = f64x2.splat(pA), vpB = f64x2.splat(pB);
  let vA = zero, vB = zero, vD = zero, best = f64x2.splat(ratio), at = f64x2.splat(<f64>pos);
  for (let x = 0; x < n; x++, start = 0) {
    const fa = f64x2.splat(load<f64>(fA + (<usize>x << 3))), fb = f64x2.splat(load<f64>(fB + (<usize>x << 3)));
    // Columns [start, b) minus `skip`: up to two runs.
    for (let run = 0; run < 2; run++) {
      let j = start, end = b;
      if (run == 0) { if (skip >= start) end = skip; } else { if (skip < start) break; j = skip + 1; }
      const row = x * b;
      let idx = f64x2.add(f64x2.splat(<f64>(row + j)), f64x2(0, 1));
      for (; j + 2 <= end; j += 2) {
        const o = <usize>(row + j) << 3, q = <usize>j << 3;
        const la = v128.load(LA + o), lb = v128.load(LB + o);
        const diff = f64x2.abs(f64x2.sub(la, lb));
        // pmax(m, v) = m < v ? v : m: the loop's `if (v > m) m = v`, NaN never taken.
        vA = f64x2.pmax(vA, f64x2.abs(la));
        vB = f64x2.pmax(vB, f64x2.abs(lb));
        vD = f64x2.pmax(vD, diff);
        const floor = f64x2.add(f64x2.mul(fa, f64x2.add(v128.load(gA + q), vpA)), f64x2.mul(fb, f64x2.add(v128.load(gB + q), vpB)));
        const r = v128.bitselect(inf, f64x2.div(diff, floor), f64x2.eq(floor, zero));
        // An equal entry (diff 0) never moves the place once it is held, whatever r it would give.
        const take = v128.andnot(f64x2.gt(r, best), f64x2.eq(diff, zero));
        best = v128.bitselect(r, best, take);
        at = v128.bitselect(idx, at, take);
        idx = f64x2.add(idx, two);
      }
      if (j < end) stepAt(x, j, b, LA, LB, fA, fB, gA, gB, pA, pB);
    }
  }
  lane(f64x2.extract_lane(vA, 0), f64x2.extract_lane(vB, 0), f64x2.extract_lane(vD, 0), f64x2.extract_lane(best, 0), f64x2.extract_lane(at, 0));
  lane(f64x2.extract_lane(vA, 1), f64x2.extract_lane(vB, 1), f64x2.extract_lane(vD, 1), f64x2.extract_lane(best, 1), f64x2.extract_lane(at, 1));
}

/** Merge one lane: the larger ratio, on a tie the earlier place (each lane and the scalar state hold their first). */
function lane(a: f64, b: f64, d: f64, r: f64, p: f64): void {
  if (a > maxA) maxA = a;
  if (b > maxB) maxB = b;
  if (d > maxD) maxD = d;
  const q = <i32>p;
  if (r > ratio || (r == ratio && q < pos)) {
    ratio = r;
    pos = q;
  }
}
