// The approximate comparison (theory.md §6, C17, C18; engine/approximate.ts) at real sizes: two model
// files read by row blocks, never an n × V array.
//
// One pass over token blocks of G and G̃ against all contexts: Z_c = F G_cᵀ for the block (G_c = G − 1ḡᵀ,
// ḡ from a first pass over G), accumulating ‖Z_c − Z̃_c‖²_F and, per context, a running log-sum-exp of
// both models' logits with the running sums Σ_y e^{z_y − m} (z_y − z̃_y) that give KL(P‖P̃) = E_p[z − z̃] −
// lse z + lse z̃ (and the mirror) without probabilities or log-softmax rows. The same pass feeds the
// block's rows [G̃_c | G_c] to a streamed Householder QR; the rows [1 | F̃ | F] get one too. The R factors
// carry every inner product between the columns, so the residuals of the best maps, the singular values
// the bounds divide by, the column-centred F for the CCA, and the reduced models F Q, G_c Q are those of
// small slices of R: engine/approximate.ts decides on them with the floors of the n- and V-row matrices
// they stand for (Rows). Householder QR is backward stable (Higham Thm 19.4: the R of X + ΔX with ‖ΔX‖_F
// ≤ γ̃_{mk} ‖X‖_F), the same order as the SVD-based projection of the dense path.
//
// Memory: F and F̃ (8 n (d + d̃) bytes), two logit blocks (8 n b each), one QR step ((s + c) × c, c = d + d̃ + 1,
// s ≥ 2c rows, whatever the logit block);
// beyond that, or beyond d + d̃ + 1 = SVD_DIM_LIMIT columns, TooLargeError (before any work).
// The reduced part needs each model's basis Q of R = P_Γ(E) and its error bounds (Analysis.Q, .errors);
// without them (the blocked path has no factor-based analysis yet) it is reported as not computed.
import type { Core } from '../../wasm/core.js';
import { loadCore, type BuildChoice } from '../../wasm/loader.js';
import type { SourceSpec, ModelSource } from '../../io/stream/source.js';
import { openSpec } from '../../io/stream/open.js';
import { requireResident, TooLargeError, WASM32_LIMIT } from '../../io/stream/limits.js';
import { SVD_DIM_LIMIT } from './decision.js';
import type { Matrix } from '../../matrix/matrix.js';
import { fromArray } from '../../matrix/create.js';
import { slice } from '../../matrix/reshape.js';
import { checkPair } from './api.js';
import { stackedR, type RFactor } from './tsqr.js';
import { fullBounds, reducedBounds, logitGapFloor, MARGIN, type ApproximateReport, type ApproxSide, type Geometry, type ResidualBound } from '../approximate.js';

export interface BlockedApproxOptions {
  build?: BuildChoice;
  /** Tokens per logit block (default: at most 4096 and 2²² logits per model per block). */
  blockTokens?: number;
  /** Rows per QR step (default: at least 2 (d + d̃ + 1) and about 4 MiB); never below the columns' count. */
  stepRows?: number;
  /** Each model's basis Q (d × r, row-major) of R and its error bounds: without them the reduced part is not computed. */
  reduced?: { a: ReducedSide; b: ReducedSide };
  coreLimit?: number;
}

export interface ReducedSide {
  Q: { rows: number; cols: number; data: Float64Array };
  errors: { alpha: number; beta: number };
}

/** Per-context running log-sum-exp and Σ e^{z − m} δ of one model. */
interface Running {
  m: Float64Array;
  s: Float64Array;
  w: Float64Array;
}

function running(n: number): Running {
  return { m: new Float64Array(n).fill(-Infinity), s: new Float64Array(n), w: new Float64Array(n) };
}

/**
 * Streamed Householder QR: rows are gathered until a step holds at least `step` of them (so the running R,
 * stacked on top, costs at most half a step of work), then stacked under the running R and factored
 * (tsqr.ts stackedR). The steps depend on the shape and the step size only.
 */
class StreamedR {
  private R: RFactor | null = null;
  private readonly pending: Float64Array;
  private count = 0;
  constructor(private readonly core: Core, readonly cols: number, private readonly step: number) {
    this.pending = new Float64Array(step * cols);
  }
  /** One row at a time: its cols entries from `row` at `offset`. */
  push(row: ArrayLike<number>, offset: number): void {
    const c = this.cols, base = this.count * c;
    for (let k = 0; k < c; k++) this.pending[base + k] = row[offset + k] as number;
    if (++this.count === this.step) this.flush();
  }
  private flush(): void {
    if (this.count === 0) return;
    const block: RFactor = { k: this.count, d: this.cols, R: this.pending.slice(0, this.count * this.cols) };
    this.R = stackedR(this.core, this.cols, this.R ? [this.R, block] : [block]);
    this.count = 0;
  }
  get(): RFactor {
    this.flush();
    return this.R ?? { k: 0, d: this.cols, R: new Float64Array(0) };
  }
}

function columnMeans(src: ModelSource, rowsPerRead: number): Float64Array {
  const d = src.d, mean = new Float64Array(d), buf = new Float64Array(rowsPerRead * d);
  for (let t0 = 0; t0 < src.V; t0 += rowsPerRead) {
    const t1 = Math.min(src.V, t0 + rowsPerRead);
    src.readG(t0, t1, buf);
    for (let i = 0; i < t1 - t0; i++) for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) + (buf[i * d + k] as number);
  }
  for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) / src.V;
  return mean;
}

const NOT_HERE = 'not computed: beyond the SVD limit of the blocked path there is no factor analysis, so no basis Q of R to reduce with';

function notComputed(): ResidualBound {
  return { residual: NaN, relative: NaN, bound: null, rounding: null, holds: null, reason: NOT_HERE };
}

export async function blockedApproximate(a: SourceSpec, b: SourceSpec, o: BlockedApproxOptions = {}): Promise<ApproximateReport> {
  const sa = openSpec(a), sb = openSpec(b);
  try {
    checkPair(sa, sb);
    const core = loadCore({ build: o.build ?? 'auto' });
    return compute(core, sa, sb, o);
  } finally {
    sa.close();
    sb.close();
  }
}

function compute(core: Core, sa: ModelSource, sb: ModelSource, o: BlockedApproxOptions): ApproximateReport {
  const n = sa.n, V = sa.V, dA = sa.d, dB = sb.d;
  const cF = 1 + dB + dA, cG = dB + dA;
  // Logit blocks of at most 2²² entries per model; QR steps of at least 2c rows (and about 4 MiB).
  const bt = Math.max(1, Math.min(V, o.blockTokens ?? Math.min(4096, Math.floor(2 ** 22 / Math.max(1, n)))));
  const step = Math.max(cF, o.stepRows ?? Math.max(2 * cF, Math.ceil(2 ** 19 / cF)));
  const bytes = 8 * (n * (dA + dB) + 2 * n * bt + bt * (dA + dB) + 2 * (step + cF) * cF);
  requireResident(sb.spec.path, 'the approximate comparison (both F, two logit blocks, one QR step)', bytes, o.coreLimit ?? WASM32_LIMIT - 64 * 1024 ** 2,
    'fewer contexts would fit');
  // The bounds take SVDs of the R factors' slices (engine/approximate.ts): as decision.ts, none beyond SVD_DIM_LIMIT.
  if (cF > SVD_DIM_LIMIT) {
    throw new TooLargeError(sb.spec.path, `the approximate comparison's factor R of [1 | F̃ | F] (d + d̃ + 1 = ${cF} columns; its SVDs stop at ${SVD_DIM_LIMIT})`, 8 * cF * cF, 8 * SVD_DIM_LIMIT * SVD_DIM_LIMIT);
  }
  const mark = core.mark();
  try {
    const gA = columnMeans(sa, bt), gB = columnMeans(sb, bt);
    const pFA = core.allocBytes(8 * n * dA, 'approximate F'), pFB = core.allocBytes(8 * n * dB, 'approximate F̃');
    const pGA = core.allocBytes(8 * bt * dA, 'approximate G block'), pGB = core.allocBytes(8 * bt * dB, 'approximate G̃ block');
    const pZA = core.allocBytes(8 * n * bt, 'approximate logits'), pZB = core.allocBytes(8 * n * bt, 'approximate logits');
    sa.readF(0, n, core.f64.subarray(pFA >>> 3, (pFA >>> 3) + n * dA));
    sb.readF(0, n, core.f64.subarray(pFB >>> 3, (pFB >>> 3) + n * dB));
    const RA = running(n), RB = running(n);
    const qrG = new StreamedR(core, cG, step), qrF = new StreamedR(core, cF, step);
    let ss = 0, gcA2 = 0, gcB2 = 0;
    const row = new Float64Array(cF);
    for (let t0 = 0; t0 < V; t0 += bt) {
      const t1 = Math.min(V, t0 + bt), bb = t1 - t0;
      for (const [src, p, d, mean] of [[sa, pGA, dA, gA], [sb, pGB, dB, gB]] as const) {
        const view = core.f64.subarray(p >>> 3, (p >>> 3) + bb * d);
        src.readG(t0, t1, view);
        for (let i = 0; i < bb; i++) for (let k = 0; k < d; k++) view[i * d + k] = (view[i * d + k] as number) - (mean[k] as number);
      }
      core.call('gemm', 0, 1, n, bb, dA, 1, pFA, dA, pGA, dA, 0, pZA, bb);
      core.call('gemm', 0, 1, n, bb, dB, 1, pFB, dB, pGB, dB, 0, pZB, bb);
      const f64 = core.f64;
      // Copies: a QR step below may grow the core's memory, which detaches views on it.
      const GA = f64.slice(pGA >>> 3, (pGA >>> 3) + bb * dA), GB = f64.slice(pGB >>> 3, (pGB >>> 3) + bb * dB);
      for (let i = 0; i < bb; i++) {
        for (let k = 0; k < dB; k++) { const v = GB[i * dB + k] as number; row[k] = v; gcB2 += v * v; }
        for (let k = 0; k < dA; k++) { const v = GA[i * dA + k] as number; row[dB + k] = v; gcA2 += v * v; }
        qrG.push(row, 0);
      }
      // The QR above may have grown the core's memory: the logit views are taken after it.
      const f64z = core.f64;
      ss += accumulate(f64z.subarray(pZA >>> 3, (pZA >>> 3) + n * bb), f64z.subarray(pZB >>> 3, (pZB >>> 3) + n * bb), n, bb, RA, RB);
    }
    // [1 | F̃ | F], context by context.
    let fA2 = 0, fB2 = 0;
    for (let x = 0; x < n; x++) {
      const f64 = core.f64;
      row[0] = 1;
      for (let k = 0; k < dB; k++) { const v = f64[(pFB >>> 3) + x * dB + k] as number; row[1 + k] = v; fB2 += v * v; }
      for (let k = 0; k < dA; k++) { const v = f64[(pFA >>> 3) + x * dA + k] as number; row[1 + dB + k] = v; fA2 += v * v; }
      qrF.push(row, 0);
    }
    let klab = 0, klba = 0;
    for (let x = 0; x < n; x++) {
      const lseA = (RA.m[x] as number) + Math.log(RA.s[x] as number), lseB = (RB.m[x] as number) + Math.log(RB.s[x] as number);
      klab += (RA.w[x] as number) / (RA.s[x] as number) - lseA + lseB;
      klba += (RB.w[x] as number) / (RB.s[x] as number) - lseB + lseA;
    }
    const gap = Math.sqrt(ss);
    const gapFloor = logitGapFloor(dA, dB, Math.sqrt(fA2 * gcA2), Math.sqrt(fB2 * gcB2));
    const RF = qrF.get(), RG = qrG.get();
    return core.scope(() => {
      const rf = fromArray(core, RF.k, cF, RF.R), rg = fromArray(core, RG.k, cG, RG.R);
      const cols = (M: Matrix, r0: number, c0: number, c1: number) => slice(M, r0, M.rows, c0, c1);
      const g: Geometry = {
        Ft: { X: cols(rf, 0, 1, 1 + dB), rows: n }, F: { X: cols(rf, 0, 1 + dB, cF), rows: n },
        Fct: { X: cols(rf, Math.min(1, RF.k), 1, 1 + dB), rows: n }, Fc: { X: cols(rf, Math.min(1, RF.k), 1 + dB, cF), rows: n },
        Gct: { X: cols(rg, 0, 0, dB), rows: V }, Gc: { X: cols(rg, 0, dB, cG), rows: V },
      };
      const side = (s: ReducedSide): Pick<ApproxSide, 'Q' | 'errors'> => ({ Q: fromArray(core, s.Q.rows, s.Q.cols, s.Q.data), errors: s.errors });
      const reduced = o.reduced
        ? reducedBounds(g, gap, gapFloor, side(o.reduced.a), side(o.reduced.b))
        : { reducedEmbeddings: notComputed(), reducedUnembeddings: notComputed(), cca: { mean: NaN, correlations: [] } };
      return {
        dLogit: gap / Math.sqrt(n * V),
        logitGap: gap,
        klMean: { ab: klab / n, ba: klba / n },
        ...fullBounds(g, gap, gapFloor),
        ...reduced,
        margin: `${MARGIN}; blocked path: from the R factors of [1 | F̃ | F] and [G̃_c | G_c] (streamed Householder QR) with the floors of the n- and V-row matrices`,
        gapFloor,
      };
    });
  } finally {
    core.reset(mark);
  }
}

/**
 * One block of logits (n × b, both models): Σ (z − z̃)², and per context the running max m, Σ e^{z − m}
 * and Σ e^{z − m} (z − z̃) of each model (rescaled when m grows), in token order.
 */
function accumulate(ZA: Float64Array, ZB: Float64Array, n: number, bb: number, RA: Running, RB: Running): number {
  let ss = 0;
  for (let x = 0; x < n; x++) {
    const o = x * bb;
    let ma = RA.m[x] as number, mb = RB.m[x] as number;
    let bma = -Infinity, bmb = -Infinity;
    for (let j = 0; j < bb; j++) {
      const za = ZA[o + j] as number, zb = ZB[o + j] as number;
      if (za > bma) bma = za;
      if (zb > bmb) bmb = zb;
    }
    if (bma > ma) { const c = Math.exp(ma - bma); RA.s[x] = (RA.s[x] as number) * c; RA.w[x] = (RA.w[x] as number) * c; ma = bma; RA.m[x] = ma; }
    if (bmb > mb) { const c = Math.exp(mb - bmb); RB.s[x] = (RB.s[x] as number) * c; RB.w[x] = (RB.w[x] as number) * c; mb = bmb; RB.m[x] = mb; }
    let sa = 0, wa = 0, sb = 0, wb = 0;
    for (let j = 0; j < bb; j++) {
      const za = ZA[o + j] as number, zb = ZB[o + j] as number, dz = za - zb;
      ss += dz * dz;
      const ea = Math.exp(za - ma), eb = Math.exp(zb - mb);
      sa += ea; wa += ea * dz; sb += eb; wb -= eb * dz;
    }
    RA.s[x] = (RA.s[x] as number) + sa; RA.w[x] = (RA.w[x] as number) + wa;
    RB.s[x] = (RB.s[x] as number) + sb; RB.w[x] = (RB.w[x] as number) + wb;
  }
  return ss;
}
