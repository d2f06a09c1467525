// C14: linear steering. Adding v to every embedding shifts every log-odds row by G₀ v. For v ∈ E + Γ^⊥
// every equivalent model has the edit ṽ = Q̃ M⁻¹ Qᵀ v with the same steered P (M the ~EL witness).
// Refutable: a v with a component in Γ ∩ E^⊥ (unembedding-junk directions) makes an edit that the
// minimal model cannot express.
import fc from 'fast-check';
import { defineClaim, OK, type CheckContext } from '../src/claims.js';
import { familyArb, type Family } from '../src/gen/arbitraries.js';
import * as steering from '../src/engine/linear/steering.js';
import { fromArray, zeros, identity } from '../src/matrix/create.js';
import { mul, plus, minus } from '../src/matrix/convenience.js';
import type { Matrix } from '../src/matrix/matrix.js';
import type { Analysis } from '../src/engine/analysis.js';
import { analysedMembers, ALL_OR_NONE_MEMBERS, sizeOf, inconclusive, fail } from './helpers.js';

const GEN = { maxN: 8, maxV: 8, maxR: 3, maxP: 2, maxQ: 2 };
const POOL = GEN.maxN + GEN.maxR + GEN.maxP + GEN.maxQ;

export interface SteerInput {
  fam: Family;
  /** 'span': v = Fᵀ c + (I − P_Γ) w ∈ E + Γ^⊥ by construction; 'free': v = w, anything. */
  kind: 'span' | 'free';
  /** c (one per context) then w (one per dimension), sliced as needed. */
  coeffs: number[];
}

const steerArb: fc.Arbitrary<SteerInput> = fc.record({
  // Exact (integer, unimodular maps) and float (cond(M) up to 1e3, orthogonal T) classes.
  fam: fc.oneof(familyArb(ALL_OR_NONE_MEMBERS, GEN), familyArb(ALL_OR_NONE_MEMBERS, { ...GEN, mode: 'float' })),
  // Mostly v ∈ E + Γ^⊥ by construction (the claim's case); a free v is vacuous when it leaves E + Γ^⊥.
  kind: fc.oneof({ arbitrary: fc.constant<'span' | 'free'>('span'), weight: 4 }, { arbitrary: fc.constant<'span' | 'free'>('free'), weight: 1 }),
  coeffs: fc.array(fc.integer({ min: -2, max: 2 }), { minLength: POOL, maxLength: POOL }),
});

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

const holds = defineClaim<SteerInput>({
  id: 'C14',
  title: 'Linear steering in E + Γ^⊥ transfers to every equivalent model',
  statement: 'Formalised after Marconato et al. (2025): adding v ∈ E + Γ^⊥ to every embedding has an equivalent edit ṽ = Q̃ M⁻¹ Qᵀ v in every equivalent model, with the same steered next-token distribution.',
  direction: 'holds',
  budget: { numRuns: 300 },
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
      const same = eng.sameSteeredDistribution(steered, eng.steer(b.p, vt), Math.max(el.cond || 1, el.kappa), ctx.tol, a.ambiguous || b.ambiguous);
      const unsureS = inconclusive(same);
      if (unsureS) return unsureS;
      if (!same.holds) return fail(`v ∈ E + Γ^⊥ in member 1, but member ${i + 1} steered by ṽ = Q̃ M⁻¹ Qᵀ v: ${same.reason}`, same);
    }
    return OK;
  },
  size: ({ fam }) => sizeOf(...fam.members),
});

/** The naive statement: every steering edit of one model exists in every equivalent model. */
export const refutable = defineClaim<SteerInput>({
  id: 'C14',
  title: 'Steering along unembedding junk has no counterpart in the minimal model',
  statement: 'Formalised after Marconato et al. (2025): a steering vector with a component in Γ ∩ E^⊥ shifts the log-odds along directions that the minimal model cannot produce with any edit.',
  direction: 'refutable',
  negates: 'for every v, every equivalent model has some ṽ with the same steered next-token distribution',
  budget: { numRuns: 300 },
  arbitrary: steerArb.map((x) => ({ ...x, kind: 'free' as const })),
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
  size: ({ fam }) => sizeOf(...fam.members),
  // Smallest counterexample: member 1 with one unembedding-junk direction (q = 1) and r = 0 or 1, so
  // d ≤ 2, one context and two tokens; one unit of slack each.
  shrinkBounds: { n: 2, V: 3, d: 3 },
});

export default holds;
