// Auditing one model's linear properties (theory.md §6): for each property, the invariant and the
// non-invariant measures, their spread over equivalent models drawn from this one, junk reading without
// diversity, and a verdict. The structure (ranks, spaces) comes from the engine's analysis of the model.
import type { Analysis, FactorAnalysis } from '../analysis.js';
import type { DenseMatrix } from '../../dense.js';
import { ModelView, type AuditModel } from './model.js';
import { structureOf, type Structure } from './structure.js';
import { randomEquivalents } from './draws.js';
import { DEFAULT_AUDIT_OPTIONS, type AuditContext, type AuditOptions } from './context.js';
import { auditDifferences } from './parallelism.js';
import { auditSteering } from './steering.js';
import { auditProbe, auditRelational } from './relational.js';
import type { PropertySpec } from './spec.js';
import type { PropertyAudit, VerdictCode } from './report.js';
import { coarsestUnitRoundoff as unitRoundoff } from '../tolerance.js';

export interface AuditReport {
  model: {
    source: string;
    dtype: string;
    unitRoundoff: number;
    n: number;
    V: number;
    d: number;
    pivot: number;
    rankF: number;
    rankG0: number;
    r: number;
    fDiverse: boolean;
    gDiverse: boolean;
    junk: { embedding: number; unembedding: number };
    ambiguous: boolean;
  };
  draws: { random: number; junkPerProperty: number; seed: number; cond: number };
  properties: PropertyAudit[];
  summary: Record<VerdictCode, number>;
}

/** σ₁ / σ_k of a rank decision's spectrum (1 when the rank is 0). */
function spreadOf(dec: { rank: number; sigma: number[] }): number {
  const k = dec.rank;
  return k === 0 ? 1 : (dec.sigma[0] as number) / (dec.sigma[k - 1] as number);
}

export function auditContext(a: Analysis, model: { F: DenseMatrix; G: DenseMatrix; pivot: number; dtype: string }, options: AuditOptions = DEFAULT_AUDIT_OPTIONS): AuditContext {
  return contextOf(a, new ModelView(model.F, model.G, model.pivot), model.dtype, options);
}

/**
 * The context of an audit from the structure of the model (the dense analysis, or blocked/structure.ts
 * factorAnalysis at real sizes: the same FactorAnalysis) and the model as the measures read it.
 */
export function contextOf(a: FactorAnalysis, view: AuditModel, dtype: string, options: AuditOptions = DEFAULT_AUDIT_OPTIONS): AuditContext {
  const structure: Structure = structureOf(a);
  return {
    model: view,
    structure,
    u: unitRoundoff(dtype),
    dtype,
    kappaF: spreadOf(a.rankF),
    kappaG0: spreadOf(a.rankG0),
    shared: randomEquivalents(view, options.randomDraws, options.seed),
    options,
  };
}

export function auditProperty(ctx: AuditContext, spec: PropertySpec): PropertyAudit {
  switch (spec.kind) {
    case 'unembedding-difference':
    case 'embedding-difference':
      return auditDifferences(ctx, spec);
    case 'steering':
      return auditSteering(ctx, spec);
    case 'relational':
      return auditRelational(ctx, spec);
    case 'probe':
      return auditProbe(ctx, spec);
  }
}

export function auditModel(
  a: Analysis,
  model: { F: DenseMatrix; G: DenseMatrix; pivot: number; dtype: string; source: string },
  specs: PropertySpec[],
  options: AuditOptions = DEFAULT_AUDIT_OPTIONS,
): AuditReport {
  const ctx = auditContext(a, model, options);
  return auditReport(ctx, specs.map((p) => auditProperty(ctx, p)), model);
}

/** The report of audited properties. */
export function auditReport(ctx: AuditContext, properties: PropertyAudit[], model: { source: string; dtype: string; pivot: number }): AuditReport {
  const options = ctx.options;
  const summary: Record<VerdictCode, number> = { fact: 0, depends: 0, inconclusive: 0 };
  for (const p of properties) summary[p.verdict.code]++;
  const s = ctx.structure;
  return {
    model: {
      source: model.source, dtype: model.dtype, unitRoundoff: ctx.u,
      n: s.n, V: s.V, d: s.d, pivot: model.pivot, rankF: s.rankF, rankG0: s.rankG0, r: s.r,
      fDiverse: s.fDiverse, gDiverse: s.gDiverse,
      junk: { embedding: s.embeddingJunk.length, unembedding: s.unembeddingJunk.length },
      ambiguous: s.ambiguous,
    },
    draws: { random: options.randomDraws, junkPerProperty: options.junkDraws, seed: options.seed, cond: 1e3 },
    properties,
    summary,
  };
}
