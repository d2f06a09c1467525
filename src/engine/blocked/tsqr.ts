// Tall-skinny QR: the R factor (k × d, k = min(rows, d)) of F or of G₀ without holding either. Rows are
// cut into fixed chunks; within a chunk, steps of s rows are written under the R so far in one buffer
// that the core factors in place (tsqr_load, tsqr_step): once the R is a full d × d triangle the step is
// the triangular-pentagonal QR (assembly/decomp/tpqr.ts), which skips the triangle's zeros, so a chunk
// costs 2·d² flops per row, as one dense QR of its rows would, and no copy of the block or of R is made
// per step. Chunk R's are then combined in a fixed binary tree ((R₀;R₁), (R₂;R₃), … level by level), with
// the step that skips the zeros of both triangles (tsqr_step_tt: about 2d³/3 flops instead of 2d³).
// Chunks and the tree depend only on the shape, never on the number of workers, so R is the same bit for
// bit for any number of them.
//
// Householder QR is backward stable: the computed R is the exact R of X + ΔX with ‖ΔX‖ ≤ c·u·‖X‖ per step
// (the structured steps are Householder QR of the stacked block with exact zeros skipped: the same bound,
// on columns of at most s + 1 entries instead of s + d, and in the tree at most d + 1 instead of 2d), and
// the tree adds one such step per level (Demmel et al., "Communication-optimal parallel and sequential
// QR", 2012): the bound grows with the depth, log₂(chunks) + steps per chunk, not with rows.
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
 * Steps of at least 2d rows and about 32 MiB of f64 (few passes over the triangle per chunk); the rows are cut into TSQR_CHUNKS chunks (fewer when there are fewer steps), a constant, so two
 * workers are evenly loaded and the tree stays shallow, whatever the number of workers.
 */
export const TSQR_CHUNKS = 4;

/** Factors wider than this take TSQR steps of d rows instead of 2d (memory, see tsqrPlan). */
export const WIDE_D = 2048;

/** `src` gives the shape: a model, or for the joint factor [X_A | X_B] one with d = d_A + d_B. */
export function tsqrPlan(src: Pick<ModelSource, 'n' | 'V' | 'd' | 'pivot'>, which: Factor, step?: number): TsqrPlan {
  const d = src.d;
  // Above WIDE_D a worker's step buffer, 8·(s + d)·d bytes, dominates its memory: s = d holds 16 d² bytes
  // (256 MiB at d = 4096; s = 2d: 384 MiB). The structured step makes the work per row independent of s,
  // so the smaller step costs only more passes over the triangle (O(d²) memory traffic each).
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

/** Rows per read: a chunk's rows are read into a staging block this tall and transposed into the step's buffer. */
export const TSQR_STAGE_ROWS = 256;

/**
 * Core memory for one chunk: the step's buffer (s + d rows of d columns, the running R on top, written in
 * place), the staging block, and the blocked update's workspace (two d × 32 panels, T, gemm's packing:
 * under 1 MiB, counted as d²/64 + 1 MiB so the estimate stays an upper bound).
 */
export function tsqrBytes(plan: TsqrPlan): number {
  const d = plan.d;
  return 8 * d * (plan.stepRows + d + Math.min(TSQR_STAGE_ROWS, plan.stepRows) + 80) + 2 ** 20;
}

/**
 * R (k × d, row-major, non-negative diagonal) from a factored block in the core (column j at Wt + j·ld):
 * read straight from the upper trapezoid, so no second core buffer of d² is needed.
 */
function readR(core: Core, Wt: number, ld: number, k: number, d: number): RFactor {
  const f = core.f64, base = Wt >>> 3;
  const R = new Float64Array(k * d);
  for (let i = 0; i < k; i++) {
    // Negating a row of R (and the matching column of the unformed Q) is exact.
    const sign = f[base + i * ld + i]! < 0 ? -1 : 1;
    const row = i * d;
    for (let j = i; j < d; j++) R[row + j] = sign * f[base + j * ld + i]!;
  }
  return { k, d, R };
}

/**
 * Write a row-major block of `count` rows into rows r0 … of the step buffer (column-contiguous, ld),
 * TSQR_STAGE_ROWS rows at a time: the core never holds a second copy of the block.
 */
function loadRows(core: Core, src: Float64Array, count: number, d: number, Wt: number, ld: number, r0: number): void {
  const b = Math.min(TSQR_STAGE_ROWS, count);
  const mark = core.mark();
  try {
    const A = core.allocBytes(8 * b * d, 'tsqr');
    for (let i = 0; i < count; i += b) {
      const i1 = Math.min(count, i + b);
      core.f64.set(src.subarray(i * d, i1 * d), A >>> 3);
      core.call('tsqr_load', i1 - i, d, A, Wt, ld, r0 + i);
    }
  } finally {
    core.reset(mark);
  }
}

/** Whether a row-major k × d block is upper trapezoidal: exact zeros below its diagonal. */
function upperTrapezoidal(p: RFactor): boolean {
  for (let i = 1; i < p.k; i++) {
    const row = i * p.d, end = row + Math.min(i, p.d);
    for (let j = row; j < end; j++) if (p.R[j] !== 0) return false;
  }
  return true;
}

/**
 * R of the stacked k₁ + k₂ rows (or of one block); runs in the caller's core and frees what it used. The
 * first part must be upper trapezoidal (what lies below its diagonal is not read).
 */
export function stackedR(core: Core, d: number, parts: readonly RFactor[]): RFactor {
  const rows = parts.reduce((s, p) => s + p.k, 0);
  if (rows === 0) return { k: 0, d, R: new Float64Array(0) };
  const mark = core.mark();
  try {
    const Wt = core.allocBytes(8 * rows * d, 'tsqr');
    let at = 0;
    for (const p of parts) {
      if (p.k > 0) loadRows(core, p.R, p.k, d, Wt, rows, at);
      at += p.k;
    }
    // The first part is upper trapezoidal: the step uses its structure when it is a full triangle. Two R
    // factors (a tree combination) make the bottom trapezoidal too, and tsqr_step_tt skips its zeros as
    // well. The bottom's structure is checked, not assumed: decision.ts's ownR stacks the rows of a wider
    // R above its diagonal block, which are dense, and with exact zeros there the shortcut is exact.
    const top = parts.length > 1 ? Math.min(parts[0]!.k, d) : 0;
    const tt = parts.length === 2 && upperTrapezoidal(parts[1]!);
    core.call(tt ? 'tsqr_step_tt' : 'tsqr_step', rows, d, top, Wt, rows);
    return readR(core, Wt, rows, Math.min(rows, d), d);
  } finally {
    core.reset(mark);
  }
}

export class TsqrRunner {
  constructor(private readonly core: Core, readonly plan: TsqrPlan, private readonly rows: RowReader) {
    if (rows.d !== plan.d || rows.count !== plan.rows) throw new RangeError(`TSQR: the plan is for ${plan.rows} × ${plan.d}, the rows are ${rows.count} × ${rows.d}`);
  }

  /**
   * The R of chunk c: steps of s rows written under the running R, in row order, in one buffer that the
   * core factors in place (tsqr_step); the R stays on top of the buffer from one step to the next.
   */
  run(chunk: number): RFactor {
    const { rows, d, chunkRows, stepRows } = this.plan;
    const c0 = chunk * chunkRows, c1 = Math.min(rows, c0 + chunkRows);
    const ld = stepRows + d;
    const b = Math.min(TSQR_STAGE_ROWS, stepRows);
    const mark = this.core.mark();
    try {
      const Wt = this.core.allocBytes(8 * ld * d, 'tsqr');
      const stage = this.core.allocBytes(8 * b * d, 'tsqr');
      let k = 0;
      for (let i0 = c0; i0 < c1; i0 += stepRows) {
        const i1 = Math.min(c1, i0 + stepRows);
        for (let r = i0; r < i1; r += b) {
          const r1 = Math.min(i1, r + b);
          this.rows.read(r, r1, this.core.f64.subarray(stage >>> 3, (stage >>> 3) + (r1 - r) * d));
          this.core.call('tsqr_load', r1 - r, d, stage, Wt, ld, k + r - i0);
        }
        const m = k + i1 - i0;
        this.core.call('tsqr_step', m, d, k, Wt, ld);
        k = Math.min(m, d);
      }
      return readR(this.core, Wt, ld, k, d);
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
