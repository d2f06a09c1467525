// Independent plain-JavaScript references for the kernels, written for clarity, not speed.

export const EPS = 2 ** -52;

/** γ_k = k·u/(1 − k·u), u = ε/2: the classic bound on the relative error of a k-term dot product. */
export function gamma(k: number): number {
  const u = EPS / 2;
  return (k * u) / (1 - k * u);
}

/** C = op(A) op(B) with the entry-wise error bound γ_k Σ_p |a_ip||b_pj| (Higham, Accuracy and Stability, §3.5). */
export function refGemm(
  ta: boolean, tb: boolean, m: number, n: number, k: number, A: Float64Array, B: Float64Array,
): { C: Float64Array; bound: Float64Array } {
  const C = new Float64Array(m * n);
  const bound = new Float64Array(m * n);
  const g = gamma(k + 2);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, a = 0;
      for (let p = 0; p < k; p++) {
        const x = ta ? A[p * m + i]! : A[i * k + p]!;
        const y = tb ? B[j * k + p]! : B[p * n + j]!;
        s += x * y;
        a += Math.abs(x * y);
      }
      C[i * n + j] = s;
      bound[i * n + j] = g * a * 2;
    }
  }
  return { C, bound };
}

/** log-softmax of each row, the textbook way with Math.exp and Math.log, max-shifted. */
export function refLogSoftmax(n: number, V: number, Z: Float64Array): Float64Array {
  const out = new Float64Array(n * V);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let j = 0; j < V; j++) mx = Math.max(mx, Z[i * V + j]!);
    let s = 0;
    for (let j = 0; j < V; j++) s += Math.exp(Z[i * V + j]! - mx);
    const lse = mx + Math.log(s);
    for (let j = 0; j < V; j++) out[i * V + j] = Z[i * V + j]! - lse;
  }
  return out;
}
