// The loop that scanned a block in src/engine/blocked/gap.ts before the core's gap_scan took it over, kept
// as the reference the kernel must match bit for bit (test/blocked/gap-scan.test.ts, conformance/generate.ts).

export interface Block {
  n: number;
  b: number;
  LA: number[];
  LB: number[];
  /** fA[x] = c_A·‖f_x‖ (the loop's fa), likewise fB. */
  fA: number[];
  fB: number[];
  gA: number[];
  gB: number[];
  pA: number;
  pB: number;
  skip: number;
}
export type Scan = [ratio: number, x: number, j: number, maxDiff: number, maxAbsA: number, maxAbsB: number];

/** The loop of GapRunner.run before gap_scan, verbatim but for its inputs (block-relative j). */
export function reference(k: Block): Scan {
  const { n, b: bb, LA, LB, gA, gB, pA, pB, skip } = k;
  let ratio = 0, rx = -1, ry = -1, maxDiff = 0, maxA = 0, maxB = 0;
  for (let x = 0; x < n; x++) {
    const fa = k.fA[x] as number, fb = k.fB[x] as number;
    const o = x * bb;
    for (let j = 0; j < bb; j++) {
      if (j === skip) continue;
      const la = LA[o + j] as number, lb = LB[o + j] as number;
      const diff = Math.abs(la - lb);
      const aa = Math.abs(la), ab = Math.abs(lb);
      if (aa > maxA) maxA = aa;
      if (ab > maxB) maxB = ab;
      if (diff > maxDiff) maxDiff = diff;
      if (diff === 0) {
        if (rx < 0) { rx = x; ry = j; }
        continue;
      }
      const floor = fa * ((gA[j] as number) + pA) + fb * ((gB[j] as number) + pB);
      const r = floor === 0 ? Infinity : diff / floor;
      if (r > ratio || rx < 0) { ratio = r; rx = x; ry = j; }
    }
  }
  return [ratio, rx, ry, maxDiff, maxA, maxB];
}
