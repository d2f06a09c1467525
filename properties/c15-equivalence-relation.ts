// C15: ~EL is an equivalence relation with a canonical member: reflexive, symmetric, transitive across
// models of different dimensions; every model is ~EL to its minimal model; two models are equivalent iff
// their minimal models are ~L.
import fc from 'fast-check';
import { defineClaim, okIn, type Evidence } from '../src/claims.js';
import { familyArb, memberDrawArb, type Family } from '../src/gen/arbitraries.js';
import { makeClass, makeMember, type Instance } from '../src/gen/block.js';
import { toPredictor } from '../src/engine/load.js';
import { sizeOf, fail, inconclusive } from './helpers.js';
import { exactModel, sameDistribution, extendedLinear } from '../src/certify/exact-model.js';
import { certificate, check } from '../src/certify/certificate.js';
import type { Check } from '../src/certify/certificate.js';

interface Input { fam: Family; stranger: Instance }

const opts = { maxP: 3, maxQ: 3 };

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 400, perRegime: { 'stranger equivalent': 12, 'stranger not equivalent': 350 } };

export default defineClaim<Input>({
  id: 'C15',
  title: '~EL is an equivalence relation with a canonical member',
  statement: 'Formalised after Marconato et al. (2025): extended linear equivalence is reflexive, symmetric and transitive across dimensions, every model is equivalent to its minimal model, and two models are equivalent iff their minimal models are linearly equivalent.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 1000 },
  arbitrary: fc
    .tuple(familyArb(3, opts), fc.integer({ min: 0, max: 3 }), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 40, maxLength: 40 }), fc.integer(), memberDrawArb(opts))
    .map(([fam, r, pool, seed, draw]) => ({
      fam,
      // A model on the same contexts, vocabulary and pivot from another class (almost surely not equivalent).
      stranger: makeMember(makeClass(fam.cls.mode, fam.cls.n, fam.cls.V, r, fam.cls.pivot, pool, seed), draw),
    })),
  check: ({ fam, stranger }, { core, engine, tol }) => {
    const models = [...fam.members, stranger].map((m, i) => engine.analyze(toPredictor(core, m, `model ${i + 1}`), tol));
    const mins = models.map((a) => engine.analyze(engine.minimalModel(a), tol));
    const el = (i: number, j: number) => engine.extendedLinearEquivalence(models[i]!, models[j]!, tol);
    const all: { i: number; j: number; v: ReturnType<typeof el> }[] = [];
    for (let i = 0; i < models.length; i++) for (let j = 0; j < models.length; j++) all.push({ i, j, v: el(i, j) });
    const toMin = models.map((a, i) => engine.extendedLinearEquivalence(a, mins[i]!, tol));
    const unsure = inconclusive(...all.map((x) => x.v), ...toMin);
    if (unsure) return unsure;
    const rel = (i: number, j: number) => all.find((x) => x.i === i && x.j === j)!.v.holds;
    for (let i = 0; i < models.length; i++) {
      if (!rel(i, i)) return fail(`model ${i + 1} is not ~EL to itself`);
      if (!toMin[i]!.holds) return fail(`model ${i + 1} is not ~EL to its minimal model: ${toMin[i]!.reason}`, toMin[i]);
      for (let j = 0; j < models.length; j++) {
        if (rel(i, j) !== rel(j, i)) return fail(`~EL is not symmetric between models ${i + 1} and ${j + 1}`);
        for (let k = 0; k < models.length; k++) {
          if (rel(i, j) && rel(j, k) && !rel(i, k)) return fail(`~EL is not transitive: ${i + 1}~${j + 1}, ${j + 1}~${k + 1}, not ${i + 1}~${k + 1}`);
        }
        const minLin = engine.linearEquivalence(mins[i]!, mins[j]!, tol);
        if (!minLin.conclusive) continue;
        if (minLin.holds !== rel(i, j)) return fail(`models ${i + 1}, ${j + 1}: ~EL is ${rel(i, j)} but their minimal models are ${minLin.holds ? '' : 'not '}~L`, minLin);
      }
    }
    return okIn(rel(0, models.length - 1) ? 'stranger equivalent' : 'stranger not equivalent');
  },
  certify: ({ fam, stranger }) => {
    const ms = [...fam.members, stranger].map(exactModel);
    const checks: Check[] = [];
    let broken = false;
    for (let i = 0; i < ms.length; i++) {
      for (let j = 0; j < ms.length; j++) {
        const el = extendedLinear(ms[i]!, ms[j]!).holds, same = sameDistribution(ms[i]!, ms[j]!);
        // Exactly, "equivalent iff minimal models are ~L" is "~EL iff equal log-odds" (the minimal model
        // itself needs square roots); reflexivity, symmetry and transitivity follow from it.
        checks.push(check(`models ${i + 1}, ${j + 1}: ~EL ⇔ L = L̃`, el === same, `~EL ${el}, L = L̃ ${same}`));
        if (el !== same) broken = true;
      }
    }
    return certificate(checks, broken, '~EL is not the relation "same distribution"');
  },
  size: ({ fam, stranger }) => sizeOf(...fam.members, stranger),
});

