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
import { withSpec } from '../../io/stream/open.js';
import { TooLargeError } from '../../io/stream/limits.js';
import { SVD_DIM_LIMIT, type BlockedDecision } from './decision.js';
import { blockedGap, blockedJointRs, checkPair, type BlockedOptions } from './api.js';
import { BlockPool, runBlocks, type PoolOptions } from './pool.js';
import type { RFactor } from './tsqr.js';
import type { LogitSummary } from './logit-stats.js';
import type { ApproximateReport, PieceResult } from '../approximate.js';
import { assemble, checkInput, pieceOrder, piecesOf, runPieces, type ApproxInput, type ReducedSide } from './approximate-pieces.js';

export type { ReducedSide } from './approximate-pieces.js';

export interface BlockedApproxOptions extends BlockedOptions {
  build?: BuildChoice;
  /** Each model's basis Q (d × r, row-major) of R and its error bounds: without them the reduced part is not computed. */
  reduced?: { a: ReducedSide; b: ReducedSide };
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
  const shape = withSpec(a, (sa) => withSpec(b, (sb) => {
    checkPair(sa, sb);
    return { n: sa.n, V: sa.V, dA: sa.d, dB: sb.d, path: b.path };
  }));
  if (Math.max(shape.dA, shape.dB) > SVD_DIM_LIMIT) throw tooWide(shape);
  const own = o.pool ? null : new BlockPool(o.workers ?? 1, o.build ?? 'auto');
  const po = own ? { ...o, pool: own } : o;
  try {
    const gap = await blockedGap(a, b, { ...po, logitStats: true });
    const { F: WF, G0: WG } = await blockedJointRs(a, b, po);
    return await onPool(input(shape, gap.logit!, WF, WG, o), po);
  } finally {
    await own?.close();
  }
}

function input(s: Shape, logit: LogitSummary, WF: RFactor, WG: RFactor, o: Pick<BlockedApproxOptions, 'reduced'>): ApproxInput {
  const x: ApproxInput = { n: s.n, V: s.V, dA: s.dA, dB: s.dB, logit, WF, WG, ...(o.reduced ? { reduced: o.reduced } : {}) };
  checkInput(x);
  return x;
}

/** What the pieces read, from a decision taken with `logitStats`. */
export function approximateInput(dec: BlockedDecision, o: Pick<BlockedApproxOptions, 'reduced'>): ApproxInput {
  const [A, B] = dec.models;
  const shape = { n: A.n, V: A.V, dA: A.d, dB: B.d, path: B.spec.path };
  if (!dec.joint) throw tooWide(shape);
  if (!dec.gap.logit) throw new Error('approximateFromDecision: the decision was taken without logitStats');
  return input(shape, dec.gap.logit, dec.joint.F, dec.joint.G0, o);
}

/** The pieces as one job of the pool, longest first; put back by name (approximate-pieces.ts assemble). */
async function onPool(x: ApproxInput, o: PoolOptions): Promise<ApproximateReport> {
  const pieces = piecesOf(x);
  const results = await runBlocks({ kind: 'approximate', input: x, pieces }, pieces.length, { ...o, order: pieceOrder(pieces) }) as PieceResult[];
  return assemble(x, pieces, results);
}

/**
 * The approximate comparison from a decision taken with `logitStats` (blockedDecision): no more passes.
 * The pieces one after the other on this thread's core. TooLargeError where the decision has no joint
 * factors (beyond the SVD limit).
 */
export function approximateFromDecision(dec: BlockedDecision, o: Pick<BlockedApproxOptions, 'reduced' | 'build'> = {}): ApproximateReport {
  const x = approximateInput(dec, o), pieces = piecesOf(x);
  return assemble(x, pieces, runPieces(loadCore({ build: o.build ?? 'auto' }), x, pieces));
}

/**
 * The same on the pool's workers, the pieces side by side (with one worker: on this thread, as above). The
 * report is the same bit for bit for any number of workers.
 */
export async function approximateFromDecisionOn(dec: BlockedDecision, o: Pick<BlockedApproxOptions, 'reduced'> & PoolOptions): Promise<ApproximateReport> {
  return onPool(approximateInput(dec, o), o);
}
