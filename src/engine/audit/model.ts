// A model as the audit reads it, and the maps that produce equivalent models from it. The measures read
// only a few rows of F and G, products F u (n-vector) and G u (V-vector) with d-vectors, and the centred
// Gram K = G_cᵀ G_c (d × d), so that an equivalent model's K is A⁻ᵀ K A⁻¹, d³ work instead of V d².
// `ModelView` holds F and G in JavaScript memory (small models); streamed.ts holds F and a few rows of G
// and takes products with G from a streamed pass (real sizes). Both give the same numbers to rounding.
import type { DenseMatrix } from '../../dense.js';
import { dense } from '../../dense.js';
import { centredGram, cholesky, type Cholesky } from './covariance.js';
import { matVec, row, type Vec } from './vec.js';
import { coreMulABt, worthCore } from './kernels.js';

export type Side = 'unembedding' | 'embedding';

/** What the audit's measures and draws read of a model (f = rows of F, g = rows of G). */
export interface AuditModel {
  readonly n: number;
  readonly V: number;
  readonly d: number;
  readonly pivot: number;
  /** K = G_cᵀ G_c. */
  readonly K: DenseMatrix;
  /** How this model was obtained from the audited one (for reports). */
  readonly how: string;
  /** For a reparameterised model, the map f̃ = A f and its inverse (to carry steering vectors and probes along). */
  readonly map: { A: DenseMatrix; Ainv: DenseMatrix } | null;
  /** Cholesky factor of K, or null when K is singular (not g-diverse). */
  cholesky(): Cholesky | null;
  fRow(x: number): Vec;
  /** fRow of each listed context (one product on the core at real sizes instead of a d² loop per row). */
  fRows(xs: readonly number[]): Vec[];
  gRow(y: number): Vec;
  /** F u: one entry per context. */
  fTimes(u: Vec): Vec;
  /** G u: one entry per token. */
  gTimes(u: Vec): Vec;
  /** The logits of context x over all tokens, centred (mean over tokens removed). */
  centredLogits(x: number): Float64Array;
  /** Mean over tokens of ‖g_y‖. */
  meanRowNormG(): number;
  /** f̃ = A f, g̃ = A⁻ᵀ g (K̃ = A⁻ᵀ K A⁻¹). */
  reparameterised(A: DenseMatrix, Ainv: DenseMatrix, how: string): AuditModel;
  /** g̃ = g + c for every token (C1). */
  shifted(c: Vec, how: string): AuditModel;
  /** The shear of `shear` below. */
  sheared(side: Side, u: Vec, w: Vec, t: number, how: string): AuditModel;
  /** w added to row r of F or G. */
  withRowAdded(which: 'F' | 'G', r: number, w: Vec, how: string): AuditModel;
  /** adds[x] added to row x of F for each listed context. */
  withContextRowsAdded(adds: Map<number, Vec>, how: string): AuditModel;
}

export interface DenseModel {
  F: DenseMatrix;
  G: DenseMatrix;
  pivot: number;
}

export class ModelView implements DenseModel, AuditModel {
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

  get n(): number {
    return this.F.rows;
  }

  get V(): number {
    return this.G.rows;
  }

  fRow(x: number): Vec {
    return row(this.F, x);
  }

  fRows(xs: readonly number[]): Vec[] {
    return xs.map((x) => this.fRow(x));
  }

  gRow(y: number): Vec {
    return row(this.G, y);
  }

  fTimes(u: Vec): Vec {
    return matVec(this.F, u);
  }

  gTimes(u: Vec): Vec {
    return matVec(this.G, u);
  }

  centredLogits(x: number): Float64Array {
    const { F, G } = this, d = F.cols, V = G.rows;
    const z = new Float64Array(V);
    let mean = 0;
    for (let y = 0; y < V; y++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (F.data[x * d + k] as number) * (G.data[y * d + k] as number);
      z[y] = s;
      mean += s / V;
    }
    return z.map((v) => v - mean);
  }

  meanRowNormG(): number {
    let scale = 0;
    for (let y = 0; y < this.G.rows; y++) {
      const g = this.G.data.subarray(y * this.d, (y + 1) * this.d);
      let s = 0;
      for (let i = 0; i < g.length; i++) s += (g[i] as number) * (g[i] as number);
      scale += Math.sqrt(s) / this.G.rows;
    }
    return scale;
  }

  reparameterised(A: DenseMatrix, Ainv: DenseMatrix, how: string): AuditModel {
    return reparameterise(this, A, Ainv, how);
  }

  shifted(c: Vec, how: string): AuditModel {
    const { rows, cols } = this.G;
    const data = this.G.data.slice();
    for (let y = 0; y < rows; y++) for (let k = 0; k < cols; k++) data[y * cols + k] = (data[y * cols + k] as number) + (c[k] as number);
    return new ModelView(this.F, { rows, cols, data }, this.pivot, this.K, how, this.map);
  }

  sheared(side: Side, u: Vec, w: Vec, t: number, how: string): AuditModel {
    return shear(this, side, u, w, t, how);
  }

  withRowAdded(which: 'F' | 'G', r: number, w: Vec, how: string): AuditModel {
    return withRowAdded(this, which, r, w, how);
  }

  withContextRowsAdded(adds: Map<number, Vec>, how: string): AuditModel {
    const d = this.d, data = this.F.data.slice();
    for (const [x, w] of adds) for (let j = 0; j < d; j++) data[x * d + j] = (data[x * d + j] as number) + (w[j] as number);
    return new ModelView({ rows: this.F.rows, cols: d, data }, this.G, this.pivot, this.K, how);
  }

  /** Cholesky factor of K, or null when K is singular (not g-diverse). */
  cholesky(): Cholesky | null {
    if (this.chol === undefined) this.chol = cholesky(this.K);
    return this.chol;
  }
}

/** C = A Bᵀ (row-major; A m × k, B n × k): on the core at real sizes (kernels.ts), else in JavaScript. */
export function mulABt(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  if (a.cols !== b.cols) throw new Error(`mulABt: ${a.rows}×${a.cols} by (${b.rows}×${b.cols})ᵀ`);
  if (worthCore(a.rows, b.rows, a.cols)) return coreMulABt(a, b);
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
  return new ModelView(mulABt(m.F, A), mulABt(m.G, AinvT), m.pivot, transformedGram(m.K, AinvT), how, { A, Ainv });
}

/** A⁻ᵀ K A⁻¹ from K and A⁻ᵀ. */
export function transformedGram(K: DenseMatrix, AinvT: DenseMatrix): DenseMatrix {
  const K1 = mulABt(AinvT, K); // A⁻ᵀ K (K symmetric)
  return mulABt(K1, AinvT); // A⁻ᵀ K A⁻¹
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
export function shear(m: ModelView, side: Side, u: Vec, w: Vec, t: number, how: string): ModelView {
  const { K, A, Ainv } = shearMaps(m.K, side, u, w, t);
  // Rows: f̃ᵀ = fᵀ Aᵀ. Embedding side A = I + t u wᵀ: F̃ = F + t (F w) uᵀ; G̃ = G Bᵀ = G − t (G u) wᵀ.
  // Unembedding side A = I − t w uᵀ: F̃ = F − t (F u) wᵀ; G̃ = G + t (G w) uᵀ.
  const F = side === 'embedding' ? rankOneUpdate(m.F, w, u, t) : rankOneUpdate(m.F, u, w, -t);
  const G = side === 'embedding' ? rankOneUpdate(m.G, u, w, -t) : rankOneUpdate(m.G, w, u, t);
  return new ModelView(F, G, m.pivot, K, how, { A, Ainv });
}

/** The d × d maps of a shear (see `shear`): the new K = B K Bᵀ, A (on f) and A⁻¹ = Bᵀ. */
export function shearMaps(K0: DenseMatrix, side: Side, u: Vec, w: Vec, t: number): { K: DenseMatrix; A: DenseMatrix; Ainv: DenseMatrix } {
  const d = K0.rows;
  // The map on g as a matrix B (g̃ = B g), to carry K̃ = B K Bᵀ.
  const B = dense(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const id = i === j ? 1 : 0;
      B.data[i * d + j] = side === 'unembedding' ? id + t * (u[i] as number) * (w[j] as number) : id - t * (w[i] as number) * (u[j] as number);
    }
  }
  const K = mulABt(mulABt(B, K0), B); // B K Bᵀ (K symmetric)
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
  return { K, A, Ainv };
}

/** A copy of the model with `w` added to one row of F or G (junk that leaves P unchanged when chosen right). */
export function withRowAdded(m: ModelView, which: 'F' | 'G', r: number, w: Vec, how: string): ModelView {
  const src = m[which];
  const data = src.data.slice();
  for (let k = 0; k < src.cols; k++) data[r * src.cols + k] = (data[r * src.cols + k] as number) + (w[k] as number);
  const M = { rows: src.rows, cols: src.cols, data };
  return which === 'F' ? new ModelView(M, m.G, m.pivot, m.K, how) : new ModelView(m.F, M, m.pivot, undefined, how);
}
