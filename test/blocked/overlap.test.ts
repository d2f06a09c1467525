// The overlapped stage (overlap.ts: the gap's blocks with the SVDs, middles and maps alongside on one
// pool) against the staged run it replaces: the gap pass, then the SVDs, then the map blocks.
import { describe, it, expect, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { blockedGap } from '../../src/engine/blocked/api.js';
import { blockedDecision, blockedPairFactors } from '../../src/engine/blocked/decision.js';
import { BlockPool, runBlocks, type Scheduler } from '../../src/engine/blocked/pool.js';
import type { MapsBlock, MapsResult } from '../../src/engine/blocked/maps.js';
import type { PairJob } from '../../src/engine/blocked/pair-job.js';
import { gapJobPlan } from '../../src/engine/blocked/api.js';
import { sourceSpec } from '../../src/io/stream/open.js';
import { join } from 'node:path';
import { writePairs, writeModel } from './pairs.js';

const pairs = writePairs(31, 257, 6, 3, 100, 5);
afterAll(() => rmSync(pairs.dir, { recursive: true, force: true }));

const o = { blockTokens: 32, stepRows: 40, logitStats: true };

async function staged(a: string, b: string) {
  const [sa, sb] = [sourceSpec(a), sourceSpec(b)];
  const gap = await blockedGap(sa, sb, o);
  const f = (await blockedPairFactors(sa, sb, o))!;
  const blocks: MapsBlock[] = gap.equivalent ? ['~L', '~EL'] : ['summary'];
  const input = { models: f.models as [typeof f.models[0], typeof f.models[0]], norms: gap.unembedding!, standIns: f.joint.standIns, uIn: 0 };
  const maps = (await runBlocks({ kind: 'maps', input, blocks }, blocks.length)) as MapsResult[];
  return { gap, models: f.models, blocks, maps };
}

describe('the overlapped stage', () => {
  for (const which of ['same', 'wider', 'different'] as const) {
    it(`gives the staged run's gap, factors, maps and summaries bit for bit on 1 to 3 workers (${which})`, async () => {
      const ref = await staged(pairs.a, pairs[which]);
      for (const workers of [1, 2, 3]) {
        const dec = await blockedDecision(sourceSpec(pairs.a), sourceSpec(pairs[which]), { ...o, workers }, { uIn: 0, identical: false });
        expect(dec.gap).toEqual(ref.gap);
        expect(dec.models).toEqual(ref.models);
        const maps = dec.maps!;
        expect(maps.norms).toEqual(ref.gap.unembedding);
        // A pair that differs may have had its maps computed before a gap block showed it (they are not
        // reported then): the summaries are the same either way, and the verdicts where both ran them.
        const withModels = (r: MapsResult[]) => r.find((x) => x.models !== null)!;
        expect(withModels(maps.results).models).toEqual(withModels(ref.maps).models);
        expect(withModels(maps.results).reduced).toEqual(withModels(ref.maps).reduced);
        if (ref.gap.equivalent) {
          expect(maps.blocks).toEqual(ref.blocks);
          expect(maps.results).toEqual(ref.maps);
        } else expect(['summary', '~L,~EL']).toContain(maps.blocks.join());
      }
    }, 60_000);
  }

  it('a pair that differs in the first gap blocks runs the summaries alone (one worker: the order is fixed)', async () => {
    const { F, G } = pairs.dense;
    const moved = { ...G, data: Float64Array.from(G.data) };
    moved.data[1 * G.cols + 1]! += 0.5;
    const early = writeModel(join(pairs.dir, 'early.safetensors'), F, moved, 100);
    const dec = await blockedDecision(sourceSpec(pairs.a), sourceSpec(early), { ...o, workers: 1 }, { uIn: 0, identical: false });
    expect(dec.equivalent).toBe(false);
    expect(dec.maps!.blocks).toEqual(['summary']);
  }, 60_000);

  it('without maps asked for, gives the gap and the factors alone', async () => {
    const ref = await staged(pairs.a, pairs.same);
    const dec = await blockedDecision(sourceSpec(pairs.a), sourceSpec(pairs.same), { ...o, workers: 2 });
    expect(dec.maps).toBeUndefined();
    expect(dec.gap).toEqual(ref.gap);
    expect(dec.models).toEqual(ref.models);
  }, 60_000);
});

describe('BlockPool.runScheduled', () => {
  const job = (): PairJob => ({ kind: 'pair', a: sourceSpec(pairs.a), b: sourceSpec(pairs.same), plan: gapJobPlan(sourceSpec(pairs.a), sourceSpec(pairs.same), o), standIns: null, payloads: [] });

  it('a block that fails in a worker rejects the run with its message, and the pool still works', async () => {
    const pool = new BlockPool(2);
    try {
      let handed = false;
      const bad: Scheduler = {
        next: () => (handed ? null : ((handed = true), { index: 0, payload: { task: 'svd', mat: { rows: 2, cols: 2, data: Float64Array.of(1, NaN, 0, 1) } } })),
        done: () => undefined,
      };
      await expect(pool.runScheduled(job(), bad)).rejects.toThrow(/in a worker thread/);
      let n = 0;
      const results: unknown[] = [];
      const one: Scheduler = {
        next: () => (n++ < 2 ? { index: n - 1, payload: { task: 'gap', block: n - 1 } } : null),
        done: (i, r) => { results[i] = r; },
      };
      await pool.runScheduled(job(), one);
      expect(results.length).toBe(2);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('a scheduler that waits with nothing running is an error, not a hang', async () => {
    for (const workers of [1, 2]) {
      const pool = new BlockPool(workers);
      try {
        await expect(pool.runScheduled(job(), { next: () => 'wait', done: () => undefined })).rejects.toThrow(/waits with no block running/);
      } finally {
        await pool.close();
      }
    }
  }, 30_000);
});
