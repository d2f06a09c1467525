// Audits of C10 (unembedding differences) and C11 (embedding differences). The user's number is usually the
// Euclidean cosine; among equivalent models it takes every value in (−1, 1) unless the differences are
// exactly parallel, and the audit shows it by building models that reach the targets. The invariant numbers
// are the correlation of the two log-odds vectors (across contexts for C10, across tokens for C11) and,
// for C10, the causal cosine under Cov(g)⁻¹ (defined under g-diversity).
import type { AuditContext } from './context.js';
import type { PropertyAudit, VerdictCode } from './report.js';
import { VERDICT_LABEL } from './report.js';
import { unembeddingDifferenceMeasures, embeddingDifferenceMeasures, type MeasureSet } from './measures.js';
import { cosineShears, junkDraws } from './draws.js';
import { spreadOver } from './spread.js';
import { decide, differenceFloor, secondSingularValue, fractionFloor } from './floors.js';
import { fractionIn } from './structure.js';
import { sub } from './vec.js';
import type { AuditModel } from './model.js';
import type { EmbeddingPairs, UnembeddingPairs } from './spec.js';

const fmt = (x: number | null | undefined, p = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(p));

export function auditDifferences(ctx: AuditContext, spec: UnembeddingPairs | EmbeddingPairs): PropertyAudit {
  const unemb = spec.kind === 'unembedding-difference';
  const m = ctx.model, s = ctx.structure;
  const [[i1, i2], [i3, i4]] = spec.pairs;
  const at = (i: number) => (unemb ? m.gRow(i) : m.fRow(i));
  const rows = [at(i1), at(i2), at(i3), at(i4)] as [Float64Array, Float64Array, Float64Array, Float64Array];
  const a = sub(rows[0], rows[1]), b = sub(rows[2], rows[3]);
  const measure = (x: AuditModel): MeasureSet => (unemb ? unembeddingDifferenceMeasures(x, spec.pairs) : embeddingDifferenceMeasures(x, spec.pairs));
  const own = measure(m);

  // Exact parallelism: σ₂([a; b]) against the rounding of the stored rows.
  const sigma2 = secondSingularValue(a, b);
  const floor = differenceFloor(ctx.u, rows);
  const parallel = decide(sigma2, floor); // 'zero' = parallel within precision

  // Diversity on the side that makes the property all-or-none: f for C10, g for C11.
  const diverse = unemb ? s.fDiverse : s.gDiverse;
  const invisible = unemb ? s.Eperp : s.GammaPerp; // adding these to g (resp. f) changes no probability
  const junkFraction = Math.max(fractionIn(invisible, a), fractionIn(invisible, b));
  const jFloor = fractionFloor(ctx.u, s.d, unemb ? ctx.kappaF : ctx.kappaG0);
  const junkDecision = diverse ? 'zero' : decide(junkFraction, jFloor);

  const drawn: AuditModel[] = [
    ...ctx.shared,
    ...cosineShears(m, unemb ? 'unembedding' : 'embedding', a, b),
    ...(diverse ? [] : junkDraws(m, unemb ? 'G' : 'F', i1, invisible, ctx.options.junkDraws, ctx.options.seed + 7, unemb ? 'a vector of E^⊥' : 'a vector of Γ^⊥')),
  ];
  const spread = spreadOver(m, own, drawn.map((x) => ({ model: x, measures: measure(x) })));

  const side = unemb ? 'f' : 'g';
  const corrKey = unemb ? 'correlation across contexts' : 'correlation across tokens';
  const cos = own.nonInvariant['Euclidean cosine'] ?? null;
  const range = spread.nonInvariant['Euclidean cosine'];
  const invariantText = `log-odds correlation ${fmt(own.invariant[corrKey])}${unemb ? `, causal cosine ${fmt(own.invariant['causal cosine'])}` : ''}`;
  let code: VerdictCode, reason: string;
  if (s.ambiguous) {
    code = 'inconclusive';
    reason = `a rank decision of the model is too close to call, so ${side}-diversity is undecided`;
  } else if (parallel === 'inconclusive') {
    code = 'inconclusive';
    reason = `σ₂ of the two differences is ${sigma2.toExponential(2)}, within ${10}× its rounding floor ${floor.toExponential(2)}: parallel or not cannot be told at this precision`;
  } else if (parallel === 'zero') {
    if (diverse) {
      code = 'fact';
      reason = `the differences are parallel within the input precision (σ₂ ${sigma2.toExponential(2)} ≤ ${floor.toExponential(2)}) and the model is ${side}-diverse: parallel in every equivalent model (${unemb ? 'C10' : 'C11'})`;
    } else {
      code = 'depends';
      reason = `parallel here, but the model is not ${side}-diverse: adding a vector of ${unemb ? 'E^⊥' : 'Γ^⊥'} keeps P and breaks the parallelism (drawn: Euclidean cosine ${fmt(range?.min)}…${fmt(range?.max)})`;
    }
  } else {
    code = 'depends';
    reason =
      `Euclidean cosine ${fmt(cos)} is not a property of the distribution: equivalent models give ${fmt(range?.min, 2)}…${fmt(range?.max, 2)} (${spread.draws} drawn); ` +
      `the invariant is the ${invariantText}` +
      (diverse ? `; exact parallelism: no, in every ${side}-diverse equivalent model` : '');
  }
  return {
    name: spec.name,
    kind: spec.kind,
    claim: unemb ? 'C10' : 'C11',
    invariant: own.invariant,
    nonInvariant: own.nonInvariant,
    details: { sigma2, sigma2Floor: floor, parallel: parallel === 'zero' ? true : parallel === 'nonzero' ? false : null, diverse },
    spread,
    junk: {
      possible: !diverse,
      fraction: diverse ? 0 : junkFraction,
      floor: diverse ? null : jFloor,
      reads: junkDecision === 'inconclusive' ? null : junkDecision === 'nonzero',
      note: diverse
        ? `${side}-diverse: ${unemb ? 'E^⊥' : 'Γ^⊥'} = 0, nothing to read`
        : `fraction of the differences in ${unemb ? 'E^⊥ (directions no context sees)' : 'Γ^⊥ (directions no token reads)'}`,
    },
    verdict: { code, label: VERDICT_LABEL[code], reason },
  };
}
