// Checked entry point for the scan of one block of the blocked log-odds gap (blocked/gap-scan.ts).
// Non-finite entries are not an error here: the scan is the host's loop moved into the core and treats
// NaN and ±∞ exactly as that loop did, so the host keeps the last word on what they mean.
import { OK, E_DIM, E_ARG } from '../runtime/status';
import { checkF64, checkDisjoint } from '../runtime/check';
import { gapScanCore } from '../blocked/gap-scan';

/**
 * gap_scan(n, b, LA, LB, fA, fB, gA, gB, pA, pB, skip, out) → status. LA, LB n × b; fA, fB n; gA, gB b;
 * −1 ≤ skip < b (E_ARG otherwise); out (6, disjoint from every input) ← [ratio, x, j, maxDiff, maxAbsA,
 * maxAbsB], see gapScanCore. Inputs may overlap each other (they are only read).
 */
export function gap_scan(n: i32, b: i32, LA: usize, LB: usize, fA: usize, fB: usize, gA: usize, gB: usize, pA: f64, pB: f64, skip: i32, out: usize): i32 {
  if (n < 0 || b < 0) return E_DIM;
  if (skip < -1 || skip >= b) return E_ARG;
  const c = <u64>n * <u64>b;
  let s = checkF64(LA, c); if (s != OK) return s;
  s = checkF64(LB, c); if (s != OK) return s;
  s = checkF64(fA, n); if (s != OK) return s;
  s = checkF64(fB, n); if (s != OK) return s;
  s = checkF64(gA, b); if (s != OK) return s;
  s = checkF64(gB, b); if (s != OK) return s;
  s = checkF64(out, 6); if (s != OK) return s;
  s = checkDisjoint(out, 6, LA, c) | checkDisjoint(out, 6, LB, c) | checkDisjoint(out, 6, fA, n) | checkDisjoint(out, 6, fB, n) | checkDisjoint(out, 6, gA, b) | checkDisjoint(out, 6, gB, b);
  if (s != OK) return s;
  gapScanCore(n, b, LA, LB, fA, fB, gA, gB, pA, pB, skip, out);
  return OK;
}
