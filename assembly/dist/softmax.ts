// Row-wise log-softmax and logsumexp. Logits are shifted by their row maximum first, so rows with
// entries of magnitude 1e3 (or 1e300) neither overflow nor lose the small entries; −∞ logits are
// allowed (a token with probability zero) and stay −∞.

/** log Σ_j exp(z_j) over one row of V entries; the row must hold a finite maximum. */
export function logSumExpRow(V: i32, z: usize): f64 {
  let mx = -Infinity;
  for (let j = 0; j < V; j++) {
    const v = load<f64>(z + (<usize>j << 3));
    if (v > mx) mx = v;
  }
  let s: f64 = 0;
  for (let j = 0; j < V; j++) {
    s += Math.exp(load<f64>(z + (<usize>j << 3)) - mx);
  }
  // s ≥ 1 (the maximum contributes exp(0)), so the log never sees 0.
  return mx + Math.log(s);
}

/**
 * Whether every row is a valid logit row: no NaN, no +∞, and at least one finite entry (a row of −∞
 * has no distribution).
 */
export function validLogitRows(n: i32, V: i32, Z: usize): bool {
  for (let i = 0; i < n; i++) {
    const row = Z + ((<usize>i * <usize>V) << 3);
    let finite = false;
    for (let j = 0; j < V; j++) {
      const v = load<f64>(row + (<usize>j << 3));
      if (isNaN(v) || v == Infinity) return false;
      if (v != -Infinity) finite = true;
    }
    if (!finite) return false;
  }
  return true;
}

export function logSoftmaxRowsCore(n: i32, V: i32, Z: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const off = (<usize>i * <usize>V) << 3;
    const lse = logSumExpRow(V, Z + off);
    for (let j = 0; j < V; j++) {
      const o = off + (<usize>j << 3);
      store<f64>(out + o, load<f64>(Z + o) - lse);
    }
  }
}

export function logSumExpRowsCore(n: i32, V: i32, Z: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    store<f64>(out + (<usize>i << 3), logSumExpRow(V, Z + ((<usize>i * <usize>V) << 3)));
  }
}
