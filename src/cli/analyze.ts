// `aon analyze MODEL`: what the theory says about one model (theory.md §1): ranks of F, G₀ and L with their
// spectra and floors, the effective complexity r, f- and g-diversity, and the dimensions of the embedding
// junk E ∩ Γ^⊥ and the unembedding junk Γ ∩ E^⊥. Optionally the bases and the reduced model as .npz, and
// an HTML page with the spectra plotted against their floors.
// Exit codes: 0 done (every rank decision conclusive), 2 usage or input error, 3 a rank decision too close to call.
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { readModelFile, type ModelData } from '../io/index.js';
import { encodeNpyF64 } from '../io/npy.js';
import { buildStoredZip } from '../io/zip.js';
import { loadCore, type BuildChoice } from '../wasm/loader.js';
import { analyze, type Analysis, type FactorAnalysis } from '../engine/analysis.js';
import { toMatrix, toDense } from '../engine/load.js';
import { predictor } from '../engine/predictor.js';
import { maxRowNorm } from '../matrix/reshape.js';
import { eigSym } from '../matrix/decompose.js';
import { structureOf } from '../engine/audit/structure.js';
import { coarsestUnitRoundoff as unitRoundoff, precisionOfDtype, underflowErrors } from '../engine/tolerance.js';
import { EXIT_OK, UsageError } from './exit.js';
import { spectraPage } from './analyze-html.js';
import { MODEL_OPTIONS, parseBuild, readNames } from './model-options.js';
import { isLarge } from './compare-blocked.js';
import { runAnalyzeBlocked } from './analyze-blocked.js';
import { availableParallelism } from 'node:os';

const EXIT_INCONCLUSIVE = 3;

export const ANALYZE_HELP = `usage: aon analyze MODEL [--json] [--export out.npz] [--html out.html] [--f-name NAME] [--g-name NAME] [--build auto|simd|scalar]
                     [--blocked] [--workers N]

Ranks of F, G₀ and the log-odds L = F G₀ᵀ (computed from the factors) with their spectra and floors; the
effective complexity r = rank L; f-diversity (rank F = d) and g-diversity (rank G₀ = d); the dimensions of
the embedding junk E ∩ Γ^⊥ (= rank F − r) and the unembedding junk Γ ∩ E^⊥ (= rank G₀ − r).
--export writes orthonormal bases (columns, d × k) E, Gamma, R, embeddingJunk, unembeddingJunk and the
reduced model alpha (n × r), beta ((V−1) × r) as arrays of one .npz.

A model whose log-odds would exceed 2^26 entries (n·(V−1)) is analysed from its factors (--blocked forces
it): the file read by row blocks, R factors of F and G₀ by TSQR on --workers N threads (default: the number
of cores), the same floors and decisions; L is never formed. d is at most 2048 there (SVD of d × d factors).

exit codes: 0 done, 2 usage or input error, 3 a rank decision is too close to call (inconclusive)`;

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

function exportNpz(path: string, a: Analysis): void {
  writeExport(path, exportArrays(a));
}

export function runAnalyze(m: ModelData, build: BuildChoice = 'auto', exportPath?: string): AnalyzeReport {
  const core = loadCore({ build });
  return core.scope(() => {
    // Judged at the file's own precision (its dtype), as compare does and as the report states.
    const F = toMatrix(core, m.F), G = toMatrix(core, m.G);
    const under = underflowErrors(m.dtype, F.rows, G.rows, F.cols, maxRowNorm(F), maxRowNorm(G));
    const a = analyze(predictor(F, G, m.pivot, m.source, precisionOfDtype(m.dtype), under.logOdds, under.factor));
    if (exportPath) exportNpz(exportPath, a);
    return analyzeReport(a, m);
  });
}

const e2 = (x: number): string => x.toExponential(2);

function spectrumLine(name: string, r: RankReport): string {
  const s = r.sigma;
  const shown = s.length <= 8 ? s.map(e2).join(' ') : `${s.slice(0, 4).map(e2).join(' ')} … ${s.slice(-4).map(e2).join(' ')}`;
  const gap = r.rank > 0 && r.rank < s.length ? `; σ_${r.rank} = ${e2(s[r.rank - 1] as number)}, σ_${r.rank + 1} = ${e2(s[r.rank] as number)}` : '';
  return `rank ${name} = ${r.rank}${r.conclusive ? '' : ' (inconclusive: a singular value is too close to the floor)'}; floor ${e2(r.floor)}${gap}\n    σ: ${shown}`;
}

export function renderAnalyze(r: AnalyzeReport): string[] {
  return [
    `${r.source}: n = ${r.n} contexts, V = ${r.V} tokens, d = ${r.d}, pivot ${r.pivot}; stored as ${r.dtype} (u = ${e2(r.unitRoundoff)}), computed in f64`,
    `  ${spectrumLine('F', r.spectra.F)}`,
    `  ${spectrumLine('G₀', r.spectra.G0)}`,
    `  ${spectrumLine('L = F G₀ᵀ', r.spectra.L)}`,
    `  effective complexity r = ${r.r}${r.spectra.L.sigma.length > 1 ? ` (σ₂/σ₁ of L = ${((r.spectra.L.sigma[1] as number) / (r.spectra.L.sigma[0] as number)).toPrecision(3)})` : ''}`,
    `  f-diverse ${r.fDiverse ? 'yes' : 'no'} (rank F ${r.fDiverse ? '=' : '<'} d), g-diverse ${r.gDiverse ? 'yes' : 'no'} (rank G₀ ${r.gDiverse ? '=' : '<'} d)`,
    `  junk: embedding E ∩ Γ^⊥ dimension ${r.junk.embedding}, unembedding Γ ∩ E^⊥ dimension ${r.junk.unembedding}`,
    ...r.notes.map((n) => `  note: ${n}`),
  ];
}

export async function analyzeCommand(argv: string[], out: (s: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        export: { type: 'string' },
        html: { type: 'string' },
        blocked: { type: 'boolean', default: false },
        workers: { type: 'string' },
        ...MODEL_OPTIONS,
      },
    });
  } catch (e) {
    throw new UsageError(`analyze: ${(e as Error).message}\n${ANALYZE_HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(ANALYZE_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`analyze takes one model file, got ${positionals.length}\n${ANALYZE_HELP}`);
  const build = parseBuild(values.build as string);
  const file = positionals[0] as string, names = readNames(values);
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`--workers must be an integer from 1 to 64, got '${values.workers}'`);
  const report = values.blocked || isLarge(file, names)
    ? await runAnalyzeBlocked(file, names, workers, build, values.export)
    : runAnalyze(readModelFile(file, names), build, values.export);
  if (values.html) {
    try {
      writeFileSync(values.html, spectraPage(report));
    } catch (e) {
      throw new UsageError(`${values.html}: cannot write the page (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  if (values.json) out(JSON.stringify(report, null, 2));
  else for (const line of renderAnalyze(report)) out(line);
  return report.conclusive ? EXIT_OK : EXIT_INCONCLUSIVE;
}
