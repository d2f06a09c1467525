// Norms and comparisons over contiguous f64 arrays.

/** Largest |x_i| over count entries (NaN if any entry is NaN). */
export function maxAbsCore(count: i32, x: usize): f64 {
  let m: f64 = 0;
  for (let i = 0; i < count; i++) {
    const v = Math.abs(load<f64>(x + (<usize>i << 3)));
    if (!(v <= m)) m = v; // NaN wins, so it is never hidden
  }
  return m;
}

/**
 * √(Σ x_i²) without overflow or underflow: the sum runs on x_i / max|x|, so entries near 1e200 or
 * 1e-200 give the right norm instead of ∞ or 0.
 */
export function norm2Core(count: i32, x: usize): f64 {
  const scale = maxAbsCore(count, x);
  if (scale == 0 || !isFinite(scale)) return scale;
  const inv = 1.0 / scale;
  let s: f64 = 0;
  if (isFinite(inv)) {
    for (let i = 0; i < count; i++) {
      const v = load<f64>(x + (<usize>i << 3)) * inv;
      s += v * v;
    }
  } else {
    // A subnormal maximum has an infinite reciprocal: divide instead (slower, exact scaling).
    for (let i = 0; i < count; i++) {
      const v = load<f64>(x + (<usize>i << 3)) / scale;
      s += v * v;
    }
  }
  return scale * Math.sqrt(s);
}

/**
 * max|a_i − b_i| / (1 + max(max|a|, max|b|)): the relative gap of theory.md §5, symmetric in a and b,
 * absolute near zero and relative for large entries.
 */
export function relMaxDiffCore(count: i32, a: usize, b: usize): f64 {
  let d: f64 = 0, s: f64 = 0;
  for (let i = 0; i < count; i++) {
    const o = <usize>i << 3;
    const x = load<f64>(a + o), y = load<f64>(b + o);
    const g = Math.abs(x - y);
    if (!(g <= d)) d = g;
    const ax = Math.abs(x), ay = Math.abs(y);
    if (!(ax <= s)) s = ax;
    if (!(ay <= s)) s = ay;
  }
  return d / (1.0 + s);
}
