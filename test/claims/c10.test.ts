// C10 (unembedding parallelism): the engine function on hand-made models, both parts of the all-or-none
// campaign at their default budgets, and deliberately broken versions the campaign must notice.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { runClaim } from '../../src/campaign/run-claim.js';
import { loadCore } from '../../src/wasm/loader.js';
import { defaultEngine, type Engine } from '../../src/engine/index.js';
import type { Analysis } from '../../src/engine/analysis.js';
import { predictor } from '../../src/engine/predictor.js';
import { fromRows } from '../../src/matrix/create.js';
import { mul } from '../../src/matrix/convenience.js';
import { DEFAULT_TOLERANCES, type Tolerances } from '../../src/engine/tolerance.js';
import { CoreError } from '../../src/wasm/status.js';
import { unembeddingParallelism, parallelFit, type Quadruple } from '../../src/engine/linear/parallelism.js';
import { analysedMembers } from '../../properties/helpers.js';
import c10, { refutable as c10r } from '../../properties/c10-unembedding-parallelism.js';
import type { ParallelCase } from '../../src/gen/parallel.js';

const SEED = 20261124;
const core = loadCore();
const model = (F: number[][], G: number[][], pivot = 0): Analysis =>
  defaultEngine.analyze(predictor(fromRows(core, F), fromRows(core, G), pivot));

// f-diverse contexts in d = 2, and contexts that all lie along e₁ (E^⊥ = span e₂).
const F_DIVERSE = [[1, 0], [0, 1], [1, 2]];
const F_LINE = [[1, 0], [2, 0], [-1, 0]];
// Tokens 0…4; g(1) − g(2) = (2, 4) = 2 · (g(3) − g(4)) = 2 · (1, 2).
const G_PAR = [[5, 5], [3, 4], [1, 0], [2, 3], [1, 1]];
// Same, but g(1) moved by 7 e₂ (an E^⊥ direction for F_LINE): no longer parallel.
const G_PAR_EDIT = [[5, 5], [3, 11], [1, 0], [2, 3], [1, 1]];
const T: Quadruple = [1, 2, 3, 4];

describe('unembeddingParallelism', () => {
  it('finds λ for parallel unembedding differences, and the same λ in the log-odds', () => core.scope(() => {
    const { geometric, distributional } = unembeddingParallelism(model(F_DIVERSE, G_PAR), T);
    expect(geometric.holds).toBe(true);
    expect(geometric.lambda).toBeCloseTo(2, 12);
    expect(distributional.holds).toBe(true);
    expect(distributional.lambda).toBeCloseTo(2, 12);
    expect(geometric.degenerate).toBe('none');
  }));

  it('under f-diversity, non-parallel differences give non-parallel log-odds', () => core.scope(() => {
    const { geometric, distributional } = unembeddingParallelism(model(F_DIVERSE, G_PAR_EDIT), T);
    expect(geometric.holds).toBe(false);
    expect(distributional.holds).toBe(false);
    expect(geometric.conclusive && distributional.conclusive).toBe(true);
    expect(geometric.residual).toBeGreaterThan(1e-2);
  }));

  it('without f-diversity an E^⊥ edit keeps the log-odds and breaks the geometry', () => core.scope(() => {
    const a = model(F_LINE, G_PAR), b = model(F_LINE, G_PAR_EDIT);
    expect(defaultEngine.distributionEquivalence(a, b).holds).toBe(true);
    expect(unembeddingParallelism(a, T).geometric.holds).toBe(true);
    const rb = unembeddingParallelism(b, T);
    expect(rb.geometric.holds).toBe(false);
    expect(rb.distributional.holds).toBe(true);
  }));

  it('takes the pivot column of the log-odds as zero, whichever token is the pivot', () => core.scope(() => {
    for (let pivot = 0; pivot < G_PAR.length; pivot++) {
      const r = unembeddingParallelism(model(F_DIVERSE, G_PAR, pivot), T);
      expect(r.geometric.holds).toBe(true);
      expect(r.distributional.holds).toBe(true);
      expect(r.distributional.lambda).toBeCloseTo(2, 12);
    }
  }));

  it('works at logit scales where probabilities underflow (log-odds from F G₀ᵀ)', () => core.scope(() => {
    const big = F_DIVERSE.map((row) => row.map((x) => 400 * x));
    const r = unembeddingParallelism(model(big, G_PAR), T);
    expect(r.distributional.holds).toBe(true);
    expect(r.distributional.lambda).toBeCloseTo(2, 10);
    expect(unembeddingParallelism(model(big, G_PAR_EDIT), T).distributional.holds).toBe(false);
  }));

  it('handles zero differences: both zero is parallel with λ = 0, only the second zero is not', () => core.scope(() => {
    const a = model(F_DIVERSE, G_PAR);
    const both = unembeddingParallelism(a, [1, 1, 3, 3]);
    expect([both.geometric.holds, both.geometric.degenerate, both.geometric.lambda]).toEqual([true, 'both-zero', 0]);
    expect([both.distributional.holds, both.distributional.degenerate]).toEqual([true, 'both-zero']);
    const second = unembeddingParallelism(a, [1, 2, 3, 3]);
    expect([second.geometric.holds, second.geometric.degenerate]).toEqual([false, 'second-zero']);
    expect(second.distributional.holds).toBe(false);
    const first = unembeddingParallelism(a, [2, 2, 3, 4]);
    expect([first.geometric.holds, first.geometric.degenerate, first.geometric.lambda]).toEqual([true, 'first-zero', 0]);
  }));

  it('judges a difference that is zero up to rounding as zero, not as a direction', () => {
    // d = 1: any two non-zero scalars are parallel, so a rounding-level v must not count as a direction.
    // Differences of entries of size 1 stored in f64: each is within e = 4.4e-16 of the exact one.
    const e = 4.4e-16;
    expect(parallelFit([1], [1e-17], e, e, DEFAULT_TOLERANCES, 'x').holds).toBe(false);
    expect(parallelFit([1], [1e-17], e, e, DEFAULT_TOLERANCES, 'x').degenerate).toBe('second-zero');
    expect(parallelFit([1e-17], [1e-17], e, e, DEFAULT_TOLERANCES, 'x').holds).toBe(true);
    // Above the floor but within RANK_GAP of it: certainly non-zero, yet not clear-cut: inconclusive.
    expect(parallelFit([1], [2e-15], e, e, DEFAULT_TOLERANCES, 'x').conclusive).toBe(false);
    // Two decades above: a direction, and any non-zero scalar is parallel to it.
    expect(parallelFit([1], [1e-12], e, e, DEFAULT_TOLERANCES, 'x')).toMatchObject({ holds: true, conclusive: true });
  });

  it('rejects indices outside the vocabulary', () => core.scope(() => {
    expect(() => unembeddingParallelism(model(F_DIVERSE, G_PAR), [0, 1, 2, 5])).toThrow(CoreError);
  }));
});

describe('C10 campaigns', () => {
  it('holds at its default budget, with parallel and non-parallel classes both common', () => {
    const r = runClaim(c10, { seed: SEED });
    expect(r.error).toBeNull();
    expect(r.status).toBe('held');
    expect(r.conclusive).toBeGreaterThan(c10.budget.numRuns / 2);
    // Both outcomes must occur among the classes (the minimal model stands for the class).
    const cases = fc.sample(c10.arbitrary, { numRuns: 200, seed: SEED }) as ParallelCase[];
    let parallel = 0, not = 0;
    for (const c of cases) core.scope(() => {
      const ms = analysedMembers(c.fam, { core, engine: defaultEngine, tol: DEFAULT_TOLERANCES });
      const v = unembeddingParallelism(ms[ms.length - 1] as Analysis, c.idx).geometric;
      if (v.conclusive) v.holds ? parallel++ : not++;
    });
    expect(parallel).toBeGreaterThan(40);
    expect(not).toBeGreaterThan(40);
  });

  it('refutable: finds equivalent members that disagree, one of them not f-diverse, and shrinks it', () => {
    const r = runClaim(c10r, { seed: SEED });
    expect(r.error).toBeNull();
    expect(r.status).toBe('counterexample-found');
    expect(r.failure!.message).toMatch(/not diverse/);
    expect(r.size!.n).toBeLessThanOrEqual(c10r.shrinkBounds!.n);
    expect(r.size!.V).toBeLessThanOrEqual(c10r.shrinkBounds!.V);
    expect(r.size!.d).toBeLessThanOrEqual(c10r.shrinkBounds!.d);
  });
});

// Broken versions of the engine function.
const withParallelism = (f: typeof unembeddingParallelism) => ({ ...defaultEngine, unembeddingParallelism: f }) as Engine;

/** Log-odds columns with the pivot bookkeeping off: column y used for every token y ≠ pivot. */
function pivotOffByOne(a: Analysis, tokens: Quadruple, t: Tolerances = DEFAULT_TOLERANCES) {
  const real = unembeddingParallelism(a, tokens, t);
  const col = (y: number) => (y === a.p.pivot ? new Array<number>(a.n).fill(0)
    : Array.from({ length: a.n }, (_, x) => a.L.get(x, Math.min(y, a.L.cols - 1))));
  const d = (p: number, q: number) => col(p).map((v, i) => v - (col(q)[i] as number));
  const [y1, y2, y3, y4] = tokens;
  return { ...real, distributional: parallelFit(d(y1, y2), d(y3, y4), ...real.distributional.errors, t, 'broken') };
}

/** A "geometric" test that only looks at what the contexts see: g projected onto E (junk-blind). */
function projectedOntoE(a: Analysis, tokens: Quadruple, t: Tolerances = DEFAULT_TOLERANCES) {
  const real = unembeddingParallelism(a, tokens, t);
  const GE = mul(a.p.G, a.PE).toArray();
  const d = (p: number, q: number) => (GE[p] as number[]).map((v, i) => v - ((GE[q] as number[])[i] as number));
  const [y1, y2, y3, y4] = tokens;
  return { ...real, geometric: parallelFit(d(y1, y2), d(y3, y4), ...real.geometric.errors, t, 'broken') };
}

describe('C10 notices broken engines', () => {
  it('holds: log-odds columns off by one past the pivot', () => {
    const r = runClaim(c10, { seed: SEED, engine: withParallelism(pivotOffByOne), endOnFailure: true });
    expect(r.status).toBe('falsified');
  });
  it('refutable: a geometric test blind to E^⊥ (unembeddings projected onto E)', () => {
    const r = runClaim(c10r, { seed: SEED, engine: withParallelism(projectedOntoE), endOnFailure: true });
    expect(r.status).toBe('counterexample-not-found');
  });
});
