// The approximate comparison (theory.md §6, C17, C18; engine/approximate.ts) at real sizes, from what the
// blocked decision computes anyway: no pass of its own over the files.
//
// - d_logit, ‖Z_c − Z̃_c‖ and the mean KL both ways come from per-context statistics the log-odds gap pass
//   takes of its blocks of L = F G₀ᵀ (logit-stats.ts: why L serves for Z_c, the order of combination, and
//   the floor of this order of operations, fusedGapFloor).
// - The column geometry comes from the decision's joint R factors of [1 | F | F̃] and [1 | G₀ | G̃₀]
//   (decision.ts JointFactors; G₀ with the pivot's zero row): with the ones column first, W[:, 1:] has the
//   inner products of F, F̃ (resp. G₀, G̃₀), and W[1:, 1:] those of the column-centred ones, which for G₀ is
//   [G_c | G̃_c] (G₀ + 1(g_p − ḡ)ᵀ = G_c: centring removes the shift). The R factors carry every inner
//   product between the columns, so the residuals of the best maps, the singular values the bounds
//   divide by, the centred F for the CCA, and the reduced models F Q, G_c Q are those of small slices of
//   R: engine/approximate.ts decides on them with the floors of the n- and V-row matrices they stand for
//   (Rows).
// Rounding of the centred slice: Householder QR (TSQR: per step and per tree level) is columnwise backward
// stable (Higham Thm 19.4), so R is the exact R of [1 + Δ1 | G₀ + ΔG | …] with ‖Δ·_j‖ ≤ γ̃ ‖·_j‖; W[1:, 1:]
// is then the R of (I − q qᵀ)(G₀ + ΔG) with q = (1 + Δ1)/‖1 + Δ1‖, which differs from G_c by at most
// ‖ΔG‖ + ‖P₁ − P_q‖ ‖G₀‖ ≤ 3 γ̃ ‖G₀‖: relative to ‖G₀‖_F, not ‖G_c‖_F (‖G₀‖² = ‖G_c‖² + V‖g_p − ḡ‖²). The
// slices are passed with that scale (Rows.scale), and engine/approximate.ts's rank floor and residual
// slack use it. (Centring first and factoring [G_c | G̃_c] directly has its own error γ_V ‖G‖ from ḡ, which
// neither path's floors counted; ‖G₀‖ does not carry the common offset of the rows, ‖G‖ does.) The product
// R·T for a centring shift is never formed: the ones column does it inside the QR.
import { loadCore, type BuildChoice } from '../../wasm/loader.js';
import type { SourceSpec } from '../../io/stream/source.js';
import { openSpec } from '../../io/stream/open.js';
import { TooLargeError } from '../../io/stream/limits.js';
import { SVD_DIM_LIMIT, type BlockedDecision } from './decision.js';
import type { Matrix } from '../../matrix/matrix.js';
import { fromArray } from '../../matrix/create.js';
import { slice } from '../../matrix/reshape.js';
import { blockedGap, blockedJointR, checkPair, type BlockedOptions } from './api.js';
import { BlockPool } from './pool.js';
import type { RFactor } from './tsqr.js';
import { fusedGapFloor, type LogitSummary } from './logit-stats.js';
import { fullBounds, reducedBounds, MARGIN, type ApproximateReport, type ApproxSide, type Geometry, type ResidualBound } from '../approximate.js';

export interface BlockedApproxOptions extends BlockedOptions {
  build?: BuildChoice;
  /** Each model's basis Q (d × r, row-major) of R and its error bounds: without them the reduced part is not computed. */
  reduced?: { a: ReducedSide; b: ReducedSide };
}

export interface ReducedSide {
  Q: { rows: number; cols: number; data: Float64Array };
  errors: { alpha: number; beta: number };
}

const NOT_HERE = 'not computed: beyond the SVD limit of the blocked path there is no factor analysis, so no basis Q of R to reduce with';

function notComputed(): ResidualBound {
  return { residual: NaN, relative: NaN, bound: null, rounding: null, holds: null, reason: NOT_HERE };
}

/** Shapes of the pair: contexts, tokens and both d. */
interface Shape { n: number; V: number; dA: number; dB: number; path: string }

function tooWide(s: Shape): TooLargeError {
  const d = Math.max(s.dA, s.dB);
  return new TooLargeError(s.path, `the approximate comparison's factors (d = ${d}; their SVDs stop at ${SVD_DIM_LIMIT})`, 8 * d * d, 8 * SVD_DIM_LIMIT * SVD_DIM_LIMIT);
}

/**
 * The approximate comparison on its own: the gap pass with the logit statistics and the two joint QRs
 * with the ones column, on `workers` threads (what blockedDecision does, without the SVDs).
 */
export async function blockedApproximate(a: SourceSpec, b: SourceSpec, o: BlockedApproxOptions = {}): Promise<ApproximateReport> {
  const shape = (() => {
    const sa = openSpec(a), sb = openSpec(b);
    try {
      checkPair(sa, sb);
      return { n: sa.n, V: sa.V, dA: sa.d, dB: sb.d, path: b.path };
    } finally {
      sa.close();
      sb.close();
    }
  })();
  if (Math.max(shape.dA, shape.dB) > SVD_DIM_LIMIT) throw tooWide(shape);
  const own = o.pool ? null : new BlockPool(o.workers ?? 1, o.build ?? 'auto');
  const po = own ? { ...o, pool: own } : o;
  try {
    const gap = await blockedGap(a, b, { ...po, logitStats: true });
    const WF = await blockedJointR(a, b, 'F', po, true);
    const WG = await blockedJointR(a, b, 'G0', po, true);
    return fromParts(shape, gap.logit!, WF, WG, o);
  } finally {
    await own?.close();
  }
}

/**
 * The approximate comparison from a decision taken with `logitStats` (blockedDecision): no more passes.
 * TooLargeError where the decision has no joint factors (beyond the SVD limit).
 */
export function approximateFromDecision(dec: BlockedDecision, o: Pick<BlockedApproxOptions, 'reduced' | 'build'> = {}): ApproximateReport {
  const [A, B] = dec.models;
  const shape = { n: A.n, V: A.V, dA: A.d, dB: B.d, path: B.spec.path };
  if (!dec.joint) throw tooWide(shape);
  if (!dec.gap.logit) throw new Error('approximateFromDecision: the decision was taken without logitStats');
  return fromParts(shape, dec.gap.logit, dec.joint.F, dec.joint.G0, o);
}

const frobeniusOfColumns = (W: RFactor, c0: number, c1: number): number => {
  let s = 0;
  for (let i = 0; i < W.k; i++) for (let j = c0; j < c1; j++) s += (W.R[i * W.d + j] as number) ** 2;
  return Math.sqrt(s);
};

function fromParts(s: Shape, logit: LogitSummary, WF: RFactor, WG: RFactor, o: Pick<BlockedApproxOptions, 'reduced' | 'build'>): ApproximateReport {
  const { n, V, dA, dB } = s;
  const c = 1 + dA + dB;
  if (WF.d !== c || WG.d !== c) throw new RangeError(`approximate: joint R factors must have 1 + d_A + d_B = ${c} columns (the ones column first), got ${WF.d} and ${WG.d}`);
  const core = loadCore({ build: o.build ?? 'auto' });
  // ‖F‖_F from R's columns (equal up to the QR's relative γ̃, which the floor's factor 4 covers).
  const normF = { a: frobeniusOfColumns(WF, 1, 1 + dA), b: frobeniusOfColumns(WF, 1 + dA, c) };
  const gap = logit.logitGap;
  const gapFloor = fusedGapFloor(dA, dB, logit, normF);
  return core.scope(() => {
    const rf = fromArray(core, WF.k, c, WF.R.subarray(0, WF.k * c)), rg = fromArray(core, WG.k, c, WG.R.subarray(0, WG.k * c));
    const cols = (M: Matrix, r0: number, c0: number, c1: number) => slice(M, Math.min(r0, M.rows), M.rows, c0, c1);
    const g: Geometry = {
      F: { X: cols(rf, 0, 1, 1 + dA), rows: n }, Ft: { X: cols(rf, 0, 1 + dA, c), rows: n },
      // The centred F likewise from the QR of [1 | F | F̃]: its rounding is relative to ‖F‖ (a large common
      // offset of hidden states is in F, not in F_c), which its rank cuts for the CCA must use.
      Fc: { X: cols(rf, 1, 1, 1 + dA), rows: n, scale: normF.a }, Fct: { X: cols(rf, 1, 1 + dA, c), rows: n, scale: normF.b },
      // Rounding relative to ‖G₀‖ (header): logit.g0Norm is ‖G₀‖_F of the rows the gap pass formed.
      Gc: { X: cols(rg, 1, 1, 1 + dA), rows: V, scale: logit.g0Norm.a },
      Gct: { X: cols(rg, 1, 1 + dA, c), rows: V, scale: logit.g0Norm.b },
    };
    const side = (x: ReducedSide): Pick<ApproxSide, 'Q' | 'errors'> => ({ Q: fromArray(core, x.Q.rows, x.Q.cols, x.Q.data), errors: x.errors });
    const reduced = o.reduced
      ? reducedBounds(g, gap, gapFloor, side(o.reduced.a), side(o.reduced.b))
      : { reducedEmbeddings: notComputed(), reducedUnembeddings: notComputed(), cca: { mean: NaN, correlations: [] } };
    return {
      dLogit: gap / Math.sqrt(n * V),
      logitGap: gap,
      klMean: logit.klMean,
      ...fullBounds(g, gap, gapFloor),
      ...reduced,
      margin: `${MARGIN}; blocked path: ‖Z_c − Z̃_c‖ and KL from the log-odds gap pass (floor 4 (d + d̃ + 2 + b + B) ε (‖F‖‖G₀‖ + ‖F̃‖‖G̃₀‖), b tokens per block, B blocks), the geometry from the R factors of [1 | F | F̃] and [1 | G₀ | G̃₀] with the floors of the n- and V-row matrices`,
      gapFloor,
    };
  });
}
