// Audit of C14, a steering vector v added to every f(x). Invariant: its effect on the log-odds, G₀ v (here
// centred over tokens, pivot-free). Not invariant: ‖v‖ (in an equivalent model the same edit is A v). It
// transfers to every equivalent model iff v ∈ E + Γ^⊥, i.e. it has no component in the unembedding junk
// Γ ∩ E^⊥ (a direction no context's embedding occupies: the edit does not exist in the minimal model).
import type { AuditContext } from './context.js';
import type { PropertyAudit, VerdictCode } from './report.js';
import { VERDICT_LABEL } from './report.js';
import { steeringEffect } from './measures.js';
import type { MeasureSet } from './measures.js';
import { spreadOver } from './spread.js';
import { decide, fractionFloor } from './floors.js';
import { fractionIn } from './structure.js';
import { matVec, norm, type Vec } from './vec.js';
import type { AuditModel } from './model.js';
import type { Steering } from './spec.js';

export function steeringMeasuresIn(m: AuditModel, v: Vec): MeasureSet {
  const moved = m.map ? matVec(m.map.A, v) : v;
  return { invariant: { 'RMS centred log-odds shift': steeringEffect(m, moved).rms }, nonInvariant: { '‖v‖': norm(moved) } };
}

export function auditSteering(ctx: AuditContext, spec: Steering): PropertyAudit {
  const m = ctx.model, s = ctx.structure;
  if (spec.v.length !== m.d) throw new RangeError(`${spec.name}: v has ${spec.v.length} entries, the model has d = ${m.d}`);
  const v = Float64Array.from(spec.v);
  const own = steeringMeasuresIn(m, v);
  const effect = steeringEffect(m, v);
  const spread = spreadOver(m, own, ctx.shared.map((x) => ({ model: x, measures: steeringMeasuresIn(x, v) })));
  const possible = s.unembeddingJunk.length > 0;
  const fraction = fractionIn(s.unembeddingJunk, v);
  const floor = fractionFloor(ctx.u, s.d, Math.max(ctx.kappaF, ctx.kappaG0));
  const reads = possible ? decide(fraction, floor) : 'zero';
  let code: VerdictCode, reason: string;
  if (s.ambiguous) {
    code = 'inconclusive';
    reason = 'a rank decision of the model is too close to call, so the junk spaces are undecided';
  } else if (reads === 'inconclusive') {
    code = 'inconclusive';
    reason = `the part of v in the unembedding junk Γ ∩ E^⊥ (${fraction.toExponential(2)}) is within 10× its floor ${floor.toExponential(2)}`;
  } else if (reads === 'nonzero') {
    code = 'depends';
    reason = `${(100 * fraction).toFixed(1)}% of v lies in the unembedding junk Γ ∩ E^⊥ (dimension ${s.unembeddingJunk.length}): the edit changes P here but does not exist in the minimal model (C14)`;
  } else {
    code = 'fact';
    reason = `v ∈ E + Γ^⊥ within precision: every equivalent model has an edit with the same steered distribution (ṽ = Q̃ M⁻¹ Qᵀ v); centred log-odds shift RMS ${effect.rms.toPrecision(3)}`;
  }
  return {
    name: spec.name, kind: spec.kind, claim: 'C14',
    invariant: own.invariant, nonInvariant: own.nonInvariant,
    details: {
      raised: effect.raised.map((e) => `${e.token}:${e.shift.toPrecision(3)}`).join(' '),
      lowered: effect.lowered.map((e) => `${e.token}:${e.shift.toPrecision(3)}`).join(' '),
    },
    spread,
    junk: { possible, fraction: possible ? fraction : 0, floor: possible ? floor : null, reads: reads === 'inconclusive' ? null : reads === 'nonzero', note: 'fraction of v in the unembedding junk Γ ∩ E^⊥' },
    verdict: { code, label: VERDICT_LABEL[code], reason },
  };
}
