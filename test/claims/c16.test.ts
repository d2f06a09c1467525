// C16 (whitening / causal inner product): the engine functions on hand-made models, both parts of the
// all-or-none campaign at their default budgets, and broken versions the campaign must notice.
import { describe, it, expect } from 'vitest';
import { runClaim } from '../../src/campaign/run-claim.js';
import { loadCore } from '../../src/wasm/loader.js';
import { defaultEngine, type Engine } from '../../src/engine/index.js';
import type { Analysis } from '../../src/engine/analysis.js';
import { predictor } from '../../src/engine/predictor.js';
import { fromRows } from '../../src/matrix/create.js';
import { mul, scaled } from '../../src/matrix/convenience.js';
import { projector } from '../../src/matrix/derived.js';
import { relMaxDiff } from '../../src/matrix/blas.js';
import { DEFAULT_TOLERANCES, type Tolerances } from '../../src/engine/tolerance.js';
import { whitenedGram, whiteningAgreement, centredUnembeddings } from '../../src/engine/linear/whitening.js';
import c16, { refutable as c16r } from '../../properties/c16-whitening.js';
import { judge, condOnRange } from '../../src/engine/fit.js';
import { whitenedGramFloor } from '../../src/engine/linear/whitening.js';

const SEED = 20261124;
const core = loadCore();
const model = (F: number[][], G: number[][], pivot = 0): Analysis =>
  defaultEngine.analyze(predictor(fromRows(core, F), fromRows(core, G), pivot));

// A diverse model (d = 2) and a linearly equivalent one: F̃ = F Mᵀ, G̃ = G M⁻¹ + 1cᵀ with
// M = [[1, 1], [0, 1]] (M⁻¹ = [[1, −1], [0, 1]]) and c = (3, −2).
const F = [[1, 0], [0, 1], [1, 2]];
const G = [[0, 0], [1, 2], [2, -1], [-1, 1]];
const Ft = [[1, 0], [1, 1], [3, 2]];
const Gt = [[3, -2], [4, -1], [5, -5], [2, 0]];
// The first model with an unembedding-junk dimension no context sees (g-diverse, not f-diverse, same P).
const Fj = [[1, 0, 0], [0, 1, 0], [1, 2, 0]];
const Gj = [[0, 0, 0], [1, 2, 1], [2, -1, 0], [-1, 1, 2]];

describe('whitenedGram', () => {
  it('is V times the projector onto the column space of the centred unembeddings', () => core.scope(() => {
    const a = model(F, G);
    const w = whitenedGram(a);
    expect(w.eligible).toBe(true);
    expect(relMaxDiff(w.gram!, scaled(projector(centredUnembeddings(a)), G.length))).toBeLessThan(1e-12);
  }));

  it('agrees between linearly equivalent diverse models (whitened unembeddings differ by a rotation)', () => core.scope(() => {
    const a = model(F, G), b = model(Ft, Gt);
    expect(defaultEngine.distributionEquivalence(a, b).holds).toBe(true);
    const v = whiteningAgreement(a, b);
    expect(v.conclusive).toBe(true);
    expect(v.holds).toBe(true);
    expect(v.eligible).toEqual([true, true]);
  }));

  it('disagrees when an equivalent model has unembedding directions no context sees', () => core.scope(() => {
    const a = model(F, G), j = model(Fj, Gj);
    expect(defaultEngine.distributionEquivalence(a, j).holds).toBe(true);
    expect(j.fDiverse).toBe(false);
    const v = whiteningAgreement(a, j);
    expect(v.conclusive).toBe(true);
    expect(v.holds).toBe(false);
    expect(v.residual).toBeGreaterThan(1e-2);
  }));

  it('calls a model without an invertible Cov(g) not eligible, and a comparison with it inconclusive', () => core.scope(() => {
    // Embedding junk: the third coordinate of g is constant, so Cov(g) is singular (not g-diverse).
    const e = model([[1, 0, 1], [0, 1, 0], [1, 2, 5]], [[0, 0, 1], [1, 2, 1], [2, -1, 1], [-1, 1, 1]]);
    const w = whitenedGram(e);
    expect(w.eligible).toBe(false);
    expect(w.gram).toBeNull();
    expect(w.reason).toMatch(/not g-diverse/);
    const v = whiteningAgreement(model(F, G), e);
    expect(v.conclusive).toBe(false);
    expect(v.eligible).toEqual([true, false]);
  }));

  it('gives the zero Gram matrix for a model of dimension 0', () => core.scope(() => {
    const z = defaultEngine.analyze(predictor(fromRows(core, [[], []]), fromRows(core, [[], [], []]), 1));
    const w = whitenedGram(z);
    expect(w.eligible).toBe(true);
    expect(Array.from(w.gram!.data)).toEqual(new Array(9).fill(0));
  }));
});

describe('C16 campaigns', () => {
  it('holds at its default budget', () => {
    const r = runClaim(c16, { seed: SEED });
    expect(r.error).toBeNull();
    expect(r.status).toBe('held');
    expect(r.conclusive).toBeGreaterThan(c16.budget.numRuns / 2);
  });

  it('refutable: finds an equivalent model without f-diversity whose whitened Gram matrix differs', () => {
    const r = runClaim(c16r, { seed: SEED });
    expect(r.error).toBeNull();
    expect(r.status).toBe('counterexample-found');
    expect(r.failure!.message).toMatch(/not f-diverse/);
    expect(r.size!.n).toBeLessThanOrEqual(c16r.shrinkBounds!.n);
    expect(r.size!.V).toBeLessThanOrEqual(c16r.shrinkBounds!.V);
    expect(r.size!.d).toBeLessThanOrEqual(c16r.shrinkBounds!.d);
  });
});

const withAgreement = (f: typeof whiteningAgreement) => ({ ...defaultEngine, whiteningAgreement: f }) as Engine;

/** Compare V · (projector onto col(X(a))) for some X instead of the whitened Gram matrices. */
function gramsOf(X: (a: Analysis) => ReturnType<typeof mul>) {
  return (a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES) => {
    const ka = scaled(projector(X(a), 1e-10), a.V), kb = scaled(projector(X(b), 1e-10), b.V);
    // A fair floor for the substitute: the real one's (whitenedGramFloor) for X's conditioning, plus the
    // angles of E and Γ that X's projector inherits.
    const angles = a.errors.thetaE + a.errors.thetaGamma + b.errors.thetaE + b.errors.thetaGamma;
    const c = (x: Analysis) => condOnRange(X(x), t).kappa;
    const floor = (whitenedGramFloor(a, c(a)) + whitenedGramFloor(b, c(b)) + 2 * a.V * angles) / (1 + a.V);
    return { ...judge(relMaxDiff(ka, kb), floor, Math.max(a.kappa, b.kappa), 'broken'), eligible: [true, true] as [boolean, boolean] };
  };
}

describe('C16 notices broken engines', () => {
  it('holds: whitening that forgets to centre (second moment of g instead of its covariance)', () => {
    const r = runClaim(c16, { seed: SEED, engine: withAgreement(gramsOf((a) => a.p.G)), endOnFailure: true });
    expect(r.status).toBe('falsified');
  });
  it('refutable: whitening blind to E^⊥ (unembeddings projected onto E first)', () => {
    const r = runClaim(c16r, { seed: SEED, engine: withAgreement(gramsOf((a) => mul(centredUnembeddings(a), a.PE))), endOnFailure: true });
    expect(r.status).toBe('counterexample-not-found');
  });
});
