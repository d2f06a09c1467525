// The approximate block's geometry (blocked/approximate.ts) in pieces that run anywhere: each piece — C17's
// embedding and unembedding pairs, C18's two reduced pairs, the CCA — takes its own SVDs of slices of the
// joint R factors (about 2 of ~1537 × 768 at GPT-2 size, seconds each), and no piece reads another's.
// A piece rebuilds the geometry from plain data (the R factors, the logit summary, the reduced sides) in
// the core it is given, so on a worker thread it computes with the same inputs and the same functions as
// on the main thread: the report is the same bit for bit whatever ran it. The pieces are put back in a
// fixed order by name (assemble), never by when they finished.
import type { Core } from '../../wasm/core.js';
import type { Matrix } from '../../matrix/matrix.js';
import { fromArray } from '../../matrix/create.js';
import { slice } from '../../matrix/reshape.js';
import type { RFactor } from './tsqr.js';
import { fusedGapFloor, type LogitSummary } from './logit-stats.js';
import {
  fullPiece, reducedPiece, reducedOf, FULL_PIECES, REDUCED_PIECES, MARGIN,
  type ApproximateReport, type ApproxSide, type BoundPiece, type Geometry, type PieceResult, type ResidualBound,
} from '../approximate.js';

export interface ReducedSide {
  Q: { rows: number; cols: number; data: Float64Array };
  errors: { alpha: number; beta: number };
}

/** Everything the pieces read, as plain data (it crosses to the workers with the job). */
export interface ApproxInput {
  n: number;
  V: number;
  dA: number;
  dB: number;
  logit: LogitSummary;
  /** The joint R factors of [1 | F | F̃] and [1 | G₀ | G̃₀]. */
  WF: RFactor;
  WG: RFactor;
  reduced?: { a: ReducedSide; b: ReducedSide };
}

/** The pieces of an input, in report order: the reduced ones only with the models' bases Q. */
export function piecesOf(input: ApproxInput): BoundPiece[] {
  return input.reduced ? [...FULL_PIECES, ...REDUCED_PIECES] : [...FULL_PIECES];
}

/**
 * Seconds each piece took on a worker at GPT-2 size (a vs same, d = 768, r = 768; load ≈ 4 on 2 cores):
 * the rows of the slices do not predict it (Jacobi's sweeps depend on the matrix), so the hand-out order
 * is by measurement. Only the order depends on these: the results are stored by piece, not by finish.
 */
const MEASURED_SECONDS: Record<BoundPiece, number> = { embeddings: 9.3, cca: 6.7, unembeddings: 5.8, reducedEmbeddings: 3.3, reducedUnembeddings: 3.3 };

/** The order to hand the pieces out in: longest first, so the last piece to start is a short one. */
export function pieceOrder(pieces: readonly BoundPiece[]): number[] {
  return pieces.map((_, i) => i).sort((i, j) => MEASURED_SECONDS[pieces[j]!] - MEASURED_SECONDS[pieces[i]!] || i - j);
}

const frobeniusOfColumns = (W: RFactor, c0: number, c1: number): number => {
  let s = 0;
  for (let i = 0; i < W.k; i++) for (let j = c0; j < c1; j++) s += (W.R[i * W.d + j] as number) ** 2;
  return Math.sqrt(s);
};

/** ‖F‖_F and ‖F̃‖_F from R's columns (equal up to the QR's relative γ̃, which the floor's factor 4 covers). */
function normsF(x: ApproxInput): { a: number; b: number } {
  const c = 1 + x.dA + x.dB;
  return { a: frobeniusOfColumns(x.WF, 1, 1 + x.dA), b: frobeniusOfColumns(x.WF, 1 + x.dA, c) };
}

export function checkInput(x: ApproxInput): void {
  const c = 1 + x.dA + x.dB;
  if (x.WF.d !== c || x.WG.d !== c) throw new RangeError(`approximate: joint R factors must have 1 + d_A + d_B = ${c} columns (the ones column first), got ${x.WF.d} and ${x.WG.d}`);
}

/** The column geometry as slices of the R factors, in the caller's core scope. */
export function geometry(core: Core, x: ApproxInput): Geometry {
  const { n, V, dA, WF, WG, logit } = x;
  const c = 1 + dA + x.dB;
  const normF = normsF(x);
  const rf = fromArray(core, WF.k, c, WF.R.subarray(0, WF.k * c)), rg = fromArray(core, WG.k, c, WG.R.subarray(0, WG.k * c));
  const cols = (M: Matrix, r0: number, c0: number, c1: number) => slice(M, Math.min(r0, M.rows), M.rows, c0, c1);
  return {
    F: { X: cols(rf, 0, 1, 1 + dA), rows: n }, Ft: { X: cols(rf, 0, 1 + dA, c), rows: n },
    // The centred F likewise from the QR of [1 | F | F̃]: its rounding is relative to ‖F‖ (a large common
    // offset of hidden states is in F, not in F_c), which its rank cuts for the CCA must use.
    Fc: { X: cols(rf, 1, 1, 1 + dA), rows: n, scale: normF.a }, Fct: { X: cols(rf, 1, 1 + dA, c), rows: n, scale: normF.b },
    // Rounding relative to ‖G₀‖ (blocked/approximate.ts): logit.g0Norm is ‖G₀‖_F of the rows the gap pass formed.
    Gc: { X: cols(rg, 1, 1, 1 + dA), rows: V, scale: logit.g0Norm.a },
    Gct: { X: cols(rg, 1, 1 + dA, c), rows: V, scale: logit.g0Norm.b },
  };
}

export const gapFloorOf = (x: ApproxInput): number => fusedGapFloor(x.dA, x.dB, x.logit, normsF(x));

/** Some pieces in one core scope (the geometry and the reduced products built once, shared by them). */
export function runPieces(core: Core, x: ApproxInput, pieces: readonly BoundPiece[]): PieceResult[] {
  checkInput(x);
  const gap = x.logit.logitGap, gapFloor = gapFloorOf(x);
  return core.scope(() => {
    const g = geometry(core, x);
    const side = (s: ReducedSide): Pick<ApproxSide, 'Q' | 'errors'> => ({ Q: fromArray(core, s.Q.rows, s.Q.cols, s.Q.data), errors: s.errors });
    const sides = x.reduced ? { a: side(x.reduced.a), b: side(x.reduced.b) } : null;
    const red = sides ? reducedOf(g, sides.a, sides.b) : null;
    return pieces.map((p) => {
      if (p === 'embeddings' || p === 'unembeddings') return fullPiece(g, gap, gapFloor, p);
      if (!sides || !red) throw new Error(`approximate: piece ${p} needs the models' bases Q`);
      return reducedPiece(g, gap, gapFloor, sides.a, sides.b, p, red);
    });
  });
}

const NOT_HERE = 'not computed: beyond the SVD limit of the blocked path there is no factor analysis, so no basis Q of R to reduce with';

function notComputed(): ResidualBound {
  return { residual: NaN, relative: NaN, bound: null, rounding: null, holds: null, reason: NOT_HERE };
}

/** The report from the pieces' results (results[i] is pieces[i]'s), by name. */
export function assemble(x: ApproxInput, pieces: readonly BoundPiece[], results: readonly PieceResult[]): ApproximateReport {
  const got = new Map(pieces.map((p, i) => [p, results[i]!]));
  const bound = (p: BoundPiece) => (got.get(p) as ResidualBound | undefined) ?? notComputed();
  const gap = x.logit.logitGap;
  return {
    dLogit: gap / Math.sqrt(x.n * x.V),
    logitGap: gap,
    klMean: x.logit.klMean,
    embeddings: bound('embeddings'),
    unembeddings: bound('unembeddings'),
    reducedEmbeddings: bound('reducedEmbeddings'),
    reducedUnembeddings: bound('reducedUnembeddings'),
    cca: (got.get('cca') as ApproximateReport['cca'] | undefined) ?? { mean: NaN, correlations: [] },
    margin: `${MARGIN}; blocked path: ‖Z_c − Z̃_c‖ and KL from the log-odds gap pass (floor 4 (d + d̃ + 2 + b + B) ε (‖F‖‖G₀‖ + ‖F̃‖‖G̃₀‖), b tokens per block, B blocks), the geometry from the R factors of [1 | F | F̃] and [1 | G₀ | G̃₀] with the floors of the n- and V-row matrices`,
    gapFloor: gapFloorOf(x),
  };
}
