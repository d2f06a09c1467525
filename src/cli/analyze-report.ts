// The report of `aon analyze` and its --export arrays, from an analysis of either path (dense, or from
// the factors at real size): one shape for text, JSON (schemas/analyze.schema.json) and HTML.
import { writeFileSync } from 'node:fs';
import type { ModelData } from '../io/index.js';
import { encodeNpyF64 } from '../io/npy.js';
import { buildStoredZip } from '../io/zip.js';
import type { FactorAnalysis } from '../engine/analysis.js';
import { toDense } from '../engine/load.js';
import { eigSym } from '../matrix/decompose.js';
import { structureOf } from '../engine/audit/structure.js';
import { coarsestUnitRoundoff as unitRoundoff } from '../engine/tolerance.js';
import { UsageError } from './exit.js';

export interface RankReport {
  rank: number;
  conclusive: boolean;
  /** Singular values below this count as zero. */
  floor: number;
  sigma: number[];
}

export interface AnalyzeReport {
  source: string;
  dtype: string;
  unitRoundoff: number;
  n: number;
  V: number;
  d: number;
  pivot: number;
  rankF: number;
  rankG0: number;
  rankL: number;
  /** The rank decisions behind them: spectra, floors, conclusiveness. */
  spectra: { F: RankReport; G0: RankReport; L: RankReport };
  r: number;
  fDiverse: boolean;
  gDiverse: boolean;
  junk: { embedding: number; unembedding: number };
  conclusive: boolean;
  notes: string[];
}

/** The rank decision as reported: the engine's own floor and conclusiveness when it states them. */
function rankReport(dec: FactorAnalysis['rankF']): RankReport {
  return { rank: dec.rank, conclusive: dec.conclusive, floor: dec.floor, sigma: Array.from(dec.sigma) };
}

/** `m`: where the model came from (a ModelData, or the blocked path's file description). */
export function analyzeReport(a: FactorAnalysis, m: Pick<ModelData, 'source' | 'dtype' | 'pivot'>): AnalyzeReport {
  const rankF = rankReport(a.rankF), rankG0 = rankReport(a.rankG0), rankL = rankReport(a.rankL);
  return {
    source: m.source, dtype: m.dtype, unitRoundoff: unitRoundoff(m.dtype),
    n: a.n, V: a.V, d: a.d, pivot: m.pivot,
    rankF: rankF.rank, rankG0: rankG0.rank, rankL: rankL.rank,
    spectra: { F: rankF, G0: rankG0, L: rankL },
    r: a.r, fDiverse: a.fDiverse, gDiverse: a.gDiverse,
    junk: { embedding: rankF.rank - a.r, unembedding: rankG0.rank - a.r },
    conclusive: rankF.conclusive && rankG0.conclusive && rankL.conclusive && !a.ambiguous,
    notes: a.notes,
  };
}

/** Columns of the eigenvectors of a projector with eigenvalue 1 (the last k of ascending order) as a d × k array. */
function rangeOf(P: FactorAnalysis['PE'], k: number): { rows: number; cols: number; data: Float64Array } {
  const { V } = eigSym(P);
  const d = P.rows, all = V.toFloat64Array();
  const out = new Float64Array(d * k);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) out[i * k + j] = all[i * d + (d - k + j)] as number;
  return { rows: d, cols: k, data: out };
}

function columnsMatrix(vs: Float64Array[], d: number): { rows: number; cols: number; data: Float64Array } {
  const k = vs.length, out = new Float64Array(d * k);
  vs.forEach((v, j) => v.forEach((x, i) => (out[i * k + j] = x)));
  return { rows: d, cols: k, data: out };
}

type Dense = { rows: number; cols: number; data: Float64Array };

/** The export's arrays: bases (d × k columns) and the reduced model, in the caller's core scope. */
export function exportArrays(a: FactorAnalysis): Record<string, Dense> {
  const s = structureOf(a);
  return {
    E: rangeOf(a.PE, s.rankF),
    Gamma: rangeOf(a.PGamma, s.rankG0),
    R: toDense(a.Q),
    embeddingJunk: columnsMatrix(s.embeddingJunk, a.d),
    unembeddingJunk: columnsMatrix(s.unembeddingJunk, a.d),
    alpha: toDense(a.alpha),
    beta: toDense(a.beta),
  };
}

export function writeExport(path: string, arrays: Record<string, Dense>): void {
  const zip = buildStoredZip(Object.entries(arrays).map(([name, m]) => ({ name: `${name}.npy`, data: encodeNpyF64(m) })), path);
  try {
    writeFileSync(path, zip);
  } catch (e) {
    throw new UsageError(`${path}: cannot write the export (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

