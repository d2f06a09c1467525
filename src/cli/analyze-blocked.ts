// `aon analyze` at real model sizes: the dense report from the blocked engine — R factors of F and G₀ by
// TSQR on worker threads, their SVDs and that of the middle factor R_F R_G₀ᵀ (the singular values of L),
// then the dense engine's own analysis (analysis.ts analyzeFactors) on the R factors, which have the
// Gram matrices of F and G₀, with the floors of the real n × d and (V−1) × d matrices. Never L, never
// G₀ whole (except β for --export, streamed and checked against the memory limit first).
import { sourceSpec, openSpec } from '../io/stream/index.js';
import type { SourceSpec } from '../io/stream/source.js';
import { requireResident, TooLargeError } from '../io/stream/limits.js';
import { blockedFactors, SVD_DIM_LIMIT } from '../engine/blocked/decision.js';
import { blockedProducts, type ProgressSink } from '../engine/blocked/api.js';
import { BlockPool } from '../engine/blocked/pool.js';
import { factorAnalysis, unembeddingNorms, dtypeOfSpec } from '../engine/blocked/structure.js';
import type { FactorAnalysis } from '../engine/analysis.js';
import { loadCore, type BuildChoice } from '../wasm/loader.js';
import { analyzeReport, exportArrays, writeExport, type AnalyzeReport } from './analyze-report.js';

type Names = { fName?: string; gName?: string };

/** β = G₀ Q for --export is held whole: (V − 1) × r f64 (and once more as .npy bytes). */
const EXPORT_LIMIT = 2 * 1024 ** 3;

/** Refuse what cannot be done before minutes of work: the SVDs need d within the limit. */
function checkSize(spec: SourceSpec, exportPath?: string): { n: number; V: number; d: number; pivot: number } {
  const s = openSpec(spec);
  try {
    if (s.d > SVD_DIM_LIMIT) {
      throw new TooLargeError(spec.path, `the SVDs of the d × d factors at d = ${s.d}`, s.d, SVD_DIM_LIMIT,
        `d is at most ${SVD_DIM_LIMIT} on the blocked path (one-sided Jacobi grows like d³; the numbers are dimensions, not bytes)`);
    }
    if (exportPath) requireResident(spec.path, `--export (β = G₀ Q, (V − 1) × d f64 at most, twice)`, 16 * (s.V - 1) * s.d, EXPORT_LIMIT);
    return { n: s.n, V: s.V, d: s.d, pivot: s.pivot };
  } finally {
    s.close();
  }
}

export async function runAnalyzeBlocked(file: string, names: Names, workers: number, build: BuildChoice = 'auto', exportPath?: string, progress?: ProgressSink): Promise<AnalyzeReport> {
  const spec = sourceSpec(file, names);
  const shape = checkSize(spec, exportPath);
  const pool = new BlockPool(workers, build);
  try {
    const o = { workers, build, pool, alwaysSpectrumL: true, ...(progress ? { progress } : {}) };
    const { models } = await blockedFactors([spec], o);
    const m = models[0]!;
    const norms = unembeddingNorms(spec);
    const core = loadCore({ build });
    // Q (d × r) leaves the scope as numbers: the export's streamed products need it after.
    const { report, Q, r, arrays } = core.scope(() => {
      const a: FactorAnalysis = factorAnalysis(core, m, norms);
      const meta = { source: file, dtype: dtypeOfSpec(spec), pivot: shape.pivot };
      return { report: analyzeReport(a, meta), Q: a.Q.toFloat64Array(), r: a.r, arrays: exportPath ? exportArrays(a) : null };
    });
    if (exportPath && arrays) {
      // α and β on the real rows (the analysis held stand-ins of d rows): streamed products with Q.
      const alpha = await blockedProducts(spec, null, 'F', Q, null, r, true, o);
      const beta = await blockedProducts(spec, null, 'G0', Q, null, r, true, o);
      writeExport(exportPath, {
        ...arrays,
        alpha: { rows: shape.n, cols: r, data: alpha.Y ?? new Float64Array(0) },
        beta: { rows: shape.V - 1, cols: r, data: beta.Y ?? new Float64Array(0) },
      });
    }
    return report;
  } finally {
    await pool.close();
  }
}

