// The dense engine's structural analysis (analysis.ts analyzeFactors) on the blocked engine's factors:
// R factors (or column blocks of a joint R) stand in for F and G₀ — they have the same Gram matrices, so
// the same singular values, row spaces and norms — the SVDs come from the workers, and the floors are
// those of the real n × d and (V−1) × d matrices. Nothing here holds more than (d_A + d_B)² numbers per factor.
import type { Core } from '../../wasm/core.js';
import { fromArray } from '../../matrix/create.js';
import { withSpec } from '../../io/stream/open.js';
import type { ModelSource, SourceSpec } from '../../io/stream/source.js';
import { analyzeFactors, factorRanks, type FactorAnalysis, type FactorInput, type FactorRanks, type Spectrum } from '../analysis.js';
import { underflowErrors, precisionOfDtype, type Tolerances, DEFAULT_TOLERANCES } from '../tolerance.js';
import type { ModelFactors } from './decision.js';
import type { RFactor } from './tsqr.js';
import type { SmallSvd } from './small-svd.js';
import { rowNorms, unembeddingNormsOf, type UnembeddingNorms } from './unembedding-norms.js';

export type { UnembeddingNorms } from './unembedding-norms.js';

/** The norms of a file's unembedding by a pass of their own (the gap pass brings them when it runs: gap.ts). */
export function unembeddingNorms(spec: SourceSpec): UnembeddingNorms {
  return withSpec(spec, (s) => unembeddingNormsOf(tokenNorms(s, 0, s.V), s.pivot));
}

/** ‖g_y‖ for tokens [t0, t1), read a megabyte at a time: rowNorms on the same f64 rows the gap pass reads. */
export function tokenNorms(s: ModelSource, t0: number, t1: number): Float64Array {
  const rows = Math.max(1, Math.floor(2 ** 20 / Math.max(1, s.d)));
  const buf = new Float64Array(rows * s.d);
  const norms = new Float64Array(t1 - t0);
  for (let r0 = t0; r0 < t1; r0 += rows) {
    const r1 = Math.min(t1, r0 + rows);
    s.readG(r0, r1, buf);
    norms.set(rowNorms(buf, r1 - r0, s.d), r0 - t0);
  }
  return norms;
}

export const frobenius = (R: { R: Float64Array }): number => Math.sqrt(R.R.reduce((s, v) => s + v * v, 0));

/** Whether analyzeFactors can run on these factors: both SVDs were taken (d within the SVD limit). */
export function hasSpectra(m: ModelFactors): boolean {
  return m.svdF.k >= 0 && m.svdG0.k >= 0;
}

/** The dtype string of a file as the dense readers record it ('f32', or 'F f32, G bf16'). */
export function dtypeOfSpec(spec: SourceSpec): string {
  return withSpec(spec, dtypeOf);
}

const dtypeOf = (s: ModelSource): string => (s.dtypeF === s.dtypeG ? s.dtypeF : `F ${s.dtypeF}, G ${s.dtypeG}`);

/**
 * One model's analysis from its factors, in the caller's core scope. `standIn` (default: its own R
 * factors) is what F and G₀ are represented by; for two models to be related by the map verdicts both
 * must use the column blocks of one joint R (decision.ts JointFactors).
 */
export function factorAnalysis(core: Core, m: ModelFactors, norms: UnembeddingNorms, t: Tolerances = DEFAULT_TOLERANCES, standIn?: { F: RFactor; G0: RFactor }): FactorAnalysis {
  return analyzeFactors(factorInput(core, m, norms, t, standIn), t);
}

/** The rank decisions alone (analysis.ts FactorRanks), from the same input: what ~L reads. */
export function factorRanksOf(core: Core, m: ModelFactors, norms: UnembeddingNorms, t: Tolerances = DEFAULT_TOLERANCES, standIn?: { F: RFactor; G0: RFactor }): FactorRanks {
  return factorRanks(factorInput(core, m, norms, t, standIn), t);
}

function factorInput(core: Core, m: ModelFactors, norms: UnembeddingNorms, t: Tolerances, standIn?: { F: RFactor; G0: RFactor }): FactorInput {
  if (!hasSpectra(m)) throw new RangeError(`factorAnalysis: no SVD of the factors at d = ${m.d}`);
  const { pivot, dtype } = withSpec(m.spec, (s) => ({ pivot: s.pivot, dtype: dtypeOf(s) }));
  const u = precisionOfDtype(dtype);
  const precision = { F: Math.max(t.uIn, u.F), G: Math.max(t.uIn, u.G) };
  const asMatrix = (R: RFactor) => fromArray(core, R.k, R.d, R.R.subarray(0, R.k * R.d));
  const spectrum = (x: SmallSvd): Spectrum => ({ sigma: Array.from(x.S), V: fromArray(core, x.cols, x.k, x.V) });
  const F = asMatrix(standIn?.F ?? m.RF), G0 = asMatrix(standIn?.G0 ?? m.RG0);
  const d = m.d;
  return {
    F, G0, n: m.n, V: m.V, pivot,
    norms: { F: frobenius(m.RF), G0: frobenius(m.RG0), g0Abs: norms.g0Abs, gPivot: norms.pivot },
    precision,
    factorError: underflowErrors(dtype, m.n, m.V, d, 0, 0).factor,
    svd: {
      F: spectrum(m.svdF), G0: spectrum(m.svdG0),
      // Without σ(L) (the decision's bounds settled r: spectra.ts rankByBound), rankOfL decides rank L
      // from bounds on σ(L) by these two spectra at its own floor, or takes the middle SVD itself.
      ...(m.sigmaL.length > 0 ? { L: Array.from(m.sigmaL) } : {}),
    },
  };
}
