// Runs a job's blocks on K worker threads (K = 1: in this thread, same code, same core build). Blocks are
// handed out one at a time to whichever worker is free, and results are stored by block index, so what
// comes back does not depend on K or on scheduling. A BlockPool keeps its threads across jobs (starting
// one under tsx costs about a second).
import { Worker } from 'node:worker_threads';
import { loadCore, type BuildChoice } from '../../wasm/loader.js';
import type { Core } from '../../wasm/core.js';
import { ModelFileError } from '../../io/errors.js';
import { makeRunner, perBlock, withoutBlockData, blockTransferables, type Job, type BlockResult } from './jobs.js';
import type { FromBlockWorker, ToBlockWorker, WorkerError } from './worker.js';

function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('./ts-worker.mjs', here) : new URL('./worker.js', here);
}

/** A worker's error as this thread's: input errors keep their class, so the CLI maps them to exit 2. */
function rethrow(e: WorkerError): Error {
  if (e.file !== undefined) {
    return new ModelFileError({ file: e.file, field: e.field ?? '', expected: e.expected ?? '', ...(e.received === undefined ? {} : { received: e.received }), detail: e.message.slice(e.file.length + 2) });
  }
  const err = new Error(`in a worker thread: ${e.message}`);
  err.stack = e.stack;
  return err;
}

export class BlockPool {
  private core: Core | null = null;
  private readonly threads: Worker[] = [];

  constructor(readonly workers: number, readonly build: BuildChoice = 'auto') {}

  private localCore(): Core {
    this.core ??= loadCore({ build: this.build });
    return this.core;
  }

  /** `order`: the order blocks are handed out in (e.g. longest first); results stay indexed by block. */
  async run(job: Job, blocks: number, onBlock?: (done: number, total: number) => void, order?: readonly number[]): Promise<BlockResult[]> {
    const results: BlockResult[] = new Array(blocks);
    if (blocks === 0) return results;
    // A start event, so the stage's clock (ETA, "done in") starts before the first block, not after it.
    onBlock?.(0, blocks);
    // With workers, even a one-block job runs on one of them: on this thread's own core it would add a
    // third core's memory beside the workers' (the last TSQR combination at d = 4096 took 0.7 GB so).
    if (this.workers <= 1) {
      const core = this.localCore();
      const mark = core.mark();
      const runner = makeRunner(core, job);
      try {
        for (let i = 0; i < blocks; i++) {
          results[i] = runner.run(i);
          onBlock?.(i + 1, blocks);
          // Let timers (progress, Ctrl-C) run between blocks.
          if (onBlock) await new Promise((r) => setImmediate(r));
        }
      } finally {
        runner.close();
        core.reset(mark);
      }
      return results;
    }
    // Per-block data (R factors to combine, matrices to decompose) goes with its block only: sent with
    // the job, every worker would receive all of it (4 × 134 MB of R factors at d = 4096).
    const data = perBlock(job);
    let next = 0, done = 0;
    await this.onWorkers(job, Math.min(this.workers, blocks), {
      next: () => {
        if (next >= blocks) return null;
        const index = order ? order[next++]! : next++;
        return { index, payload: data?.[index] };
      },
      done: (index, r) => {
        results[index] = r;
        onBlock?.(++done, blocks);
      },
    }, (index) => blockTransferables(job, index));
    return results;
  }

  /**
   * Run blocks that a scheduler hands out as the results come in: blocks whose inputs are other blocks'
   * results (an SVD's factor, a map's spectra), several kinds side by side on one pool. Whichever
   * worker computes a block, its result is a function of the block's payload alone, so what the scheduler
   * assembles does not depend on the number of workers; only the timing does.
   */
  async runScheduled(job: Job, s: Scheduler): Promise<void> {
    const payloads = perBlock(job);
    if (!payloads) throw new RangeError(`runScheduled: a ${job.kind} job has no per-block payloads`);
    if (this.workers <= 1) {
      const core = this.localCore();
      const mark = core.mark();
      const runner = makeRunner(core, job);
      try {
        for (let t = s.next(); t !== null; t = s.next()) {
          if (t === 'wait') throw new Error('runScheduled: the scheduler waits with no block running');
          payloads[t.index] = t.payload;
          const r = runner.run(t.index);
          delete payloads[t.index];
          s.done(t.index, r);
          await new Promise((r) => setImmediate(r));
        }
      } finally {
        runner.close();
        core.reset(mark);
      }
      return;
    }
    await this.onWorkers(job, this.workers, s);
  }

  /**
   * The worker side of run and runScheduled: k threads get the job, then blocks as the scheduler hands them
   * out (with the buffers `transfer` names moved, not copied), until it has none left and none is running.
   */
  private async onWorkers(job: Job, k: number, s: Scheduler, transfer?: (index: number) => ArrayBuffer[]): Promise<void> {
    while (this.threads.length < k) this.threads.push(new Worker(workerUrl(), { workerData: { build: this.build } }));
    const active = this.threads.slice(0, k);
    const shared = withoutBlockData(job);
    await new Promise<void>((resolve, reject) => {
      const handlers = new Map<Worker, (m: FromBlockWorker) => void>();
      const idle = new Set<Worker>();
      let running = 0, finished = false;
      const finish = (e?: Error) => {
        if (finished) return;
        finished = true;
        for (const [w, h] of handlers) { w.off('message', h); w.off('error', onError); }
        if (e) reject(e);
        else resolve();
      };
      const onError = (e: Error) => finish(e);
      const feed = (w: Worker) => {
        let t: ReturnType<Scheduler['next']>;
        try {
          t = s.next();
        } catch (e) {
          finish(e as Error);
          return;
        }
        if (t === null || t === 'wait') {
          idle.add(w);
          if (running === 0) finish(t === null ? undefined : new Error('runScheduled: the scheduler waits with no block running'));
          return;
        }
        idle.delete(w);
        running++;
        w.postMessage({ type: 'block', index: t.index, payload: t.payload } satisfies ToBlockWorker, transfer?.(t.index) ?? []);
      };
      for (const w of active) {
        const h = (m: FromBlockWorker) => {
          if (m.type === 'ready') feed(w);
          else if (m.type === 'done') {
            running--;
            try {
              s.done(m.index, m.result);
            } catch (e) {
              finish(e as Error);
              return;
            }
            // A result may make blocks ready that an idle worker can take.
            for (const v of [...idle]) feed(v);
            feed(w);
          } else finish(rethrow(m.error));
        };
        handlers.set(w, h);
        w.on('message', h);
        w.on('error', onError);
        w.postMessage({ type: 'job', job: shared } satisfies ToBlockWorker);
      }
    });
  }

  /**
   * Let the threads go. The pool stays usable: the next run starts fresh ones. Between stages this is
   * how their cores' memory goes back to the system (a Wasm memory never shrinks: a worker keeps the
   * high-water mark of every job it ran), so the process holds the larger stage peak, not their sum.
   */
  async close(): Promise<void> {
    await Promise.all(this.threads.splice(0).map((w) => w.terminate()));
  }
}

/**
 * Hands out the blocks of a scheduled run (BlockPool.runScheduled): `next` gives a block with its payload,
 * 'wait' while the blocks left depend on ones still running, null when nothing is left; `done` takes each
 * result by index (in completion order: the scheduler stores by index what must be combined in order).
 */
export interface Scheduler {
  next(): { index: number; payload: unknown } | 'wait' | null;
  done(index: number, result: BlockResult): void;
}

export interface PoolOptions {
  workers?: number;
  build?: BuildChoice;
  /** A pool to reuse (its workers and build win over the two fields above). */
  pool?: BlockPool;
  /** Called after each block with the number done so far. */
  onBlock?: (done: number, total: number) => void;
  /** Hand-out order of the blocks (a permutation of 0 … blocks − 1). */
  order?: readonly number[];
}

/** Run one job, on the given pool or on a pool of its own. */
export async function runBlocks(job: Job, blocks: number, o: PoolOptions = {}): Promise<BlockResult[]> {
  if (o.pool) return o.pool.run(job, blocks, o.onBlock, o.order);
  const pool = new BlockPool(o.workers ?? 1, o.build ?? 'auto');
  try {
    return await pool.run(job, blocks, o.onBlock, o.order);
  } finally {
    await pool.close();
  }
}
