// Approximate comparison (theory.md §6): exact equivalents sit at d_logit ≈ 0 with tiny residuals; perturbed
// copies respect the C17/C18 bounds; KL does not control the reduced maps (C18 refutable part); a bound
// computed with the wrong singular value is caught.
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import { analyze } from '../../src/engine/analysis.js';
import { toPredictor } from '../../src/engine/load.js';
import { approximateComparison } from '../../src/engine/approximate.js';
import { ModelView } from '../../src/engine/audit/model.js';
import { randomEquivalents } from '../../src/engine/audit/draws.js';
import { mulberry32, gaussian } from '../../src/gen/prng.js';
import { svd } from '../../src/matrix/decompose.js';
import { fromRows } from '../../src/matrix/create.js';
import type { DenseMatrix } from '../../src/dense.js';
import { testModel, type TestModel } from './models.js';

const core = loadCore();

function compare(a: { F: DenseMatrix; G: DenseMatrix }, b: { F: DenseMatrix; G: DenseMatrix }) {
  return core.scope(() => {
    const A = analyze(toPredictor(core, { ...a, pivot: 0 }));
    const B = analyze(toPredictor(core, { ...b, pivot: 0 }));
    return approximateComparison({ F: A.p.F, G: A.p.G, Q: A.Q }, { F: B.p.F, G: B.p.G, Q: B.Q });
  });
}

function perturbed(m: TestModel, scale: number, seed: number): TestModel {
  const rng = mulberry32(seed);
  const jitter = (x: DenseMatrix) => ({ ...x, data: x.data.map((v) => v + scale * gaussian(rng)) });
  return { ...m, F: jitter(m.F), G: jitter(m.G) };
}

describe('approximate comparison', () => {
  it('an equivalent reparameterisation: d_logit, KL and residuals at rounding level, bounds hold', () => {
    const m = testModel('diverse', 40, 15, 5, 1);
    const [eq] = randomEquivalents(new ModelView(m.F, m.G, 0), 1, 3);
    const r = compare(m, eq as ModelView);
    expect(r.dLogit).toBeLessThan(1e-12);
    expect(Math.abs(r.klMean.ab)).toBeLessThan(1e-12);
    expect(r.embeddings.relative).toBeLessThan(1e-12);
    expect(r.reducedEmbeddings.relative).toBeLessThan(1e-12);
    expect(r.cca.mean).toBeCloseTo(1, 10);
  });

  it('perturbed copies: every residual respects its C17/C18 bound (many draws, several shapes)', () => {
    for (const [shape, seed] of [['diverse', 1], ['diverse', 2], ['no-f-diversity', 3], ['no-g-diversity', 4]] as const) {
      for (const scale of [1e-6, 1e-3, 1e-1]) {
        const m = testModel(shape, 30, 12, 4, seed);
        const r = compare(m, perturbed(m, scale, seed * 7));
        expect(r.dLogit).toBeGreaterThan(0);
        for (const k of ['embeddings', 'unembeddings', 'reducedEmbeddings', 'reducedUnembeddings'] as const) {
          if (r[k].bound !== null) expect(r[k].holds, `${shape} ${scale} ${k}: ${r[k].residual} vs ${r[k].bound}`).toBe(true);
        }
        expect(r.reducedEmbeddings.bound).not.toBeNull(); // C18 holds for any models
        if (shape === 'no-g-diversity') expect(r.embeddings.bound).toBeNull();
      }
    }
  });

  it('the C17 bound is attained, so a bound computed with σ₁ in place of σ_d is caught', () => {
    // F̃ = F + e u vᵀ with u ⊥ col(F) and v the last right singular vector of G_c: the logit gap is e σ_d(G_c)
    // and the residual of the best map is ≈ e, so the bound gap/σ_d ≈ e is tight and gap/σ₁ is too small.
    const n = 30, d = 4, e = 1e-3;
    const m = testModel('diverse', n, 12, d, 3);
    const rows = (x: DenseMatrix) => Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));
    const G = rows(m.G);
    const Gc = G.map((r) => r.map((x, k) => x - G.reduce((t, q) => t + q[k]!, 0) / G.length));
    const { v, s1 } = core.scope(() => {
      const S = svd(fromRows(core, Gc));
      return { v: S.V.toArray().map((r) => r[d - 1]!), s1: S.S.toFloat64Array()[0]! };
    });
    // u: a unit vector orthogonal to the columns of F (Gram–Schmidt, twice).
    const cols = Array.from({ length: d }, (_, k) => Array.from({ length: n }, (_, i) => m.F.data[i * d + k]!));
    const basis: number[][] = [];
    const orth = (w: number[]) => {
      for (let pass = 0; pass < 2; pass++) for (const q of basis) { const c = q.reduce((t, x, i) => t + x * w[i]!, 0); w = w.map((x, i) => x - c * q[i]!); }
      const nw = Math.hypot(...w);
      return w.map((x) => x / nw);
    };
    for (const c of cols) basis.push(orth(c));
    const rng = mulberry32(9);
    const u = orth(Array.from({ length: n }, () => gaussian(rng)));
    const F2 = { ...m.F, data: m.F.data.map((x, idx) => x + e * u[Math.floor(idx / d)]! * v[idx % d]!) };
    const r = compare(m, { F: F2, G: m.G });
    expect(r.embeddings.holds).toBe(true);
    expect(r.embeddings.residual).toBeGreaterThan(0.5 * r.embeddings.bound!);
    expect(r.embeddings.residual).toBeGreaterThan(r.logitGap / s1); // the mutant bound is violated
  });

  it('KL does not control the reduced maps: tiny-probability tokens moved far, mean KL ≈ 0, residual large (C18 refutable)', () => {
    const n = 30, V = 12, d = 3;
    const rng = mulberry32(5);
    const base = testModel('diverse', n, V, d, 6);
    // A fourth coordinate f_4 = 1 with g_4 = −60 on tokens 8…11 makes them improbable in every context;
    // the partner moves f_4 per context within [0.75, 1.25]: only those tokens' logits change.
    const lift = (m: TestModel, other: boolean): { F: DenseMatrix; G: DenseMatrix } => {
      const F = { rows: n, cols: d + 1, data: new Float64Array(n * (d + 1)) };
      const G = { rows: V, cols: d + 1, data: new Float64Array(V * (d + 1)) };
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < d; k++) F.data[i * (d + 1) + k] = m.F.data[i * d + k]!;
        F.data[i * (d + 1) + d] = other ? 0.75 + 0.5 * rng() : 1;
      }
      for (let y = 0; y < V; y++) {
        for (let k = 0; k < d; k++) G.data[y * (d + 1) + k] = m.G.data[y * d + k]!;
        G.data[y * (d + 1) + d] = y >= 8 ? -60 : 0;
      }
      return { F, G };
    };
    const r = compare(lift(base, false), lift(base, true));
    expect(r.klMean.ab).toBeLessThan(1e-12); // the true KL is ~1e−25; this is the rounding floor
    expect(r.dLogit).toBeGreaterThan(0.5);
    expect(r.reducedEmbeddings.relative).toBeGreaterThan(1e-3);
    expect(r.reducedEmbeddings.holds).toBe(true);
  });
});

describe('approximate block rendering', () => {
  it('JSON matches schemas/approximate.schema.json; the text names d_logit and each residual/bound pair', async () => {
    const { readFileSync } = await import('node:fs');
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const { approximateJson, renderApproximate } = await import('../../src/cli/approximate-render.js');
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync('schemas/approximate.schema.json', 'utf8')));
    const m = testModel('no-g-diversity', 20, 10, 4, 12);
    const r = compare(m, perturbed(m, 1e-3, 1));
    expect(validate(approximateJson(r)), JSON.stringify(validate.errors)).toBe(true);
    const text = renderApproximate(r).join('\n');
    expect(text).toMatch(/d_logit = /);
    // The comparison printed is the one made: residual ≤ bound + rounding, with the sum shown.
    const m1 = /reduced embeddings [^:]*: residual (\S+) ≤ (\S+) = bound (\S+) \+ rounding (\S+)/.exec(text);
    expect(m1).not.toBeNull();
    const [res, allowed, bound, rounding] = m1!.slice(1).map(Number) as [number, number, number, number];
    expect(res).toBeLessThanOrEqual(allowed);
    expect(Math.abs(allowed - (bound + rounding))).toBeLessThanOrEqual(0.01 * allowed); // three printed digits each
    expect(r.reducedEmbeddings.holds).toBe(r.reducedEmbeddings.residual <= r.reducedEmbeddings.bound! + r.reducedEmbeddings.rounding!);
    expect(text).toMatch(/no bound: model A is not g-diverse/);
  });
});
