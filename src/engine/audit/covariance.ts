// Cov(g) of the centred unembeddings and the causal inner product ⟨a, b⟩ = aᵀ Cov(g)⁻¹ b (C16; formalised
// after Park, Choe and Veitch 2024). Cov(g) is invertible exactly when the model is g-diverse; the Cholesky
// factorisation below refuses a pivot at the rounding floor of Cov, and then the causal cosine is undefined.
import type { DenseMatrix } from '../../dense.js';
import type { Vec } from './vec.js';

/** K = G_cᵀ G_c (d × d), G_c = G with its column mean removed; Cov(g) = K / V. */
export function centredGram(G: DenseMatrix): DenseMatrix {
  const { rows: V, cols: d, data } = G;
  const mean = new Float64Array(d);
  for (let y = 0; y < V; y++) for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) + (data[y * d + k] as number) / V;
  const K = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (let y = 0; y < V; y++) {
    for (let k = 0; k < d; k++) c[k] = (data[y * d + k] as number) - (mean[k] as number);
    for (let i = 0; i < d; i++) {
      const ci = c[i] as number;
      if (ci === 0) continue;
      for (let j = i; j < d; j++) K[i * d + j] = (K[i * d + j] as number) + ci * (c[j] as number);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) K[i * d + j] = K[j * d + i] as number;
  return { rows: d, cols: d, data: K };
}

export interface Cholesky {
  L: Float64Array;
  d: number;
}

/**
 * K = L Lᵀ, or null when K is not positive definite at working precision: a pivot below
 * d · ε · max diag(K) (the rounding floor of the Gram entries, whose errors are ≲ γ_V |g|ᵀ|g|) counts as zero.
 */
export function cholesky(K: DenseMatrix): Cholesky | null {
  const d = K.rows;
  const L = new Float64Array(d * d);
  let maxDiag = 0;
  for (let i = 0; i < d; i++) maxDiag = Math.max(maxDiag, K.data[i * d + i] as number);
  const floor = Math.max(d, 1) * 2 ** -52 * maxDiag;
  for (let j = 0; j < d; j++) {
    let s = K.data[j * d + j] as number;
    for (let k = 0; k < j; k++) s -= (L[j * d + k] as number) ** 2;
    if (!(s > floor)) return null;
    const ljj = Math.sqrt(s);
    L[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = K.data[i * d + j] as number;
      for (let k = 0; k < j; k++) t -= (L[i * d + k] as number) * (L[j * d + k] as number);
      L[i * d + j] = t / ljj;
    }
  }
  return { L, d };
}

/** L⁻¹ a (forward substitution): ⟨a, b⟩_{K⁻¹} = (L⁻¹a)ᵀ(L⁻¹b). */
export function whiten(ch: Cholesky, a: Vec): Vec {
  const { L, d } = ch;
  const x = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = a[i] as number;
    for (let k = 0; k < i; k++) s -= (L[i * d + k] as number) * (x[k] as number);
    x[i] = s / (L[i * d + i] as number);
  }
  return x;
}
