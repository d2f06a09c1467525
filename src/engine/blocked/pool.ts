// Runs a job's blocks on K worker threads (K = 1: in this thread, same code, same core build). Blocks are
// handed out one at a time to whichever worker is free, and results are stored by block index, so what
// comes back does not depend on K or on scheduling.
import { Worker } from 'node:worker_threads';
import { loadCore, type BuildChoice } from '../../wasm/loader.js';
import { ModelFileError } from '../../io/errors.js';
import { makeRunner, type Job, type BlockResult } from './jobs.js';
import type { FromBlockWorker, ToBlockWorker } from './worker.js';

export interface PoolOptions {
  workers?: number;
  build?: BuildChoice;
  /** Called after each block with the number done so far. */
  onBlock?: (done: number, total: number) => void;
}

function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('./ts-worker.mjs', here) : new URL('./worker.js', here);
}

/** Re-raise a worker's error with its class where the CLI maps it to an exit code (input errors). */
function rethrow(m: { message: string; name: string; stack: string }): Error {
  if (m.name === 'ModelFileError' || m.name === 'TooLargeError') {
    const i = m.message.indexOf(': ');
    return new ModelFileError({ file: m.message.slice(0, i), field: 'data', expected: '', detail: m.message.slice(i + 2) });
  }
  const e = new Error(m.message);
  e.stack = m.stack;
  return e;
}

export async function runBlocks(job: Job, blocks: number, o: PoolOptions = {}): Promise<BlockResult[]> {
  const build = o.build ?? 'auto';
  const results: BlockResult[] = new Array(blocks);
  const k = Math.max(1, Math.min(o.workers ?? 1, blocks));
  if (k === 1) {
    const core = loadCore({ build });
    const runner = makeRunner(core, job);
    try {
      for (let i = 0; i < blocks; i++) {
        results[i] = runner.run(i);
        o.onBlock?.(i + 1, blocks);
        // Let timers (progress, Ctrl-C) run between blocks.
        if (o.onBlock) await new Promise((r) => setImmediate(r));
      }
    } finally {
      runner.close();
    }
    return results;
  }
  const pool: Worker[] = [];
  let next = 0, done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (next < blocks) w.postMessage({ type: 'block', index: next++ } satisfies ToBlockWorker);
      };
      for (let i = 0; i < k; i++) {
        const w = new Worker(workerUrl(), { workerData: { job, build } });
        pool.push(w);
        w.on('message', (m: FromBlockWorker) => {
          if (m.type === 'ready') feed(w);
          else if (m.type === 'done') {
            results[m.index] = m.result;
            done++;
            o.onBlock?.(done, blocks);
            if (done === blocks) resolve();
            else feed(w);
          } else reject(rethrow(m));
        });
        w.on('error', reject);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
