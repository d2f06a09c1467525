// Evidence accounting: a campaign that tested nothing must not pass. Counts add up over the generation
// phase, shrinking is counted apart, progress never passes its total, and the statuses 'inconclusive'
// and 'insufficient-evidence' are reachable (exit 3).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { runCampaign } from '../../src/campaign/campaign.js';
import { runClaim } from '../../src/campaign/run-claim.js';
import { exitFor } from '../../src/cli/merge.js';
import { defineClaim, okIn, type Outcome } from '../../src/claims.js';
import { loadCore } from '../../src/wasm/loader.js';
import { defaultEngine, type Engine } from '../../src/engine/index.js';
import { CATALOGUE } from '../../properties/catalogue.js';
import { EXIT_INCOMPLETE } from '../../src/cli/exit.js';
import { CATALOGUE as CAMPAIGN } from '../../src/cli/catalogue-root.js';

/** The engine with analyze() broken so that no model is ever f- or g-diverse. */
const neverDiverse: Engine = {
  ...defaultEngine,
  analyze: (p, t) => ({ ...defaultEngine.analyze(p, t), fDiverse: false, gDiverse: false }),
};

const core = loadCore({ build: 'simd' });

/** A toy claim whose outcome is drawn: `inconclusivePct` percent of runs inconclusive, a fail when `failAt` is drawn. */
function toy(inconclusivePct: number, regimes: Record<string, number> = {}, failAt = -1) {
  return defineClaim<number>({
    id: 'C1', title: 'toy', statement: 'toy', direction: 'holds', budget: { numRuns: 400 },
    evidence: { minConclusive: 10, perRegime: regimes },
    arbitrary: fc.noBias(fc.integer({ min: 0, max: 99 })),
    check: (x): Outcome => {
      if (x === failAt) return { kind: 'fail', message: 'planted' };
      if (x < inconclusivePct) return { kind: 'inconclusive', why: 'drawn' };
      return okIn(x % 2 ? 'odd' : 'even');
    },
    size: () => ({ n: 1, V: 2, d: 1 }),
  });
}

describe('evidence accounting', () => {
  it('with analyze() broken so that nothing is diverse, the campaign exits non-zero instead of passing', () => {
    const r = runCampaign({ seed: 3, claims: ['C3', 'C16'], runs: 300, shard: null, build: 'simd', timeBudgetMs: null, engine: neverDiverse }, CAMPAIGN);
    expect(r.summary.exitCode).not.toBe(0);
    // The refutable part finds nothing to refute without diversity either: its search fails (exit 1).
    expect(r.claims.find((c) => c.key === 'C16:refutable')!.status).toBe('counterexample-not-found');
    const holds = runCampaign({ seed: 3, claims: ['C3'], runs: 300, shard: null, build: 'simd', timeBudgetMs: null, engine: neverDiverse }, CAMPAIGN);
    for (const c of [...holds.claims, r.claims.find((x) => x.key === 'C16')!]) {
      expect(c.status, c.key).toBe('insufficient-evidence');
      expect(c.conclusive, c.key).toBe(0);
      expect(c.evidence.missing.join(' '), c.key).toMatch(/conclusive runs: 0 of/);
    }
    expect(holds.summary.exitCode).toBe(3);
    expect(exitFor(holds.summary.exitCode)).toBe(EXIT_INCOMPLETE);
    expect(holds.summary.incomplete.join('\n')).toMatch(/C3: insufficient evidence/);
    // The same claims with the real engine pass, with their evidence.
    const ok = runCampaign({ seed: 3, claims: ['C3', 'C16'], runs: 300, shard: null, build: 'simd', timeBudgetMs: null }, CAMPAIGN);
    expect(ok.summary.exitCode).toBe(0);
    expect(ok.claims.every((c) => c.evidence.met)).toBe(true);
  });

  it('runs, conclusive, vacuous, inconclusive and failed add up over the generation phase; coverage adds up to them', () => {
    for (const key of ['C3', 'C4', 'C8', 'C10:refutable']) {
      const entry = CATALOGUE.find((e) => e.key === key)!;
      let maxDone = 0, calls = 0;
      const r = runClaim(entry.claim, { core, seed: 11, numRuns: 200, onRun: (done, total) => { maxDone = Math.max(maxDone, done); calls++; expect(done).toBeLessThanOrEqual(total); } });
      expect(r.conclusive + r.vacuous + r.inconclusive + r.failed, key).toBe(r.runs);
      expect(calls, key).toBe(r.runs);
      expect(maxDone, key).toBe(r.runs);
      const sum = (f: 'conclusive' | 'vacuous' | 'inconclusive' | 'failed') => r.coverage.reduce((s, c) => s + c[f], 0);
      expect([sum('conclusive'), sum('vacuous'), sum('inconclusive'), sum('failed')], key).toEqual([r.conclusive, r.vacuous, r.inconclusive, r.failed]);
      if (entry.claim.direction === 'refutable') {
        // Shrinking happened and is counted apart, not in the runs.
        expect(r.failed, key).toBe(1);
        expect(r.shrinkRuns, key).toBeGreaterThan(0);
      }
    }
  });

  it('a claim with most runs inconclusive is inconclusive, not an error and not held', () => {
    expect(runClaim(toy(90), { core, seed: 1 }).status).toBe('inconclusive');
    const half = runClaim(toy(49), { core, seed: 1 });
    expect(half.status).toBe('inconclusive');
    expect(half.runs).toBe(400);
    expect(runClaim(toy(10), { core, seed: 1 }).status).toBe('held');
  });

  it('a regime the claim needs and never reaches makes it insufficient evidence, naming the regime', () => {
    const r = runClaim(toy(0, { even: 50, 'never drawn': 5 }), { core, seed: 1 });
    expect(r.status).toBe('insufficient-evidence');
    expect(r.evidence.missing).toEqual(['regime "never drawn": 0 conclusive of 5 needed']);
    // A smaller budget prorates the minima, never below one run per named regime.
    const small = runClaim(toy(0, { even: 50 }), { core, seed: 1, numRuns: 40 });
    expect(small.evidence.required.perRegime.even).toBe(5);
    expect(small.evidence.required.conclusive).toBe(1);
  });

  it('a failing run ends generation; the failure is counted once, in its regime', () => {
    const r = runClaim(toy(0, {}, 7), { core, seed: 1 });
    expect(r.status).toBe('falsified');
    expect(r.failed).toBe(1);
    expect(r.conclusive + r.vacuous + r.inconclusive + 1).toBe(r.runs);
  });
});
