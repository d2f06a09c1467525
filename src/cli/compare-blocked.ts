// `aon compare` at real model sizes: the verdicts of the dense path from the blocked engine
// (src/engine/blocked: files read by row blocks, TSQR, the log-odds gap in token blocks on worker
// threads), never an n × V array. The decisions are the dense path's: the gap against the same per-entry
// floor; ranks, r, ~L and ~EL by the dense engine's own functions (analysis.ts analyzeFactors,
// equivalence.ts linearMap / extendedLinearMap) on column blocks of the R factors of [F | F̃] and
// [G₀ | G̃₀], which relate the two models exactly as the full matrices do, with the floors of the full
// sizes. Beyond the SVD limit (decision.ts SVD_DIM_LIMIT) only the distribution verdict and bounds remain;
// ~L and ~EL are then reported as inconclusive with the reason, never guessed.
import { sourceSpec, openSpec } from '../io/stream/index.js';
import type { BlockedOptions } from '../engine/blocked/api.js';
import { blockedDecision, SVD_DIM_LIMIT, type BlockedDecision, type ModelFactors } from '../engine/blocked/decision.js';
import { factorAnalysis, unembeddingNorms, frobenius, dtypeOfSpec, type UnembeddingNorms } from '../engine/blocked/structure.js';
import { linearMap, extendedLinearMap, mapGivenDistribution } from '../engine/equivalence.js';
import { decideFromSpectrum, type RankDecision } from '../engine/rank.js';
import { matrixFloor, productFloor, svdBackwardCoefficient, unitRoundoff, U, DEFAULT_TOLERANCES, LOG_ODDS_UNIT, type Dtype } from '../engine/tolerance.js';
import { loadCore } from '../wasm/loader.js';
import { mapJson, modelJson, type CompareReport } from './compare.js';
import { approximateFromDecision, type ReducedSide } from '../engine/blocked/approximate.js';
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

/** A model's Q (in its own coordinates: stand-ins share FᵀF and G₀ᵀG₀, so Q is the real one) as plain data. */
function reducedSide(x: { Q: { rows: number; cols: number; toFloat64Array(): Float64Array }; errors: { alpha: number; beta: number } }): ReducedSide {
  return { Q: { rows: x.Q.rows, cols: x.Q.cols, data: x.Q.toFloat64Array() }, errors: { alpha: x.errors.alpha, beta: x.errors.beta } };
}

/** Ranks, r, ~L and ~EL from the joint factors, by the dense engine's functions. */
function fromJointFactors(dec: BlockedDecision, norms: UnembeddingNorms[], files: string[], dtypes: string[]): ModelsAndMaps {
  const core = loadCore();
  const joint = dec.joint!;
  const differs = !dec.gap.equivalent;
  return core.scope(() => {
    const [A, B] = dec.models.map((m, i) => factorAnalysis(core, m, norms[i]!, DEFAULT_TOLERANCES, joint.standIns[i])) as [ReturnType<typeof factorAnalysis>, ReturnType<typeof factorAnalysis>];
    return {
      models: [modelJson(files[0]!, dtypes[0]!, A, null), modelJson(files[1]!, dtypes[1]!, B, null)],
      linear: mapJson(mapGivenDistribution(linearMap(A, B, DEFAULT_TOLERANCES), differs, '~L')),
      extendedLinear: mapJson(mapGivenDistribution(extendedLinearMap(A, B, DEFAULT_TOLERANCES), differs, '~EL')),
      reduced: { a: reducedSide(A), b: reducedSide(B) },
    };
  });
}

/** Beyond the SVD limit: ranks from the R factors' norms and bounds where possible, no maps. */
function ranksOnly(dec: BlockedDecision, norms: UnembeddingNorms[], files: string[], dtypes: string[]): ModelsAndMaps {
  const models = dec.models.map((m, i) => {
    const src = openSpec(m.spec);
    const dt = { F: src.dtypeF as Dtype, G: src.dtypeG as Dtype }, pivot = src.pivot;
    src.close();
    const r = boundRanks(m, dt, norms[i]!);
    return {
      file: files[i]!, dtype: dtypes[i]!, precision: r.precision, n: m.n, V: m.V, d: m.d, pivot,
      rankF: r.rankF.rank, rankG0: r.rankG0.rank, r: r.rankL.rank, rConclusive: r.rankL.conclusive, rDecidedExactly: false,
      rankFloors: { F: r.rankF.floor, G0: r.rankG0.floor, L: r.rankL.floor }, spectrumL: r.rankL.sigma.slice(0, 64),
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

function boundRanks(m: ModelFactors, dtypes: { F: Dtype; G: Dtype }, g: UnembeddingNorms) {
  const uF = Math.max(U, unitRoundoff(dtypes.F)), uG = Math.max(U, unitRoundoff(dtypes.G));
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
    // r = d from σ_min(L) ≥ σ_d(F) σ_d(G₀) (square factors): conclusive when that clears the floor by RANK_GAP.
    const lower = (m.svdF.S[m.d - 1] ?? 0) * (m.svdG0.S[m.d - 1] ?? 0);
    const ok = m.svdF.k === m.d && m.svdG0.k === m.d && lower >= 100 * floorL;
    rankL = { rank: m.r < 0 ? m.d : m.r, sigma: [], floor: floorL, gap: lower / floorL, conclusive: ok, ambiguous: !ok, why: ok ? null : m.svdF.k < 0 ? `r: no SVD at d = ${m.d} on this path` : `r = ${m.r} from a bound that does not clear the floor` };
  }
  return { rankF, rankG0, rankL, precision: { F: uF, G: uG } };
}

/** The comparison of two large files on the blocked path, in the shape of the dense report. */
export async function compareBlocked(fa: string, fb: string, names: Names, workers: number, approximate = true): Promise<CompareReport> {
  return (await compareBlockedTimed(fa, fb, names, { workers }, approximate)).report;
}

/** The same with the blocked engine's options (progress, block sizes) and the wall time of each stage. */
export async function compareBlockedTimed(fa: string, fb: string, names: Names, o: BlockedOptions, approximate = true): Promise<{ report: CompareReport; seconds: Record<string, number> }> {
  const sa = sourceSpec(fa, names), sb = sourceSpec(fb, names);
  const dtypes = [dtypeOfSpec(sa), dtypeOfSpec(sb)];
  // With the approximate block, the gap pass also takes its logit statistics (no pass of its own).
  const dec = await blockedDecision(sa, sb, { ...o, logitStats: approximate });
  const t0 = performance.now();
  const norms = [unembeddingNorms(sa), unembeddingNorms(sb)];
  const files = [fa, fb];
  const { reduced, ...rest } = dec.joint ? fromJointFactors(dec, norms, files, dtypes) : ranksOnly(dec, norms, files, dtypes);
  const maps = (performance.now() - t0) / 1000;
  const g = dec.gap;
  // d_logit, mean KL, the C17 maps and (where the maps were computed) the C18 pair, from the decision's
  // gap pass and joint R factors; left out, not failed, when its factors are too large.
  const t1 = performance.now();
  const approx = !approximate ? null : (() => {
    try {
      return approximateFromDecision(dec, reduced ? { reduced } : {});
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
    gap: { ratio: g.ratio, absolute: g.maxDiff, floor: 0, why: `blocked path (${(dec.seconds.total + maps).toFixed(1)} s): each entry |L − L̃| against the same floor as the dense path; largest ratio ${g.ratio.toPrecision(3)} (the floor at that entry is not kept on this path; absolute is the largest |L − L̃| anywhere)` },
    precision: { requested: null, models: rest.models.map((m) => m.precision) },
    decidedExactly: [],
    roles: `model 1 = ${fa} (F, G₀), model 2 = ${fb} (F̃, G̃₀): maps read F = F̃ Mᵀ, G₀ = G̃₀ M⁻¹`,
    ...rest,
  };
  return { report, seconds: { ...dec.seconds, maps, approximate: approxSeconds, total: dec.seconds.total + maps + approxSeconds } };
}
