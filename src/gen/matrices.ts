// Building blocks with controlled conditioning. Exact mode: integer unimodular matrices (products of
// elementary row additions) whose inverses are integer and exact. Float mode: random orthogonal
// matrices and U diag(σ) Vᵀ with a chosen condition number.
import { type DenseMatrix, dense, denseIdentity, denseMul, denseTranspose } from '../dense.js';
import { type Rng, gaussian } from './prng.js';

/** An elementary row addition: row i += k · row j (i ≠ j after reduction mod the size). */
export type ElementaryOp = readonly [i: number, j: number, k: number];

/** The unimodular matrix E_1 ⋯ E_m and its exact inverse E_m⁻¹ ⋯ E_1⁻¹ (all integer). */
export function unimodular(size: number, ops: readonly ElementaryOp[]): { M: DenseMatrix; Minv: DenseMatrix } {
  const M = denseIdentity(size), Minv = denseIdentity(size);
  if (size < 2) return { M, Minv };
  const applied: [number, number, number][] = [];
  for (const [i0, j0, k] of ops) {
    const i = ((i0 % size) + size) % size;
    let j = ((j0 % size) + size) % size;
    if (j === i) j = (j + 1) % size;
    if (k === 0) continue;
    // M ← E M with E = I + k e_i e_jᵀ: row i of M += k · row j.
    for (let c = 0; c < size; c++) M.data[i * size + c] = (M.data[i * size + c] as number) + k * (M.data[j * size + c] as number);
    applied.push([i, j, k]);
  }
  // M = E_m ⋯ E_1, so M⁻¹ = E_1⁻¹ ⋯ E_m⁻¹: apply column operations in the same order.
  for (const [i, j, k] of applied) {
    // Minv ← Minv E⁻¹ with E⁻¹ = I − k e_i e_jᵀ: column j of Minv −= k · column i.
    for (let r = 0; r < size; r++) Minv.data[r * size + j] = (Minv.data[r * size + j] as number) - k * (Minv.data[r * size + i] as number);
  }
  return { M, Minv };
}

/**
 * A random orthogonal matrix: a product of `size` Householder reflections of Gaussian vectors, each
 * applied as a rank-one update Q ← Q − 2 (Q v) vᵀ / ‖v‖² (O(size²) per reflection, not a matrix product).
 */
export function randomOrthogonal(size: number, rng: Rng): DenseMatrix {
  const Q = denseIdentity(size);
  const q = Q.data;
  const w = new Float64Array(size);
  for (let h = 0; h < size; h++) {
    const v = Array.from({ length: size }, () => gaussian(rng));
    const vv = v.reduce((s, x) => s + x * x, 0) || 1;
    for (let i = 0; i < size; i++) {
      let s = 0;
      for (let j = 0; j < size; j++) s += (q[i * size + j] as number) * (v[j] as number);
      w[i] = (2 * s) / vv;
    }
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) q[i * size + j] = (q[i * size + j] as number) - (w[i] as number) * (v[j] as number);
  }
  return Q;
}

/** n × r with orthonormal columns (r ≤ n): Gaussian columns, Gram–Schmidt applied twice for stability. */
function orthonormalColumns(n: number, r: number, rng: Rng): DenseMatrix {
  const m = dense(n, r);
  const d = m.data;
  for (let j = 0; j < r; j++) {
    for (let i = 0; i < n; i++) d[i * r + j] = gaussian(rng);
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += (d[i * r + j] as number) * (d[i * r + k] as number);
        for (let i = 0; i < n; i++) d[i * r + j] = (d[i * r + j] as number) - dot * (d[i * r + k] as number);
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += (d[i * r + j] as number) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < n; i++) d[i * r + j] = (d[i * r + j] as number) / norm;
    }
  }
  return m;
}

/**
 * M = U diag(σ) Vᵀ with σ geometric from 1 to 1/cond (so cond(M) = cond) and its inverse
 * V diag(1/σ) Uᵀ, formed directly rather than by inverting M.
 */
export function conditioned(size: number, cond: number, rng: Rng): { M: DenseMatrix; Minv: DenseMatrix } {
  const U = randomOrthogonal(size, rng), V = randomOrthogonal(size, rng);
  const s = Array.from({ length: size }, (_, i) => (size === 1 ? 1 : cond ** (-i / (size - 1))));
  const S = dense(size, size), Sinv = dense(size, size);
  s.forEach((x, i) => { S.data[i * size + i] = x; Sinv.data[i * size + i] = 1 / x; });
  return { M: denseMul(denseMul(U, S), denseTranspose(V)), Minv: denseMul(denseMul(V, Sinv), denseTranspose(U)) };
}

/**
 * An n × r matrix with a spectral gap: orthonormal columns times singular values in [0.1, 1] times an
 * orthogonal r × r factor (theory.md §5: reduced singular values ≥ 0.1 σ₁).
 */
export function gapped(n: number, r: number, rng: Rng): DenseMatrix {
  if (r === 0) return dense(n, 0);
  // At most n independent columns: beyond that the rank is n whatever we do.
  const k = Math.min(n, r);
  const cols = dense(n, r);
  const basis = orthonormalColumns(n, k, rng);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) cols.data[i * r + j] = basis.data[i * k + j] as number;
  const S = dense(r, r);
  for (let i = 0; i < r; i++) S.data[i * r + i] = 1 - (0.9 * i) / Math.max(1, r - 1);
  return denseMul(denseMul(cols, S), randomOrthogonal(r, rng));
}
