// Argument checks shared by the decomposition and derived-operation wrappers (abi/decomp.ts,
// abi/derived.ts), on top of runtime/check.ts.
import { OK, E_OVERLAP, E_ARG } from '../runtime/status';
import { overlaps } from '../runtime/check';

/** E_OVERLAP when the byte ranges [a, a + abytes) and [b, b + bbytes) share a byte. */
export function disjointBytes(a: usize, abytes: u64, b: usize, bbytes: u64): i32 {
  return overlaps(a, abytes, b, bbytes) ? E_OVERLAP : OK;
}

/** Bytes of count f64 / i32 values. */
// @ts-ignore: decorator
@inline
export function f64Bytes(count: u64): u64 { return count << 3; }
// @ts-ignore: decorator
@inline
export function i32Bytes(count: u64): u64 { return count << 2; }

/** E_ARG for a NaN relative tolerance (any other value is meaningful: negative = default). */
// @ts-ignore: decorator
@inline
export function checkRtol(rtol: f64): i32 {
  return rtol != rtol ? E_ARG : OK;
}
