// C14: linear steering. Adding v to every embedding shifts every log-odds row by G₀ v. For v ∈ E + Γ^⊥
// every equivalent model has the edit ṽ = Q̃ M⁻¹ Qᵀ v with the same steered P (M the ~EL witness).
// Refutable: a v with a component in Γ ∩ E^⊥ (unembedding-junk directions) makes an edit that the
// minimal model cannot express.
// The inputs are drawn by src/gen/steer.ts; the exact re-checks are in src/certify/steering-exact.ts.
import { defineClaim, OK, okIn, SEARCH_EVIDENCE, type CheckContext, type Evidence } from '../src/claims.js';
import { ALL_OR_NONE_MEMBERS, familyArb } from '../src/gen/arbitraries.js';
import { GEN, steerInputArb, steerArb, type SteerInput } from '../src/gen/steer.js';
import * as steering from '../src/engine/linear/steering.js';
import { fromArray, zeros, identity } from '../src/matrix/create.js';
import { mul, plus, minus } from '../src/matrix/convenience.js';
import type { Matrix } from '../src/matrix/matrix.js';
import type { Analysis } from '../src/engine/analysis.js';
import { analysedMembers, sizeOf, inconclusive, fail } from './helpers.js';
import { Ledger } from '../src/certify/relational-exact.js';
import { certifySteeringHolds, exactMembers, steeringVectorExact } from '../src/certify/steering-exact.js';
import { inverse } from '../src/matrix/derived.js';

function steerEngine(ctx: CheckContext) {
  return { ...steering.steeringFns, ...ctx.engine } as typeof ctx.engine & typeof steering.steeringFns;
}

/** The steering vector of member 1 (d × 1). */
function steeringVector(a: Analysis, { kind, coeffs }: SteerInput): Matrix {
  const { core } = a.p.F, n = a.n, d = a.d;
  const w = fromArray(core, d, 1, Array.from({ length: d }, (_, i) => coeffs[(n + i) % coeffs.length] ?? 0));
  if (kind === 'free') return w;
  const c = fromArray(core, n, 1, Array.from({ length: n }, (_, i) => coeffs[i % coeffs.length] ?? 0));
  return plus(mul(a.p.F, c, { transA: true }), mul(minus(identity(core, d), a.PGamma), w));
}

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 350, perRegime: { 'r ≥ 1, v ∈ E + Γ^⊥': 350 } };

const holds = defineClaim<SteerInput>({
  id: 'C14',
  title: 'Linear steering in E + Γ^⊥ transfers to every equivalent model',
  statement: 'Formalised after Marconato et al. (2025): adding v ∈ E + Γ^⊥ to every embedding has an equivalent edit ṽ = Q̃ M⁻¹ Qᵀ v in every equivalent model, with the same steered next-token distribution.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 1000 },
  arbitrary: steerArb,
  check: (input, ctx) => {
    const eng = steerEngine(ctx);
    const as = analysedMembers(input.fam, ctx);
    const a = as[0]!;
    const v = steeringVector(a, input);
    const inside = eng.steerable(a, v, ctx.tol);
    const unsure = inconclusive(inside);
    if (unsure) return unsure;
    if (!inside.holds) return { kind: 'vacuous', why: 'v has a component in Γ ∩ E^⊥: the claim is about v ∈ E + Γ^⊥' };
    const steered = eng.steer(a.p, v);
    for (let i = 1; i < as.length; i++) {
      const b = as[i]!;
      const el = eng.extendedLinearEquivalence(a, b, ctx.tol);
      if (!el.conclusive) return { kind: 'inconclusive', why: el.reason ?? 'witness' };
      if (!el.holds) return fail(`members 1 and ${i + 1} of one class are not ~EL: ${el.reason}`, el);
      // r = 0: constant log-odds, R = {0}, and the only edit needed is none (G₀ v = 0).
      const vt = el.M ? eng.transportSteering(a, b, el.M, v) : zeros(a.p.F.core, b.d, 1);
      const shiftError = eng.transportShiftError(a, b, Number.isFinite(el.floors.G0) ? el.floors.G0 : 0, v, el.M ? inverse(el.M) : undefined);
      const same = eng.sameSteeredDistribution(steered, eng.steer(b.p, vt), Math.max(el.cond || 1, el.kappa), ctx.tol, a.ambiguous || b.ambiguous, shiftError);
      const unsureS = inconclusive(same);
      if (unsureS) return unsureS;
      if (!same.holds) return fail(`v ∈ E + Γ^⊥ in member 1, but member ${i + 1} steered by ṽ = Q̃ M⁻¹ Qᵀ v: ${same.reason}`, same);
    }
    return okIn(a.r === 0 ? 'r = 0' : 'r ≥ 1, v ∈ E + Γ^⊥');
  },
  certify: (input) => certifySteeringHolds(input),
  size: ({ fam }) => sizeOf(...fam.members),
});

/** The naive statement: every steering edit of one model exists in every equivalent model. */
export const refutable = defineClaim<SteerInput>({
  id: 'C14',
  title: 'Steering along unembedding junk has no counterpart in the minimal model',
  statement: 'Formalised after Marconato et al. (2025): a steering vector with a component in Γ ∩ E^⊥ shifts the log-odds along directions that the minimal model cannot produce with any edit.',
  direction: 'refutable',
  negates: 'for every v, every equivalent model has some ṽ with the same steered next-token distribution',
  evidence: SEARCH_EVIDENCE,
  budget: { numRuns: 300 },
  // Exact-mode classes only: the counterexample must survive exact re-verification, and a float member's
  // rounded F generally has full rank exactly (E = ℝᵈ, no unembedding junk left), so exact arithmetic
  // finds the edit that floating point could not (seen for some seeds: "numerical").
  arbitrary: steerInputArb(familyArb(ALL_OR_NONE_MEMBERS, { ...GEN, minR: 1, mode: 'exact' })).map((x) => ({ ...x, kind: 'free' as const })),
  check: (input, ctx) => {
    const eng = steerEngine(ctx);
    const as = analysedMembers(input.fam, ctx);
    const a = as[0]!;
    const shift = eng.steeringShift(a, steeringVector(a, input));
    const edits = as.slice(1).map((b) => eng.steeringEdit(b, shift, ctx.tol));
    const unsure = inconclusive(...edits);
    if (unsure) return unsure;
    const f = edits.findIndex((e) => !e.holds);
    if (f >= 0) {
      return fail(`member 1 steered by v has no counterpart in member ${f + 2}${f + 2 === as.length ? ' (the minimal model)' : ''}: ${edits[f]!.reason}`, edits[f]);
    }
    return OK;
  },
  certify: (input) => {
    const { models, names, inClass } = exactMembers(input.fam);
    const led = new Ledger();
    const first = models[0]!;
    const shift = first.G0.mul(steeringVectorExact(first, input));
    led.fact('member 1: the log-odds shift G₀ v', true, shift.transpose().toString());
    for (let i = 1; i < models.length; i++) {
      // Only a model exactly equivalent to member 1 is bound by the naive statement.
      if (!led.fact(`${names[i]} exactly equivalent to member 1 (L = L₁)`, inClass[i]!)) continue;
      led.require(`${names[i]} has an edit ṽ with G̃₀ ṽ = G₀ v (the same steered P)`, models[i]!.G0.columnSpaceContains(shift));
    }
    return led.done('every model exactly equivalent to member 1 has an edit with the same log-odds shift');
  },
  size: ({ fam }) => sizeOf(...fam.members),
  // Smallest counterexample: member 1 with one unembedding-junk direction (q = 1) and r = 0 or 1, so
  // d ≤ 2, one context and two tokens; one unit of slack each.
  shrinkBounds: { n: 2, V: 3, d: 3 },
});

export default holds;
