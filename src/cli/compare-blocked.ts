// `aon compare` at real model sizes: the verdicts of the dense path from the blocked engine
// (src/engine/blocked: files read by row blocks, TSQR, the log-odds gap in token blocks on worker
// threads), never an n × V array. The decisions are the dense path's: the gap against the same per-entry
// floor; ranks, r, ~L and ~EL by the dense engine's own functions (analysis.ts analyzeFactors,
// equivalence.ts linearMap / extendedLinearMap) on column blocks of the R factors of [F | F̃] and
// [G₀ | G̃₀], which relate the two models exactly as the full matrices do, with the floors of the full
// sizes. Beyond the SVD limit (decision.ts SVD_DIM_LIMIT) only the distribution verdict and bounds remain;
// ~L and ~EL are then reported as inconclusive with the reason, never guessed.
import { sourceSpec, openSpec, withSpec } from '../io/stream/index.js';
import type { BlockedOptions } from '../engine/blocked/api.js';
import { blockedDecision, blockedFactors, SVD_DIM_LIMIT, type BlockedDecision, type ModelFactors } from '../engine/blocked/decision.js';
import { sameStoredNumbers } from '../engine/blocked/same.js';
import type { SourceSpec } from '../io/stream/source.js';
import { unembeddingNorms, frobenius, dtypeOfSpec, hasSpectra, type UnembeddingNorms } from '../engine/blocked/structure.js';
import { type MapKind, type MapsBlock, type MapsInput, type MapsResult, type PlainMapVerdict } from '../engine/blocked/maps.js';
import { BlockPool, runBlocks } from '../engine/blocked/pool.js';
import { decideFromSpectrum, type RankDecision } from '../engine/rank.js';
import { floorRankByBounds } from '../engine/rank-bounds.js';
import { matrixFloor, productFloor, svdBackwardCoefficient, unitRoundoff, U, LOG_ODDS_UNIT, type Dtype } from '../engine/tolerance.js';
import { mapJson, modelJson, type CompareReport } from './compare.js';
import { approximateFromDecisionOn, type ReducedSide } from '../engine/blocked/approximate.js';
import { TooLargeError } from '../io/stream/limits.js';
import { approximateJson } from './approximate-render.js';

/** Above this many entries of one model's log-odds (n·(V−1)) the dense path is not taken: 2²⁶ ≈ 512 MiB of f64. */
export const DENSE_MAX_ENTRIES = 2 ** 26;

type Names = { fName?: string; gName?: string };

/** Whether a model file is large enough for the blocked path (without reading it whole). */
export function isLarge(f: string, names: Names): boolean {
  let s;
  try {
    s = openSpec(sourceSpec(f, names));
  } catch {
    // Whatever is wrong with the file, the hardened whole-file reader names it (file, field, expectation).
    return false;
  }
  try {
    return s.n * (s.V - 1) > DENSE_MAX_ENTRIES;
  } finally {
    s.close();
  }
}

/** Whether two files are large enough for the blocked path (without reading them whole). */
export function needsBlocked(fa: string, fb: string, names: Names): boolean {
  return isLarge(fa, names) || isLarge(fb, names);
}

type ModelsAndMaps = Pick<CompareReport, 'models' | 'linear' | 'extendedLinear'> & {
  /** Each model's basis Q of R and the error bounds of α and β, copied out of the core for the C18 pair. */
  reduced?: { a: ReducedSide; b: ReducedSide };
};

/** A verdict that was not computed because the theorem settles it: ~L ⇒ ~EL ⇒ P = P̃, and P ≠ P̃. */
function settledByDistribution(which: MapKind): PlainMapVerdict {
  return {
    holds: false, conclusive: true, residual: NaN, tol: 1, kappa: NaN, M: null, cond: NaN,
    residuals: { F: NaN, G0: NaN }, floors: { F: NaN, G0: NaN },
    reason: `the distributions differ (log-odds gap beyond its floor), and ${which} would make them equal (${which === '~L' ? 'C3' : 'C6'}); the map was not computed (how far the models are from linearly related: the approximate block)`,
  };
}

/** The same stored numbers on both sides: M = I relates them exactly (the dense path's sameBits). */
function identity(which: MapKind): PlainMapVerdict {
  return {
    holds: true, conclusive: true, decidedExactly: true, residual: 0, tol: 1, kappa: 1, M: null, cond: 1,
    residuals: { F: 0, G0: 0 }, floors: { F: 0, G0: 0 },
    reason: `the two files hold the same numbers: ${which} holds with M = I`,
  };
}

/**
 * The decision for two files with the same stored numbers: one model's factors (one TSQR per factor, not
 * the joint one) serve both, and the log-odds gap is zero without computing it. Its `joint` holds the
 * stand-ins only (own R's, no ones column): enough for the model summaries, not for the approximate block.
 */
async function identicalDecision(spec: SourceSpec, o: BlockedOptions): Promise<BlockedDecision> {
  const t0 = performance.now();
  const f = await blockedFactors([spec], o);
  const m = f.models[0]!;
  const pivot = withSpec(spec, (s) => s.pivot);
  const gap = { ratio: 0, x: 0, y: pivot === 0 ? 1 : 0, maxDiff: 0, maxAbsA: 0, maxAbsB: 0, relGap: 0, equivalent: true, cA: 0, cB: 0 };
  const self = { F: m.RF, G0: m.RG0 };
  return {
    equivalent: true, gap, models: [m, m],
    joint: hasSpectra(m) ? { F: m.RF, G0: m.RG0, standIns: [self, self] } : null,
    seconds: { gap: 0, tsqr: f.tsqr, svd: f.svd, total: (performance.now() - t0) / 1000 },
  };
}

/**
 * Ranks, r, ~L and ~EL from the joint factors, by the dense engine's functions, on the workers: the two
 * map verdicts side by side (maps.ts; the ~EL block brings the models' summaries too). When the
 * distribution verdict is a conclusive "not equivalent" neither map is computed: C3 and C6 settle both.
 */
async function fromJointFactors(dec: BlockedDecision, norms: UnembeddingNorms[], files: string[], dtypes: string[], o: BlockedOptions, uIn: number, identical: boolean): Promise<ModelsAndMaps> {
  const differs = !dec.gap.equivalent;
  // Run alongside the gap pass (overlap.ts) unless the decision had no maps to run (identical files).
  const { blocks, results: done } = dec.maps ?? await (async () => {
    const input: MapsInput = { models: dec.models, norms: [norms[0]!, norms[1]!], standIns: dec.joint!.standIns, uIn };
    const blocks: MapsBlock[] = differs || identical ? ['summary'] : ['~L', '~EL'];
    const results = await runBlocks({ kind: 'maps', input, blocks }, blocks.length, {
      workers: o.workers ?? 1, build: o.build ?? 'auto', ...(o.pool ? { pool: o.pool } : {}),
      ...(o.progress ? { onBlock: (d: number, t: number) => o.progress!(differs ? 'model summaries' : '~L and ~EL', d, t) } : {}),
    }) as MapsResult[];
    return { blocks, results };
  })();
  const withModels = done.find((x) => x.models !== null)!;
  const [A, B] = withModels.models!, [ra, rb] = withModels.reduced!;
  const verdict = (k: MapKind) => (identical ? identity(k) : differs ? settledByDistribution(k) : done[blocks.indexOf(k)]!.verdict!);
  return {
    models: [modelJson(files[0]!, dtypes[0]!, A, null), modelJson(files[1]!, dtypes[1]!, B, null)],
    linear: mapJson(verdict('~L')),
    extendedLinear: mapJson(verdict('~EL')),
    reduced: { a: ra, b: rb },
  } as ModelsAndMaps;
}

/** Beyond the SVD limit: ranks from the R factors' norms and bounds where possible, no maps. */
function ranksOnly(dec: BlockedDecision, norms: UnembeddingNorms[], files: string[], dtypes: string[], uIn: number): ModelsAndMaps {
  const models = dec.models.map((m, i) => {
    const { dt, pivot } = withSpec(m.spec, (s) => ({ dt: { F: s.dtypeF as Dtype, G: s.dtypeG as Dtype }, pivot: s.pivot }));
    const r = boundRanks(m, dt, norms[i]!, uIn);
    return {
      file: files[i]!, dtype: dtypes[i]!, precision: r.precision, n: m.n, V: m.V, d: m.d, pivot,
      rankF: r.rankF.rank, rankG0: r.rankG0.rank, r: r.rankL.rank, rConclusive: r.rankL.conclusive, rDecidedExactly: false,
      rankFloors: { F: r.rankF.floor, G0: r.rankG0.floor, L: r.rankL.floor }, spectrumL: r.rankL.sigma.slice(0, 64),
      ...(r.rankL.from ? { spectrumLFrom: r.rankL.from } : {}),
      fDiverse: r.rankF.rank === m.d && r.rankF.conclusive, gDiverse: r.rankG0.rank === m.d && r.rankG0.conclusive,
      ambiguity: [r.rankF, r.rankG0, r.rankL].filter((x) => !x.conclusive).map((x) => x.why ?? 'no clear gap'),
    };
  });
  const d = Math.max(...dec.models.map((m) => m.d));
  const notHere = (what: string) => ({
    holds: false, conclusive: false, decidedExactly: false, M: null, residuals: { F: null, G0: null }, floors: { F: null, G0: null }, cond: null,
    reason: `inconclusive: ${what} is not computed at d = ${d} (no SVD beyond d = ${SVD_DIM_LIMIT} on the blocked path); the distribution verdict is`,
  });
  return { models, linear: notHere('~L'), extendedLinear: notHere('~EL') } as unknown as ModelsAndMaps;
}

function boundRanks(m: ModelFactors, dtypes: { F: Dtype; G: Dtype }, g: UnembeddingNorms, uIn: number) {
  const uF = Math.max(U, uIn, unitRoundoff(dtypes.F)), uG = Math.max(U, uIn, unitRoundoff(dtypes.G));
  const nF = frobenius(m.RF), nG0 = frobenius(m.RG0);
  const floorF = matrixFloor(nF, m.n, m.d, uF);
  const floorG0 = (uG + U) * g.g0Abs + svdBackwardCoefficient(m.V - 1, m.d) * nG0;
  const notComputed = (what: string): RankDecision => ({ rank: m.d, sigma: [], floor: 0, gap: NaN, conclusive: false, ambiguous: true, why: `${what}: no SVD at d = ${m.d} on this path` });
  const rankF = m.svdF.k < 0 ? notComputed('rank F') : decideFromSpectrum(Array.from(m.svdF.S), floorF, 1, nF);
  const rankG0 = m.svdG0.k < 0 ? notComputed('rank G₀') : decideFromSpectrum(Array.from(m.svdG0.S), floorG0, 1, Math.max(nG0, g.g0Abs));
  const s1F = m.svdF.S[0] ?? nF, s1G = m.svdG0.S[0] ?? nG0;
  const floorL = productFloor(floorF, s1F, floorG0, s1G, m.d);
  let rankL: RankDecision;
  if (m.sigmaL.length > 0) rankL = decideFromSpectrum(Array.from(m.sigmaL), floorL, 1, LOG_ODDS_UNIT);
  else {
    // Without σ(L): the bounds σ_d(F)σᵢ(G₀) ≤ σᵢ(L) ≤ σ₁(F)σᵢ(G₀) (or swapped) at the floor, where they settle it.
    rankL = (m.svdF.k >= 0 && m.svdG0.k >= 0 ? floorRankByBounds(m.svdF.S, m.svdG0.S, m.d, floorL, LOG_ODDS_UNIT) : null)
      ?? { rank: m.r < 0 ? m.d : m.r, sigma: [], floor: floorL, gap: NaN, conclusive: false, ambiguous: true,
        why: m.svdF.k < 0 ? `r: no SVD at d = ${m.d} on this path` : `r = ${m.r} by the decision's relative rule; the bounds on σ(L) by σ(F)σ(G₀) do not settle it at the floor` };
  }
  return { rankF, rankG0, rankL, precision: { F: uF, G: uG } };
}

/** The comparison of two large files on the blocked path, in the shape of the dense report. */
export async function compareBlocked(fa: string, fb: string, names: Names, o: BlockedOptions, approximate = true): Promise<CompareReport> {
  return (await compareBlockedTimed(fa, fb, names, o, approximate)).report;
}

/**
 * The same with the wall time of each stage. One pool of workers serves every pass (gap, TSQR, SVDs,
 * maps). `o.precision` (--precision) raises every floor to that unit roundoff where the file's own is finer.
 */
export async function compareBlockedTimed(fa: string, fb: string, names: Names, options: BlockedOptions, approximate = true): Promise<{ report: CompareReport; seconds: Record<string, number> }> {
  const own = options.pool ? null : new BlockPool(options.workers ?? 1, options.build ?? 'auto');
  try {
    return await compareWith(fa, fb, names, own ? { ...options, pool: own } : options, approximate);
  } finally {
    await own?.close();
  }
}

async function compareWith(fa: string, fb: string, names: Names, o: BlockedOptions, approximate: boolean): Promise<{ report: CompareReport; seconds: Record<string, number> }> {
  const sa = sourceSpec(fa, names), sb = sourceSpec(fb, names);
  const dtypes = [dtypeOfSpec(sa), dtypeOfSpec(sb)];
  const uIn = o.precision ?? 0;
  const identical = sameStoredNumbers(sa, sb);
  // With the approximate block, the gap pass also takes its logit statistics (no pass of its own), so
  // identical files skip the decision's passes only without it.
  const dec = identical && !approximate ? await identicalDecision(sa, o) : await blockedDecision(sa, sb, { ...o, logitStats: approximate }, { uIn, identical });
  const t0 = performance.now();
  // Fresh threads for the maps (where the decision did not run them alongside the gap) and again for the
  // approximate block: each stage's workers grow their cores to that stage's needs, and kept threads would
  // add the peaks (1.45 GB instead of 1.2 at d̃ = 1024).
  await o.pool?.close();
  // The gap pass formed every ‖g_y‖; the identical-files shortcut has no gap pass and reads them here.
  const norms = dec.gap.unembedding ?? [unembeddingNorms(sa), unembeddingNorms(sb)];
  const files = [fa, fb];
  const { reduced, ...rest } = dec.joint ? await fromJointFactors(dec, norms, files, dtypes, o, uIn, identical) : ranksOnly(dec, norms, files, dtypes, uIn);
  // Beyond the SVD limit too: the same numbers are related by M = I, no spectrum needed.
  if (identical) Object.assign(rest, { linear: mapJson(identity('~L')), extendedLinear: mapJson(identity('~EL')) });
  const maps = (performance.now() - t0) / 1000;
  const g = dec.gap;
  // d_logit, mean KL, the C17 maps and (where the maps were computed) the C18 pair, from the decision's
  // gap pass and joint R factors; left out, not failed, when its factors are too large.
  const t1 = performance.now();
  await o.pool?.close();
  const approx = !approximate ? null : await (async () => {
    try {
      return await approximateFromDecisionOn(dec, { ...(reduced ? { reduced } : {}), workers: o.workers ?? 1, build: o.build ?? 'auto', ...(o.pool ? { pool: o.pool } : {}),
        ...(o.progress ? { onBlock: (d: number, t: number) => o.progress!('approximate comparison', d, t) } : {}) });
    } catch (e) {
      if (e instanceof TooLargeError) return null;
      throw e;
    }
  })();
  const approxSeconds = (performance.now() - t1) / 1000;
  const report: CompareReport = {
    ...(approx ? { approximate: approximateJson(approx), approximateReport: approx } : {}),
    equivalent: g.equivalent,
    conclusive: true,
    maxLogOddsGap: g.relGap,
    where: { context: Math.max(0, g.x), token: Math.max(0, g.y) },
    gap: identical ? { ratio: 0, absolute: 0, floor: 0, why: 'the two files hold the same stored numbers: every log-odds entry agrees exactly' }
      : { ratio: g.ratio, absolute: g.maxDiff, floor: 0, why: `blocked path (${(dec.seconds.total + maps).toFixed(1)} s): each entry |L − L̃| against the same floor as the dense path; largest ratio ${g.ratio.toPrecision(3)} (the floor at that entry is not kept on this path; absolute is the largest |L − L̃| anywhere)` },
    precision: { requested: o.precision ?? null, models: rest.models.map((m) => m.precision) },
    decidedExactly: identical ? ['identical inputs: the log-odds agree exactly, ~L and ~EL with M = I'] : [],
    roles: `model 1 = ${fa} (F, G₀), model 2 = ${fb} (F̃, G̃₀): maps read F = F̃ Mᵀ, G₀ = G̃₀ M⁻¹`,
    ...rest,
  };
  return { report, seconds: { ...dec.seconds, maps, approximate: approxSeconds, total: dec.seconds.total + maps + approxSeconds } };
}
