// Small out-slots for scalar results: taken from the arena for one call and released right after.
import type { Core } from '../wasm/core.js';

/**
 * Reserve `f64s` f64 slots and `i32s` i32 slots, run `call(f64Ptr, i32Ptr)`, and return the first f64
 * slot (or, when f64s is 0, the first i32 slot). The arena is back where it was afterwards.
 */
export function scratch(core: Core, f64s: number, i32s: number, call: (f: number, i: number) => void): number {
  const start = core.mark();
  try {
    const f = core.allocBytes(Math.max(f64s, 1) * 8, 'scratch');
    const i = core.allocBytes(Math.max(i32s, 1) * 4, 'scratch');
    call(f, i);
    return f64s > 0 ? (core.f64[f >>> 3] as number) : (core.i32[i >>> 2] as number);
  } finally {
    core.reset(start);
  }
}

/** Like scratch, but returns all slots: f64 values, then i32 values. */
export function scratchAll(core: Core, f64s: number, i32s: number, call: (f: number, i: number) => void): { f: number[]; i: number[] } {
  const start = core.mark();
  try {
    const f = core.allocBytes(Math.max(f64s, 1) * 8, 'scratch');
    const i = core.allocBytes(Math.max(i32s, 1) * 4, 'scratch');
    call(f, i);
    return {
      f: Array.from(core.f64.subarray(f >>> 3, (f >>> 3) + f64s)),
      i: Array.from(core.i32.subarray(i >>> 2, (i >>> 2) + i32s)),
    };
  } finally {
    core.reset(start);
  }
}
