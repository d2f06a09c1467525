// A model for the audit at real sizes (issue 12's sizes): F is held (n × d, O(n·d) like the blocked
// engine's gap pass), G is not. The audit reads of G only the rows its properties name, K = G_cᵀ G_c, and
// products G u with d-vectors; an equivalent model is never formed: f̃ = A f + (edits), g̃ = A⁻ᵀ g + c +
// (edits) are applied to exactly what a measure reads (a row: d² work; F̃ u = F (Aᵀ u); G̃ u = G (A⁻¹ u)
// + 1 cᵀu), and K̃ = A⁻ᵀ K A⁻¹ (d³). Products with G come from a streamed pass over the file: a property
// is audited once with `GProducts` collecting the vectors (placeholders returned), the products are
// computed in one pass for all of them, and the property is audited again reading them. Which vectors are
// asked for depends only on rows of F and G, the maps A and the property, never on a product's value, so
// the second run asks for the same ones (a miss is an internal error, never a silent zero).
import type { DenseMatrix } from '../../dense.js';
import { cholesky, type Cholesky } from './covariance.js';
import { shearMaps, transformedGram, transposeDense, type AuditModel, type Side } from './model.js';
import { dotv, matTVec, matVec, type Vec } from './vec.js';
import { coreMulABt, worthCore } from './kernels.js';

const keyOf = (w: Vec): string => Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('base64');

/** Products G w (one entry per token) for the d-vectors w the audit asks for. */
export class GProducts {
  private readonly done = new Map<string, Vec>();
  private readonly wanted = new Map<string, Vec>();
  /** While collecting, a missing product is recorded and a zero placeholder returned. */
  collecting = true;

  constructor(readonly V: number) {}

  times(w: Vec): Vec {
    const key = keyOf(w);
    const hit = this.done.get(key);
    if (hit) return hit;
    if (!this.collecting) throw new Error('internal: a product with G was asked for that the collecting run did not ask for');
    if (!this.wanted.has(key)) this.wanted.set(key, w.slice());
    return new Float64Array(this.V);
  }

  /** The vectors asked for and not yet computed, in the order first asked. */
  pending(): Vec[] {
    return [...this.wanted.values()];
  }

  /** Store G w for each w of `ws`. */
  fill(ws: Vec[], products: Vec[]): void {
    ws.forEach((w, i) => {
      const key = keyOf(w);
      this.done.set(key, products[i] as Vec);
      this.wanted.delete(key);
    });
  }
}

/** What is held of the audited model. */
export interface StreamedBase {
  n: number;
  V: number;
  d: number;
  pivot: number;
  F: DenseMatrix;
  /** The rows of G the properties name, and the pivot's. */
  gRows: Map<number, Vec>;
  /** Column means of G (Σ_y g_y / V, summed in token order). */
  gMean: Vec;
  /** Mean over tokens of ‖g_y‖ (Σ_y ‖g_y‖ / V in token order, as ModelView computes it). */
  meanRowNorm: number;
  K: DenseMatrix;
  products: GProducts;
}

interface Transform {
  A: DenseMatrix | null;
  Ainv: DenseMatrix | null;
  c: Vec | null;
  fAdds: Map<number, Vec>;
  gAdds: Map<number, Vec>;
}

const IDENTITY: Transform = { A: null, Ainv: null, c: null, fAdds: new Map(), gAdds: new Map() };

export class StreamedView implements AuditModel {
  private chol: Cholesky | null | undefined;
  private gram: DenseMatrix | undefined;
  /** Shears of the base, by their parameters: each property's audit builds them again on the second run. */
  private readonly shears = new Map<string, StreamedView>();

  constructor(
    private readonly base: StreamedBase,
    private readonly t: Transform = IDENTITY,
    private readonly makeK: () => DenseMatrix = () => base.K,
    readonly how = 'the model as given',
  ) {}

  get n(): number {
    return this.base.n;
  }
  get V(): number {
    return this.base.V;
  }
  get d(): number {
    return this.base.d;
  }
  get pivot(): number {
    return this.base.pivot;
  }
  get K(): DenseMatrix {
    if (this.gram === undefined) this.gram = this.makeK();
    return this.gram;
  }
  get map(): { A: DenseMatrix; Ainv: DenseMatrix } | null {
    return this.t.A && this.t.Ainv ? { A: this.t.A, Ainv: this.t.Ainv } : null;
  }

  cholesky(): Cholesky | null {
    if (this.chol === undefined) this.chol = cholesky(this.K);
    return this.chol;
  }

  private isBase(what: string): void {
    if (this.t !== IDENTITY) throw new Error(`internal: ${what} of a model that is already a draw`);
  }

  fRow(x: number): Vec {
    const { F, d } = this.base;
    const f = F.data.slice(x * d, (x + 1) * d);
    // (A f)_j = Σ_t A_jt f_t in the order of ModelView's F Aᵀ: the same numbers.
    const moved = this.t.A ? matVec(this.t.A, f) : f;
    const add = this.t.fAdds.get(x);
    return add ? moved.map((v, j) => v + (add[j] as number)) : moved;
  }

  fRows(xs: readonly number[]): Vec[] {
    const { F, d } = this.base, A = this.t.A;
    if (!A || !worthCore(xs.length, d, d)) return xs.map((x) => this.fRow(x));
    // Rows f(x)ᵀ Aᵀ of F_xs Aᵀ: fRow's numbers summed in the core's order (within γ_d Σ|A_jt f_t|).
    const Fx = { rows: xs.length, cols: d, data: new Float64Array(xs.length * d) };
    xs.forEach((x, i) => Fx.data.set(F.data.subarray(x * d, (x + 1) * d), i * d));
    const moved = coreMulABt(Fx, A);
    return xs.map((x, i) => {
      const f = moved.data.slice(i * d, (i + 1) * d);
      const add = this.t.fAdds.get(x);
      return add ? f.map((v, j) => v + (add[j] as number)) : f;
    });
  }

  gRow(y: number): Vec {
    const g = this.base.gRows.get(y);
    if (!g) throw new Error(`internal: row ${y} of G was not read`);
    let out = this.t.Ainv ? matTVec(this.t.Ainv, g) : g.slice();
    const { c } = this.t;
    if (c) out = out.map((v, k) => v + (c[k] as number));
    const add = this.t.gAdds.get(y);
    return add ? out.map((v, k) => v + (add[k] as number)) : out;
  }

  fTimes(u: Vec): Vec {
    const out = matVec(this.base.F, this.t.A ? matTVec(this.t.A, u) : u);
    for (const [x, add] of this.t.fAdds) out[x] = (out[x] as number) + dotv(add, u);
    return out;
  }

  gTimes(u: Vec): Vec {
    const p = this.base.products.times(this.t.Ainv ? matVec(this.t.Ainv, u) : u);
    const shift = this.t.c ? dotv(this.t.c, u) : 0;
    const out = shift === 0 ? p.slice() : p.map((v) => v + shift);
    for (const [y, add] of this.t.gAdds) out[y] = (out[y] as number) + dotv(add, u);
    return out;
  }

  centredLogits(x: number): Float64Array {
    const z = this.gTimes(this.fRow(x));
    const V = z.length;
    let mean = 0;
    for (let y = 0; y < V; y++) mean += (z[y] as number) / V;
    return z.map((v) => v - mean);
  }

  meanRowNormG(): number {
    this.isBase('the mean row norm');
    return this.base.meanRowNorm;
  }

  reparameterised(A: DenseMatrix, Ainv: DenseMatrix, how: string): AuditModel {
    this.isBase('a reparameterisation');
    const K0 = this.K;
    return new StreamedView(this.base, { ...IDENTITY, A, Ainv }, () => transformedGram(K0, transposeDense(Ainv)), how);
  }

  shifted(c: Vec, how: string): AuditModel {
    if (this.t.fAdds.size > 0 || this.t.gAdds.size > 0 || this.t.c) throw new Error('internal: a shift of an edited model');
    return new StreamedView(this.base, { ...this.t, c: c.slice() }, () => this.K, how);
  }

  sheared(side: Side, u: Vec, w: Vec, t: number, how: string): AuditModel {
    this.isBase('a shear');
    const key = `${side} ${keyOf(u)} ${keyOf(w)} ${t} ${how}`;
    let view = this.shears.get(key);
    if (!view) {
      const { K, A, Ainv } = shearMaps(this.K, side, u, w, t);
      view = new StreamedView(this.base, { ...IDENTITY, A, Ainv }, () => K, how);
      this.shears.set(key, view);
    }
    return view;
  }

  withRowAdded(which: 'F' | 'G', r: number, w: Vec, how: string): AuditModel {
    this.isBase('a row edit');
    if (which === 'F') return new StreamedView(this.base, { ...IDENTITY, fAdds: new Map([[r, w.slice()]]) }, () => this.K, how);
    // G' = G + e_r wᵀ: G'_c = G_c + (e_r − 1/V) wᵀ, and G_cᵀ 1 = 0, so with c = g_r − ḡ
    // K' = K + c wᵀ + w cᵀ + (1 − 1/V) w wᵀ (d² work instead of V d²).
    const { gMean, V, d } = this.base;
    const g = this.gRow(r);
    const K0 = this.K;
    const makeK = (): DenseMatrix => {
      const c = g.map((v, k) => v - (gMean[k] as number));
      const data = K0.data.slice();
      const s = 1 - 1 / V;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          const wi = w[i] as number, wj = w[j] as number;
          data[i * d + j] = (data[i * d + j] as number) + (c[i] as number) * wj + wi * (c[j] as number) + s * wi * wj;
        }
      }
      return { rows: d, cols: d, data };
    };
    return new StreamedView(this.base, { ...IDENTITY, gAdds: new Map([[r, w.slice()]]) }, makeK, how);
  }

  withContextRowsAdded(adds: Map<number, Vec>, how: string): AuditModel {
    this.isBase('a context edit');
    return new StreamedView(this.base, { ...IDENTITY, fAdds: new Map([...adds].map(([x, w]) => [x, w.slice()])) }, () => this.K, how);
  }
}

/**
 * K = G_cᵀ G_c from the R factor of G₀ (rows g_y − g_pivot, y ≠ pivot) and the column means ḡ of G:
 * with H = G − 1 g_pivotᵀ (G₀ plus a zero row) HᵀH = G₀ᵀG₀ = RᵀR and H's mean row is h = ḡ − g_pivot, so
 * G_c = H − 1 hᵀ and K = RᵀR − V h hᵀ, exactly. Rounding: R is the exact factor of G₀ + ΔG₀ with
 * ‖ΔG₀‖_F ≤ c_QR ε ‖G₀‖_F (Householder TSQR), so ‖K̂ − K‖ ≲ (2 c_QR + d) ε ‖G₀‖_F² + 2 V ‖h‖ ‖δh‖, and by
 * Pythagoras (G_c ⟂ 1) ‖G₀‖_F² = ‖G_c‖_F² + V ‖h‖²: the error is that of the centred Gram summed
 * directly (γ_V ‖G_c‖_F² for ModelView's centredGram) times 1 + V‖h‖²/‖G_c‖_F², which is about 2 for a
 * pivot row inside the cloud of unembeddings (its squared distance to ḡ is then near the mean one).
 * Both are far below the stored numbers' own uncertainty (≈ 2u ‖G_c‖ ‖G‖ with u = 2⁻²⁴ for f32), and
 * this way costs d³ instead of a second V d² pass over G. `gramRatio` returns V‖h‖²/‖G_c‖_F² to show it.
 */
export function gramFromFactor(R: { k: number; d: number; R: Float64Array }, gMean: Vec, gPivot: Vec, V: number): { K: DenseMatrix; gramRatio: number } {
  const d = R.d, k = R.k;
  const h = gMean.map((v, i) => v - (gPivot[i] as number));
  const K = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let r = 0; r < k; r++) s += (R.R[r * d + i] as number) * (R.R[r * d + j] as number);
      const v = s - V * (h[i] as number) * (h[j] as number);
      K[i * d + j] = v;
      K[j * d + i] = v;
    }
  }
  let trace = 0, h2 = 0;
  for (let i = 0; i < d; i++) {
    trace += K[i * d + i] as number;
    h2 += (h[i] as number) ** 2;
  }
  return { K: { rows: d, cols: d, data: K }, gramRatio: trace > 0 ? (V * h2) / trace : Infinity };
}
