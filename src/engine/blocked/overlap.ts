// The gap pass with everything else that needs no more passes over the files: after the joint TSQR, the
// SVDs of the own R factors, the middle factors' SVDs and the map blocks (~L, ~EL or the models'
// summaries) run on the same pool as the gap's token blocks, ahead of them as soon as their inputs are in.
// Staged one after the other, the SVDs and maps left a worker idle for seconds (four SVDs of unequal size,
// then one middle, then ~EL alone at d ≠ d̃); here the gap's blocks fill it.
//
// What each block computes depends on its payload alone, and results are put back by index (the gap's in
// block order, by combineGap), so every number is the one the staged run gives, for any number of workers.
// Only one choice depends on timing: whether the map blocks compute ~L and ~EL, or only the summaries
// because a gap block has already shown the distributions differ (a ratio > 1 anywhere makes the verdict
// "not equivalent", which settles both maps by C3/C6). Computed maps of a pair that turns out to differ
// are not reported (compare-blocked.ts settledByDistribution), so the report is the same either way. To
// make that choice on evidence, the map blocks wait for the first quarter of the gap's blocks (MAPS_AFTER):
// two models that differ usually do so at many tokens, and a quarter of the gap still leaves three to
// overlap the maps with (at GPT-2 size the maps take about 7 s of a 30 s stage; at the non-equivalent pair
// the ~L and ~EL they would have computed are 4–5 CPU-seconds more than the summaries).
import type { SourceSpec } from '../../io/stream/source.js';
import { gapJobPlan, type BlockedOptions } from './api.js';
import { combineGap, gapBlockCount, type GapPartial, type GapResult } from './gap.js';
import type { SmallSvd } from './small-svd.js';
import { BlockPool, type Scheduler } from './pool.js';
import type { BlockResult } from './jobs.js';
import type { JointFactors } from './decision.js';
import type { PairJob, PairTask, TokenNorms } from './pair-job.js';
import { SVD_DIM_LIMIT, asMatrix, withinSvdLimit, noSvd, needsMiddle, modelFactors, svdCost, type ModelFactors, type OwnRs } from './spectra.js';
import { unembeddingNormsOf, type UnembeddingNorms } from './unembedding-norms.js';
import type { MapsBlock, MapsResult } from './maps.js';

/** The maps to run alongside: at unit roundoff uIn; identical files need only the summaries. */
export interface MapsRequest { uIn: number; identical: boolean }

export interface ScheduledMaps {
  blocks: MapsBlock[];
  results: MapsResult[];
  /** Each model's unembedding norms (from the norms blocks: the gap's own, bit for bit). */
  norms: [UnembeddingNorms, UnembeddingNorms];
}

export interface OverlappedStage {
  gap: GapResult;
  models: [ModelFactors, ModelFactors];
  maps?: ScheduledMaps;
  /** Seconds from the stage's start to the last SVD and to the last map block. */
  svdDoneAt: number;
  mapsDoneAt: number;
}

/** The fraction of the gap's blocks done before the map blocks choose what to compute (see the header). */
const MAPS_AFTER = 1 / 4;

/** Gap blocks' worth of tokens per norms block: at the default 256 tokens, 2048 (25 blocks at V = 50257, 0.1 s each). */
const NORM_GAP_BLOCKS = 8;

export async function overlappedStage(a: SourceSpec, b: SourceSpec, Rs: [OwnRs, OwnRs], joint: JointFactors, o: BlockedOptions, maps?: MapsRequest): Promise<OverlappedStage> {
  const plan = gapJobPlan(a, b, o);
  const G = gapBlockCount(plan);
  const limit = o.svdDimLimit ?? SVD_DIM_LIMIT;
  const t0 = performance.now();
  const since = () => (performance.now() - t0) / 1000;
  const job: PairJob = { kind: 'pair', a, b, plan, standIns: maps ? joint.standIns : null, payloads: [] };

  // Block indices: the gap's first (0 … G − 1, combineGap's order), then every other block as it is queued.
  const parts: GapPartial[] = new Array(G);
  let gapNext = 0, gapDone = 0;
  let next = G;
  const queue: { index: number; payload: PairTask }[] = [];
  const handlers = new Map<number, (r: BlockResult) => void>();
  const enqueue = (payload: PairTask, then: (r: BlockResult) => void) => {
    const index = next++;
    handlers.set(index, then);
    queue.push({ index, payload });
  };

  // Each model's factor SVDs, longest first (Jacobi's cost grows like d³).
  const svds: (SmallSvd | null)[][] = Rs.map(() => [null, null]);
  const middle: (SmallSvd | null | 'none')[] = Rs.map(() => null);
  const models: (ModelFactors | null)[] = Rs.map(() => null);
  let svdDoneAt = 0, mapsDoneAt = 0;
  const specs = [a, b];
  const settle = (i: number) => {
    const [F, G0] = svds[i]!;
    if (!F || !G0 || middle[i] === null) return;
    models[i] = modelFactors(specs[i]!, Rs[i]!, F, G0, middle[i] === 'none' ? null : (middle[i] as SmallSvd));
    if (models.every((m) => m)) {
      svdDoneAt = since();
      maybeMaps();
    }
  };
  const factorDone = (i: number, which: 0 | 1, s: SmallSvd) => {
    svds[i]![which] = s;
    const [F, G0] = svds[i]!;
    if (!F || !G0) return;
    if (!needsMiddle(Rs[i]!, F, G0, limit, o.alwaysSpectrumL === true)) {
      middle[i] = 'none';
      settle(i);
      return;
    }
    // Ahead of everything queued: the middle is on the path to the maps.
    const index = next++;
    handlers.set(index, (r) => { middle[i] = r as SmallSvd; settle(i); });
    queue.unshift({ index, payload: { task: 'middle', RF: asMatrix(Rs[i]!.RF), RG0: asMatrix(Rs[i]!.RG0) } });
  };
  const factorTasks = Rs.flatMap((R, i) => ([0, 1] as const).map((which) => ({ i, which, m: asMatrix(which === 0 ? R.RF : R.RG0) })));
  for (const t of factorTasks.slice().sort((x, y) => svdCost(y.m) - svdCost(x.m))) {
    if (!withinSvdLimit(t.m, limit)) {
      factorDone(t.i, t.which, noSvd(t.m));
      continue;
    }
    enqueue({ task: 'svd', mat: t.m }, (r) => factorDone(t.i, t.which, r as SmallSvd));
  }

  // The maps' norms, by blocks of their own (the gap's come only at its end).
  const tokenNorms: [Float64Array, Float64Array] = [new Float64Array(plan.V), new Float64Array(plan.V)];
  let normsLeft = 0;
  if (maps) {
    const step = NORM_GAP_BLOCKS * plan.blockTokens;
    for (let t = 0; t < plan.V; t += step) {
      const t1 = Math.min(plan.V, t + step);
      normsLeft++;
      enqueue({ task: 'norms', t0: t, t1 }, (r) => {
        const [na, nb] = (r as TokenNorms).tokenNorms;
        tokenNorms[0].set(na, t);
        tokenNorms[1].set(nb, t);
        normsLeft--;
        maybeMaps();
      });
    }
  }

  let scheduled: ScheduledMaps | undefined;
  let mapsLeft = 0;
  function maybeMaps(): void {
    if (!maps || scheduled || normsLeft > 0 || !models.every((m) => m) || gapDone < Math.ceil(MAPS_AFTER * G)) return;
    const norms = tokenNorms.map((t) => unembeddingNormsOf(t, plan.pivot)) as [UnembeddingNorms, UnembeddingNorms];
    const differs = parts.some((p) => p !== undefined && p.ratio > 1);
    const blocks: MapsBlock[] = maps.identical || differs ? ['summary'] : ['~L', '~EL'];
    const results: MapsResult[] = new Array(blocks.length);
    scheduled = { blocks, results, norms };
    const input = { models: models as [ModelFactors, ModelFactors], norms, uIn: maps.uIn };
    mapsLeft = blocks.length;
    // Both ahead of the gap's blocks, the longer first (~EL builds both full analyses; each unshift goes in front).
    blocks.forEach((block, k) => {
      const index = next++;
      handlers.set(index, (r) => {
        results[k] = r as MapsResult;
        if (--mapsLeft === 0) mapsDoneAt = since();
      });
      queue.unshift({ index, payload: { task: 'maps', block, input } });
    });
  }

  o.progress?.('log-odds gap, SVDs and maps', 0, G);
  const scheduler: Scheduler = {
    next() {
      const t = queue.shift();
      if (t) return t;
      if (gapNext < G) {
        const block = gapNext++;
        return { index: block, payload: { task: 'gap', block } satisfies PairTask };
      }
      return handlers.size > 0 ? 'wait' : null;
    },
    done(index, r) {
      if (index < G) {
        parts[index] = r as GapPartial;
        gapDone++;
        o.progress?.('log-odds gap, SVDs and maps', gapDone, G);
        maybeMaps();
        return;
      }
      const h = handlers.get(index)!;
      handlers.delete(index);
      h(r);
    },
  };
  const pool = o.pool ?? new BlockPool(o.workers ?? 1, o.build ?? 'auto');
  try {
    await pool.runScheduled(job, scheduler);
  } finally {
    if (!o.pool) await pool.close();
  }
  if (models.some((m) => !m)) throw new Error('overlapped stage: a model\'s SVDs did not all come back');
  return {
    gap: combineGap(plan, parts),
    models: models as [ModelFactors, ModelFactors],
    ...(scheduled ? { maps: scheduled } : {}),
    svdDoneAt, mapsDoneAt,
  };
}
