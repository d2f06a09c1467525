// A campaign worker thread: loads its own core and runs the claims the pool hands it, posting progress
// and finished records back. Records are plain data, so they cross the thread boundary as they are.
import { parentPort, workerData } from 'node:worker_threads';
import { CATALOGUE } from '../../properties/catalogue.js';
import { loadCore } from '../wasm/loader.js';
import { runEntry, type CampaignOptions, type ProgressEvent } from './campaign.js';

export type ToWorker = { type: 'run'; key: string; deadline: number | null } | { type: 'exit' };
export type FromWorker =
  | { type: 'progress'; event: Exclude<ProgressEvent, { kind: 'end' }> }
  | { type: 'done'; key: string; record: import('../report/types.js').ClaimRecord; ms: number }
  | { type: 'failed'; key: string; message: string };

const options = workerData as CampaignOptions;
const core = loadCore({ build: options.build });
const port = parentPort!;
let lastPost = 0;

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'exit') {
    port.close();
    return;
  }
  const entry = CATALOGUE.find((e) => e.key === msg.key);
  if (!entry) {
    port.postMessage({ type: 'failed', key: msg.key, message: `unknown claim ${msg.key}` } satisfies FromWorker);
    return;
  }
  try {
    const left = msg.deadline === null ? undefined : Math.max(1, msg.deadline - Date.now());
    const { record, ms } = runEntry(entry, options, core, (event) => {
      if (event.kind === 'end') return;
      // Progress at most every 50 ms: enough for a bar, cheap for the thread.
      const now = Date.now();
      if (event.kind === 'run' && now - lastPost < 50 && event.done < event.total) return;
      lastPost = now;
      port.postMessage({ type: 'progress', event } satisfies FromWorker);
    }, left);
    port.postMessage({ type: 'done', key: entry.key, record, ms } satisfies FromWorker);
  } catch (e) {
    port.postMessage({ type: 'failed', key: entry.key, message: (e as Error).stack ?? String(e) } satisfies FromWorker);
  }
});
