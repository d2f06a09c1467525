// A worker thread of the blocked passes: its own core, its own file handles; computes the blocks it is
// sent and posts each result back with its index.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCore, type BuildChoice } from '../../wasm/loader.js';
import { makeRunner, transferables, type Job, type BlockResult } from './jobs.js';

export type ToBlockWorker = { type: 'block'; index: number } | { type: 'stop' };
export type FromBlockWorker =
  | { type: 'ready' }
  | { type: 'done'; index: number; result: BlockResult; ms: number }
  | { type: 'error'; index: number; message: string; name: string; stack: string };

const { job, build } = workerData as { job: Job; build: BuildChoice };
const port = parentPort!;
try {
  const core = loadCore({ build });
  const runner = makeRunner(core, job);
  port.on('message', (m: ToBlockWorker) => {
    if (m.type === 'stop') {
      runner.close();
      port.close();
      return;
    }
    try {
      const t = performance.now();
      const result = runner.run(m.index);
      port.postMessage({ type: 'done', index: m.index, result, ms: performance.now() - t } satisfies FromBlockWorker, transferables(result));
    } catch (e) {
      const err = e as Error;
      port.postMessage({ type: 'error', index: m.index, message: err.message, name: err.name, stack: err.stack ?? '' } satisfies FromBlockWorker);
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromBlockWorker);
} catch (e) {
  const err = e as Error;
  port.postMessage({ type: 'error', index: -1, message: err.message, name: err.name, stack: err.stack ?? '' } satisfies FromBlockWorker);
}
