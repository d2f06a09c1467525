// The blocks of the overlapped stage (overlap.ts) as one job: the gap pass's token blocks, the token norms
// the maps need before the gap is done, the SVDs of the own R factors and the middle factors, and the map
// blocks. A worker opens both files once; the gap's state (both F in its core) is built on its first gap
// block and kept; every other block frees what it allocates, so the two kinds share one core.
import type { Core } from '../../wasm/core.js';
import { openSpec } from '../../io/stream/open.js';
import type { SourceSpec } from '../../io/stream/source.js';
import { GapRunner, type GapPartial, type GapPlan } from './gap.js';
import { smallSvd, productABt, type SmallMatrix, type SmallSvd } from './small-svd.js';
import { runMapsBlock, type MapsBlock, type MapsInput, type MapsResult } from './maps.js';
import { tokenNorms } from './structure.js';
import type { JointFactors } from './decision.js';

export type PairTask =
  | { task: 'gap'; block: number }
  /** ‖g_y‖ of tokens [t0, t1) of both models (what the gap's blocks form too, the same bits). */
  | { task: 'norms'; t0: number; t1: number }
  | { task: 'svd'; mat: SmallMatrix }
  /** The SVD of R_F R_G₀ᵀ, formed in the worker's core. */
  | { task: 'middle'; RF: SmallMatrix; RG0: SmallMatrix }
  | { task: 'maps'; block: MapsBlock; input: Omit<MapsInput, 'standIns'> };

export interface PairJob {
  kind: 'pair';
  a: SourceSpec;
  b: SourceSpec;
  plan: GapPlan;
  /** The maps' stand-ins (sent once with the job, not with each map block); null when no maps are asked. */
  standIns: JointFactors['standIns'] | null;
  /** Block i's task, sent with the block (pool.ts runScheduled). */
  payloads: PairTask[];
}

export interface TokenNorms { tokenNorms: [Float64Array, Float64Array] }

export type PairResult = GapPartial | TokenNorms | SmallSvd | MapsResult;

export function pairRunner(core: Core, job: PairJob): { run(k: number): PairResult; close(): void } {
  const a = openSpec(job.a), b = openSpec(job.b);
  let gap: GapRunner | null = null;
  const run = (k: number): PairResult => {
    const t = job.payloads[k];
    if (!t) throw new RangeError(`pair job: block ${k} came without its task`);
    switch (t.task) {
      case 'gap':
        gap ??= new GapRunner(core, job.plan, a, b);
        return gap.run(t.block);
      case 'norms':
        return { tokenNorms: [tokenNorms(a, t.t0, t.t1), tokenNorms(b, t.t0, t.t1)] };
      case 'svd':
        return smallSvd(core, t.mat);
      case 'middle':
        return smallSvd(core, productABt(core, t.RF, t.RG0));
      case 'maps':
        if (!job.standIns) throw new RangeError('pair job: a map block without stand-ins');
        return runMapsBlock(core, { ...t.input, standIns: job.standIns }, t.block);
    }
  };
  return { run, close: () => { a.close(); b.close(); } };
}
