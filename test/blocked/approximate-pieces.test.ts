// The approximate block's pieces on the pool (blocked/approximate-pieces.ts): the same report bit for bit
// on this thread, on one worker and on two, and each piece in its own field — checked against the dense
// engine's own composition (engine/approximate.ts boundsFrom) on the same geometry, so a piece put in
// another's slot (by the pool, by the hand-out order or by assemble) fails.
import { describe, it, expect, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { approximateFromDecision, approximateFromDecisionOn, approximateInput } from '../../src/engine/blocked/approximate.js';
import { geometry, gapFloorOf } from '../../src/engine/blocked/approximate-pieces.js';
import { blockedDecision } from '../../src/engine/blocked/decision.js';
import { boundsFrom } from '../../src/engine/approximate.js';
import { approximateJson } from '../../src/cli/approximate-render.js';
import { sourceSpec } from '../../src/io/stream/open.js';
import { readModelFile } from '../../src/io/index.js';
import { loadCore } from '../../src/wasm/loader.js';
import { fromArray } from '../../src/matrix/create.js';
import { toPredictor } from '../../src/engine/load.js';
import { defaultEngine as engine } from '../../src/engine/index.js';
import type { Analysis } from '../../src/engine/analysis.js';
import { writePairs, writeModel, rng } from './pairs.js';

const core = loadCore();
const n = 37, V = 83, d = 5;
const pairs = writePairs(n, V, d, 2, 11, 21);
const next = rng(22);
type Dense = { rows: number; cols: number; data: Float64Array };
const base = readModelFile(pairs.a) as unknown as { F: Dense; G: Dense; pivot: number };
const jitter = (m: Dense) => ({ ...m, data: m.data.map((v) => v + 1e-3 * next()) });
// Approximately equivalent: every residual, bound and correlation is a distinct nonzero number.
const perturbed = writeModel(join(pairs.dir, 'perturbed.safetensors'), jitter(base.F), jitter(base.G), base.pivot);
afterAll(() => rmSync(pairs.dir, { recursive: true, force: true }));

const reducedOf = (x: Analysis) => ({ Q: { rows: x.Q.rows, cols: x.Q.cols, data: x.Q.toFloat64Array() }, errors: { alpha: x.errors.alpha, beta: x.errors.beta } });
const json = (r: Parameters<typeof approximateJson>[0]) => JSON.stringify(approximateJson(r));

describe('the approximate block on the pool', async () => {
  const A = engine.analyze(toPredictor(core, readModelFile(pairs.a))), B = engine.analyze(toPredictor(core, readModelFile(perturbed)));
  const reduced = { a: reducedOf(A), b: reducedOf(B) };
  const dec = await blockedDecision(sourceSpec(pairs.a), sourceSpec(perturbed), { logitStats: true, blockTokens: 13, stepRows: 17 });

  it('is the same bit for bit on this thread, on one worker and on two', async () => {
    const here = approximateFromDecision(dec, { reduced });
    const one = await approximateFromDecisionOn(dec, { reduced, workers: 1 });
    const two = await approximateFromDecisionOn(dec, { reduced, workers: 2 });
    expect(here.cca.correlations.length).toBeGreaterThan(0);
    expect(json(one)).toBe(json(here));
    expect(json(two)).toBe(json(here));
    // Without the reduced models (only C17's two pieces) likewise.
    expect(json(await approximateFromDecisionOn(dec, { workers: 2 }))).toBe(json(approximateFromDecision(dec)));
  });

  it('puts each piece in its own field (the dense composition on the same geometry)', async () => {
    const x = approximateInput(dec, { reduced });
    const want = core.scope(() => {
      const side = (s: typeof reduced.a) => ({ Q: fromArray(core, s.Q.rows, s.Q.cols, s.Q.data), errors: s.errors });
      return JSON.parse(JSON.stringify(boundsFrom(geometry(core, x), x.logit.logitGap, gapFloorOf(x), side(reduced.a), side(reduced.b)))) as Record<string, unknown>;
    });
    const two = JSON.parse(JSON.stringify(await approximateFromDecisionOn(dec, { reduced, workers: 2 }))) as Record<string, unknown>;
    const names = ['embeddings', 'unembeddings', 'reducedEmbeddings', 'reducedUnembeddings', 'cca'];
    // The pieces differ from each other, so a swap cannot go unseen.
    expect(new Set(names.map((k) => JSON.stringify(want[k]))).size).toBe(names.length);
    for (const k of names) expect(two[k], k).toEqual(want[k]);
  });
});
