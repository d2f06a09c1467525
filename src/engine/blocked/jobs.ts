// The three blocked passes as serialisable jobs: a worker thread receives one, opens the model files
// itself (by path), builds the runner in its own core and then computes blocks by index.
import type { Core } from '../../wasm/core.js';
import { openSpec } from '../../io/stream/open.js';
import type { SourceSpec } from '../../io/stream/source.js';
import { GapRunner, type GapPlan, type GapPartial } from './gap.js';
import { TsqrRunner, stackedR, type TsqrPlan, type RFactor } from './tsqr.js';
import { FactorRows, JointRows } from './rows.js';
import { smallSvd, type SmallMatrix, type SmallSvd } from './small-svd.js';
import { ProductRunner, type ProductPlan, type ProductPartial } from './products.js';
import { runMapsBlock, type MapsBlock, type MapsInput, type MapsResult } from './maps.js';
import { runPieces, type ApproxInput } from './approximate-pieces.js';
import type { BoundPiece, PieceResult } from '../approximate.js';
import { pairRunner, type PairJob, type PairResult } from './pair-job.js';

export type Job =
  | { kind: 'gap'; a: SourceSpec; b: SourceSpec; plan: GapPlan }
  /** With `src2`: the R factor of the joint rows [X_A | X_B] of two models, [1 | X_A | X_B] with `ones` (rows.ts JointRows). */
  | { kind: 'tsqr'; src: SourceSpec; src2?: SourceSpec; ones?: boolean; plan: TsqrPlan }
  | { kind: 'products'; a: SourceSpec; b: SourceSpec | null; plan: ProductPlan }
  /** One level of the TSQR tree: block i stacks the R's of groups[i] (one or two) and factors them. */
  | { kind: 'combine'; d: number; groups: RFactor[][] }
  /** Block i: the thin SVD of mats[i]. */
  | { kind: 'svd'; mats: SmallMatrix[] }
  /** Block i: blocks[i] (~L, ~EL or the models' summaries alone) of two models from their joint factors (maps.ts). */
  | { kind: 'maps'; input: MapsInput; blocks: MapsBlock[] }
  /** Block i: pieces[i] of the approximate block (a C17/C18 residual and bound, or the CCA; approximate-pieces.ts). */
  | { kind: 'approximate'; input: ApproxInput; pieces: BoundPiece[] }
  /** The gap's blocks with the SVDs and maps alongside, handed out by a scheduler (overlap.ts, pair-job.ts). */
  | PairJob;

export type BlockResult = GapPartial | RFactor | ProductPartial | SmallSvd | MapsResult | PieceResult | PairResult;

export interface Runner {
  run(block: number): BlockResult;
  close(): void;
}

export function makeRunner(core: Core, job: Job): Runner {
  switch (job.kind) {
    case 'gap': {
      const a = openSpec(job.a), b = openSpec(job.b);
      const r = new GapRunner(core, job.plan, a, b);
      return { run: (k) => r.run(k), close: () => { a.close(); b.close(); } };
    }
    case 'tsqr': {
      const s = openSpec(job.src), s2 = job.src2 ? openSpec(job.src2) : null;
      const rows = s2 ? new JointRows(s, s2, job.plan.which, job.ones === true) : new FactorRows(s, job.plan.which);
      const r = new TsqrRunner(core, job.plan, rows);
      return { run: (k) => r.run(k), close: () => { s.close(); s2?.close(); } };
    }
    case 'svd':
      return { run: (k) => smallSvd(core, job.mats[k]!), close: () => undefined };
    case 'maps':
      return { run: (k) => runMapsBlock(core, job.input, job.blocks[k]!), close: () => undefined };
    case 'approximate':
      return { run: (k) => runPieces(core, job.input, [job.pieces[k]!])[0]!, close: () => undefined };
    case 'combine':
      return { run: (k) => (job.groups[k]!.length === 1 ? job.groups[k]![0]! : stackedR(core, job.d, job.groups[k]!)), close: () => undefined };
    case 'pair':
      return pairRunner(core, job);
    case 'products': {
      const a = openSpec(job.a), b = job.b ? openSpec(job.b) : null;
      const r = new ProductRunner(core, job.plan, a, b);
      return { run: (k) => r.run(k), close: () => { a.close(); b?.close(); } };
    }
  }
}

/** The per-block data array of a job (sent block by block to workers, not with the job), or null. */
export function perBlock(job: Job): unknown[] | null {
  if (job.kind === 'combine') return job.groups;
  if (job.kind === 'svd') return job.mats;
  if (job.kind === 'pair') return job.payloads;
  return null;
}

/** The job without its per-block data: what a worker is sent up front. */
export function withoutBlockData(job: Job): Job {
  if (job.kind === 'combine') return { ...job, groups: [] };
  if (job.kind === 'svd') return { ...job, mats: [] };
  if (job.kind === 'pair') return { ...job, payloads: [] };
  return job;
}

/**
 * Buffers of block i's own data that the sender gives up: the R factors of a combine step (the tree keeps
 * only the level it builds), moved to the worker instead of copied (134 MB each at d = 4096). Other
 * per-block data (svd's matrices) stays the caller's. A view on part of a larger buffer is copied.
 */
export function blockTransferables(job: Job, i: number): ArrayBuffer[] {
  if (job.kind !== 'combine') return [];
  return (job.groups[i] ?? []).map((r) => r.R).filter((x) => x.byteOffset === 0 && x.byteLength === x.buffer.byteLength).map((x) => x.buffer as ArrayBuffer);
}

/** Buffers a block result holds, to transfer instead of copy between threads. */
export function transferables(r: BlockResult): ArrayBuffer[] {
  if ('R' in r) return [r.R.buffer as ArrayBuffer];
  if ('S' in r) return [r.S.buffer as ArrayBuffer, r.V.buffer as ArrayBuffer];
  if ('Y' in r && r.Y) return [r.Y.buffer as ArrayBuffer];
  if ('verdict' in r) return [...(r.verdict?.M ? [r.verdict.M.data.buffer as ArrayBuffer] : []), ...(r.reduced ?? []).map((x) => x.Q.data.buffer as ArrayBuffer)];
  if ('stats' in r && r.stats) return [r.stats.data.buffer as ArrayBuffer];
  return [];
}
