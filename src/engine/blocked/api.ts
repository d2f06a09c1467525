// The blocked engine's entry points: each opens the models by path (io/stream), checks that what must be
// resident fits before any long work, runs its pass on `workers` threads and combines the blocks in
// fixed order.
import { withSpec } from '../../io/stream/open.js';
import type { ModelSource, SourceSpec } from '../../io/stream/source.js';
import { requireResident, WASM32_LIMIT } from '../../io/stream/limits.js';
import type { BuildChoice } from '../../wasm/loader.js';
import { ModelFileError } from '../../io/errors.js';
import { GapRunner, combineGap, gapBlockCount, gapPlan, type GapPartial, type GapPlan, type GapResult } from './gap.js';
import { treeLevel, tsqrBytes, tsqrChunkCount, tsqrPlan, type RFactor } from './tsqr.js';
import { combineProducts, productBlockCount, type ProductPartial, type ProductPlan, type ProductResult } from './products.js';
import type { Factor } from './rows.js';
import { runBlocks, type BlockPool } from './pool.js';
import type { Job } from './jobs.js';

/** A stage of long work, for progress display: blocks done of total. */
export type ProgressSink = (stage: string, done: number, total: number) => void;

export interface BlockedOptions {
  workers?: number;
  build?: BuildChoice;
  /** Tokens per gap block (default 256) and rows per product block (default 4096). */
  blockTokens?: number;
  blockRows?: number;
  /** Rows per TSQR step (default: about 4 MiB of f64, at least d); chunks are 4 steps. */
  stepRows?: number;
  /** Limit on one core's memory (default: wasm32's 4 GiB less 64 MiB of packing and workspace). */
  coreLimit?: number;
  progress?: ProgressSink;
  /** Factors whose smaller side exceeds this get no SVD (decision.ts SVD_DIM_LIMIT). */
  svdDimLimit?: number;
  /** Take the SVD of the middle factor even when r = d follows from a bound (analyze reports σ(L)). */
  alwaysSpectrumL?: boolean;
  /**
   * A unit roundoff asked for (--precision): every floor takes the coarser of it and the file's own
   * dtype's, as on the dense path (tolerance.ts uIn).
   */
  precision?: number;
  /** The gap pass also takes the approximate comparison's logit statistics (logit-stats.ts). */
  logitStats?: boolean;
  /** Worker threads to reuse across passes (decision.ts opens one for all of them). */
  pool?: BlockPool;
}

const CORE_SLACK = 64 * 1024 ** 2;

function coreLimit(o: BlockedOptions): number {
  return o.coreLimit ?? WASM32_LIMIT - CORE_SLACK;
}

function poolOptions(o: BlockedOptions, stage: string) {
  const progress = o.progress;
  return {
    workers: o.workers ?? 1, build: o.build ?? 'auto',
    ...(o.pool ? { pool: o.pool } : {}),
    ...(progress ? { onBlock: (d: number, t: number) => progress(stage, d, t) } : {}),
  };
}

/** Models A and B must share contexts, vocabulary and pivot. */
export function checkPair(a: ModelSource, b: ModelSource): void {
  if (a.n !== b.n || a.V !== b.V || a.pivot !== b.pivot) {
    throw new ModelFileError({
      file: b.spec.path,
      field: 'shape',
      expected: `the contexts, vocabulary and pivot of ${a.spec.path}: (n, V, pivot) = (${a.n}, ${a.V}, ${a.pivot})`,
      received: `(${b.n}, ${b.V}, ${b.pivot})`,
    });
  }
}

/** The log-odds gap decision of floors-contract.md, in blocks of tokens. */
export async function blockedGap(a: SourceSpec, b: SourceSpec, o: BlockedOptions = {}): Promise<GapResult> {
  const plan = gapJobPlan(a, b, o);
  const parts = await runBlocks({ kind: 'gap', a, b, plan }, gapBlockCount(plan), poolOptions(o, 'log-odds gap'));
  return combineGap(plan, parts as GapPartial[]);
}

/** The gap pass's plan, once the pair's shapes agree and a worker's share fits its core. */
export function gapJobPlan(a: SourceSpec, b: SourceSpec, o: BlockedOptions): GapPlan {
  return withSpec(a, (sa) => withSpec(b, (sb) => {
    checkPair(sa, sb);
    const p = gapPlan(sa, sb, o.blockTokens ?? 256, o.logitStats === true, o.precision ?? 0);
    requireResident(b.path, `the log-odds gap (both F, one block of ${p.blockTokens} tokens, per worker)`, GapRunner.bytes(p, sa.d, sb.d), coreLimit(o),
      'fewer contexts per run would fit');
    return p;
  }));
}

/** The R factor (k × d, k = min(rows, d)) of F or of G₀ by TSQR. */
export async function blockedR(src: SourceSpec, which: Factor, o: BlockedOptions = {}): Promise<RFactor> {
  const plan = withSpec(src, (s) => {
    const p = tsqrPlan(s, which, o.stepRows);
    requireResident(src.path, `the QR of ${which} (one step of ${p.stepRows} rows, per worker)`, tsqrBytes(p), coreLimit(o));
    return p;
  });
  return tsqr({ kind: 'tsqr', src, plan }, which, o);
}

/**
 * The R factor of [X_A | X_B] (X = F or G₀), k × (d_A + d_B): both models' factors in one orthonormal
 * row basis, X_A = Q R[:, :d_A] and X_B = Q R[:, d_A:], so any ‖X_A P − X_B P̃‖ is that of the blocks.
 * With `ones`: of [1 | X_A | X_B] (G₀ with the pivot's zero row, V rows), k × (1 + d_A + d_B); X_A = Q R[:, 1:1+d_A]
 * and R[1:, 1:] is the R of the column-centred pair (rows.ts JointRows).
 */
export async function blockedJointR(a: SourceSpec, b: SourceSpec, which: Factor, o: BlockedOptions = {}, ones = false): Promise<RFactor> {
  return tsqr(jointJob(a, b, which, o, ones), `${which} of both`, o);
}

/**
 * The joint R of F and of G₀ (with the ones column): blockedJointR twice, but the two combination trees
 * share their jobs where that fills a worker the other tree leaves idle (trees). The same R's bit for bit.
 */
export async function blockedJointRs(a: SourceSpec, b: SourceSpec, o: BlockedOptions = {}): Promise<{ F: RFactor; G0: RFactor }> {
  const jf = jointJob(a, b, 'F', o, true), jg = jointJob(a, b, 'G0', o, true);
  const levels = [await chunkRs(jf, 'F of both', o), await chunkRs(jg, 'G0 of both', o)];
  const [F, G0] = await trees(levels, jf.plan.d, 'F and G0 of both', o);
  return { F: F!, G0: G0! };
}

/** The chunk job of blockedJointR (exported for the tests' reference tree). */
export function jointJob(a: SourceSpec, b: SourceSpec, which: Factor, o: BlockedOptions, ones: boolean): Job & { kind: 'tsqr' } {
  const plan = withSpec(a, (sa) => withSpec(b, (sb) => {
    checkPair(sa, sb);
    // tsqrPlan counts V − 1 rows for G₀; with the ones column the pivot's row is in, so one token more.
    const p = tsqrPlan({ n: sa.n, V: sa.V + (ones ? 1 : 0), d: (ones ? 1 : 0) + sa.d + sb.d, pivot: sa.pivot }, which, o.stepRows);
    requireResident(b.path, `the joint QR of ${which} of both models (one step of ${p.stepRows} rows, per worker)`, tsqrBytes(p), coreLimit(o));
    return p;
  }));
  return { kind: 'tsqr', src: a, src2: b, plan, ...(ones ? { ones } : {}) };
}

async function tsqr(job: Job & { kind: 'tsqr' }, label: string, o: BlockedOptions): Promise<RFactor> {
  return (await trees([await chunkRs(job, label, o)], job.plan.d, label, o))[0]!;
}

/** The R of each chunk (the leaves of the combination tree). */
async function chunkRs(job: Job & { kind: 'tsqr' }, label: string, o: BlockedOptions): Promise<RFactor[]> {
  return (await runBlocks(job, tsqrChunkCount(job.plan), poolOptions(o, `QR of ${label}`))) as RFactor[];
}

/**
 * Combine each list of chunk R's in its fixed binary tree (treeLevel, level by level), on the workers:
 * at d = 4096 one combination is a 8192 × 4096 QR. Several trees of the same width go through shared
 * jobs: a tree joins a round only when the first tree's groups would leave a worker idle (the tallest
 * leads: with 4 + 2 chunks on 2 workers, [G, G] then [G, F] instead of [F], [G, G], [G]). Which job a combination runs in
 * changes nothing in it, so every R is the one its own tree gives, for any number of workers.
 */
async function trees(leaves: RFactor[][], d: number, label: string, o: BlockedOptions): Promise<RFactor[]> {
  const levels = leaves.map((l) => l.slice());
  const workers = Math.max(1, o.pool?.workers ?? o.workers ?? 1);
  for (;;) {
    // The tallest tree leads (the others fill its last round), ties by position.
    const open = levels.map((l, i) => (l.length > 1 ? i : -1)).filter((i) => i >= 0).sort((x, y) => levels[y]!.length - levels[x]!.length || x - y);
    if (open.length === 0) break;
    const first = treeLevel(levels[open[0]!]!);
    const taken: number[] = [open[0]!];
    let groups = first;
    for (const i of open.slice(1)) {
      if (groups.length % workers === 0) break;
      taken.push(i);
      groups = groups.concat(treeLevel(levels[i]!));
    }
    const out = (await runBlocks({ kind: 'combine', d, groups }, groups.length, poolOptions(o, `QR of ${label}, combining`))) as RFactor[];
    let at = 0;
    for (const i of taken) {
      const n = Math.ceil(levels[i]!.length / 2);
      levels[i] = out.slice(at, at + n);
      at += n;
    }
  }
  return levels.map((l) => l[0] ?? { k: 0, d, R: new Float64Array(0) });
}

/** Y = X_A P_A − X_B P_B (or X_A P_A) streamed over rows of X = F or G₀: Frobenius norms, and Y if kept. */
export async function blockedProducts(
  a: SourceSpec, b: SourceSpec | null, which: Factor,
  PA: Float64Array, PB: Float64Array | null, k: number, keep: boolean, o: BlockedOptions = {},
): Promise<ProductResult> {
  const plan: ProductPlan = withSpec(a, (sa) => {
    const rows = which === 'F' ? sa.n : sa.V - 1;
    const blockRows = o.blockRows ?? 4096;
    const dB = b ? withSpec(b, (sb) => { checkPair(sa, sb); return sb.d; }) : 0;
    if (PA.length !== sa.d * k || (PB && PB.length !== dB * k)) {
      throw new RangeError(`blockedProducts: P_A must be ${sa.d}×${k}${b ? ` and P_B ${dB}×${k}` : ''}`);
    }
    requireResident(a.path, `products with ${which} (per worker)`, 8 * (blockRows * (sa.d + dB + 2 * k) + (sa.d + dB) * k), coreLimit(o));
    return { which, rows, blockRows, k, PA, PB: b ? PB : null, keep };
  });
  const parts = await runBlocks({ kind: 'products', a, b, plan }, productBlockCount(plan), poolOptions(o, `products with ${which}`));
  return combineProducts(plan, parts as ProductPartial[]);
}
