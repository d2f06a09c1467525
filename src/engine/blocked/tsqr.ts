// Tall-skinny QR: the R factor (k × d, k = min(rows, d)) of F or of G₀ without holding either. Rows are
// cut into fixed chunks; within a chunk, steps of s rows are stacked under the R so far and factored
// (qr_r in the core), so a chunk costs the QR of its rows plus d rows per step. Chunk R's are then
// combined in a fixed binary tree ((R₀;R₁), (R₂;R₃), … level by level). Chunks and the tree depend only
// on the shape, never on the number of workers, so R is the same bit for bit for any number of them.
//
// Householder QR is backward stable: the computed R is the exact R of X + ΔX with ‖ΔX‖ ≤ c·u·‖X‖ per step,
// and the tree adds one such step per level (Demmel et al., "Communication-optimal parallel and
// sequential QR", 2012): the bound grows with the depth, log₂(chunks) + steps per chunk, not with rows.
import type { Core } from '../../wasm/core.js';
import type { ModelSource } from '../../io/stream/source.js';

import type { Factor, RowReader } from './rows.js';

export type { Factor };

export interface TsqrPlan {
  which: Factor;
  /** Rows of X: n for F; V − 1 for G₀ (the pivot's zero row is left out). */
  rows: number;
  d: number;
  pivot: number;
  chunkRows: number;
  stepRows: number;
}

/**
 * Steps of at least 2d rows (the stacked R then adds at most half a step of work) and about 32 MiB of
 * f64; the rows are cut into TSQR_CHUNKS chunks (fewer when there are fewer steps), a constant, so two
 * workers are evenly loaded and the tree stays shallow, whatever the number of workers.
 */
export const TSQR_CHUNKS = 4;

/** Factors wider than this take TSQR steps of d rows instead of 2d (memory, see tsqrPlan). */
export const WIDE_D = 2048;

/** `src` gives the shape: a model, or for the joint factor [X_A | X_B] one with d = d_A + d_B. */
export function tsqrPlan(src: Pick<ModelSource, 'n' | 'V' | 'd' | 'pivot'>, which: Factor, step?: number): TsqrPlan {
  const d = src.d;
  // Above WIDE_D a worker's step, (s + d) × d plus qr_r's transposed copy and R, dominates the peak
  // memory (0.94 GB per worker at d = 4096 with s = 2d): steps of s = d hold 40 d² bytes (0.67 GB) for
  // about 25% more QR work, which keeps a Llama-sized pair on two workers within 3 GB.
  const stepRows = step ?? (d > WIDE_D ? d : Math.max(2 * d, Math.ceil((32 * 1024 * 1024) / (8 * d))));
  const rows = which === 'F' ? src.n : src.V - 1;
  const chunks = Math.min(TSQR_CHUNKS, Math.max(1, Math.ceil(rows / stepRows)));
  return { which, rows, d, pivot: src.pivot, chunkRows: Math.ceil(rows / chunks), stepRows };
}

export function tsqrChunkCount(plan: TsqrPlan): number {
  return Math.max(1, Math.ceil(plan.rows / plan.chunkRows));
}

/** A row-block R factor: k × d row-major. */
export interface RFactor {
  k: number;
  d: number;
  R: Float64Array;
}

/** Core memory for one chunk: the stacked block (s + d rows), its working copy and R. */
export function tsqrBytes(plan: TsqrPlan): number {
  const rows = plan.stepRows + plan.d;
  return 8 * (2 * rows * plan.d + plan.d * plan.d + plan.d);
}

/** R of the stacked k₁ + k₂ rows (or of one block); runs in the caller's core and frees what it used. */
export function stackedR(core: Core, d: number, parts: readonly RFactor[]): RFactor {
  const rows = parts.reduce((s, p) => s + p.k, 0);
  const k = Math.min(rows, d);
  const mark = core.mark();
  try {
    const A = core.allocBytes(8 * rows * d, 'tsqr');
    const R = core.allocBytes(8 * Math.max(k, 1) * d, 'tsqr');
    let at = A >>> 3;
    for (const p of parts) {
      core.f64.set(p.R.subarray(0, p.k * d), at);
      at += p.k * d;
    }
    core.call('qr_r', rows, d, A, R);
    return { k, d, R: core.f64.slice(R >>> 3, (R >>> 3) + k * d) };
  } finally {
    core.reset(mark);
  }
}

export class TsqrRunner {
  constructor(private readonly core: Core, readonly plan: TsqrPlan, private readonly rows: RowReader) {
    if (rows.d !== plan.d || rows.count !== plan.rows) throw new RangeError(`TSQR: the plan is for ${plan.rows} × ${plan.d}, the rows are ${rows.count} × ${rows.d}`);
  }

  /** The R of chunk c: steps of s rows stacked under the running R, in row order. */
  run(chunk: number): RFactor {
    const { rows, d, chunkRows, stepRows } = this.plan;
    const c0 = chunk * chunkRows, c1 = Math.min(rows, c0 + chunkRows);
    const mark = this.core.mark();
    try {
      const A = this.core.allocBytes(8 * (stepRows + d) * d, 'tsqr');
      const R = this.core.allocBytes(8 * d * d, 'tsqr');
      let k = 0;
      for (let i0 = c0; i0 < c1; i0 += stepRows) {
        const i1 = Math.min(c1, i0 + stepRows);
        const base = A >>> 3;
        // The running R (k rows) first, then the new rows: the same stacking order in every run.
        if (k > 0) this.core.f64.copyWithin(base, R >>> 3, (R >>> 3) + k * d);
        this.rows.read(i0, i1, this.core.f64.subarray(base + k * d, base + (k + i1 - i0) * d));
        const m = k + i1 - i0;
        this.core.call('qr_r', m, d, A, R);
        k = Math.min(m, d);
      }
      return { k, d, R: this.core.f64.slice(R >>> 3, (R >>> 3) + k * d) };
    } finally {
      this.core.reset(mark);
    }
  }
}

/** One level of the tree: pairs (0,1), (2,3), …; an odd last one is carried up unchanged. */
export function treeLevel(level: readonly RFactor[]): RFactor[][] {
  const pairs: RFactor[][] = [];
  for (let i = 0; i < level.length; i += 2) pairs.push(level.slice(i, i + 2));
  return pairs;
}

/** Combine chunk R's in the fixed tree: pairs (0,1), (2,3), …, an odd last one carried up a level. */
export function combineR(core: Core, d: number, parts: readonly RFactor[]): RFactor {
  if (parts.length === 0) return { k: 0, d, R: new Float64Array(0) };
  let level = [...parts];
  while (level.length > 1) {
    const next: RFactor[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? stackedR(core, d, [level[i]!, level[i + 1]!]) : level[i]!);
    }
    level = next;
  }
  return level[0]!;
}
