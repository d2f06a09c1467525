// The whole blocked decision on two model files, as `aon compare` needs it at real sizes: the log-odds
// gap verdict (floors contract), the joint R factors of [F | F̃] and [G₀ | G̃₀] (TSQR) whose column blocks
// stand in for both models' factors in one row basis (structure.ts hands them to the dense engine), and
// per model the SVDs of its own R factors and the singular values of L from the middle factor R_F R_G₀ᵀ.
// Never an n × V array; files are read by blocks.
import { loadCore } from '../../wasm/loader.js';
import type { SourceSpec } from '../../io/stream/source.js';
import { withSpec } from '../../io/stream/open.js';
import { blockedGap, blockedR, blockedJointRs, type BlockedOptions } from './api.js';
import type { GapResult } from './gap.js';
import { stackedR, type RFactor } from './tsqr.js';
import { productABt, type SmallMatrix, type SmallSvd } from './small-svd.js';
import { BlockPool, runBlocks } from './pool.js';
import { relativeRankByBounds } from '../rank-bounds.js';

/** Relative singular-value threshold for ranks (as engine/tolerance.ts RANK_RTOL until issue 10 lands). */
export const DECISION_RANK_RTOL = 1e-8;

export interface ModelFactors {
  spec: SourceSpec;
  n: number;
  V: number;
  d: number;
  RF: RFactor;
  RG0: RFactor;
  /** SVDs of R_F and R_G₀: the singular values and right singular vectors of F and of G₀. */
  svdF: SmallSvd;
  svdG0: SmallSvd;
  /** Singular values of L = F G₀ᵀ (from the middle factor R_F R_G₀ᵀ); empty when r followed from bounds on σ(L) by σ(F)σ(G₀) (rankByBound). */
  sigmaL: Float64Array;
  rankF: number;
  rankG0: number;
  r: number;
}

export interface BlockedDecision {
  equivalent: boolean;
  gap: GapResult;
  models: [ModelFactors, ModelFactors];
  /** Both models in one row basis (blockedPairFactors); null when a d is beyond the SVD limit. */
  joint: JointFactors | null;
  /** Wall time of each stage, in seconds. */
  seconds: { gap: number; tsqr: number; svd: number; total: number };
}

/**
 * Above this dimension the core's one-sided Jacobi SVD takes minutes per factor (5 s at 1024 for S and V on this
 * machine, growing like d³): such a factor gets no SVD, its rank is reported as −1 (not computed) and
 * its σ₁ is replaced by ‖R‖_F ≥ σ₁ where a reference scale is needed.
 */
export const SVD_DIM_LIMIT = 2048;

export function rankOf(S: Float64Array, reference: number, rtol = DECISION_RANK_RTOL): number {
  const ref = Math.max(S[0] ?? 0, reference);
  if (ref === 0) return 0;
  let r = 0;
  for (const s of S) if (s / ref > rtol) r++;
  return r;
}

const asMatrix = (R: RFactor): SmallMatrix => ({ rows: R.k, cols: R.d, data: R.R });

/**
 * r without the middle SVD, when intervals on σᵢ(L) from the factors' spectra settle it under rankOf's
 * relative rule with the ambiguity factor 100 each way (engine/rank-bounds.ts): σ_d(F) σᵢ(G₀) ≤ σᵢ(L) ≤
 * σ₁(F) σᵢ(G₀) when F's SVD has d values, and the same with F and G₀ swapped. r = d is the case
 * σ_d(F)/σ₁(F) · σ_d(G₀)/σ₁(G₀) > 100 rtol; a full-rank F~ with a rank-deficient G~₀ (d~ = 1024, rank 768
 * at GPT-2 size) is settled too. The bounds hold σ(R_F R_G₀ᵀ) up to the computed σ's errors (p u σ₁ each, about
 * 1e-13 of the reference at d = 1024), far inside the factor 100 around rtol. The analysis decides rank L again
 * at its own floor (analysis.ts rankOfL) and takes the middle SVD itself where that is stricter and not settled.
 * null: the SVD of R_F R_G₀ᵀ is needed (or a factor has no SVD).
 */
function rankByBound(F: SmallSvd, G: SmallSvd, d: number, rtol: number): number | null {
  if (F.k < 0 || G.k < 0) return null;
  return relativeRankByBounds(F.S, G.S, d, rtol);
}

/** R factors and SVDs of several models (the SVDs of all of them side by side on the workers). */
export async function blockedFactors(specs: readonly SourceSpec[], o: BlockedOptions = {}): Promise<{ models: ModelFactors[]; tsqr: number; svd: number }> {
  const t0 = performance.now();
  const Rs: { RF: RFactor; RG0: RFactor }[] = [];
  for (const spec of specs) Rs.push({ RF: await blockedR(spec, 'F', o), RG0: await blockedR(spec, 'G0', o) });
  const t1 = performance.now();
  const models = await spectra(specs, Rs, o);
  return { models, tsqr: (t1 - t0) / 1000, svd: (performance.now() - t1) / 1000 };
}

/** Column block [c0, c0 + w) of a k × d row-major R factor, its first `rows` rows. */
function columns(W: RFactor, c0: number, w: number, rows = W.k): RFactor {
  const R = new Float64Array(rows * w);
  for (let i = 0; i < rows; i++) R.set(W.R.subarray(i * W.d + c0, i * W.d + c0 + w), i * w);
  return { k: rows, d: w, R };
}

/**
 * Two models' factors in one orthonormal row basis: W_F = R of [1 | F | F̃] and W_G = R of [1 | G₀ | G̃₀]
 * (joint TSQR; G₀ with the pivot's zero row, V rows), so F = Q_F W_F[:, 1:1+d], F̃ = Q_F W_F[:, 1+d:] and
 * likewise for G₀. The column blocks are the stand-ins analysis.ts (FactorInput) and the map verdicts work
 * on (the zero row and the ones column change no inner product between them; Householder QR's backward
 * error is columnwise, so each block's is still relative to its own columns); each model's own R factor
 * follows from its block by one triangular-pentagonal step (ownR). The ones column makes W[1:, 1:] the R of the column-centred pair:
 * [G_c | G̃_c] and the centred F, which the approximate comparison needs (blocked/approximate.ts).
 */
export interface JointFactors {
  /** R of [1 | F | F̃] and of [1 | G₀ | G̃₀]: (1 + d_A + d_B) columns. */
  F: RFactor;
  G0: RFactor;
  /** Stand-ins: k × d_A and k × d_B column blocks of W_F and W_G. */
  standIns: [{ F: RFactor; G0: RFactor }, { F: RFactor; G0: RFactor }];
}

/** Both models' factors from the joint TSQR (null when a d exceeds the SVD limit: nothing downstream could use them). */
export async function blockedPairFactors(a: SourceSpec, b: SourceSpec, o: BlockedOptions = {}): Promise<{ models: ModelFactors[]; joint: JointFactors; tsqr: number; svd: number } | null> {
  const [dA, dB] = [a, b].map((spec) => withSpec(spec, (s) => s.d)) as [number, number];
  if (Math.max(dA, dB) > (o.svdDimLimit ?? SVD_DIM_LIMIT)) return null;
  const t0 = performance.now();
  // With the ones column (JointRows): the same pass gives the centred factors of the approximate comparison.
  const { F: WF, G0: WG } = await blockedJointRs(a, b, o);
  const core = loadCore({ build: o.build ?? 'auto' });
  const standIns = [
    { F: columns(WF, 1, dA), G0: columns(WG, 1, dA) },
    { F: columns(WF, 1 + dA, dB), G0: columns(WG, 1 + dA, dB) },
  ] as JointFactors['standIns'];
  const Rs = [{ RF: ownR(core, WF, 1, dA), RG0: ownR(core, WG, 1, dA) }, { RF: ownR(core, WF, 1 + dA, dB), RG0: ownR(core, WG, 1 + dA, dB) }];
  const t1 = performance.now();
  const models = await spectra([a, b], Rs, o);
  return { models, joint: { F: WF, G0: WG, standIns }, tsqr: (t1 - t0) / 1000, svd: (performance.now() - t1) / 1000 };
}

/**
 * A model's own R from its column block [c0, c0 + w) of a joint R factor W (upper triangular, c0 ≥ 1). The
 * block is not triangular — its top c0 rows are full (the ones column and the other model lead) — but its
 * rows c0 … c0 + w − 1 are a w × w triangle and every row below is zero: the QR of [triangle; top rows]
 * is one triangular-pentagonal step (tsqrStepCore), 2·c0·w² flops instead of a dense QR of all W's rows
 * (0.24 s → 0.07 s at 1537 × 768 for the second model, O(w²) for the first). Row order does not change
 * R (unique with a non-negative diagonal), only its rounding. A trapezoidal W (fewer rows than columns:
 * n < 1 + d_A + d_B on the F side) has no full triangle there and gets the dense QR.
 */
function ownR(core: ReturnType<typeof loadCore>, W: RFactor, c0: number, w: number): RFactor {
  if (W.k < c0 + w) return stackedR(core, w, [columns(W, c0, w)]);
  const rowsOf = (r0: number, r1: number): RFactor => {
    const R = new Float64Array((r1 - r0) * w);
    for (let i = r0; i < r1; i++) R.set(W.R.subarray(i * W.d + c0, i * W.d + c0 + w), (i - r0) * w);
    return { k: r1 - r0, d: w, R };
  };
  return stackedR(core, w, [rowsOf(c0, c0 + w), rowsOf(0, c0)]);
}

async function spectra(specs: readonly SourceSpec[], Rs: { RF: RFactor; RG0: RFactor }[], o: BlockedOptions): Promise<ModelFactors[]> {
  const core = loadCore({ build: o.build ?? 'auto' });
  const limit = o.svdDimLimit ?? SVD_DIM_LIMIT;
  const none = (R: SmallMatrix): SmallSvd => ({ k: -1, cols: R.cols, S: Float64Array.of(Math.sqrt(R.data.reduce((x, v) => x + v * v, 0))), V: new Float64Array(0) });
  const svdAll = async (list: SmallMatrix[], stage: string): Promise<SmallSvd[]> => {
    const idx = list.map((m, i) => (Math.min(m.rows, m.cols) <= limit ? i : -1)).filter((i) => i >= 0);
    const mats = idx.map((i) => list[i]!);
    // Longest first (Jacobi costs ~ rows·cols·min(rows, cols)), so the last round is not one big SVD alone.
    const cost = (m: SmallMatrix) => m.rows * m.cols * Math.min(m.rows, m.cols);
    const order = mats.map((_, i) => i).sort((x, y) => cost(mats[y]!) - cost(mats[x]!) || x - y);
    const done = (await runBlocks({ kind: 'svd', mats }, mats.length, {
      order, workers: o.workers ?? 1, build: o.build ?? 'auto', ...(o.pool ? { pool: o.pool } : {}),
      ...(o.progress ? { onBlock: (d: number, t: number) => o.progress!(stage, d, t) } : {}),
    })) as SmallSvd[];
    return list.map((m, i) => (idx.includes(i) ? done[idx.indexOf(i)]! : none(m)));
  };
  const factors = await svdAll(Rs.flatMap(({ RF, RG0 }) => [asMatrix(RF), asMatrix(RG0)]), 'SVDs of R_F, R_G0');
  const d = Rs.map(({ RF }) => RF.d);
  // No middle factor where its SVD would not be taken anyway (beyond the limit): at d = 4096 it is three
  // 134 MB arrays in this thread's core for nothing.
  const needMiddle = Rs.map(({ RF, RG0 }, i) => Math.min(RF.k, RG0.k) <= limit
    && (o.alwaysSpectrumL === true || rankByBound(factors[2 * i]!, factors[2 * i + 1]!, d[i]!, DECISION_RANK_RTOL) === null));
  const middles = await svdAll(Rs.filter((_, i) => needMiddle[i]).map(({ RF, RG0 }) => productABt(core, asMatrix(RF), asMatrix(RG0))), 'SVDs of R_F R_G0ᵀ');
  let m = 0;
  return specs.map((spec, i) => {
    const { n, V } = withSpec(spec, (s) => ({ n: s.n, V: s.V }));
    const svdF = factors[2 * i]!, svdG0 = factors[2 * i + 1]!;
    const svdL = needMiddle[i] ? middles[m++]! : null;
    const scaleFG = (svdF.S[0] ?? 0) * (svdG0.S[0] ?? 0);
    const rankF = svdF.k < 0 ? -1 : rankOf(svdF.S, 0), rankG0 = svdG0.k < 0 ? -1 : rankOf(svdG0.S, 0);
    return {
      spec, n, V, d: d[i]!, RF: Rs[i]!.RF, RG0: Rs[i]!.RG0, svdF, svdG0, sigmaL: svdL?.S ?? new Float64Array(0),
      rankF, rankG0, r: svdL !== null ? (svdL.k < 0 ? -1 : rankOf(svdL.S, scaleFG)) : rankByBound(svdF, svdG0, d[i]!, DECISION_RANK_RTOL) ?? -1,
    };
  });
}

export async function blockedDecision(a: SourceSpec, b: SourceSpec, options: BlockedOptions = {}): Promise<BlockedDecision> {
  const own = options.pool ? null : new BlockPool(options.workers ?? 1, options.build ?? 'auto');
  try {
    return await decide(a, b, own ? { ...options, pool: own } : options);
  } finally {
    await own?.close();
  }
}

async function decide(a: SourceSpec, b: SourceSpec, o: BlockedOptions): Promise<BlockedDecision> {
  const t0 = performance.now();
  const gap = await blockedGap(a, b, o);
  const tg = performance.now();
  const f = (await blockedPairFactors(a, b, o)) ?? { ...(await blockedFactors([a, b], o)), joint: null };
  const total = (performance.now() - t0) / 1000;
  return {
    equivalent: gap.equivalent,
    gap,
    models: [f.models[0]!, f.models[1]!],
    joint: f.joint,
    seconds: { gap: (tg - t0) / 1000, tsqr: f.tsqr, svd: f.svd, total },
  };
}
