// C11 (embedding parallelism, the mirror of C10): the engine function on hand-made models, both parts of
// the all-or-none campaign at their default budgets, and broken versions the campaign must notice.
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
import { embeddingParallelism, parallelFit, type Quadruple } from '../../src/engine/linear/parallelism.js';
import { analysedMembers } from '../../properties/helpers.js';
import c11, { refutable as c11r } from '../../properties/c11-embedding-parallelism.js';
import type { ParallelCase } from '../../src/gen/parallel.js';

const SEED = 20261124;
const core = loadCore();
const model = (F: number[][], G: number[][], pivot = 0): Analysis =>
  defaultEngine.analyze(predictor(fromRows(core, F), fromRows(core, G), pivot));

// g-diverse unembeddings in d = 2 (G₀ has rank 2), and unembeddings whose differences lie along e₁.
const G_DIVERSE = [[1, 1], [2, 1], [1, 3]];
const G_LINE = [[1, 5], [2, 5], [-1, 5]];
// Contexts 0…4; f(1) − f(2) = (−3, 3) = −3 · (f(3) − f(4)) = −3 · (1, −1).
const F_PAR = [[0, 0], [1, 2], [4, -1], [2, 0], [1, 1]];
// Same, but f(1) moved by 5 e₂ (a Γ^⊥ direction for G_LINE).
const F_PAR_EDIT = [[0, 0], [1, 7], [4, -1], [2, 0], [1, 1]];
const X: Quadruple = [1, 2, 3, 4];

describe('embeddingParallelism', () => {
  it('finds λ for parallel embedding differences, and the same λ in the log-odds rows', () => core.scope(() => {
    const { geometric, distributional } = embeddingParallelism(model(F_PAR, G_DIVERSE), X);
    expect(geometric.holds).toBe(true);
    expect(geometric.lambda).toBeCloseTo(-3, 12);
    expect(distributional.holds).toBe(true);
    expect(distributional.lambda).toBeCloseTo(-3, 12);
  }));

  it('under g-diversity, non-parallel differences give non-parallel log-odds rows', () => core.scope(() => {
    const { geometric, distributional } = embeddingParallelism(model(F_PAR_EDIT, G_DIVERSE), X);
    expect(geometric.holds).toBe(false);
    expect(distributional.holds).toBe(false);
  }));

  it('without g-diversity a Γ^⊥ edit keeps the log-odds and breaks the geometry', () => core.scope(() => {
    const a = model(F_PAR, G_LINE), b = model(F_PAR_EDIT, G_LINE);
    expect(defaultEngine.distributionEquivalence(a, b).holds).toBe(true);
    expect(embeddingParallelism(a, X).geometric.holds).toBe(true);
    const rb = embeddingParallelism(b, X);
    expect(rb.geometric.holds).toBe(false);
    expect(rb.distributional.holds).toBe(true);
  }));

  it('gives the same verdicts whichever token is the pivot', () => core.scope(() => {
    for (let pivot = 0; pivot < G_DIVERSE.length; pivot++) {
      expect(embeddingParallelism(model(F_PAR, G_DIVERSE, pivot), X).distributional.holds).toBe(true);
      expect(embeddingParallelism(model(F_PAR_EDIT, G_DIVERSE, pivot), X).distributional.holds).toBe(false);
    }
  }));

  it('handles zero differences', () => core.scope(() => {
    const a = model(F_PAR, G_DIVERSE);
    expect(embeddingParallelism(a, [1, 1, 2, 2]).geometric.degenerate).toBe('both-zero');
    expect(embeddingParallelism(a, [1, 1, 2, 2]).distributional.holds).toBe(true);
    expect(embeddingParallelism(a, [1, 2, 3, 3]).geometric.holds).toBe(false);
    expect(embeddingParallelism(a, [1, 2, 3, 3]).distributional.holds).toBe(false);
  }));

  it('rejects indices outside the contexts', () => core.scope(() => {
    expect(() => embeddingParallelism(model(F_PAR, G_DIVERSE), [0, 1, 2, 9])).toThrow(CoreError);
  }));
});

describe('C11 campaigns', () => {
  it('holds at its default budget, with parallel and non-parallel classes both common', () => {
    const r = runClaim(c11, { seed: SEED });
    expect(r.error).toBeNull();
    expect(r.status).toBe('held');
    expect(r.conclusive).toBeGreaterThan(c11.budget.numRuns / 2);
    const cases = fc.sample(c11.arbitrary, { numRuns: 200, seed: SEED }) as ParallelCase[];
    let parallel = 0, not = 0;
    for (const c of cases) core.scope(() => {
      const ms = analysedMembers(c.fam, { core, engine: defaultEngine, tol: DEFAULT_TOLERANCES });
      const v = embeddingParallelism(ms[ms.length - 1] as Analysis, c.idx).geometric;
      if (v.conclusive) v.holds ? parallel++ : not++;
    });
    expect(parallel).toBeGreaterThan(40);
    expect(not).toBeGreaterThan(40);
  });

  it('refutable: finds equivalent members that disagree, one of them not g-diverse, and shrinks it', () => {
    const r = runClaim(c11r, { seed: SEED });
    expect(r.error).toBeNull();
    expect(r.status).toBe('counterexample-found');
    expect(r.failure!.message).toMatch(/not diverse/);
    expect(r.size!.n).toBeLessThanOrEqual(c11r.shrinkBounds!.n);
    expect(r.size!.V).toBeLessThanOrEqual(c11r.shrinkBounds!.V);
    expect(r.size!.d).toBeLessThanOrEqual(c11r.shrinkBounds!.d);
  });
});

const withParallelism = (f: typeof embeddingParallelism) => ({ ...defaultEngine, embeddingParallelism: f }) as Engine;

/** Log-odds rows read one context late: ℓ(x + 1) where ℓ(x) belongs. */
function rowsOffByOne(a: Analysis, contexts: Quadruple, t: Tolerances = DEFAULT_TOLERANCES) {
  const real = embeddingParallelism(a, contexts, t);
  const L = a.L.toArray();
  const row = (x: number) => L[(x + 1) % a.n] as number[];
  const d = (p: number, q: number) => row(p).map((v, i) => v - (row(q)[i] as number));
  const [x1, x2, x3, x4] = contexts;
  return { ...real, distributional: parallelFit(d(x1, x2), d(x3, x4), ...real.distributional.errors, t, 'broken') };
}

/** A "geometric" test that only looks at what the log-odds see: f projected onto Γ (junk-blind). */
function projectedOntoGamma(a: Analysis, contexts: Quadruple, t: Tolerances = DEFAULT_TOLERANCES) {
  const real = embeddingParallelism(a, contexts, t);
  const FG = mul(a.p.F, a.PGamma).toArray();
  const d = (p: number, q: number) => (FG[p] as number[]).map((v, i) => v - ((FG[q] as number[])[i] as number));
  const [x1, x2, x3, x4] = contexts;
  // A fair floor for the substitute: projecting onto the computed Γ adds its angle times the rows.
  const [eu, ev] = real.geometric.errors, th = a.errors.thetaGamma;
  const nrm = (x: number) => a.fNorms[x] as number;
  return { ...real, geometric: parallelFit(d(x1, x2), d(x3, x4), eu + th * (nrm(x1) + nrm(x2)), ev + th * (nrm(x3) + nrm(x4)), t, 'broken') };
}

describe('C11 notices broken engines', () => {
  it('holds: log-odds rows read one context late', () => {
    const r = runClaim(c11, { seed: SEED, engine: withParallelism(rowsOffByOne), endOnFailure: true });
    expect(r.status).toBe('falsified');
  });
  it('refutable: a geometric test blind to Γ^⊥ (embeddings projected onto Γ)', () => {
    const r = runClaim(c11r, { seed: SEED, engine: withParallelism(projectedOntoGamma), endOnFailure: true });
    expect(r.status).toBe('counterexample-not-found');
  });
});
