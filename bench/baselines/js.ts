// Plain JavaScript baselines: what a careful programmer writes without a library. Honest, not slow on
// purpose: flat Float64Arrays, the cache-friendly loop order, no allocation in the kernel.

/**
 * out (m×n) = A (m×k) · B (k×n), row-major. The i-k-j order streams a row of B and a row of C through the
 * inner loop (unit stride, vectorisable by nobody in V8 but at least cache-friendly), instead of the
 * textbook i-j-k order that walks B down a column.
 */
export function gemmIkj(m: number, n: number, k: number, a: Float64Array, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let j = 0; j < n; j++) out[ci + j] = 0;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p] as number;
      const bp = p * n;
      for (let j = 0; j < n; j++) out[ci + j] = (out[ci + j] as number) + aip * (b[bp + j] as number);
    }
  }
}

/** out = row-wise log-softmax of z (rows × V): the max shift for stability, one exp per entry. */
export function logSoftmaxRowsJs(rows: number, v: number, z: Float64Array, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const base = i * v;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < v; j++) {
      const x = z[base + j] as number;
      if (x > max) max = x;
    }
    let sum = 0;
    for (let j = 0; j < v; j++) sum += Math.exp((z[base + j] as number) - max);
    const shift = max + Math.log(sum);
    for (let j = 0; j < v; j++) out[base + j] = (z[base + j] as number) - shift;
  }
}
