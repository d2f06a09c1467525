// Argument validation shared by every export. Each exported function validates all its arguments
// before it writes anything, so a rejected call leaves memory exactly as it was.
import { OK, E_DIM, E_BOUNDS, E_ALIGN, E_OVERLAP } from './status';
import { arenaBase, memoryBytes } from './arena';

/** Number of elements spanned by a row-major `rows × cols` block with leading dimension `ld`. */
// @ts-ignore: decorator
@inline
export function extent(rows: i32, cols: i32, ld: i32): u64 {
  if (rows <= 0 || cols <= 0) return 0;
  return <u64>(rows - 1) * <u64>ld + <u64>cols;
}

/** Dimensions must be ≥ `min` (0 for BLAS-like operations, 1 for decompositions). */
// @ts-ignore: decorator
@inline
export function checkDim(d: i32, min: i32): i32 {
  return d < min ? E_DIM : OK;
}

/** A buffer of `count` elements of `size` bytes at `ptr` must sit inside the arena, aligned. */
export function checkBuf(ptr: usize, count: u64, size: u32): i32 {
  if (count == 0) return OK;
  if ((ptr & (<usize>size - 1)) != 0) return E_ALIGN;
  if (ptr < arenaBase()) return E_BOUNDS;
  const end: u64 = <u64>ptr + count * <u64>size;
  if (end > memoryBytes()) return E_BOUNDS;
  return OK;
}

// @ts-ignore: decorator
@inline
export function checkF64(ptr: usize, count: u64): i32 {
  return checkBuf(ptr, count, 8);
}

// @ts-ignore: decorator
@inline
export function checkI32(ptr: usize, count: u64): i32 {
  return checkBuf(ptr, count, 4);
}

/** Whether two byte ranges [a, a + an) and [b, b + bn) share a byte. Empty ranges share nothing. */
export function overlaps(a: usize, an: u64, b: usize, bn: u64): bool {
  if (an == 0 || bn == 0) return false;
  return <u64>a < <u64>b + bn && <u64>b < <u64>a + an;
}

/** E_OVERLAP when the f64 ranges overlap, else OK. */
export function checkDisjoint(a: usize, acount: u64, b: usize, bcount: u64): i32 {
  return overlaps(a, acount << 3, b, bcount << 3) ? E_OVERLAP : OK;
}

/**
 * For element-wise operations an output may be the very same buffer as an input (in place), but not a
 * shifted part of it: that would read values the operation already overwrote.
 */
export function checkSameOrDisjoint(a: usize, acount: u64, b: usize, bcount: u64): i32 {
  if (a == b && acount == bcount) return OK;
  return checkDisjoint(a, acount, b, bcount);
}

/** Whether all `rows × cols` entries (leading dimension `ld`) are finite. */
export function allFinite(p: usize, rows: i32, cols: i32, ld: i32): bool {
  for (let i = 0; i < rows; i++) {
    const row = p + ((<usize>i * <usize>ld) << 3);
    for (let j = 0; j < cols; j++) {
      const v = load<f64>(row + (<usize>j << 3));
      // v - v is NaN exactly when v is NaN or ±∞.
      if (v - v != 0) return false;
    }
  }
  return true;
}
