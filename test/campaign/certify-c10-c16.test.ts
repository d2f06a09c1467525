// Exact certifiers of C10, C11 and C16 (src/certify/linear-exact.ts). The refutable parts: the default
// campaign's counterexample is certified exactly and recorded as counterexample-certified. The holds parts
// are theorems in exact arithmetic (with the float code's degenerate conventions, geometric ⇒
// distributional always, and ⇔ under diversity; diverse equivalent models have equal G_c Cov⁻¹ G_cᵀ), so
// no input that meets the hypothesis can be verified: random inputs are not verified, an engine that is
// wrong in floating point is exonerated (numerical), inputs outside the hypothesis are not passed off as
// falsifications, and the decision itself does flag a hand-made verdict table that breaks the statement.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { runClaim } from '../../src/campaign/run-claim.js';
import { buildRecord } from '../../src/campaign/record.js';
import { loadCore } from '../../src/wasm/loader.js';
import { defaultEngine, type Engine } from '../../src/engine/index.js';
import { DEFAULT_TOLERANCES } from '../../src/engine/tolerance.js';
import { unembeddingParallelism, embeddingParallelism, type Quadruple } from '../../src/engine/linear/parallelism.js';
import { whiteningAgreement } from '../../src/engine/linear/whitening.js';
import { CATALOGUE } from '../../properties/catalogue.js';
import { analysedMembers } from '../../properties/helpers.js';
import c10, { refutable as c10r } from '../../properties/c10-unembedding-parallelism.js';
import { parallelBeta, type ParallelCase, type PerturbedCase } from '../../src/gen/parallel.js';
import c11, { refutable as c11r } from '../../properties/c11-embedding-parallelism.js';
import c16, { refutable as c16r } from '../../properties/c16-whitening.js';
import type { Claim } from '../../src/claims.js';
import type { Family } from '../../src/gen/arbitraries.js';
import { makeClass, reducedMember } from '../../src/gen/block.js';
import { dense } from '../../src/dense.js';
import { Rational, RationalMatrix } from '../../src/exact/index.js';
import { exactModel } from '../../src/certify/exact-model.js';
import {
  allOrNoneChecks, exactParallelFit, exactParallelism, exactWhitenedGram, minimalSubstitute, type VerdictRow,
} from '../../src/certify/linear-exact.js';

const core = loadCore();
const ctx = { core, engine: defaultEngine, tol: DEFAULT_TOLERANCES };
const entry = (key: string) => CATALOGUE.find((e) => e.key === key)!;
const q = (...xs: number[]) => xs.map((x) => Rational.fromF64(x));

describe('refutable parts: the campaign counterexample is certified exactly', () => {
  for (const key of ['C10:refutable', 'C11:refutable', 'C16:refutable']) {
    it(key, () => {
      const e = entry(key);
      const r = runClaim(e.claim, { core });
      expect(r.status).toBe('counterexample-found');
      const cert = e.claim.certify!(r.counterexample);
      expect(cert.method).toBe('exact-rational');
      expect(cert.verified).toBe(true);
      expect(cert.checks.some((c) => !c.holds)).toBe(true);
      const record = buildRecord(e, r, e.claim.budget.numRuns, core, DEFAULT_TOLERANCES);
      expect(record.status).toBe('counterexample-certified');
      expect(record.asExpected).toBe(true);
    });
  }

  it('C10/C11: a replayed null-direction edit keeps P exactly and changes the parallelism exactly; the rank form disagrees too', () => {
    for (const c of [c10r, c11r]) {
      const r = runClaim(c, { core });
      const cert = c.certify!(r.counterexample);
      // The search may find the break in the generated junk alone (no edit), or through an edit.
      const edited = (r.counterexample as { perturb: number[][] }).perturb.some((p) => p.some((x) => x !== 0));
      const edit = cert.checks.filter((k) => /the edit keeps/.test(k.statement));
      if (edited && edit.length) {
        expect(edit.some((k) => /keeps P/.test(k.statement) && k.holds)).toBe(true);
        expect(edit.some((k) => /keeps geometric parallelism/.test(k.statement) && !k.holds)).toBe(true);
      }
      expect(cert.checks.filter((k) => /lies in/.test(k.statement)).every((k) => k.holds)).toBe(true);
      // Not a zero-difference artefact: under the rank form the verdict is not shared either.
      expect(cert.checks.find((k) => /under the rank form/.test(k.statement))?.holds).toBe(false);
    }
  });
});

describe('holds parts: the certifier does not verify inputs on which the property holds', () => {
  const cases: [string, Claim][] = [['C10', c10], ['C11', c11], ['C16', c16]];
  for (const [name, claim] of cases) {
    it(`${name}: 30 sampled inputs are not verified`, () => {
      const inputs = fc.sample(claim.arbitrary, { seed: 7, numRuns: 30 });
      let decided = 0;
      for (const x of inputs) {
        const cert = claim.certify!(x);
        expect(cert.verified).toBe(false);
        expect(cert.method).toBe('exact-rational');
        if (!cert.note.startsWith('no exact verdict')) decided++;
      }
      // Exact-mode families (about half) are decided: the property holds exactly.
      expect(decided).toBeGreaterThan(5);
    });
  }

  it('the exact verdicts agree with the engine on conclusive exact-mode members (C10, C11)', () => {
    for (const [claim, side] of [[c10, 'unembedding'], [c11, 'embedding']] as const) {
      const inputs = fc.sample(claim.arbitrary as fc.Arbitrary<ParallelCase>, { seed: 8, numRuns: 40 }).filter((x) => x.fam.cls.mode === 'exact');
      let compared = 0;
      for (const { fam, idx } of inputs) {
        core.scope(() => {
          const members = analysedMembers(fam, ctx);
          fam.members.forEach((m, i) => {
            const a = members[i]!;
            if (a.ambiguous) return;
            const f = (side === 'unembedding' ? unembeddingParallelism : embeddingParallelism)(a, idx);
            const x = exactParallelism(exactModel(m), side, idx);
            if (f.geometric.conclusive) { expect(x.geometric.holds).toBe(f.geometric.holds); compared++; }
            if (f.distributional.conclusive) { expect(x.distributional.holds).toBe(f.distributional.holds); compared++; }
          });
        });
      }
      expect(compared).toBeGreaterThan(20);
    }
  });

  it('an engine wrong in floating point is exonerated exactly: numerical, not falsified', () => {
    const liesU: typeof unembeddingParallelism = (a, i, t) => { const r = unembeddingParallelism(a, i, t); return { ...r, geometric: { ...r.geometric, holds: true } }; };
    const liesE: typeof embeddingParallelism = (a, i, t) => { const r = embeddingParallelism(a, i, t); return { ...r, geometric: { ...r.geometric, holds: true } }; };
    const engines: [string, Engine][] = [
      ['C10', { ...defaultEngine, unembeddingParallelism: liesU } as Engine],
      ['C11', { ...defaultEngine, embeddingParallelism: liesE } as Engine],
      ['C16', { ...defaultEngine, whiteningAgreement: (a, b, t) => ({ ...whiteningAgreement(a, b, t), holds: false, conclusive: true, reason: 'broken' }) } as Engine],
    ];
    for (const [key, engine] of engines) {
      const e = entry(key);
      const r = runClaim(e.claim, { core, engine, numRuns: 100 });
      expect(r.status).toBe('falsified');
      const record = buildRecord(e, r, 100, core, DEFAULT_TOLERANCES);
      expect(record.status).toBe('numerical');
      expect(record.counterexample!.certificate.verified).toBe(false);
    }
  });

  it('inputs outside the hypothesis are not verified: the refutable counterexamples, fed to the holds parts', () => {
    for (const [holds, refutable] of [[c10, c10r], [c11, c11r], [c16, c16r]] as [Claim, Claim][]) {
      const r = runClaim(refutable, { core });
      expect(refutable.certify!(r.counterexample).verified).toBe(true);
      // The member that breaks the naive statement is not diverse: the theorem says nothing about it.
      const cert = holds.certify!(r.counterexample);
      expect(cert.verified).toBe(false);
    }
  });

  it('a family whose members are not equivalent (a generator bug) fails in floating point but is not verified', () => {
    // Member 2 from a class made parallel by design, member 1 from the plain class: different P.
    const cls = makeClass('exact', 4, 5, 2, 0, [1, 0, 0, 1, 1, 2, 2, -1, 1, 1, 0, 1, 3, 2, -1, 3], 0);
    const idx: Quadruple = [1, 2, 3, 4];
    const par = parallelBeta(cls, idx, 2);
    const input: ParallelCase = { fam: { cls, members: [reducedMember(cls), reducedMember(par), reducedMember(cls)] }, idx, designed: false, lambda: 0 };
    const outcome = core.scope(() => c10.check(input, ctx));
    expect(outcome.kind).toBe('fail');
    const cert = c10.certify!(input);
    expect(cert.verified).toBe(false);
    expect(cert.note).toMatch(/does not|not every member/);
    expect(cert.checks.find((k) => /member 2 gives member 1's P/.test(k.statement))!.holds).toBe(false);
  });

  it('a deliberately false verdict table IS flagged by the all-or-none decision', () => {
    const par = exactParallelFit(q(2, 4), q(1, 2)), not = exactParallelFit(q(2, 5), q(1, 2));
    expect(par.holds && par.lambda!.eq(Rational.of(2))).toBe(true);
    expect(not.holds).toBe(false);
    // Two diverse, "equivalent" members that disagree: the statement fails.
    const rows: VerdictRow[] = [
      { name: 'member 1', diverse: true, geometric: par, distributional: par },
      { name: 'member 2', diverse: true, geometric: not, distributional: par },
    ];
    const d = allOrNoneChecks(rows, true, 'unembedding');
    expect(d.fails).toBe(true);
    expect(d.checks.filter((c) => !c.holds).map((c) => c.statement)).toEqual([
      'member 2 (diverse): geometric ⇔ distributional',
      'geometric unembedding parallelism holds in all or none of the diverse members',
    ]);
    // Geometric without distributional: part (a) fails.
    expect(allOrNoneChecks([{ name: 'm', diverse: false, geometric: par, distributional: not }], false, 'embedding').fails).toBe(true);
    // The same table made consistent passes.
    expect(allOrNoneChecks([rows[0]!, { ...rows[1]!, geometric: par }], true, 'unembedding').fails).toBe(false);
  });
});

describe('exact building blocks', () => {
  it('degenerate conventions of the λ-form', () => {
    expect(exactParallelFit(q(0, 0), q(0, 0))).toMatchObject({ holds: true, degenerate: 'both-zero' });
    expect(exactParallelFit(q(1, 0), q(0, 0))).toMatchObject({ holds: false, degenerate: 'second-zero' });
    expect(exactParallelFit(q(0, 0), q(1, 3))).toMatchObject({ holds: true, degenerate: 'first-zero' });
    expect(exactParallelFit(q(0.1, 0.3), q(1, 3)).holds).toBe(false); // the doubles 0.1 and 0.3 are not in ratio 1 : 3
  });

  it('the minimal-model stand-in reproduces L, is diverse, and has the minimal model\'s whitened Gram matrix', () => {
    const m = exactModel({ F: dense(3, 2, [1, 2, 3, 4, 5, 6]), G: dense(4, 2, [1, 1, 2, 0, 0, 3, 1, 5]), pivot: 1 });
    const s = minimalSubstitute(m);
    expect(s.L.equals(m.L)).toBe(true);
    expect(s.F.rank()).toBe(s.F.cols);
    expect(s.G0.rank()).toBe(s.G0.cols);
    // m is diverse and ~L to the stand-in, so their whitened Gram matrices coincide; V · projector.
    const g = exactWhitenedGram(m)!, gs = exactWhitenedGram(s)!;
    expect(g.equals(gs)).toBe(true);
    expect(g.mul(g).equals(g.scale(Rational.of(4)))).toBe(true);
    expect(RationalMatrix.zeros(1, 4).mul(g).isZero()).toBe(true);
  });

  it('C16 eligibility: no whitening without g-diversity, the zero Gram matrix for d = 0', () => {
    const notG = exactModel({ F: dense(2, 2, [1, 0, 0, 1]), G: dense(3, 2, [0, 0, 1, 0, 2, 0]), pivot: 0 });
    expect(exactWhitenedGram(notG)).toBeNull();
    const d0 = exactModel({ F: dense(2, 0, []), G: dense(3, 0, []), pivot: 0 });
    expect(exactWhitenedGram(d0)!.equals(RationalMatrix.zeros(3, 3))).toBe(true);
  });
});

// Type-level use of the imported input types (keeps them checked against the claims' arbitraries).
export type Inputs = [ParallelCase, PerturbedCase, Family];
