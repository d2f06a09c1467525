// C17 and C18 (theory.md §6) as campaign properties: both parts at their default budgets, and broken
// versions of the approximate comparison that the campaign must notice.
import { describe, it, expect } from 'vitest';
import { runClaim } from '../../src/campaign/run-claim.js';
import { defaultEngine, type Engine } from '../../src/engine/index.js';
import { approximateComparison, type ApproxSide } from '../../src/engine/approximate.js';
import c17, { refutable as c17r } from '../../properties/c17-approximate-linear-identifiability.js';
import c18, { refutable as c18r } from '../../properties/c18-approximate-extended-identifiability.js';

const SEED = 20261129;

/** An engine whose approximate comparison is replaced. */
const withApprox = (f: typeof approximateComparison): Engine => ({ ...defaultEngine, approximateComparison: f }) as Engine;

describe('C17, C18 at their budgets', () => {
  for (const [name, claim] of [['C17', c17], ['C18', c18]] as const) {
    it(`${name} holds (no counterexample; most runs conclusive)`, () => {
      const r = runClaim(claim, { seed: SEED });
      expect(r.error).toBeNull();
      expect(r.status).toBe('held');
      expect(r.conclusive).toBeGreaterThan(claim.budget.numRuns / 4);
    });
  }
  it('C17 refutable: equivalent models with embedding junk break the naive bound', () => {
    const r = runClaim(c17r, { seed: SEED });
    expect(r.error).toBeNull();
    expect(r.status).toBe('counterexample-found');
    expect(r.failure!.message).toMatch(/not g-diverse/);
  });
  it('C18 refutable: mean KL ≈ 0 with reduced embeddings far apart', () => {
    const r = runClaim(c18r, { seed: SEED });
    expect(r.error).toBeNull();
    expect(r.status).toBe('counterexample-found');
    expect(r.failure!.message).toMatch(/mean KL/);
  });
});

describe('mutants the campaign notices', () => {
  it('C17: a bound computed with σ₁(G_c) in place of σ_d(G_c) (the bound shrinks by cond(G_c)) is falsified', () => {
    const broken = (a: ApproxSide, b: ApproxSide) => {
      const r = approximateComparison(a, b);
      const e = r.embeddings;
      if (e.bound === null) return r;
      // Shrink the bound by an arbitrary factor 1e3, standing in for σ_d/σ₁ on typical instances.
      const bound = e.bound / 1e3;
      return { ...r, embeddings: { ...e, bound, holds: e.residual <= bound * (1 + 1e-8) } };
    };
    const r = runClaim(c17, { seed: SEED, engine: withApprox(broken), endOnFailure: true });
    expect(r.status).toBe('falsified');
  });
  it('C18: a residual measured against the wrong model (B onto itself: always 0) makes the refutable search fail', () => {
    const broken = (a: ApproxSide, b: ApproxSide) => {
      const r = approximateComparison(a, b);
      return { ...r, reducedEmbeddings: { ...r.reducedEmbeddings, residual: 0, relative: 0, holds: true } };
    };
    const r = runClaim(c18r, { seed: SEED, engine: withApprox(broken), endOnFailure: true });
    expect(r.status).toBe('counterexample-not-found');
  });
  it('C18: logits taken uncentred in the gap (shift c counted as distance) still hold, but a gap of zero is falsified', () => {
    const broken = (a: ApproxSide, b: ApproxSide) => {
      const r = approximateComparison(a, b);
      const fix = (x: typeof r.reducedEmbeddings) => (x.bound === null ? x : { ...x, bound: 0, holds: x.residual <= 10 * 2 ** -52 * (1 + x.residual) });
      return { ...r, logitGap: 0, dLogit: 0, reducedEmbeddings: fix(r.reducedEmbeddings), reducedUnembeddings: fix(r.reducedUnembeddings) };
    };
    const r = runClaim(c18, { seed: SEED, engine: withApprox(broken), endOnFailure: true });
    expect(r.status).toBe('falsified');
  });
});
