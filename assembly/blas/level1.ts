// Vector kernels on contiguous f64 arrays. The SIMD build sums in two interleaved lanes, so a dot
// product differs from the scalar build's in the last bits (summation order), never by more than the
// usual n·ε·Σ|x_i y_i| bound.

/** Σ x_i y_i over n contiguous entries. */
export function dotCore(n: i32, x: usize, y: usize): f64 {
  let i = 0;
  let s: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 3;
      a0 = f64x2.add(a0, f64x2.mul(v128.load(x + o), v128.load(y + o)));
      a1 = f64x2.add(a1, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
    }
    const a = f64x2.add(a0, a1);
    s = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
  } else {
    let s0: f64 = 0, s1: f64 = 0;
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      s0 += load<f64>(x + o) * load<f64>(y + o);
      s1 += load<f64>(x + o, 8) * load<f64>(y + o, 8);
    }
    s = s0 + s1;
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    s += load<f64>(x + o) * load<f64>(y + o);
  }
  return s;
}

/** y ← a·x + y. */
export function axpyCore(n: i32, a: f64, x: usize, y: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f64x2.splat(a);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + a * load<f64>(x + o));
  }
}

/** x ← a·x. */
export function scalCore(n: i32, a: f64, x: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f64x2.splat(a);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(x + o, f64x2.mul(va, v128.load(x + o)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(x + o, a * load<f64>(x + o));
  }
}

/** dst ← src (n entries; the ranges may overlap). */
// @ts-ignore: decorator
@inline
export function copyCore(n: i32, src: usize, dst: usize): void {
  memory.copy(dst, src, <usize>n << 3);
}
