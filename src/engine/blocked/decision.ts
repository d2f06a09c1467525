// The whole blocked decision on two model files, as `aon compare` needs it at real sizes: the log-odds
// gap verdict (floors contract), the joint R factors of [F | F̃] and [G₀ | G̃₀] (TSQR) whose column blocks
// stand in for both models' factors in one row basis (structure.ts hands them to the dense engine), and
// per model the SVDs of its own R factors and the singular values of L from the middle factor R_F R_G₀ᵀ
// (where bounds do not settle r). The TSQR runs first; the gap pass then shares the pool with the SVDs and,
// for compare, the map blocks (overlap.ts). Never an n × V array; files are read by blocks.
import { loadCore } from '../../wasm/loader.js';
import type { SourceSpec } from '../../io/stream/source.js';
import { withSpec } from '../../io/stream/open.js';
import { blockedGap, blockedR, blockedJointRs, type BlockedOptions } from './api.js';
import type { GapResult } from './gap.js';
import { stackedR, type RFactor } from './tsqr.js';
import { productABt, type SmallMatrix, type SmallSvd } from './small-svd.js';
import { BlockPool, runBlocks } from './pool.js';
import { SVD_DIM_LIMIT, asMatrix, withinSvdLimit, noSvd, needsMiddle, modelFactors, svdCost, type ModelFactors, type OwnRs } from './spectra.js';
import { overlappedStage, type MapsRequest, type ScheduledMaps } from './overlap.js';

export { DECISION_RANK_RTOL, SVD_DIM_LIMIT, rankOf, type ModelFactors } from './spectra.js';

export interface BlockedDecision {
  equivalent: boolean;
  gap: GapResult;
  models: [ModelFactors, ModelFactors];
  /** Both models in one row basis (blockedPairFactors); null when a d is beyond the SVD limit. */
  joint: JointFactors | null;
  /** The map blocks and their results, when asked for (MapsRequest) and the SVDs were within the limit. */
  maps?: ScheduledMaps;
  /**
   * Wall time of each stage, in seconds. With the joint factors the SVDs and maps run inside the gap's
   * stage (svd 0): svdDoneAt and mapsDoneAt say when, from that stage's start.
   */
  seconds: { gap: number; tsqr: number; svd: number; total: number; svdDoneAt?: number; mapsDoneAt?: number };
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

/** Both models' joint and own R factors by the joint TSQR (null when a d exceeds the SVD limit: nothing downstream could use them). */
export async function blockedJointFactors(a: SourceSpec, b: SourceSpec, o: BlockedOptions = {}): Promise<{ joint: JointFactors; Rs: [OwnRs, OwnRs] } | null> {
  const [dA, dB] = [a, b].map((spec) => withSpec(spec, (s) => s.d)) as [number, number];
  if (Math.max(dA, dB) > (o.svdDimLimit ?? SVD_DIM_LIMIT)) return null;
  // With the ones column (JointRows): the same pass gives the centred factors of the approximate comparison.
  const { F: WF, G0: WG } = await blockedJointRs(a, b, o);
  const core = loadCore({ build: o.build ?? 'auto' });
  const standIns = [
    { F: columns(WF, 1, dA), G0: columns(WG, 1, dA) },
    { F: columns(WF, 1 + dA, dB), G0: columns(WG, 1 + dA, dB) },
  ] as JointFactors['standIns'];
  const Rs: [OwnRs, OwnRs] = [{ RF: ownR(core, WF, 1, dA), RG0: ownR(core, WG, 1, dA) }, { RF: ownR(core, WF, 1 + dA, dB), RG0: ownR(core, WG, 1 + dA, dB) }];
  return { joint: { F: WF, G0: WG, standIns }, Rs };
}

/** Both models' factors from the joint TSQR, their SVDs in a stage of their own (null beyond the SVD limit). */
export async function blockedPairFactors(a: SourceSpec, b: SourceSpec, o: BlockedOptions = {}): Promise<{ models: ModelFactors[]; joint: JointFactors; tsqr: number; svd: number } | null> {
  const t0 = performance.now();
  const f = await blockedJointFactors(a, b, o);
  if (!f) return null;
  const t1 = performance.now();
  const models = await spectra([a, b], f.Rs, o);
  return { models, joint: f.joint, tsqr: (t1 - t0) / 1000, svd: (performance.now() - t1) / 1000 };
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

async function spectra(specs: readonly SourceSpec[], Rs: OwnRs[], o: BlockedOptions): Promise<ModelFactors[]> {
  const core = loadCore({ build: o.build ?? 'auto' });
  const limit = o.svdDimLimit ?? SVD_DIM_LIMIT;
  const svdAll = async (list: SmallMatrix[], stage: string): Promise<SmallSvd[]> => {
    const idx = list.map((m, i) => (withinSvdLimit(m, limit) ? i : -1)).filter((i) => i >= 0);
    const mats = idx.map((i) => list[i]!);
    // Longest first, so the last round is not one big SVD alone.
    const order = mats.map((_, i) => i).sort((x, y) => svdCost(mats[y]!) - svdCost(mats[x]!) || x - y);
    const done = (await runBlocks({ kind: 'svd', mats }, mats.length, {
      order, workers: o.workers ?? 1, build: o.build ?? 'auto', ...(o.pool ? { pool: o.pool } : {}),
      ...(o.progress ? { onBlock: (d: number, t: number) => o.progress!(stage, d, t) } : {}),
    })) as SmallSvd[];
    return list.map((m, i) => (idx.includes(i) ? done[idx.indexOf(i)]! : noSvd(m)));
  };
  const factors = await svdAll(Rs.flatMap(({ RF, RG0 }) => [asMatrix(RF), asMatrix(RG0)]), 'SVDs of R_F, R_G0');
  // No middle factor where its SVD would not be taken anyway (beyond the limit): at d = 4096 it is three
  // 134 MB arrays in this thread's core for nothing.
  const needMiddle = Rs.map((R, i) => needsMiddle(R, factors[2 * i]!, factors[2 * i + 1]!, limit, o.alwaysSpectrumL === true));
  const middles = await svdAll(Rs.filter((_, i) => needMiddle[i]).map(({ RF, RG0 }) => productABt(core, asMatrix(RF), asMatrix(RG0))), 'SVDs of R_F R_G0ᵀ');
  let m = 0;
  return specs.map((spec, i) => modelFactors(spec, Rs[i]!, factors[2 * i]!, factors[2 * i + 1]!, needMiddle[i] ? middles[m++]! : null));
}

export async function blockedDecision(a: SourceSpec, b: SourceSpec, options: BlockedOptions = {}, maps?: MapsRequest): Promise<BlockedDecision> {
  const own = options.pool ? null : new BlockPool(options.workers ?? 1, options.build ?? 'auto');
  try {
    return await decide(a, b, own ? { ...options, pool: own } : options, maps);
  } finally {
    await own?.close();
  }
}

/**
 * The joint TSQR first (both workers), then the gap pass with the SVDs, the middles and (when asked) the
 * maps alongside on the same pool (overlap.ts): the gap's many blocks fill whatever worker the SVDs and
 * maps leave idle. Beyond the SVD limit: the gap pass, then the own R's alone.
 */
async function decide(a: SourceSpec, b: SourceSpec, o: BlockedOptions, maps?: MapsRequest): Promise<BlockedDecision> {
  const t0 = performance.now();
  const f = await blockedJointFactors(a, b, o);
  if (!f) {
    const gap = await blockedGap(a, b, o);
    const tg = performance.now();
    const r = await blockedFactors([a, b], o);
    return {
      equivalent: gap.equivalent, gap, models: [r.models[0]!, r.models[1]!], joint: null,
      seconds: { gap: (tg - t0) / 1000, tsqr: r.tsqr, svd: r.svd, total: (performance.now() - t0) / 1000 },
    };
  }
  const t1 = performance.now();
  // Fresh threads for the overlapped stage: the TSQR's step buffers are not added to its cores' peak.
  await o.pool?.close();
  const stage = await overlappedStage(a, b, f.Rs, f.joint, o, maps);
  const t2 = performance.now();
  return {
    equivalent: stage.gap.equivalent, gap: stage.gap, models: stage.models, joint: f.joint,
    ...(stage.maps ? { maps: stage.maps } : {}),
    seconds: { tsqr: (t1 - t0) / 1000, gap: (t2 - t1) / 1000, svd: 0, svdDoneAt: stage.svdDoneAt, ...(stage.maps ? { mapsDoneAt: stage.mapsDoneAt } : {}), total: (t2 - t0) / 1000 },
  };
}
