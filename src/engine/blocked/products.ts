// Streamed products with a model's factor X (F or G₀) and small d × k matrices: projections Y = X P
// (α = F Q, β = G₀ Q) and Frobenius norms of differences ‖X_A P_A − X_B P_B‖_F, which is every residual
// ~L and ~EL need (‖G₀ − G̃₀ M⁻¹‖, ‖β − β̃ M⁻¹‖, the junk ‖G₀ − β Qᵀ‖ with P = I − Q Qᵀ). Block results
// are combined in block order, so sums do not depend on the number of workers.
import type { Core } from '../../wasm/core.js';
import type { ModelSource } from '../../io/stream/source.js';
import { FactorRows, type Factor } from './rows.js';

export interface ProductPlan {
  which: Factor;
  /** Rows of X (n, or V − 1). */
  rows: number;
  blockRows: number;
  k: number;
  /** d_A × k and d_B × k, row-major; PB null: only X_A P_A. */
  PA: Float64Array;
  PB: Float64Array | null;
  /** Return the rows of Y = X_A P_A − X_B P_B (or X_A P_A) for each block. */
  keep: boolean;
}

export interface ProductPartial {
  /** Σ of squares over the block of X_A P_A − X_B P_B, of X_A P_A, of X_B P_B. */
  diff2: number;
  a2: number;
  b2: number;
  Y: Float64Array | null;
}

export interface ProductResult {
  /** Frobenius norms. */
  diff: number;
  a: number;
  b: number;
  /** Y (rows × k) when kept. */
  Y: Float64Array | null;
}

export function productBlockCount(plan: ProductPlan): number {
  return Math.max(1, Math.ceil(plan.rows / plan.blockRows));
}

function sumSq(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (x[i] as number);
  return s;
}

export class ProductRunner {
  private readonly ra: FactorRows;
  private readonly rb: FactorRows | null;
  private readonly bufs: { XA: number; XB: number; PA: number; PB: number; YA: number; YB: number };

  constructor(private readonly core: Core, readonly plan: ProductPlan, a: ModelSource, b: ModelSource | null) {
    this.ra = new FactorRows(a, plan.which);
    this.rb = b && plan.PB ? new FactorRows(b, plan.which) : null;
    const s = plan.blockRows, k = Math.max(plan.k, 1);
    const dA = this.ra.d, dB = this.rb?.d ?? 0;
    const alloc = (n: number) => core.allocBytes(8 * Math.max(n, 1), 'products');
    this.bufs = { XA: alloc(s * dA), XB: alloc(s * dB), PA: alloc(dA * k), PB: alloc(dB * k), YA: alloc(s * k), YB: alloc(s * k) };
    core.f64.set(plan.PA, this.bufs.PA >>> 3);
    if (this.rb && plan.PB) core.f64.set(plan.PB, this.bufs.PB >>> 3);
  }

  run(block: number): ProductPartial {
    const { rows, blockRows, k, keep } = this.plan;
    const i0 = block * blockRows, i1 = Math.min(rows, i0 + blockRows), m = i1 - i0;
    const { XA, XB, PA, PB, YA, YB } = this.bufs;
    const view = (p: number, len: number) => this.core.f64.subarray(p >>> 3, (p >>> 3) + len);
    if (m === 0 || k === 0) return { diff2: 0, a2: 0, b2: 0, Y: keep ? new Float64Array(0) : null };
    this.ra.read(i0, i1, view(XA, m * this.ra.d));
    this.core.call('gemm', 0, 0, m, k, this.ra.d, 1, XA, this.ra.d, PA, k, 0, YA, k);
    const a2 = sumSq(view(YA, m * k));
    if (!this.rb) return { diff2: a2, a2, b2: 0, Y: keep ? view(YA, m * k).slice() : null };
    this.rb.read(i0, i1, view(XB, m * this.rb.d));
    this.core.call('gemm', 0, 0, m, k, this.rb.d, 1, XB, this.rb.d, PB, k, 0, YB, k);
    const b2 = sumSq(view(YB, m * k));
    const ya = view(YA, m * k), yb = view(YB, m * k);
    for (let i = 0; i < m * k; i++) ya[i] = (ya[i] as number) - (yb[i] as number);
    return { diff2: sumSq(ya), a2, b2, Y: keep ? ya.slice() : null };
  }
}

/** Combine in block order (the sums' order is fixed by the blocks, not by who computed them). */
export function combineProducts(plan: ProductPlan, parts: readonly ProductPartial[]): ProductResult {
  let diff2 = 0, a2 = 0, b2 = 0;
  for (const p of parts) { diff2 += p.diff2; a2 += p.a2; b2 += p.b2; }
  let Y: Float64Array | null = null;
  if (plan.keep) {
    Y = new Float64Array(plan.rows * plan.k);
    let at = 0;
    for (const p of parts) { Y.set(p.Y!, at); at += p.Y!.length; }
  }
  return { diff: Math.sqrt(diff2), a: Math.sqrt(a2), b: Math.sqrt(b2), Y };
}
