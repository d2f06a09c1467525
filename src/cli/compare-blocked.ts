// `aon compare` at real model sizes: the distribution verdict and each model's ranks from the blocked
// engine (src/engine/blocked: files read by row blocks, TSQR, the log-odds gap in token blocks on worker
// threads), never an n × V array. The decisions are the dense path's: the gap against the same per-entry
// floor, the ranks against the same floors (tolerance.ts) from the singular values of the R factors,
// which are those of F and G₀. ~L and ~EL are not computed on this path yet: they are reported as
// inconclusive with the reason, never guessed.
import { sourceSpec, openSpec } from '../io/stream/index.js';
import { blockedDecision, type ModelFactors } from '../engine/blocked/decision.js';
import { decideFromSpectrum, type RankDecision } from '../engine/rank.js';
import { matrixFloor, productFloor, svdBackwardCoefficient, unitRoundoff, U, LOG_ODDS_UNIT, type Dtype } from '../engine/tolerance.js';
import type { CompareReport } from './compare.js';
import { blockedApproximate } from '../engine/blocked/approximate.js';
import { TooLargeError } from '../io/stream/limits.js';
import { approximateJson } from './approximate-render.js';

/** Above this many entries of one model's log-odds (n·(V−1)) the dense path is not taken: 2²⁶ ≈ 512 MiB of f64. */
export const DENSE_MAX_ENTRIES = 2 ** 26;

/** Whether two files are large enough for the blocked path (without reading them whole). */
export function needsBlocked(fa: string, fb: string, names: { fName?: string; gName?: string }): boolean {
  for (const f of [fa, fb]) {
    let s;
    try {
      s = openSpec(sourceSpec(f, names));
    } catch {
      // Whatever is wrong with the file, the hardened whole-file reader names it (file, field, expectation).
      return false;
    }
    try {
      if (s.n * (s.V - 1) > DENSE_MAX_ENTRIES) return true;
    } finally {
      s.close();
    }
  }
  return false;
}

/** ‖G‖_F and ‖g_pivot‖ of a file, streamed: what the floor of G₀ needs beyond its R factor. */
function unembeddingNorms(file: string, names: { fName?: string; gName?: string }): { fro: number; pivot: number; g0Abs: number } {
  const s = openSpec(sourceSpec(file, names));
  try {
    const rows = Math.max(1, Math.floor(2 ** 20 / Math.max(1, s.d)));
    const buf = new Float64Array(rows * s.d);
    const norms = new Float64Array(s.V);
    for (let r0 = 0; r0 < s.V; r0 += rows) {
      const r1 = Math.min(s.V, r0 + rows);
      s.readG(r0, r1, buf);
      for (let i = r0; i < r1; i++) {
        let acc = 0;
        for (let j = 0; j < s.d; j++) acc += (buf[(i - r0) * s.d + j] as number) ** 2;
        norms[i] = Math.sqrt(acc);
      }
    }
    const gp = norms[s.pivot] as number;
    let fro = 0, g0 = 0;
    for (let y = 0; y < s.V; y++) {
      fro += (norms[y] as number) ** 2;
      if (y !== s.pivot) g0 += ((norms[y] as number) + gp) ** 2;
    }
    return { fro: Math.sqrt(fro), pivot: gp, g0Abs: Math.sqrt(g0) };
  } finally {
    s.close();
  }
}

const frob = (R: { R: Float64Array }): number => Math.sqrt(R.R.reduce((s, v) => s + v * v, 0));

function ranks(m: ModelFactors, dtypes: { F: Dtype; G: Dtype }, g: { g0Abs: number }) {
  const uF = unitRoundoff(dtypes.F), uG = unitRoundoff(dtypes.G);
  const nF = frob(m.RF), nG0 = frob(m.RG0);
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
    rankL = { rank: m.r, sigma: [], floor: floorL, gap: lower / floorL, conclusive: ok, ambiguous: !ok, why: ok ? null : `r = ${m.r} from a bound that does not clear the floor` };
  }
  return { rankF, rankG0, rankL, precision: { F: uF, G: uG } };
}

/** The comparison of two large files on the blocked path, in the shape of the dense report. */
export async function compareBlocked(fa: string, fb: string, names: { fName?: string; gName?: string }, workers: number): Promise<CompareReport> {
  const sa = sourceSpec(fa, names), sb = sourceSpec(fb, names);
  const src = [openSpec(sa), openSpec(sb)];
  const dtypes = src.map((s) => ({ F: s.dtypeF as Dtype, G: s.dtypeG as Dtype }));
  const pivots = src.map((s) => s.pivot);
  for (const s of src) s.close();
  const dec = await blockedDecision(sa, sb, { workers });
  const norms = [unembeddingNorms(fa, names), unembeddingNorms(fb, names)];
  const files = [fa, fb];
  const models = dec.models.map((m, i) => {
    const r = ranks(m, dtypes[i]!, norms[i]!);
    const dt = dtypes[i]!;
    return {
      file: files[i]!, dtype: dt.F === dt.G ? dt.F : `F ${dt.F}, G ${dt.G}`, precision: r.precision, n: m.n, V: m.V, d: m.d, pivot: pivots[i]!,
      rankF: r.rankF.rank, rankG0: r.rankG0.rank, r: r.rankL.rank, rConclusive: r.rankL.conclusive, rDecidedExactly: false,
      rankFloors: { F: r.rankF.floor, G0: r.rankG0.floor, L: r.rankL.floor }, spectrumL: r.rankL.sigma.slice(0, 64),
      fDiverse: r.rankF.rank === m.d && r.rankF.conclusive, gDiverse: r.rankG0.rank === m.d && r.rankG0.conclusive,
      ambiguity: [r.rankF, r.rankG0, r.rankL].filter((x) => !x.conclusive).map((x) => x.why ?? 'no clear gap'),
    };
  });
  const notHere = (what: string) => ({
    holds: false, conclusive: false, decidedExactly: false, M: null, residuals: { F: null, G0: null }, floors: { F: null, G0: null }, cond: null,
    reason: `inconclusive: ${what} is not computed on the blocked path for models this large (n·(V−1) > ${DENSE_MAX_ENTRIES}); the distribution verdict and the ranks are`,
  });
  const g = dec.gap;
  // d_logit, mean KL and the C17 maps streamed from the files (the reduced C18 part needs each model's Q);
  // left out, not failed, when its factors are too large.
  const approx = await blockedApproximate(sa, sb).catch((e: unknown) => { if (e instanceof TooLargeError) return null; throw e; });
  return {
    ...(approx ? { approximate: approximateJson(approx), approximateReport: approx } : {}),
    equivalent: g.equivalent,
    conclusive: true,
    maxLogOddsGap: g.relGap,
    where: { context: Math.max(0, g.x), token: Math.max(0, g.y) },
    gap: { ratio: g.ratio, absolute: g.maxDiff, floor: 0, why: `blocked path (${dec.seconds.total.toFixed(1)} s): each entry |L − L̃| against the same floor as the dense path; largest ratio ${g.ratio.toPrecision(3)} (the floor at that entry is not kept on this path; absolute is the largest |L − L̃| anywhere)` },
    precision: { requested: null, models: models.map((m) => m.precision) },
    decidedExactly: [],
    roles: `model 1 = ${fa} (F, G₀), model 2 = ${fb} (F̃, G̃₀)`,
    models,
    linear: notHere('~L'),
    extendedLinear: notHere('~EL'),
  } as unknown as CompareReport;
}
