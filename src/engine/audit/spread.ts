// Measures evaluated on drawn equivalent models: the ranges of the non-invariant ones and the drift of the
// invariant ones, with a check that each draw is in fact equivalent (its centred logits on a sample of
// contexts match the model's).
import type { AuditModel } from './model.js';
import type { MeasureSet } from './measures.js';
import type { Spread, Range } from './report.js';

// Few contexts suffice: a draw that is not equivalent changes the logits of almost every context.
const SAMPLE_CONTEXTS = 8;

let driftCache = new WeakMap<AuditModel, number>();
let baseRows = new WeakMap<AuditModel, Map<number, Float64Array>>();

/** Forget the memoised drifts (streamed.ts: its first pass over the properties computes with placeholders). */
export function forgetLogitDrifts(): void {
  driftCache = new WeakMap();
  baseRows = new WeakMap();
}

function baseRow(m: AuditModel, x: number): Float64Array {
  let rows = baseRows.get(m);
  if (!rows) baseRows.set(m, (rows = new Map()));
  let r = rows.get(x);
  if (!r) rows.set(x, (r = m.centredLogits(x)));
  return r;
}

/** max |Z̃_c − Z_c| / (1 + max |Z_c|) over up to 8 evenly spaced contexts (all tokens). */
export function logitDrift(base: AuditModel, other: AuditModel): number {
  const hit = driftCache.get(other);
  if (hit !== undefined) return hit;
  const n = base.n, step = Math.max(1, Math.floor(n / SAMPLE_CONTEXTS));
  let gap = 0, scale = 0;
  for (let x = 0; x < n; x += step) {
    const a = baseRow(base, x), b = other.centredLogits(x);
    for (let y = 0; y < a.length; y++) {
      gap = Math.max(gap, Math.abs((a[y] as number) - (b[y] as number)));
      scale = Math.max(scale, Math.abs(a[y] as number));
    }
  }
  const drift = gap / (1 + scale);
  driftCache.set(other, drift);
  return drift;
}

export function spreadOver(base: AuditModel, own: MeasureSet, draws: { model: AuditModel; measures: MeasureSet }[]): Spread {
  const nonInvariant: Record<string, Range> = {};
  for (const [k, v] of Object.entries(own.nonInvariant)) if (v !== null) nonInvariant[k] = { min: v, max: v };
  const invariantDrift: Record<string, number> = {};
  for (const k of Object.keys(own.invariant)) invariantDrift[k] = 0;
  let drift = 0;
  const kinds = new Set<string>();
  for (const { model, measures } of draws) {
    kinds.add(model.how.replace(/ ?\(#\d+\)| #\d+| aimed at Euclidean cosine .*$/g, '').trim());
    drift = Math.max(drift, logitDrift(base, model));
    for (const [k, v] of Object.entries(measures.nonInvariant)) {
      if (v === null) continue;
      const r = nonInvariant[k] ?? { min: v, max: v };
      nonInvariant[k] = { min: Math.min(r.min, v), max: Math.max(r.max, v) };
    }
    for (const [k, v] of Object.entries(measures.invariant)) {
      const o = own.invariant[k];
      if (v === null || o === null || o === undefined) continue;
      invariantDrift[k] = Math.max(invariantDrift[k] ?? 0, Math.abs(v - o));
    }
  }
  return { draws: draws.length, kinds: [...kinds], logitDrift: drift, nonInvariant, invariantDrift };
}
