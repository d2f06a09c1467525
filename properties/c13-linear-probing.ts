// C13: linear probing. A probe (W, b) with W (E ∩ Γ^⊥) = 0 reading the answer log-odds after s⊕q off
// f(s) exists iff those log-odds are affine in ℓ(s) (a property of P): all or none, and the probe moves
// across the class as W̃ = W Q M Q̃ᵀ. Refutable: a probe that reads embedding junk fails in the minimal
// model. Classes and members come from C12's relational generator (|S_q| ≥ d + 10 pairs, relations
// affine / free / tanh, members whose junk at s carries α(s⊕q)): src/gen/relational.ts, src/gen/probe.ts;
// the exact re-checks are in src/certify/probing-exact.ts.
import { defineClaim, OK, okIn, SEARCH_EVIDENCE, type CheckContext, type Evidence, type Outcome } from '../src/claims.js';
import * as probing from '../src/engine/linear/probing.js';
import type { ProbeResult } from '../src/engine/linear/probing.js';
import type { Analysis } from '../src/engine/analysis.js';
import { exactRelationalRawArb } from '../src/gen/relational.js';
import { probeArb, probeInputArb, type ProbeInput } from '../src/gen/probe.js';
import { rlStarByDesign } from './c12-relational-linearity.js';
import { analysedMembers, sizeOf, inconclusive, fail, contradiction } from './helpers.js';
import { disagree, Ledger } from '../src/certify/relational-exact.js';
import { exactFamily, vacuousExact } from '../src/certify/relational-linearity.js';
import { anyProbeExact, certifyProbingHolds } from '../src/certify/probing-exact.js';
import { alphaRelErr } from '../src/engine/linear/model-tolerances.js';

/** The engine with the probing functions, overridable from ctx.engine (the override wins). */
function probeEngine(ctx: CheckContext) {
  return { ...probing.probingFns, ...ctx.engine } as typeof ctx.engine & typeof probing.probingFns;
}

function evaluate({ fam, answers }: ProbeInput, ctx: CheckContext): { as: Analysis[]; ps: ProbeResult[] } | Outcome {
  const eng = probeEngine(ctx);
  const as = analysedMembers(fam, ctx);
  const ps = as.map((a) => eng.linearProbe(a, fam.src, fam.dst, answers, ctx.tol));
  const vac = ps.find((x) => x.vacuous);
  if (vac) return { kind: 'vacuous', why: vac.vacuous as string };
  return { as, ps };
}

const yes = (b: boolean) => (b ? 'exists' : 'does not exist');
const isOutcome = (x: object): x is Outcome => 'kind' in x;

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 400, perRegime: { 'junk-free probe': 120, 'no junk-free probe': 250 } };

const holds = defineClaim<ProbeInput>({
  id: 'C13',
  title: 'Junk-free linear probes: all or none',
  statement: 'Formalised after Marconato et al. (2025): a linear probe of the answer log-odds after s⊕q that ignores embedding junk exists iff those log-odds are affine in the log-odds after s, so it exists in all or none of the equivalent models and maps as W̃ = W Q M Q̃ᵀ.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 1000 },
  arbitrary: probeArb,
  check: (input, ctx) => {
    const ev = evaluate(input, ctx);
    if (isOutcome(ev)) return ev;
    const { as, ps } = ev;
    const eng = probeEngine(ctx);
    const unsure = inconclusive(...ps.flatMap((x) => [x.junkFree, x.distributional]));
    if (unsure) return unsure;
    const first = ps[0]!;
    if (rlStarByDesign(input.fam, ctx) && !first.distributional.holds) {
      return fail(`the class was built with α(s⊕q) = R α(s) + ρ, but ${first.distributional.reason}`, first.distributional);
    }
    for (const [i, x] of ps.entries()) {
      // The affine form is a property of P: judged on the next member's log-odds (other factors, other
      // rounding), not on a design with this member's column space, so the comparison is not one fit twice.
      const j = (i + 1) % ps.length, dist = ps[j]!.distributional;
      const split = contradiction(x.junkFree, dist, `member ${i + 1}'s junk-free probe vs member ${j + 1}'s affine answer log-odds`);
      if (split && split !== 'contradiction') return split;
      if (split) {
        return fail(`member ${i + 1}: the answer log-odds are ${dist.holds ? '' : 'not '}affine in ℓ(s) (member ${j + 1}) but a junk-free probe ${yes(x.junkFree.holds)} (${x.junkFree.reason ?? dist.reason})`, x.junkFree.holds ? dist : x.junkFree);
      }
      const split1 = contradiction(x.junkFree, first.junkFree, `junk-free probes of members 1 and ${i + 1}`);
      if (split1 && split1 !== 'contradiction') return split1;
      if (split1) {
        return fail(`not all or none: a junk-free probe ${yes(first.junkFree.holds)} in member 1 but ${yes(x.junkFree.holds)} in member ${i + 1}`, x.junkFree.holds ? first.junkFree : x.junkFree);
      }
    }
    if (!first.junkFree.holds) return okIn('no junk-free probe');
    // The probe of member 1, moved to every other member, reads the same answers there.
    for (let i = 1; i < as.length; i++) {
      const el = eng.extendedLinearEquivalence(as[0]!, as[i]!, ctx.tol);
      if (!el.conclusive) return { kind: 'inconclusive', why: el.reason ?? 'witness' };
      if (as[0]!.r === 0) break; // empty reduced model: W Q is empty and every probe is constant
      if (!el.holds || !el.M) return fail(`members 1 and ${i + 1} of one class are not ~EL: ${el.reason}`, el);
      const Wt = eng.transportProbe(as[0]!, as[i]!, el.M, first.junkFree.W);
      // W̃ = W Q M Q̃ᵀ carries the error of the map (the ~EL F-side floor, relative) and of both reduced models.
      const moved = el.floors.F + alphaRelErr(as[0]!) + alphaRelErr(as[i]!);
      const v = eng.probeResidual(as[i]!, input.fam.src, Wt, first.junkFree.b, ps[i]!.Y, Math.max(first.junkFree.kappa, el.cond), ctx.tol, moved);
      const unsureT = inconclusive(v);
      if (unsureT) return unsureT;
      if (!v.holds) return fail(`member 1's probe moved to member ${i + 1} as W Q M Q̃ᵀ: ${v.reason}`, v);
    }
    return okIn('junk-free probe');
  },
  certify: (input) => certifyProbingHolds(input),
  size: ({ fam }) => sizeOf(...fam.members),
});

/** The naive statement: a linear probe (any W) exists in all or none of the equivalent models. */
export const refutable = defineClaim<ProbeInput>({
  id: 'C13',
  title: 'Linear probes that read embedding junk are not all or none',
  statement: 'Formalised after Marconato et al. (2025): a probe of the answer log-odds that reads embedding junk can exist in one model and fail in its minimal model.',
  direction: 'refutable',
  negates: 'a linear probe W f(s) + b of the answer log-odds exists in all or none of the equivalent models',
  evidence: SEARCH_EVIDENCE,
  budget: { numRuns: 200 },
  // Exact-mode classes only, so that the counterexample can be certified (see exactRelationalRawArb).
  arbitrary: probeInputArb(exactRelationalRawArb()),
  check: (input, ctx) => {
    const ev = evaluate(input, ctx);
    if (isOutcome(ev)) return ev;
    const { ps } = ev;
    const unsure = inconclusive(...ps.map((x) => x.anyProbe));
    if (unsure) return unsure;
    const h = ps.findIndex((x) => x.anyProbe.holds), f = ps.findIndex((x) => !x.anyProbe.holds);
    if (h >= 0 && f >= 0) {
      return fail(`a probe exists in member ${h + 1} (not a junk-free one: ${yes(ps[h]!.junkFree.holds)}) but not in member ${f + 1}${f === ps.length - 1 ? ' (the minimal model)' : ''}: ${ps[f]!.anyProbe.reason}`, ps[f]!.anyProbe);
    }
    return OK;
  },
  certify: (input) => {
    const { models, names, inClass } = exactFamily(input.fam);
    const vac = vacuousExact(input.fam.src.length, models, names, 'linear probing');
    if (vac) return vac;
    const led = new Ledger();
    const vs = models.map((x, i) => {
      if (i > 0) led.fact(`${names[i]} exactly equivalent to member 1 (L = L₁)`, inClass[i]!);
      // Models outside member 1's exact class say nothing about the all-or-none statement.
      return inClass[i] ? led.fact(`${names[i]}: a probe W f(s) + b of the answer log-odds exists`, anyProbeExact(x, input)) : false;
    });
    const d = disagree(vs, inClass);
    led.require('a linear probe exists in all or none of the exactly equivalent models', d === null, d ? `exists in ${names[d.h]}, not in ${names[d.f]}` : undefined);
    return led.done('a probe exists in every model exactly equivalent to member 1, or in none');
  },
  size: ({ fam }) => sizeOf(...fam.members),
  // As C12: |S_q| ≥ d + 10 forces n = 2|S_q| ≥ 24 at the smallest d = 2 (r = 1 and one junk direction
  // carrying the answers); V = 2 gives one answer pair. One unit of slack on d (n ≤ 2 (3 + 10)) and V.
  shrinkBounds: { n: 26, V: 3, d: 3 },
});

export default holds;
