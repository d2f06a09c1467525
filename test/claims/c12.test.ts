// C12 relational linearity: the holds claim, both refutable parts, and broken engines that the
// properties must catch.
import { describe, it, expect } from 'vitest';
import { runClaim, type ClaimRunResult } from '../../src/campaign/run-claim.js';
import type { Claim } from '../../src/claims.js';
import { defaultEngine } from '../../src/engine/index.js';
import { relationalFns, relationalLinearity } from '../../src/engine/linear/relational.js';
import { mul, transposed } from '../../src/matrix/convenience.js';
import type { Matrix } from '../../src/matrix/matrix.js';
import { inverse, cond2 } from '../../src/matrix/derived.js';
import c12, { refutableEmb, refutableInclusion } from '../../properties/c12-relational-linearity.js';

const SEED = 1212;

function expectSmall(claim: Claim, r: ClaimRunResult): void {
  const b = claim.shrinkBounds!;
  expect(r.size).not.toBeNull();
  expect(r.size!.n).toBeLessThanOrEqual(b.n);
  expect(r.size!.V).toBeLessThanOrEqual(b.V);
  expect(r.size!.d).toBeLessThanOrEqual(b.d);
}

const withFns = (over: Partial<typeof relationalFns>) => ({ ...defaultEngine, ...relationalFns, ...over });

describe('C12 relational linearity', () => {
  it('holds: RL with inclusion is all or none, and equals RL*', () => {
    const r = runClaim(c12, { seed: SEED });
    expect(r.status, r.failure?.message ?? r.error ?? '').toBe('held');
    // 85%: a σ less than a decade under its floor is undecided (tolerance.ts FLOOR_MARGIN), which costs a few percent.
    expect(r.conclusive).toBeGreaterThan(0.85 * r.runs);
  });

  it('refutable: RL-emb is not a class invariant (small counterexample)', () => {
    const r = runClaim(refutableEmb, { seed: SEED });
    expect(r.status, r.error ?? '').toBe('counterexample-found');
    expectSmall(refutableEmb, r);
  });

  it('refutable: without the inclusion condition RL holds in one model and not in its minimal model', () => {
    const r = runClaim(refutableInclusion, { seed: SEED });
    expect(r.status, r.error ?? '').toBe('counterexample-found');
    expectSmall(refutableInclusion, r);
  });

  it('teeth: a junk-blind inclusion check (RL-ref passed off as RL with Aᵀ Γ ⊆ Γ) is caught', () => {
    const junkBlind: typeof relationalLinearity = (a, src, dst, t) => {
      const x = relationalLinearity(a, src, dst, t);
      return { ...x, inclusion: x.ref };
    };
    expect(runClaim(c12, { seed: SEED, engine: withFns({ relationalLinearity: junkBlind }) }).status).toBe('falsified');
  });

  it('teeth: a reduced relation moved with Mᵀ where M belongs is caught', () => {
    const wrongWay = (R: Matrix, rho: Matrix, M: Matrix) => {
      const Mt = transposed(M), Mti = inverse(Mt);
      return { R: mul(mul(Mti, R), Mt), rho: mul(Mti, rho), cond: cond2(M) };
    };
    expect(runClaim(c12, { seed: SEED, engine: withFns({ transportRelation: wrongWay }) }).status).toBe('falsified');
  });

  it('teeth: RL-ref that silently projects onto Γ finds no counterexample to the naive statement', () => {
    const projected: typeof relationalLinearity = (a, src, dst, t) => {
      const x = relationalLinearity(a, src, dst, t);
      return { ...x, ref: x.inclusion };
    };
    expect(runClaim(refutableInclusion, { seed: SEED, engine: withFns({ relationalLinearity: projected }) }).status).toBe('counterexample-not-found');
  });

  it('teeth: an RL-emb check that looks at log-odds instead of embeddings finds no counterexample', () => {
    const logOddsOnly: typeof relationalLinearity = (a, src, dst, t) => {
      const x = relationalLinearity(a, src, dst, t);
      return { ...x, emb: x.star };
    };
    expect(runClaim(refutableEmb, { seed: SEED, engine: withFns({ relationalLinearity: logOddsOnly }) }).status).toBe('counterexample-not-found');
  });
});
