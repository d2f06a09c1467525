// `aon analyze MODEL`: what the theory says about one model (theory.md §1): ranks of F, G₀ and L with their
// spectra and floors, the effective complexity r, f- and g-diversity, and the dimensions of the embedding
// junk E ∩ Γ^⊥ and the unembedding junk Γ ∩ E^⊥. Optionally the bases and the reduced model as .npz, and
// an HTML page with the spectra plotted against their floors.
// Exit codes: 0 done (every rank decision conclusive), 2 usage or input error, 3 a rank decision too close to call.
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { readModelFile, type ModelData } from '../io/index.js';
import { loadCore, type BuildChoice } from '../wasm/loader.js';
import { analyze, type Analysis } from '../engine/analysis.js';
import { toMatrix } from '../engine/load.js';
import { predictor } from '../engine/predictor.js';
import { maxRowNorm } from '../matrix/reshape.js';
import { precisionOfDtype, underflowErrors } from '../engine/tolerance.js';
import { EXIT_OK, UsageError } from './exit.js';
import { spectraPage } from './analyze-html.js';
import { MODEL_OPTIONS, parseBuild, parseWorkers, readNames } from './model-options.js';
import { isLarge } from './compare-blocked.js';
import { runAnalyzeBlocked } from './analyze-blocked.js';
import { analyzeReport, exportArrays, writeExport, type AnalyzeReport, type RankReport } from './analyze-report.js';
import { formatHelp } from './help-format.js';
import { fitLines, type Out } from './terminal-width.js';
import { withProgress } from './stage-progress.js';

export type { AnalyzeReport, RankReport };

const EXIT_INCONCLUSIVE = 3;

export const ANALYZE_HELP = formatHelp(`usage: aon analyze MODEL [--json] [--export out.npz] [--html out.html] [--f-name NAME] [--g-name NAME] [--build auto|simd|scalar]
                     [--blocked] [--workers N]

Ranks of F, G₀ and the log-odds L = F G₀ᵀ (computed from the factors) with their spectra and floors; the
effective complexity r = rank L; f-diversity (rank F = d) and g-diversity (rank G₀ = d); the dimensions of
the embedding junk E ∩ Γ^⊥ (= rank F − r) and the unembedding junk Γ ∩ E^⊥ (= rank G₀ − r).
--export writes orthonormal bases (columns, d × k) E, Gamma, R, embeddingJunk, unembeddingJunk and the
reduced model alpha (n × r), beta ((V−1) × r) as arrays of one .npz.

A model whose log-odds would exceed 2^26 entries (n·(V−1)) is analysed from its factors (--blocked forces
it): the file read by row blocks, R factors of F and G₀ by TSQR on --workers N threads (default: the number
of cores), the same floors and decisions; L is never formed. d is at most 2048 there (SVD of d × d factors).

exit codes: 0 done, 2 usage or input error, 3 a rank decision is too close to call (inconclusive)`);

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

export async function analyzeCommand(argv: string[], out: Out): Promise<number> {
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
  const workers = parseWorkers(values.workers);
  const report = values.blocked || isLarge(file, names)
    ? await withProgress((progress) => runAnalyzeBlocked(file, names, workers, build, values.export, progress))
    : runAnalyze(readModelFile(file, names), build, values.export);
  if (values.html) {
    try {
      writeFileSync(values.html, spectraPage(report));
    } catch (e) {
      throw new UsageError(`${values.html}: cannot write the page (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  if (values.json) out(JSON.stringify(report, null, 2));
  else for (const line of fitLines(renderAnalyze(report), out.columns)) out(line);
  return report.conclusive ? EXIT_OK : EXIT_INCONCLUSIVE;
}
