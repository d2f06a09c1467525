// `aon audit` at real model sizes: the structure (ranks with floors, r, E, Γ, the junk spaces) from the
// blocked engine's R factors of F and G₀ (TSQR on worker threads, blocked/structure.ts factorAnalysis:
// the FactorAnalysis the dense audit's structureOf already reads), the model as audit/streamed.ts holds
// it (F, the rows of G the properties name, K from R_G₀ and the column means of G), and the products
// G w the measures need computed in streamed passes over the file on the workers. Never L, never G whole,
// never an equivalent model formed in full.
import { openSpec, sourceSpec } from '../io/stream/index.js';
import type { SourceSpec } from '../io/stream/source.js';
import { requireResident, TooLargeError } from '../io/stream/limits.js';
import { blockedFactors, SVD_DIM_LIMIT } from '../engine/blocked/decision.js';
import { blockedProducts, type ProgressSink } from '../engine/blocked/api.js';
import { BlockPool } from '../engine/blocked/pool.js';
import { factorAnalysis, unembeddingNorms, dtypeOfSpec } from '../engine/blocked/structure.js';
import type { RFactor } from '../engine/blocked/tsqr.js';
import { loadCore, type BuildChoice } from '../wasm/loader.js';
import { auditProperty, auditReport, contextOf, type AuditReport } from '../engine/audit/audit.js';
import type { AuditOptions } from '../engine/audit/context.js';
import type { PropertySpec } from '../engine/audit/spec.js';
import { GProducts, StreamedView, gramFromFactor, type StreamedBase } from '../engine/audit/streamed.js';
import { forgetLogitDrifts, logitDrift } from '../engine/audit/spread.js';
import { dotv, type Vec } from '../engine/audit/vec.js';

type Names = { fName?: string; gName?: string };

/** What the audit holds besides the blocked engine's own buffers: F, and one chunk of products G w (twice). */
const HOST_LIMIT = 2 * 1024 ** 3;
/** Products G w per streamed pass (each pass reads G once; more vectors per pass, fewer passes). */
const PRODUCT_CHUNK = 256;

/** The shape of a file, without reading it. */
export function fileShape(file: string, names: Names): { n: number; V: number; d: number; pivot: number } {
  const s = openSpec(sourceSpec(file, names));
  try {
    return { n: s.n, V: s.V, d: s.d, pivot: s.pivot };
  } finally {
    s.close();
  }
}

/** Refuse what cannot be done before minutes of work. */
function checkSize(spec: SourceSpec): { n: number; V: number; d: number; pivot: number } {
  const s = fileShape(spec.path, spec);
  if (s.d > SVD_DIM_LIMIT) {
    throw new TooLargeError(spec.path, `the SVDs of the d × d factors at d = ${s.d}`, s.d, SVD_DIM_LIMIT,
      `d is at most ${SVD_DIM_LIMIT} on the blocked path (one-sided Jacobi grows like d³; the numbers are dimensions, not bytes)`);
  }
  requireResident(spec.path, `the audit's F (n × d f64) and one pass of ${PRODUCT_CHUNK} products G w (V f64 each, twice)`,
    8 * s.n * s.d + 16 * s.V * PRODUCT_CHUNK, HOST_LIMIT);
  return s;
}

/** The rows of G the properties read (and the pivot's). */
function namedTokens(specs: PropertySpec[], pivot: number): Set<number> {
  const tokens = new Set<number>([pivot]);
  for (const p of specs) {
    if (p.kind === 'unembedding-difference') for (const [a, b] of p.pairs) tokens.add(a).add(b);
    if (p.kind === 'probe') for (const y of p.answers) tokens.add(y);
  }
  return tokens;
}

/** F whole, and one streamed pass over G: its named rows, column means and mean row norm. */
function readBase(spec: SourceSpec, tokens: Set<number>, RG0: RFactor): StreamedBase {
  const s = openSpec(spec);
  try {
    const { n, V, d, pivot } = s;
    const F = new Float64Array(n * d);
    s.readF(0, n, F);
    const rows = Math.max(1, Math.floor(2 ** 20 / Math.max(1, d)));
    const buf = new Float64Array(rows * d);
    const gMean = new Float64Array(d);
    const gRows = new Map<number, Vec>();
    let meanRowNorm = 0;
    for (let r0 = 0; r0 < V; r0 += rows) {
      const r1 = Math.min(V, r0 + rows);
      s.readG(r0, r1, buf);
      for (let y = r0; y < r1; y++) {
        const o = (y - r0) * d;
        let s2 = 0;
        for (let k = 0; k < d; k++) {
          const g = buf[o + k] as number;
          gMean[k] = (gMean[k] as number) + g / V;
          s2 += g * g;
        }
        meanRowNorm += Math.sqrt(s2) / V;
        if (tokens.has(y)) gRows.set(y, buf.slice(o, o + d));
      }
    }
    const { K } = gramFromFactor(RG0, gMean, gRows.get(pivot)!, V);
    return { n, V, d, pivot, F: { rows: n, cols: d, data: F }, gRows, gMean, meanRowNorm, K, products: new GProducts(V) };
  } finally {
    s.close();
  }
}

/** G w for each w, from streamed products with G₀ (rows g_y − g_pivot, y ≠ pivot) plus g_pivotᵀ w. */
async function productsWithG(spec: SourceSpec, base: StreamedBase, ws: Vec[], o: { workers: number; build: BuildChoice; pool: BlockPool; progress?: ProgressSink }): Promise<Vec[]> {
  const { d, V, pivot } = base;
  const gp = base.gRows.get(pivot)!;
  const out: Vec[] = [];
  for (let c0 = 0; c0 < ws.length; c0 += PRODUCT_CHUNK) {
    const chunk = ws.slice(c0, c0 + PRODUCT_CHUNK), k = chunk.length;
    const P = new Float64Array(d * k);
    chunk.forEach((w, j) => { for (let i = 0; i < d; i++) P[i * k + j] = w[i] as number; });
    const { Y } = await blockedProducts(spec, null, 'G0', P, null, k, true, o);
    chunk.forEach((w, j) => {
      const gw = dotv(gp, w);
      const z = new Float64Array(V);
      for (let y = 0; y < V; y++) z[y] = y === pivot ? gw : (Y![(y < pivot ? y : y - 1) * k + j] as number) + gw;
      out.push(z);
    });
  }
  return out;
}

export async function runAuditBlocked(
  file: string, names: Names, specs: PropertySpec[], options: AuditOptions, workers: number, build: BuildChoice = 'auto', progress?: ProgressSink,
): Promise<AuditReport> {
  const spec = sourceSpec(file, names);
  const shape = checkSize(spec);
  const pool = new BlockPool(workers, build);
  try {
    const o = { workers, build, pool, alwaysSpectrumL: true, ...(progress ? { progress } : {}) };
    const { models } = await blockedFactors([spec], o);
    const m = models[0]!;
    const norms = unembeddingNorms(spec);
    progress?.('reading F and the named rows of G', 0, 1);
    const base = readBase(spec, namedTokens(specs, shape.pivot), m.RG0);
    progress?.('reading F and the named rows of G', 1, 1);
    const dtype = dtypeOfSpec(spec);
    const core = loadCore({ build });
    const drawing = `structure and ${options.randomDraws} random equivalent models`;
    progress?.(drawing, 0, 1);
    const ctx = core.scope(() => contextOf(factorAnalysis(core, m, norms), new StreamedView(base), dtype, options));
    progress?.(drawing, 1, 1);
    // Each property is audited once collecting the products with G it reads (placeholders returned for
    // the missing ones); if any was missing, they are computed in one streamed pass and the property is
    // audited again. A run that missed nothing read only real numbers (the drift memo is cleared before
    // each run, and nothing else the views memoise depends on a product), so it stands.
    // The logits of the shared draws on sampled contexts (spread.ts logitDrift) every property checks.
    for (const x of ctx.shared) logitDrift(ctx.model, x);
    const shared = base.products.pending();
    base.products.fill(shared, await productsWithG(spec, base, shared, o));
    const properties = [];
    for (const [i, p] of specs.entries()) {
      // A stage per property: its time is what a user weighs (a relational string of |S| ≈ d pairs costs most).
      const stage = `property ${i + 1}/${specs.length} (${p.kind})`;
      progress?.(stage, 0, 1);
      base.products.collecting = true;
      forgetLogitDrifts();
      let audited = auditProperty(ctx, p);
      const ws = base.products.pending();
      if (ws.length > 0) {
        // A pass of a second or two: no stage of its own, so the properties' ETA keeps its start.
        base.products.fill(ws, await productsWithG(spec, base, ws, { workers, build, pool }));
        base.products.collecting = false;
        forgetLogitDrifts();
        audited = auditProperty(ctx, p);
      }
      properties.push(audited);
      progress?.(stage, 1, 1);
    }
    forgetLogitDrifts();
    return auditReport(ctx, properties, { source: file, dtype, pivot: base.pivot });
  } finally {
    await pool.close();
  }
}
