// The audit engine on models whose answer is known by construction, and planted bugs it must catch.
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import { analyze } from '../../src/engine/analysis.js';
import { toPredictor } from '../../src/engine/load.js';
import { auditModel, auditContext, auditProperty } from '../../src/engine/audit/audit.js';
import { ModelView, reparameterise, type AuditModel } from '../../src/engine/audit/model.js';
import { randomInvertible, cosineShears, COSINE_TARGETS } from '../../src/engine/audit/draws.js';
import { spreadOver, logitDrift } from '../../src/engine/audit/spread.js';
import { unembeddingDifferenceMeasures } from '../../src/engine/audit/measures.js';
import { mulberry32 } from '../../src/gen/prng.js';
import { matVec, cosine } from '../../src/engine/audit/vec.js';
import type { PropertySpec } from '../../src/engine/audit/spec.js';
import { testModel, plantParallel, type TestModel } from './models.js';

const core = loadCore();

function audit(m: TestModel, specs: PropertySpec[]) {
  return core.scope(() => auditModel(analyze(toPredictor(core, m)), m, specs));
}

function withContext<T>(m: TestModel, fn: (ctx: ReturnType<typeof auditContext>) => T): T {
  return core.scope(() => fn(auditContext(analyze(toPredictor(core, m)), m)));
}

const pairs = [[1, 2], [3, 4]] as [[number, number], [number, number]];

describe('C10 unembedding differences', () => {
  it('a non-parallel pair: the Euclidean cosine spans (−1, 1) over equivalent models, the log-odds correlation does not move', () => {
    const m = testModel('diverse', 30, 12, 5, 1);
    const [p] = audit(m, [{ kind: 'unembedding-difference', name: 'x', pairs }]).properties;
    expect(p!.verdict.code).toBe('depends');
    const r = p!.spread.nonInvariant['Euclidean cosine']!;
    expect(r.min).toBeLessThan(-0.98);
    expect(r.max).toBeGreaterThan(0.98);
    for (const drift of Object.values(p!.spread.invariantDrift)) expect(drift).toBeLessThan(1e-9);
    expect(p!.spread.logitDrift).toBeLessThan(1e-12);
    expect(p!.invariant['causal cosine']).not.toBeNull();
  });

  it('exactly parallel and f-diverse: a fact about the distribution (C10 all or none)', () => {
    const m = testModel('diverse', 30, 12, 5, 2);
    plantParallel(m, pairs, -1.5);
    const [p] = audit(m, [{ kind: 'unembedding-difference', name: 'x', pairs }]).properties;
    expect(p!.verdict.code).toBe('fact');
    expect(Math.abs(p!.invariant['correlation across contexts']!)).toBeCloseTo(1, 12);
  });

  it('exactly parallel without f-diversity: depends, and the junk draws break the parallelism while P stays', () => {
    const m = testModel('no-f-diversity', 30, 12, 5, 3);
    plantParallel(m, pairs, 2);
    const [p] = audit(m, [{ kind: 'unembedding-difference', name: 'x', pairs }]).properties;
    expect(p!.verdict.code).toBe('depends');
    expect(p!.spread.kinds.join(' ')).toContain('E^⊥');
    expect(p!.spread.nonInvariant['Euclidean cosine']!.min).toBeLessThan(0.99);
    expect(p!.spread.logitDrift).toBeLessThan(1e-12);
  });
});

describe('C11, C14, C13, C12', () => {
  it('C11: the log-odds correlation across tokens is invariant; the Euclidean cosine is not', () => {
    const m = testModel('diverse', 20, 30, 4, 4);
    const [p] = audit(m, [{ kind: 'embedding-difference', name: 'x', pairs: [[0, 1], [2, 3]] }]).properties;
    expect(p!.verdict.code).toBe('depends');
    expect(p!.spread.invariantDrift['correlation across tokens']).toBeLessThan(1e-9);
    expect(p!.spread.nonInvariant['Euclidean cosine']!.max - p!.spread.nonInvariant['Euclidean cosine']!.min).toBeGreaterThan(1.9);
  });

  it('C14: a steering vector in Γ ∩ E^⊥ depends on the parameterisation; one in E is a fact', () => {
    const m = testModel('no-f-diversity', 25, 12, 4, 5);
    const junk = [0, 0, 0, 1], inE = [1, 0, 0, 0];
    const r = audit(m, [{ kind: 'steering', name: 'junk', v: junk }, { kind: 'steering', name: 'in E', v: inE }]);
    expect(r.model.junk.unembedding).toBe(1);
    expect(r.properties.map((p) => p.verdict.code)).toEqual(['depends', 'fact']);
    expect(r.properties[1]!.spread.invariantDrift['RMS centred log-odds shift']).toBeLessThan(1e-9);
  });

  it('C13: a probe that reads embedding junk depends; one that reads only Γ is a fact with an invariant fit', () => {
    const m = testModel('no-g-diversity', 40, 12, 4, 6);
    const probePairs = Array.from({ length: 20 }, (_, i) => [i, i + 20] as [number, number]);
    const spec = (name: string, W: number[][]): PropertySpec => ({ kind: 'probe', name, pairs: probePairs, answers: [1, 2], W, b: [0] });
    const r = audit(m, [spec('junk', [[0, 0, 0, 1]]), spec('clean', [[1, -1, 0.5, 0]])]);
    expect(r.model.junk.embedding).toBe(1);
    expect(r.properties.map((p) => p.verdict.code)).toEqual(['depends', 'fact']);
    const drift = r.properties.map((p) => p.spread.invariantDrift['probe relative residual on answer log-odds']!);
    expect(drift[1]).toBeLessThan(1e-9);
    expect(drift[0]).toBeGreaterThan(1e-3); // junk draws move the junk-reading probe's fit
  });

  it('C12: a planted affine relation holds as a fact; too few pairs is inconclusive; a relation through junk only depends', () => {
    const d = 4, nPairs = d + 10;
    const m = testModel('diverse', 2 * nPairs, 10, d, 7);
    const A = [[1, 0.5, 0, 0], [0, 1, 0, 0.25], [0.5, 0, 1, 0], [0, 0, 0, 2]];
    for (let s = 0; s < nPairs; s++) {
      for (let i = 0; i < d; i++) {
        let v = 0.125 * i;
        for (let j = 0; j < d; j++) v += A[i]![j]! * m.F.data[s * d + j]!;
        m.F.data[(nPairs + s) * d + i] = v;
      }
    }
    const rel = (k: number): PropertySpec => ({ kind: 'relational', name: `k=${k}`, pairs: Array.from({ length: k }, (_, s) => [s, nPairs + s] as [number, number]) });
    const r = audit(m, [rel(nPairs), rel(3)]);
    expect(r.properties.map((p) => p.verdict.code)).toEqual(['fact', 'inconclusive']);

    // Without g-diversity: the targets' log-odds follow f(s) only through the junk coordinate of f(s).
    const j = testModel('no-g-diversity', 2 * nPairs, 10, d, 8);
    for (let s = 0; s < nPairs; s++) for (let i = 0; i < d - 1; i++) j.F.data[(nPairs + s) * d + i] = (i + 1) * j.F.data[s * d + d - 1]!;
    const [pj] = audit(j, [rel(nPairs)]).properties;
    expect(pj!.verdict.code).toBe('depends');
  });
});

describe('planted bugs the spread must catch', () => {
  it('a draw that is not equivalent (G mapped by A instead of A⁻¹) shows up as logit drift', () => {
    const m = testModel('diverse', 30, 12, 5, 9);
    const view = new ModelView(m.F, m.G, 0);
    const { A } = randomInvertible(5, mulberry32(1), 10);
    const broken = reparameterise(view, A, A, 'broken');
    const own = unembeddingDifferenceMeasures(view, pairs);
    const s = spreadOver(view, own, [{ model: broken, measures: unembeddingDifferenceMeasures(broken, pairs) }]);
    expect(s.logitDrift).toBeGreaterThan(1e-3);
    expect(s.invariantDrift['correlation across contexts']).toBeGreaterThan(1e-6);
  });

  it('a non-invariant measure filed as invariant shows a drift far above rounding', () => {
    const m = testModel('diverse', 30, 12, 5, 10);
    withContext(m, (ctx) => {
      const own = unembeddingDifferenceMeasures(ctx.model, pairs);
      const relabel = (x: typeof own) => ({ invariant: { 'Euclidean cosine': x.nonInvariant['Euclidean cosine']! }, nonInvariant: {} });
      const s = spreadOver(ctx.model, relabel(own), ctx.shared.map((d) => ({ model: d, measures: relabel(unembeddingDifferenceMeasures(d, pairs)) })));
      expect(s.invariantDrift['Euclidean cosine']).toBeGreaterThan(0.05);
    });
  });

  it('the shears reach every target cosine, and leave the logits alone', () => {
    const m = testModel('diverse', 30, 12, 5, 11);
    const view = new ModelView(m.F, m.G, 0);
    const g = (y: number) => m.G.data.slice(y * 5, y * 5 + 5);
    const a = g(1).map((x, k) => x - g(2)[k]!), b = g(3).map((x, k) => x - g(4)[k]!);
    const shears = cosineShears(view, 'unembedding', a, b);
    const reached = shears.map((x) => unembeddingDifferenceMeasures(x, pairs).nonInvariant['Euclidean cosine']!);
    reached.forEach((c, k) => expect(Math.abs(c - COSINE_TARGETS[k]!)).toBeLessThan(1e-9));
    for (const x of shears) expect(logitDrift(view, x)).toBeLessThan(1e-12);
  });
});

describe('shift invariance (C1) in the draws', () => {
  it('an uncentred log-odds measure across tokens is caught by the shifted draws; the centred one is not', () => {
    const m = testModel('diverse', 20, 30, 4, 12);
    withContext(m, (ctx) => {
      const d1 = (x: AuditModel) => x.fRow(0).map((v, k) => v - x.fRow(1)[k]!);
      const d2 = (x: AuditModel) => x.fRow(2).map((v, k) => v - x.fRow(3)[k]!);
      const uncentred = (x: AuditModel) => {
        const a = x.gTimes(d1(x)), b = x.gTimes(d2(x));
        return { invariant: { 'uncentred cosine across tokens': cosine(a, b) }, nonInvariant: {} };
      };
      const s = spreadOver(ctx.model, uncentred(ctx.model), ctx.shared.map((x) => ({ model: x, measures: uncentred(x) })));
      expect(s.invariantDrift['uncentred cosine across tokens']).toBeGreaterThan(1e-3);
      const [p] = [auditProperty(ctx, { kind: 'embedding-difference', name: 'x', pairs: [[0, 1], [2, 3]] })];
      for (const drift of Object.values(p!.spread.invariantDrift)) expect(drift).toBeLessThan(1e-9);
    });
  });
});

describe('the causal inner product', () => {
  it('with Cov(g) in place of Cov(g)⁻¹ the "causal cosine" is no longer invariant, and the draws show it', () => {
    const m = testModel('diverse', 30, 12, 5, 13);
    withContext(m, (ctx) => {
      const delta = (x: AuditModel, a: number, b: number) => x.gRow(a).map((v, k) => v - x.gRow(b)[k]!);
      const wrong = (x: AuditModel) => {
        const d1 = delta(x, 1, 2), d2 = delta(x, 3, 4);
        const K = x.K;
        const ip = (u: Float64Array, v: Float64Array) => matVec(K, v).reduce((s, t, i) => s + t * u[i]!, 0);
        return { invariant: { 'cosine under Cov(g)': ip(d1, d2) / Math.sqrt(ip(d1, d1) * ip(d2, d2)) }, nonInvariant: {} };
      };
      const s = spreadOver(ctx.model, wrong(ctx.model), ctx.shared.map((x) => ({ model: x, measures: wrong(x) })));
      expect(s.invariantDrift['cosine under Cov(g)']).toBeGreaterThan(1e-3);
      const right = spreadOver(ctx.model, unembeddingDifferenceMeasures(ctx.model, pairs), ctx.shared.map((x) => ({ model: x, measures: unembeddingDifferenceMeasures(x, pairs) })));
      expect(right.invariantDrift['causal cosine']).toBeLessThan(1e-9);
    });
  });
});
