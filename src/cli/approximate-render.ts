// Text and JSON of the approximate comparison (engine/approximate.ts), for `aon compare` to print beside its
// exact verdict: "d_logit = 0.031; reduced embeddings related with residual 0.012 ≤ bound 0.048".
import type { ApproximateReport, ResidualBound } from '../engine/approximate.js';

const e3 = (x: number): string => (Number.isFinite(x) ? x.toPrecision(3) : String(x));

function pair(name: string, r: ResidualBound): string {
  if (Number.isNaN(r.residual)) return `${name}: ${r.reason}`;
  if (r.bound === null) return `${name}: residual ${e3(r.residual)} (relative ${e3(r.relative)}); no bound: ${r.reason}`;
  // The residual is judged against the theorem's bound plus what rounding adds: print both, so the
  // comparison printed is the one made (a residual under its rounding allowance but over the bare bound
  // read "residual 1.06e-14 ≤ bound 3.98e-15").
  const allowed = r.bound + (r.rounding ?? 0);
  return `${name}: residual ${e3(r.residual)} ${r.holds ? '≤' : '>'} ${e3(allowed)} = bound ${e3(r.bound)} + rounding ${e3(r.rounding ?? 0)} (relative residual ${e3(r.relative)})`;
}

export function renderApproximate(r: ApproximateReport): string[] {
  return [
    `approximate: d_logit = ${e3(r.dLogit)} (‖Z_c − Z̃_c‖_F = ${e3(r.logitGap)}, rounding floor ${e3(r.gapFloor)}); mean KL ${e3(r.klMean.ab)} (A‖B), ${e3(r.klMean.ba)} (B‖A) nats`,
    `  ${pair('embeddings F ≈ F̃ T̂ᵀ (C17)', r.embeddings)}`,
    `  ${pair('unembeddings G_c ≈ G̃_c Ŝᵀ (C17)', r.unembeddings)}`,
    `  ${pair('reduced embeddings α_c ≈ α̃_c T̂ᵀ (C18)', r.reducedEmbeddings)}`,
    `  ${pair('reduced unembeddings β_c ≈ β̃_c Ŝᵀ (C18)', r.reducedUnembeddings)}`,
    r.cca.correlations.length === 0 && Number.isNaN(r.cca.mean)
      ? '  canonical correlation of the reduced embeddings: not computed (no reduced models)'
      : `  canonical correlation of the reduced embeddings: mean ${e3(r.cca.mean)} over ${r.cca.correlations.length}`,
    `  (${r.margin})`,
  ];
}

const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);

/** The `approximate` block of compare's JSON (schemas/approximate.schema.json). */
export function approximateJson(r: ApproximateReport) {
  const rb = (x: ResidualBound) => ({ residual: finite(x.residual), relative: finite(x.relative), bound: finite(x.bound), rounding: finite(x.rounding), holds: x.holds, reason: x.reason });
  return {
    dLogit: finite(r.dLogit),
    logitGap: finite(r.logitGap),
    gapFloor: finite(r.gapFloor),
    klMean: { ab: finite(r.klMean.ab), ba: finite(r.klMean.ba) },
    embeddings: rb(r.embeddings),
    unembeddings: rb(r.unembeddings),
    reducedEmbeddings: rb(r.reducedEmbeddings),
    reducedUnembeddings: rb(r.reducedUnembeddings),
    cca: { mean: finite(r.cca.mean), correlations: r.cca.correlations },
    margin: r.margin,
  };
}
