// The log-odds gap of two models in blocks (the contract of issue 10, floors-contract.md), never forming
// an n × (V−1) array: a block of b tokens at a time against all n contexts, two products in the core
// (L = F G₀ᵀ and L̃ = F̃ G̃₀ᵀ for those tokens), then one pass keeping running maxima with their place
// (the core's gap_scan: the same operations as the JavaScript loop it replaced, test/blocked/gap-scan).
//
// Each entry is computed by the same gemm call shape as the dense path (full depth d in one call), so
// its value does not depend on the block partition; maxima are exact; ties go to the first (x, y) in
// row-major order. The result is therefore the same bit for bit whatever the block order or the number
// of workers.
import type { Core } from '../../wasm/core.js';
import type { ModelSource } from '../../io/stream/source.js';
import { coarserDtype } from '../../io/stream/source.js';
import { logOddsEntryCoefficient, unitRoundoff } from './floor.js';
import { blockStats, combineStats, type BlockStats, type LogitSummary } from './logit-stats.js';
import { rowNorms, unembeddingNormsOf, type UnembeddingNorms } from './unembedding-norms.js';

export interface GapPlan {
  n: number;
  V: number;
  pivot: number;
  /** Tokens per block. */
  blockTokens: number;
  /** Floor coefficients c_A, c_B (floor.ts). */
  cA: number;
  cB: number;
  /** Also the per-context statistics of the approximate comparison (logit-stats.ts), pivot column included. */
  stats?: boolean;
}

/** The running maxima of one block (or of all blocks, combined). */
export interface GapPartial {
  /** max |L − L̃| / floor over the block (0/0 counts 0; x/0 with x > 0 is ∞). */
  ratio: number;
  /** Where ratio peaks: context and token (−1 when the block is empty). */
  x: number;
  y: number;
  maxDiff: number;
  maxAbsA: number;
  maxAbsB: number;
  /** The block's logit statistics when the plan asks for them. */
  stats?: BlockStats;
  /** ‖g_y‖ of the block's tokens, each model (the load forms them for the floors; combineGap sums them). */
  gNorms?: [Float64Array, Float64Array];
}

export interface GapResult extends GapPartial {
  /** max|L − L̃| / (1 + max(max|L|, max|L̃|)). */
  relGap: number;
  /** ratio ≤ 1: equal within the rounding of the inputs and of the computation. */
  equivalent: boolean;
  cA: number;
  cB: number;
  /** The approximate comparison's logit statistics, combined in block order (when the plan asked for them). */
  logit?: LogitSummary;
  /** Each model's unembedding norms from the ‖g_y‖ of every block, in token order (structure.ts needs them). */
  unembedding?: [UnembeddingNorms, UnembeddingNorms];
}

/**
 * `stats`: also take the approximate comparison's logit statistics (logit-stats.ts). `precision`: a coarser
 * unit roundoff asked for (--precision); each side's is the coarser of it and its dtype's.
 */
export function gapPlan(a: ModelSource, b: ModelSource, blockTokens: number, stats = false, precision = 0): GapPlan {
  const uA = Math.max(precision, unitRoundoff(coarserDtype(a.dtypeF, a.dtypeG))), uB = Math.max(precision, unitRoundoff(coarserDtype(b.dtypeF, b.dtypeG)));
  return { n: a.n, V: a.V, pivot: a.pivot, blockTokens, cA: logOddsEntryCoefficient(a.d, uA), cB: logOddsEntryCoefficient(b.d, uB), ...(stats ? { stats } : {}) };
}

export function gapBlockCount(plan: GapPlan): number {
  return Math.ceil(plan.V / plan.blockTokens);
}

/** Row norms ‖row_i‖₂ in f64, summed left to right (the contract's norms; fixed order). */

interface Side {
  d: number;
  F: number;
  /** Block of G₀ rows (b × d) and the products L (n × b). */
  G: number;
  L: number;
  /** c·‖f_x‖ per context (n), the floor's factor for F; core memory, as gap_scan reads it. */
  fc: number;
  gPivot: Float64Array;
  ngPivot: number;
  /** ‖g_y‖ of the block's tokens (b), core memory. */
  ng: number;
  src: ModelSource;
}

/**
 * The per-thread state of a gap pass: both F in core memory with their row norms, buffers for one token
 * block. Memory: 8·n·(d_A + d_B) + 8·b·(d_A + d_B + 2n) bytes plus gemm packing.
 */
export class GapRunner {
  private readonly A: Side;
  private readonly B: Side;
  /** gap_scan's record: ratio, x, j, maxDiff, maxAbsA, maxAbsB. */
  private readonly out: number;

  constructor(private readonly core: Core, readonly plan: GapPlan, a: ModelSource, b: ModelSource) {
    this.A = this.side(a, plan.cA);
    this.B = this.side(b, plan.cB);
    this.out = core.allocBytes(8 * 6, 'gap scan');
  }

  static bytes(plan: GapPlan, dA: number, dB: number): number {
    return 8 * (plan.n * (dA + dB + 2) + plan.blockTokens * (dA + dB + 2 * plan.n + 2) + 6);
  }

  private side(src: ModelSource, c: number): Side {
    const { n, blockTokens: b, pivot } = this.plan;
    const d = src.d;
    const F = this.core.allocBytes(8 * n * d, 'gap F');
    const G = this.core.allocBytes(8 * b * d, 'gap G');
    const L = this.core.allocBytes(8 * n * b, 'gap L');
    const fc = this.core.allocBytes(8 * n, 'gap floors'), ng = this.core.allocBytes(8 * b, 'gap floors');
    const f64 = this.core.f64;
    src.readF(0, n, f64.subarray(F >>> 3, (F >>> 3) + n * d));
    const nf = rowNorms(f64.subarray(F >>> 3, (F >>> 3) + n * d), n, d);
    // The loop this replaced multiplied c·‖f_x‖ per row: the same product, once.
    for (let x = 0; x < n; x++) f64[(fc >>> 3) + x] = c * (nf[x] as number);
    const gPivot = new Float64Array(d);
    src.readG(pivot, pivot + 1, gPivot);
    const ngPivot = rowNorms(gPivot, 1, d)[0] as number;
    return { d, F, G, L, fc, gPivot, ngPivot, ng, src };
  }

  /**
   * Read the token block [t0, t1) of one model into G₀ rows (the pivot's row becomes zero) and its ‖g_y‖
   * (into the core for the scan, and returned: combineGap sums them); g02 = ‖G₀ block‖²_F with `stats`.
   */
  private load(s: Side, t0: number, t1: number): { g02: number; norms: Float64Array } {
    const f64 = this.core.f64;
    const bb = t1 - t0, d = s.d, base = s.G >>> 3;
    const view = f64.subarray(base, base + bb * d);
    s.src.readG(t0, t1, view);
    const norms = rowNorms(view, bb, d);
    f64.set(norms, s.ng >>> 3);
    const gp = s.gPivot;
    for (let i = 0; i < bb; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) view[o + j] = (view[o + j] as number) - (gp[j] as number);
    }
    if (!this.plan.stats) return { g02: 0, norms };
    let g02 = 0;
    for (let k = 0; k < bb * d; k++) g02 += (view[k] as number) ** 2;
    return { g02, norms };
  }

  run(block: number): GapPartial {
    const { n, V, pivot, blockTokens } = this.plan;
    const t0 = block * blockTokens, t1 = Math.min(V, t0 + blockTokens), bb = t1 - t0;
    const A = this.A, B = this.B;
    const [ga, gb] = [A, B].map((s) => {
      const g = this.load(s, t0, t1);
      this.core.call('gemm', 0, 1, n, bb, s.d, 1, s.F, s.d, s.G, s.d, 0, s.L, bb);
      return g;
    }) as [{ g02: number; norms: Float64Array }, { g02: number; norms: Float64Array }];
    const skip = pivot >= t0 && pivot < t1 ? pivot - t0 : -1;
    // Ties go to the first (x, y) in row-major order; 0/0 counts 0 and x/0 is ∞ (gap_scan's contract).
    this.core.call('gap_scan', n, bb, A.L, B.L, A.fc, B.fc, A.ng, B.ng, A.ngPivot, B.ngPivot, skip, this.out);
    const f64 = this.core.f64, o = this.out >>> 3;
    const [ratio, x, j, maxDiff, maxAbsA, maxAbsB] = Array.from(f64.subarray(o, o + 6)) as [number, number, number, number, number, number];
    const part: GapPartial = { ratio, x, y: x < 0 ? -1 : t0 + j, maxDiff, maxAbsA, maxAbsB };
    // The pivot's column is in (L = 0 exactly there: its G₀ row is g_p − g_p = 0): Z_c's rows run over all V tokens.
    if (this.plan.stats) {
      const LA = f64.subarray(A.L >>> 3, (A.L >>> 3) + n * bb), LB = f64.subarray(B.L >>> 3, (B.L >>> 3) + n * bb);
      part.stats = blockStats(LA, LB, n, bb, ga.g02, gb.g02);
    }
    part.gNorms = [ga.norms, gb.norms];
    return part;
  }
}

/** Row-major order of (context, token): the tie-break of the contract. */
function before(p: GapPartial, q: GapPartial): boolean {
  return p.x < q.x || (p.x === q.x && p.y < q.y);
}

/** Combine block results (in any order: max is exact and ties are broken by position). */
export function combineGap(plan: GapPlan, parts: readonly GapPartial[]): GapResult {
  let best: GapPartial = { ratio: 0, x: -1, y: -1, maxDiff: 0, maxAbsA: 0, maxAbsB: 0 };
  let maxDiff = 0, maxA = 0, maxB = 0;
  for (const p of parts) {
    if (p.x >= 0 && (best.x < 0 || p.ratio > best.ratio || (p.ratio === best.ratio && before(p, best)))) best = p;
    maxDiff = Math.max(maxDiff, p.maxDiff);
    maxA = Math.max(maxA, p.maxAbsA);
    maxB = Math.max(maxB, p.maxAbsB);
  }
  return {
    ratio: best.ratio,
    x: best.x,
    y: best.y,
    maxDiff,
    maxAbsA: maxA,
    maxAbsB: maxB,
    relGap: maxDiff / (1 + Math.max(maxA, maxB)),
    equivalent: best.ratio <= 1,
    cA: plan.cA,
    cB: plan.cB,
    // `parts` is indexed by block: the per-context combination runs in block order whatever the workers.
    ...(plan.stats ? { logit: combineStats(plan.n, parts.map((p) => p.stats!)) } : {}),
    ...(parts.length > 0 && parts.every((p) => p.gNorms) ? { unembedding: [0, 1].map((m) => unembeddingNormsOf(concat(parts.map((p) => p.gNorms![m]!)), plan.pivot)) as [UnembeddingNorms, UnembeddingNorms] } : {}),
  };
}

function concat(xs: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(xs.reduce((s, x) => s + x.length, 0));
  let at = 0;
  for (const x of xs) { out.set(x, at); at += x.length; }
  return out;
}
