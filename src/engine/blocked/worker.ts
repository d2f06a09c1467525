// A worker thread of the blocked passes: its own core, its own file handles. It is sent a job (it opens
// the files and builds the runner in its core), then block indices; each result goes back with its
// index. A new job frees the previous one's core memory (arena reset to where the worker started).
import { parentPort, workerData } from 'node:worker_threads';
import { loadCore, type BuildChoice } from '../../wasm/loader.js';
import { makeRunner, perBlock, transferables, type Job, type BlockResult, type Runner } from './jobs.js';

/** payload: the block's own data for jobs that carry per-block data (combine, svd), sent with the block only. */
export type ToBlockWorker = { type: 'job'; job: Job } | { type: 'block'; index: number; payload?: unknown };
export interface WorkerError { message: string; name: string; stack: string; file?: string; field?: string; expected?: string; received?: string }
export type FromBlockWorker =
  | { type: 'ready' }
  | { type: 'done'; index: number; result: BlockResult; ms: number }
  | { type: 'error'; index: number; error: WorkerError };

function describe(e: unknown): WorkerError {
  const err = e as Error & { file?: string; field?: string; expected?: string; received?: string };
  return {
    message: err.message, name: err.name, stack: err.stack ?? '',
    ...(err.file === undefined ? {} : { file: err.file, field: err.field ?? '', expected: err.expected ?? '' }),
    ...(err.received === undefined ? {} : { received: err.received }),
  };
}

const { build } = workerData as { build: BuildChoice };
const port = parentPort!;
const core = loadCore({ build });
const start = core.mark();
let runner: Runner | null = null;
let current: Job | null = null;
port.on('message', (m: ToBlockWorker) => {
  if (m.type === 'job') {
    try {
      runner?.close();
      runner = null;
      core.reset(start);
      current = m.job;
      runner = makeRunner(core, m.job);
      port.postMessage({ type: 'ready' } satisfies FromBlockWorker);
    } catch (e) {
      port.postMessage({ type: 'error', index: -1, error: describe(e) } satisfies FromBlockWorker);
    }
    return;
  }
  try {
    const t = performance.now();
    const slot = m.payload === undefined ? null : perBlock(current!);
    if (slot) slot[m.index] = m.payload;
    const result = runner!.run(m.index);
    // The block's data is not needed again: let it go before the next one arrives.
    if (slot) delete slot[m.index];
    port.postMessage({ type: 'done', index: m.index, result, ms: performance.now() - t } satisfies FromBlockWorker, transferables(result));
  } catch (e) {
    port.postMessage({ type: 'error', index: m.index, error: describe(e) } satisfies FromBlockWorker);
  }
});
