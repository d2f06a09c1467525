// The stress profile exercises the decisions at their boundary: with every precision floor scaled by
// 100× in either direction, some verdicts change. (If nothing changed, the generators would leave a gap
// the floors could move in unnoticed, as they did before: a 1e5× looser tolerance passed C3 and C6.)
import { describe, it, expect, afterAll } from 'vitest';
import { CATALOGUE } from '../../properties/catalogue.js';
import { runClaim } from '../../src/campaign/run-claim.js';
import { scaleFloors } from '../../src/campaign/floors.js';
import { setProfile } from '../../src/gen/profile.js';
import { genOptions } from '../../src/gen/arbitraries.js';
import { loadCore } from '../../src/wasm/loader.js';
import { DEFAULT_TOLERANCES } from '../../src/engine/tolerance.js';
import type { Outcome } from '../../src/claims.js';

const core = loadCore({ build: 'simd' });

/** Every run's outcome (kind and regime) for a claim at a given floor scale, in the stress profile. */
function outcomes(key: string, k: number, numRuns = 150): string[] {
  const entry = CATALOGUE.find((e) => e.key === key)!;
  const log: string[] = [];
  const claim = { ...entry.claim, check: (input: unknown, ctx: Parameters<typeof entry.claim.check>[1]): Outcome => {
    const o = entry.claim.check(input, ctx);
    log.push(`${o.kind}:${o.regime ?? ''}`);
    return o;
  } };
  runClaim(claim, { core, seed: 5, numRuns, tol: scaleFloors(DEFAULT_TOLERANCES, k), endOnFailure: true });
  return log;
}

describe('stress profile', () => {
  afterAll(() => setProfile('default'));

  it('draws the sizes and conditioning it promises', () => {
    const o = genOptions({}, 'stress');
    expect([o.maxN, o.maxV, o.maxR + o.maxP + o.maxQ, o.maxCondM, 10 ** o.minJunkExp, 10 ** o.maxJunkExp]).toEqual([64, 64, 24, 1e8, 1e-10, 1e8]);
    // A claim's own restrictions survive (C3 needs no junk).
    expect(genOptions({ maxP: 0, maxQ: 0 }, 'stress').maxP).toBe(0);
  });

  it('scaling every floor by 100× in either direction changes verdicts', () => {
    setProfile('stress');
    for (const key of ['C3', 'C1', 'C6']) {
      const base = outcomes(key, 1);
      expect(outcomes(key, 100), `${key}, floors ×100`).not.toEqual(base);
      expect(outcomes(key, 0.01), `${key}, floors ÷100`).not.toEqual(base);
    }
  });

  it('no holds claim fails and every refutable part finds its counterexample, at a small budget', () => {
    // The stress profile is where the floors were crossed (r = 0 under a 6-nat floor, α's error without the
    // angle out of Γ, a first-order inverse with δM ≫ σ_min(M)): every claim, a few dozen runs each, so CI
    // sees a floor that is crossed again. Inconclusive runs are expected here; wrong verdicts are not.
    setProfile('stress');
    const wrong: string[] = [];
    CATALOGUE.forEach((entry, i) => {
      const r = runClaim(entry.claim, { core, seed: 20261124 + i, numRuns: 100, endOnFailure: true });
      if (!r.asExpected && r.status !== 'inconclusive' && r.status !== 'insufficient-evidence') wrong.push(`${entry.key}: ${r.status} ${r.failure?.message ?? r.error ?? ''}`);
    });
    expect(wrong).toEqual([]);
  });
});
