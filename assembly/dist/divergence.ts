// Divergences between row distributions given as log-probabilities (the output of log-softmax), so
// that tokens of probability 1e-300 still count and nothing is derived from underflowed probabilities.

/** KL(p‖q) = Σ p (log p − log q) per row; a term with p = 0 is 0, one with p > 0 = q is +∞. */
export function klRowsCore(n: i32, V: i32, logP: usize, logQ: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const off = (<usize>i * <usize>V) << 3;
    let s: f64 = 0;
    for (let j = 0; j < V; j++) {
      const o = off + (<usize>j << 3);
      const lp = load<f64>(logP + o);
      if (lp == -Infinity) continue;
      const lq = load<f64>(logQ + o);
      s += Math.exp(lp) * (lp - lq);
    }
    // Rounding can leave −1e-17 for identical rows; KL is never negative.
    store<f64>(out + (<usize>i << 3), s > 0 ? s : 0);
  }
}

/** Total variation ½ Σ |p − q| per row. */
export function tvRowsCore(n: i32, V: i32, logP: usize, logQ: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const off = (<usize>i * <usize>V) << 3;
    let s: f64 = 0;
    for (let j = 0; j < V; j++) {
      const o = off + (<usize>j << 3);
      s += Math.abs(Math.exp(load<f64>(logP + o)) - Math.exp(load<f64>(logQ + o)));
    }
    store<f64>(out + (<usize>i << 3), 0.5 * s);
  }
}

/** Whether every entry is a log-probability: not NaN, not +∞, at most a rounding above 0. */
export function validLogProbRows(count: i32, x: usize): bool {
  for (let i = 0; i < count; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (isNaN(v) || v > 1e-12) return false;
  }
  return true;
}
