// The scan of one block of the blocked log-odds gap (src/engine/blocked/gap.ts): running maxima of |L|,
// |L̃|, |L − L̃| and of |L − L̃| / floor with the ratio's first place in row-major order.
//
// The result must be the JavaScript loop's bit for bit in both builds, so every ratio is made of the same
// IEEE operations in the same order (fa·(gA + pA) + fb·(gB + pB), then diff / floor), and only the order
// of the comparisons changes: a maximum is exact in any order, and the first place of the largest ratio
// is found again afterwards in the one row that holds it. `step` is the loop itself; the scalar build runs
// nothing else, the SIMD build runs it for the first entry only (so a NaN there holds, as in the loop).
// The division is about half of the SIMD build's time and cannot be avoided without changing bits.

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
      // From the second entry on, the place moves only on a strictly greater ratio, which is order-free.
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

/** The ratio as the lanes rank it: an equal entry (diff 0) as −∞, so it never moves a place already held. */
// @ts-ignore: decorator
@inline
function ranked(diff: f64, floor: f64): f64 {
  return diff == 0 ? -Infinity : floor == 0 ? Infinity : diff / floor;
}

/**
 * Everything after the first entry (row 0 from column `start`). Lanes keep only each row's largest
 * ratio; a row that beats the running ratio becomes the best row, and its first place is found at the
 * end by one more pass over that row (strictly greater per row, so the earliest such row wins).
 */
function scanLanes(n: i32, b: i32, start: i32, LA: usize, LB: usize, fA: usize, fB: usize, gA: usize, gB: usize, pA: f64, pB: f64, skip: i32): void {
  const zero = f64x2.splat(0), inf = f64x2.splat(Infinity), ninf = f64x2.splat(-Infinity), vpA = f64x2.splat(pA), vpB = f64x2.splat(pB);
  let vA = zero, vB = zero, vD = zero, bestRow = -1;
  for (let x = 0; x < n; x++, start = 0) {
    const sa = load<f64>(fA + (<usize>x << 3)), sb = load<f64>(fB + (<usize>x << 3));
    const fa = f64x2.splat(sa), fb = f64x2.splat(sb);
    let top = ninf, tail: f64 = -Infinity;
    // Columns [start, b) minus `skip`: up to two runs.
    for (let run = 0; run < 2; run++) {
      let j = start, end = b;
      if (run == 0) { if (skip >= start) end = skip; } else { if (skip < start) break; j = skip + 1; }
      const row = x * b;
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
        top = f64x2.pmax(top, v128.bitselect(ninf, r, f64x2.eq(diff, zero)));
      }
      if (j < end) {
        const o = <usize>(row + j) << 3, q = <usize>j << 3;
        const la = load<f64>(LA + o), lb = load<f64>(LB + o);
        const diff = Math.abs(la - lb), aa = Math.abs(la), ab = Math.abs(lb);
        if (aa > maxA) maxA = aa;
        if (ab > maxB) maxB = ab;
        if (diff > maxD) maxD = diff;
        const r = ranked(diff, sa * (load<f64>(gA + q) + pA) + sb * (load<f64>(gB + q) + pB));
        if (r > tail) tail = r;
      }
    }
    const t0 = f64x2.extract_lane(top, 0), t1 = f64x2.extract_lane(top, 1);
    if (t0 > tail) tail = t0;
    if (t1 > tail) tail = t1;
    if (tail > ratio) { ratio = tail; bestRow = x; }
  }
  maxima(f64x2.extract_lane(vA, 0), f64x2.extract_lane(vB, 0), f64x2.extract_lane(vD, 0));
  maxima(f64x2.extract_lane(vA, 1), f64x2.extract_lane(vB, 1), f64x2.extract_lane(vD, 1));
  if (bestRow >= 0) pos = firstPlace(bestRow, b, LA, LB, fA, fB, gA, gB, pA, pB, skip);
}

function maxima(a: f64, b: f64, d: f64): void {
  if (a > maxA) maxA = a;
  if (b > maxB) maxB = b;
  if (d > maxD) maxD = d;
}

/**
 * The first column of row x whose ranked ratio equals `ratio` (the row's maximum, so it is there); the
 * ratio is then taken from that entry, as the loop does: −0 and +0 are equal maxima of different sign.
 */
function firstPlace(x: i32, b: i32, LA: usize, LB: usize, fA: usize, fB: usize, gA: usize, gB: usize, pA: f64, pB: f64, skip: i32): i32 {
  const sa = load<f64>(fA + (<usize>x << 3)), sb = load<f64>(fB + (<usize>x << 3));
  for (let j = 0; j < b; j++) {
    if (j == skip) continue;
    const o = <usize>(x * b + j) << 3, q = <usize>j << 3;
    const r = ranked(Math.abs(load<f64>(LA + o) - load<f64>(LB + o)), sa * (load<f64>(gA + q) + pA) + sb * (load<f64>(gB + q) + pB));
    if (r == ratio) {
      ratio = r;
      return x * b + j;
    }
  }
  return -1;
}
