// A model held in JavaScript memory for the audit, and the maps that produce equivalent models from it.
// A view carries the centred Gram K = G_cᵀ G_c (d × d) so that an equivalent model's K is A⁻ᵀ K A⁻¹,
// d³ work instead of V d², and its Cholesky factor is computed once.
import type { DenseMatrix } from '../../dense.js';
import { dense } from '../../dense.js';
import { centredGram, cholesky, type Cholesky } from './covariance.js';
import type { Vec } from './vec.js';

export interface DenseModel {
  F: DenseMatrix;
  G: DenseMatrix;
  pivot: number;
}

export class ModelView implements DenseModel {
  private chol: Cholesky | null | undefined;
  constructor(
    readonly F: DenseMatrix,
    readonly G: DenseMatrix,
    readonly pivot: number,
    /** K = G_cᵀ G_c; computed from G when not given. */
    readonly K: DenseMatrix = centredGram(G),
    /** How this model was obtained from the audited one (for reports). */
    readonly how = 'the model as given',
    /** For a reparameterised model, the map f̃ = A f and its inverse (to carry steering vectors and probes along). */
    readonly map: { A: DenseMatrix; Ainv: DenseMatrix } | null = null,
  ) {}

  get d(): number {
    return this.F.cols;
  }

  /** Cholesky factor of K, or null when K is singular (not g-diverse). */
  cholesky(): Cholesky | null {
    if (this.chol === undefined) this.chol = cholesky(this.K);
    return this.chol;
  }
}

/** C = A Bᵀ (row-major; A m × k, B n × k). */
export function mulABt(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  if (a.cols !== b.cols) throw new Error(`mulABt: ${a.rows}×${a.cols} by (${b.rows}×${b.cols})ᵀ`);
  const out = dense(a.rows, b.rows);
  const k = a.cols;
  for (let i = 0; i < a.rows; i++) {
    const ai = i * k;
    for (let j = 0; j < b.rows; j++) {
      const bj = j * k;
      let s = 0;
      for (let t = 0; t < k; t++) s += (a.data[ai + t] as number) * (b.data[bj + t] as number);
      out.data[i * b.rows + j] = s;
    }
  }
  return out;
}

export function transposeDense(a: DenseMatrix): DenseMatrix {
  const out = dense(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.data[j * a.rows + i] = a.data[i * a.cols + j] as number;
  return out;
}

/**
 * The equivalent model f̃ = A f, g̃ = A⁻ᵀ g (f̃ᵀ g̃ = fᵀ g for every pair, so P is unchanged):
 * F̃ = F Aᵀ, G̃ = G A⁻¹, K̃ = A⁻ᵀ K A⁻¹. `A` and `Ainv` are d × d, row-major.
 */
export function reparameterise(m: ModelView, A: DenseMatrix, Ainv: DenseMatrix, how: string): ModelView {
  const AinvT = transposeDense(Ainv);
  const K1 = mulABt(AinvT, m.K); // A⁻ᵀ K (K symmetric)
  const K2 = mulABt(K1, AinvT); // A⁻ᵀ K A⁻¹
  return new ModelView(mulABt(m.F, A), mulABt(m.G, AinvT), m.pivot, K2, how, { A, Ainv });
}

/** X + s (X a) bᵀ: a rank-one update of every row, O(rows · d). */
function rankOneUpdate(X: DenseMatrix, a: Vec, b: Vec, s: number): DenseMatrix {
  const { rows, cols } = X;
  const data = X.data.slice();
  for (let i = 0; i < rows; i++) {
    let xa = 0;
    for (let k = 0; k < cols; k++) xa += (X.data[i * cols + k] as number) * (a[k] as number);
    const c = s * xa;
    if (c === 0) continue;
    for (let k = 0; k < cols; k++) data[i * cols + k] = (data[i * cols + k] as number) + c * (b[k] as number);
  }
  return { rows, cols, data };
}

/**
 * A shear, an invertible map that moves one direction along another. Embedding side: f̃ = (I + t u wᵀ) f,
 * g̃ = (I − t w uᵀ) g; unembedding side: g̃ = (I + t u wᵀ) g, f̃ = (I − t w uᵀ) f. For u ⊥ w the two maps
 * are inverse transposes of each other (wᵀu = 0), so f̃ᵀ g̃ = fᵀ g. Rank-one updates: O((n + V) d + d³).
 */
export function shear(m: ModelView, side: 'unembedding' | 'embedding', u: Vec, w: Vec, t: number, how: string): ModelView {
  const d = m.d;
  // The map on g as a matrix B (g̃ = B g), to carry K̃ = B K Bᵀ.
  const B = dense(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const id = i === j ? 1 : 0;
      B.data[i * d + j] = side === 'unembedding' ? id + t * (u[i] as number) * (w[j] as number) : id - t * (w[i] as number) * (u[j] as number);
    }
  }
  const K = mulABt(mulABt(B, m.K), B); // B K Bᵀ (K symmetric)
  // The map on f: A = B⁻ᵀ, with B⁻¹ = 2I − B for these nilpotent shears.
  const A = dense(d, d), Ainv = dense(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const id = i === j ? 1 : 0;
      const bji = B.data[j * d + i] as number;
      Ainv.data[i * d + j] = bji; // A⁻¹ = Bᵀ
      A.data[i * d + j] = 2 * id - bji; // A = (Bᵀ)⁻¹ = 2I − Bᵀ
    }
  }
  // Rows: f̃ᵀ = fᵀ Aᵀ. Embedding side A = I + t u wᵀ: F̃ = F + t (F w) uᵀ; G̃ = G Bᵀ = G − t (G u) wᵀ.
  // Unembedding side A = I − t w uᵀ: F̃ = F − t (F u) wᵀ; G̃ = G + t (G w) uᵀ.
  const F = side === 'embedding' ? rankOneUpdate(m.F, w, u, t) : rankOneUpdate(m.F, u, w, -t);
  const G = side === 'embedding' ? rankOneUpdate(m.G, u, w, -t) : rankOneUpdate(m.G, w, u, t);
  return new ModelView(F, G, m.pivot, K, how, { A, Ainv });
}

/** A copy of the model with `w` added to one row of F or G (junk that leaves P unchanged when chosen right). */
export function withRowAdded(m: ModelView, which: 'F' | 'G', r: number, w: Vec, how: string): ModelView {
  const src = m[which];
  const data = src.data.slice();
  for (let k = 0; k < src.cols; k++) data[r * src.cols + k] = (data[r * src.cols + k] as number) + (w[k] as number);
  const M = { rows: src.rows, cols: src.cols, data };
  return which === 'F' ? new ModelView(M, m.G, m.pivot, m.K, how) : new ModelView(m.F, M, m.pivot, undefined, how);
}
