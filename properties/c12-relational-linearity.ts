// C12: relational linearity. RL* (log-odds after s⊕q affine in the log-odds after s) is a property of P,
// and equals RL-ref with an A obeying Aᵀ Γ ⊆ Γ: so "RL with inclusion" holds in all or none of the
// equivalent models; under diversity RL-emb ⇔ RL-ref ⇔ RL*. Refutable: RL-emb is no class invariant,
// and RL-ref without the inclusion condition holds in a model whose A reads junk but not in its minimal
// model.
//
// The families are built by src/gen/relational.ts (|S_q| ≥ d + 10 pairs, relations affine / free / tanh,
// members whose junk at s carries α(s⊕q)); the exact re-checks are in src/certify/relational-linearity.ts.
import { defineClaim, OK, okIn, SEARCH_EVIDENCE, type CheckContext, type Evidence, type Outcome } from '../src/claims.js';
import { relationalFamilyArb, exactRelationalRawArb, buildRelationalFamily, type RelationalFamily } from '../src/gen/relational.js';
import * as relational from '../src/engine/linear/relational.js';
import type { RelationalResult } from '../src/engine/linear/relational.js';
import type { Analysis } from '../src/engine/analysis.js';
import { toMatrix } from '../src/engine/load.js';
import { analysedMembers, sizeOf, inconclusive, fail, contradiction } from './helpers.js';
import { certifyRelationalHolds, certifyAllOrNone, rlEmbExact, rlRefExact } from '../src/certify/relational-linearity.js';
import { decideRank, storedFloor } from '../src/engine/rank.js';

/** The engine with the relational functions, overridable from ctx.engine (the override wins). */
export function relEngine(ctx: CheckContext) {
  return { ...relational.relationalFns, ...ctx.engine } as typeof ctx.engine & typeof relational.relationalFns;
}

/** Analyse the K members and run the relational test in each; vacuous/inconclusive as an Outcome. */
function evaluate(fam: RelationalFamily, ctx: CheckContext): { as: Analysis[]; rs: RelationalResult[] } | Outcome {
  const eng = relEngine(ctx);
  const as = analysedMembers(fam, ctx);
  const rs = as.map((a) => eng.relationalLinearity(a, fam.src, fam.dst, ctx.tol));
  const vac = rs.find((x) => x.vacuous);
  if (vac) return { kind: 'vacuous', why: vac.vacuous as string };
  return { as, rs };
}

/**
 * Whether RL* holds by design: α(s⊕q) = R α(s) + ρ gives ℓ(s⊕q) = β R α(s) + β ρ, affine in ℓ(s) = β α(s)
 * when β is injective (C = β R β⁺). A rank-deficient β (possible with small integer pools) loses part of
 * α(s), and then RL* may genuinely fail: no expectation is drawn for such a class.
 */
export function rlStarByDesign(fam: RelationalFamily, { core, tol }: CheckContext): boolean {
  const beta = toMatrix(core, fam.cls.beta);
  return fam.relation === 'affine' && decideRank(beta, storedFloor(beta, tol.uIn)).rank === fam.cls.r;
}

const yes = (b: boolean) => (b ? 'holds' : 'fails');
const isOutcome = (x: object): x is Outcome => 'kind' in x;

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 400, perRegime: { 'RL with inclusion holds': 130, 'RL with inclusion fails': 250 } };

const holds = defineClaim<RelationalFamily>({
  id: 'C12',
  title: 'Relational linearity with inclusion: all or none',
  statement: 'Formalised after Marconato et al. (2025): a relational string is linear at the level of P (RL*) iff RL holds with a map A satisfying Aᵀ Γ ⊆ Γ, so RL with inclusion holds in all or none of the equivalent models; under diversity RL-emb ⇔ RL-ref ⇔ RL*.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 1000 },
  arbitrary: relationalFamilyArb(),
  check: (fam, ctx) => {
    const ev = evaluate(fam, ctx);
    if (isOutcome(ev)) return ev;
    const { as, rs } = ev;
    const eng = relEngine(ctx);
    const unsure = inconclusive(...rs.flatMap((x, i) => (as[i]!.fDiverse && as[i]!.gDiverse ? [x.inclusion, x.star, x.emb, x.ref] : [x.inclusion, x.star])));
    if (unsure) return unsure;
    const first = rs[0]!;
    if (rlStarByDesign(fam, ctx) && !first.star.holds) {
      return fail(`the class was built with α(s⊕q) = R α(s) + ρ, but ${first.star.reason}`, first.star);
    }
    for (const [i, x] of rs.entries()) {
      // RL* is a property of P: judged on the next member's log-odds (other factors, other rounding), so the
      // comparison is not one fit on one column space twice.
      const j = (i + 1) % rs.length, star = rs[j]!.star;
      const split = contradiction(x.inclusion, star, `member ${i + 1}'s RL with inclusion vs member ${j + 1}'s RL*`);
      if (split && split !== 'contradiction') return split;
      if (split) {
        return fail(`member ${i + 1}: RL* ${yes(star.holds)} (member ${j + 1}) but RL with Aᵀ Γ ⊆ Γ ${yes(x.inclusion.holds)} (${x.inclusion.reason ?? star.reason})`, x.inclusion.holds ? star : x.inclusion);
      }
      const split1 = contradiction(x.inclusion, first.inclusion, `RL with inclusion in members 1 and ${i + 1}`);
      if (split1 && split1 !== 'contradiction') return split1;
      if (split1) {
        return fail(`not all or none: RL with inclusion ${yes(first.inclusion.holds)} in member 1 but ${yes(x.inclusion.holds)} in member ${i + 1}`, x.inclusion.holds ? first.inclusion : x.inclusion);
      }
      const a = as[i]!;
      // The inclusion witness is a witness: it reproduces ℓ(s⊕q) and satisfies Aᵀ Γ ⊆ Γ.
      if (x.inclusion.holds) {
        const w = eng.relationalWitness(a, fam.src, fam.dst, x.inclusion, true, ctx.tol);
        const unsureW = inconclusive(w);
        if (unsureW) return unsureW;
        if (!w.holds) return fail(`member ${i + 1}: RL with inclusion reported, but ${w.reason}`, w);
      }
      if (a.fDiverse && a.gDiverse && (x.emb.holds !== x.star.holds || x.ref.holds !== x.star.holds)) {
        return fail(`member ${i + 1} is diverse but RL-emb ${yes(x.emb.holds)}, RL-ref ${yes(x.ref.holds)}, RL* ${yes(x.star.holds)}`, x.emb.holds ? x.star : x.emb);
      }
    }
    // The reduced relation moves across the class as (M⁻¹ R M, M⁻¹ ρ) (C12's reduced form).
    if (first.star.holds && as[0]!.r > 0) {
      const rel = eng.reducedRelation(as[0]!, fam.src, fam.dst, ctx.tol);
      if (!rel.conclusive) return { kind: 'inconclusive', why: rel.reason ?? 'reduced relation' };
      if (!rel.holds) return fail(`RL* holds but member 1's reduced model is not affine: ${rel.reason}`, rel);
      for (let i = 1; i < as.length; i++) {
        const el = eng.extendedLinearEquivalence(as[0]!, as[i]!, ctx.tol);
        if (!el.conclusive) return { kind: 'inconclusive', why: el.reason ?? 'witness' };
        if (!el.holds || !el.M) return fail(`members 1 and ${i + 1} of one class are not ~EL: ${el.reason}`, el);
        const moved = eng.transportRelation(rel.R, rel.rho, el.M);
        const v = eng.relationResidual(as[i]!, fam.src, fam.dst, moved.R, moved.rho, Math.max(rel.kappa, moved.cond), ctx.tol);
        const unsureT = inconclusive(v);
        if (unsureT) return unsureT;
        if (!v.holds) return fail(`member ${i + 1}: ${v.reason}`, v);
      }
    }
    return okIn(first.inclusion.holds ? 'RL with inclusion holds' : 'RL with inclusion fails');
  },
  certify: (fam) => certifyRelationalHolds(fam),
  size: ({ members }) => sizeOf(...members),
});

/**
 * Shrink bounds of both refutable parts. n = 2|S_q| and |S_q| ≥ d + 10 is forced by the vacuity guard, so
 * the smallest counterexample has d = 2 (r = 1 plus one junk direction), |S_q| = 12, n = 24; V = 2 suffices
 * (one log-odds column) and we allow one more token and one more dimension of slack: n ≤ 2 (3 + 10) = 26.
 */
const SHRINK = { n: 26, V: 3, d: 3 };

/** The naive statement: RL-emb holds in all or none of the equivalent models. */
export const refutableEmb = defineClaim<RelationalFamily>({
  id: 'C12',
  title: 'Relational linearity: RL-emb is not a class invariant',
  statement: 'Formalised after Marconato et al. (2025): independent junk orthogonal to Γ in each context breaks f(s⊕q) = A f(s) + a in one model while RL-ref and RL* survive, so embedding-level relational linearity is not shared by equivalent models.',
  direction: 'refutable',
  negates: 'f(s⊕q) = A f(s) + a holds in all or none of the equivalent models',
  evidence: SEARCH_EVIDENCE,
  budget: { numRuns: 200 },
  arbitrary: exactRelationalRawArb().map(buildRelationalFamily),
  check: (fam, ctx) => {
    const ev = evaluate(fam, ctx);
    if (isOutcome(ev)) return ev;
    const { rs } = ev;
    const unsure = inconclusive(...rs.map((x) => x.emb));
    if (unsure) return unsure;
    const h = rs.findIndex((x) => x.emb.holds), f = rs.findIndex((x) => !x.emb.holds);
    if (h >= 0 && f >= 0) {
      const x = rs[f]!;
      return fail(`RL-emb holds in member ${h + 1} but not in member ${f + 1} (there RL-ref ${yes(x.ref.holds)}, RL* ${yes(x.star.holds)}): ${x.emb.reason}`, x.emb);
    }
    return OK;
  },
  certify: (fam) => certifyAllOrNone(fam, 'RL-emb (f(s⊕q) affine in f(s))', rlEmbExact),
  size: ({ members }) => sizeOf(...members),
  shrinkBounds: SHRINK,
});

/** The naive statement: RL-ref (any A, the inclusion condition dropped) holds in all or none. */
export const refutableInclusion = defineClaim<RelationalFamily>({
  id: 'C12',
  title: 'Relational linearity without the inclusion condition is not all or none',
  statement: 'Formalised after Marconato et al. (2025): when the map A reads embedding junk (Aᵀ Γ ⊄ Γ), log-odds affine in the embeddings hold in one model and fail in its minimal model.',
  direction: 'refutable',
  negates: 'ℓ(s⊕q) = G₀ (A f(s) + a) for some A holds in all or none of the equivalent models',
  evidence: SEARCH_EVIDENCE,
  budget: { numRuns: 200 },
  arbitrary: exactRelationalRawArb().map(buildRelationalFamily),
  check: (fam, ctx) => {
    const ev = evaluate(fam, ctx);
    if (isOutcome(ev)) return ev;
    const { rs } = ev;
    const unsure = inconclusive(...rs.map((x) => x.ref));
    if (unsure) return unsure;
    const h = rs.findIndex((x) => x.ref.holds), f = rs.findIndex((x) => !x.ref.holds);
    if (h >= 0 && f >= 0) {
      const x = rs[f]!;
      return fail(`RL-ref holds in member ${h + 1} (its A reads junk: ${rs[h]!.junkRead.toExponential(2)}) but not in member ${f + 1}${f === rs.length - 1 ? ' (the minimal model)' : ''}: ${x.ref.reason}`, x.ref);
    }
    return OK;
  },
  certify: (fam) => certifyAllOrNone(fam, 'RL-ref (ℓ(s⊕q) affine in f(s))', rlRefExact),
  size: ({ members }) => sizeOf(...members),
  shrinkBounds: SHRINK,
});

export default holds;
