// Exact certifiers of C12 (relational linearity), C13 (probing) and C14 (steering). The refutable parts:
// the campaign's counterexample (the seed `aon verify` uses) is certified exactly and recorded as
// counterexample-certified. The holds parts are theorems in exact arithmetic, so no input can be verified
// by the correct certifier: random inputs are not verified; an exact check broken on purpose (a
// junk-blind inclusion test, a junk-blind probe, a steering edit moved without M⁻¹) is caught on inputs
// where it matters; and a float-mode counterexample that exact arithmetic cannot confirm stays numerical.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { runClaim, type ClaimRunResult } from '../../src/campaign/run-claim.js';
import { buildRecord } from '../../src/campaign/record.js';
import { claimSeed } from '../../src/campaign/seeds.js';
import { DEFAULT_SEED } from '../../src/cli/verify.js';
import { loadCore } from '../../src/wasm/loader.js';
import { DEFAULT_TOLERANCES } from '../../src/engine/tolerance.js';
import { CATALOGUE } from '../../properties/catalogue.js';
import type { Claim } from '../../src/claims.js';
import c12, { refutableInclusion } from '../../properties/c12-relational-linearity.js';
import { relationalFamilyArb, type RelationalFamily } from '../../src/gen/relational.js';
import { certifyRelationalHolds, EXACT_LEVELS, rlRefExact } from '../../src/certify/relational-linearity.js';
import c13 from '../../properties/c13-linear-probing.js';
import type { ProbeInput } from '../../src/gen/probe.js';
import { certifyProbingHolds, EXACT_PROBING } from '../../src/certify/probing-exact.js';
import c14 from '../../properties/c14-linear-steering.js';
import type { SteerInput } from '../../src/gen/steer.js';
import { certifySteeringHolds } from '../../src/certify/steering-exact.js';
import { exactModel, fDiverse, gDiverse, sameDistribution } from '../../src/certify/exact-model.js';
import { minimalStandIn, elWitness, affineSolve, pickRows, answerLogOddsExact } from '../../src/certify/relational-exact.js';
import { familyArb } from '../../src/gen/arbitraries.js';

const core = loadCore();
const entry = (key: string) => CATALOGUE.find((e) => e.key === key)!;

/** Each refutable part's campaign run (the seed of `aon verify`), computed once. */
const runs = new Map<string, ClaimRunResult>();
function campaignRun(key: string): ClaimRunResult {
  let r = runs.get(key);
  if (!r) {
    r = runClaim(entry(key).claim, { core, seed: claimSeed(DEFAULT_SEED, key) });
    runs.set(key, r);
  }
  return r;
}

describe('refutable parts: the campaign counterexample is certified exactly', () => {
  for (const key of ['C12:refutableEmb', 'C12:refutableInclusion', 'C13:refutable', 'C14:refutable']) {
    it(key, () => {
      const e = entry(key);
      const r = campaignRun(key);
      expect(r.status).toBe('counterexample-found');
      const cert = e.claim.certify!(r.counterexample);
      expect(cert.method).toBe('exact-rational');
      expect(cert.verified, cert.note).toBe(true);
      expect(cert.checks.some((c) => !c.holds)).toBe(true);
      const record = buildRecord(e, r, e.claim.budget.numRuns, core, DEFAULT_TOLERANCES);
      expect(record.status).toBe('counterexample-certified');
      expect(record.asExpected).toBe(true);
    });
  }

  it('C12/C13: the disagreeing models are exactly equivalent, one of them the minimal-model stand-in or a junk reader', () => {
    for (const key of ['C12:refutableInclusion', 'C13:refutable']) {
      const cert = entry(key).claim.certify!(campaignRun(key).counterexample);
      const equivalences = cert.checks.filter((c) => /exactly equivalent to member 1/.test(c.statement));
      expect(equivalences.length).toBe(3);
      expect(equivalences.every((c) => c.holds)).toBe(true);
    }
  });
});

describe('holds parts: theorems in exact arithmetic, never verified on genuine inputs', () => {
  // Each with the statement of its transport check: some of the 20 inputs must get that far (an exactly
  // equivalent class where the property holds), so that "not verified" is not just "not applicable".
  const cases: [string, Claim, RegExp][] = [['C12', c12, /M⁻¹ R M α̃\(s\)/], ['C13', c13, /probe moved as/], ['C14', c14, /gives the same P/]];
  for (const [key, claim, transport] of cases) {
    it(`${key}: 20 inputs of the claim's arbitrary are not verified`, () => {
      const inputs = fc.sample(claim.arbitrary, { numRuns: 20, seed: 1214 });
      let transported = 0;
      for (const input of inputs) {
        const cert = claim.certify!(input);
        expect(cert.method).toBe('exact-rational');
        expect(cert.verified, cert.note).toBe(false);
        if (cert.checks.some((c) => transport.test(c.statement) && c.holds)) transported++;
      }
      expect(transported).toBeGreaterThan(0);
    });
  }

  it('C12: a junk-blind inclusion test (RL-ref passed off as RL with Aᵀ Γ ⊆ Γ) is caught', () => {
    const fam = campaignRun('C12:refutableInclusion').counterexample as RelationalFamily;
    expect(certifyRelationalHolds(fam).verified).toBe(false);
    const junkBlind = { ...EXACT_LEVELS, inclusion: (m: Parameters<typeof rlRefExact>[0], s: readonly number[], d: readonly number[]) => ({ holds: rlRefExact(m, s, d), witness: null }) };
    const cert = certifyRelationalHolds(fam, junkBlind);
    expect(cert.verified).toBe(true);
    expect(cert.checks.some((c) => /RL with Aᵀ Γ ⊆ Γ ⇔ RL\*/.test(c.statement) && !c.holds)).toBe(true);
  });

  it('C13: a junk-blind "junk-free" probe (any W accepted) is caught', () => {
    const input = campaignRun('C13:refutable').counterexample as ProbeInput;
    expect(certifyProbingHolds(input).verified).toBe(false);
    const anyProbe: typeof EXACT_PROBING.junkFree = (m, { fam, answers }) => {
      const sol = affineSolve(pickRows(m.F, fam.src), answerLogOddsExact(m, fam.dst, answers));
      return sol && { W: sol.W.transpose(), b: sol.c };
    };
    const cert = certifyProbingHolds(input, { ...EXACT_PROBING, junkFree: anyProbe });
    expect(cert.verified).toBe(true);
    expect(cert.checks.some((c) => /junk-free probe exists ⇔/.test(c.statement) && !c.holds)).toBe(true);
  });

  // With the bases of identifiableBasis (projected embeddings of the same pivot contexts) the exact ~EL
  // witness between equivalent models is M = I, so the coordinates are what a wrong transport gets wrong:
  // the orthonormal-basis formulas W Q M Q̃ᵀ and Q̃ M⁻¹ Qᵀ v applied to bases that are not orthonormal.
  it('C13: a probe moved as W B M B̃ᵀ (orthonormal formula, non-orthonormal B̃) is caught on some class, the right transport on none', () => {
    const inputs = fc.sample(c13.arbitrary as fc.Arbitrary<ProbeInput>, { numRuns: 40, seed: 1313 });
    const naive: typeof EXACT_PROBING.transport = (W, el) => W.mul(el.a.B).mul(el.M).mul(el.b.B.transpose());
    let caught = 0;
    for (const input of inputs) {
      expect(certifyProbingHolds(input).verified).toBe(false);
      const cert = certifyProbingHolds(input, { ...EXACT_PROBING, transport: naive });
      if (cert.verified) {
        caught++;
        expect(cert.checks.some((c) => /probe moved as/.test(c.statement) && !c.holds)).toBe(true);
      }
    }
    expect(caught).toBeGreaterThan(0);
  });

  it('C14: an edit moved as B̃ M⁻¹ Bᵀ v (orthonormal formula, non-orthonormal B) is caught on some class, the right transport on none', () => {
    const arb = fc.record({
      fam: familyArb(3, { maxN: 8, maxV: 8, maxR: 3, maxP: 2, maxQ: 2, mode: 'exact', minR: 2 }),
      kind: fc.constant<'span'>('span'),
      coeffs: fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 15, maxLength: 15 }),
    });
    const inputs: SteerInput[] = fc.sample(arb, { numRuns: 30, seed: 1414 });
    let caught = 0;
    for (const input of inputs) {
      expect(certifySteeringHolds(input).verified).toBe(false);
      const cert = certifySteeringHolds(input, (v, el) => el.b.B.mul(el.M.inverse()).mul(el.a.B.transpose()).mul(v));
      if (cert.verified) {
        caught++;
        expect(cert.checks.some((c) => /gives the same P/.test(c.statement) && !c.holds)).toBe(true);
      }
    }
    expect(caught).toBeGreaterThan(0);
  });

  it('C14: the statement is conditional on v ∈ E + Γ^⊥ and on exact equivalence', () => {
    // A free v outside E + Γ^⊥ (member 1 with unembedding junk) is vacuous, not a falsification.
    const r = campaignRun('C14:refutable');
    const cert = certifySteeringHolds(r.counterexample as SteerInput);
    expect(cert.verified).toBe(false);
    expect(cert.checks[0]!.statement).toMatch(/v ∈ E \+ Γ\^⊥/);
    expect(cert.checks[0]!.holds).toBe(false);
  });
});

describe('exact stand-in for the minimal model and float-mode counterexamples', () => {
  it('L = C R is diverse of dimension rank L, exactly equivalent and ~EL to the model', () => {
    const fams = fc.sample(familyArb(1, { mode: 'exact', maxP: 2, maxQ: 2 }), { numRuns: 30, seed: 7 });
    for (const { members: [a] } of fams) {
      const A = exactModel(a!), S = minimalStandIn(A);
      expect(S.L.equals(A.L)).toBe(true);
      expect(sameDistribution(A, S)).toBe(true);
      expect(S.F.cols).toBe(A.L.rank());
      expect(fDiverse(S) && gDiverse(S)).toBe(true);
      expect(elWitness(A, S).holds).toBe(true);
    }
  });

  it('a float tanh counterexample (all modes drawn) is not confirmed: members equivalent only up to rounding', () => {
    // The refutable parts now draw exact-mode classes; with every mode, seed 2 shrinks to a float tanh class.
    const allModes = { ...refutableInclusion, arbitrary: relationalFamilyArb() as fc.Arbitrary<unknown> };
    const r = runClaim(allModes, { core, seed: 2 });
    expect(r.status).toBe('counterexample-found');
    const fam = r.counterexample as RelationalFamily;
    expect(fam.cls.mode).toBe('float');
    const cert = allModes.certify!(fam);
    expect(cert.verified).toBe(false);
    expect(cert.checks.some((c) => /exactly equivalent/.test(c.statement) && !c.holds)).toBe(true);
    const record = buildRecord({ key: 'C12:refutableInclusion', id: 'C12', module: 'properties/c12-relational-linearity.ts', claim: allModes }, r, 200, core, DEFAULT_TOLERANCES);
    expect(record.status).toBe('numerical');
  });
});
