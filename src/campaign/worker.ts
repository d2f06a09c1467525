// A campaign worker thread: loads its own core and runs the claims the pool hands it, posting progress
// and finished records back. Records are plain data, so they cross the thread boundary as they are;
// claims are not (they hold functions), so the worker imports the catalogue module the pool names.
import { parentPort, workerData } from 'node:worker_threads';
import type { CatalogueEntry } from '../catalogue.js';
import { loadCore } from '../wasm/loader.js';
import { runEntry, type CampaignCatalogue, type CampaignOptions, type ProgressEvent } from './campaign.js';

export type ToWorker = { type: 'run'; key: string; deadline: number | null } | { type: 'exit' };
export type FromWorker =
  | { type: 'progress'; event: Exclude<ProgressEvent, { kind: 'end' }> }
  | { type: 'done'; key: string; record: import('../report/types.js').ClaimRecord; ms: number }
  | { type: 'failed'; key: string; message: string };

/** What the pool hands a worker at start: the campaign's options and its catalogue's module URL. */
export interface WorkerData {
  options: CampaignOptions;
  catalogue: string;
}

const { options, catalogue } = workerData as WorkerData;
const core = loadCore({ build: options.build });
// Started at once; a message waits for it (the pool sends one claim at a time, after 'online').
const entries: Promise<readonly CatalogueEntry[]> = import(catalogue).then((m: { CATALOGUE: CampaignCatalogue }) => m.CATALOGUE.entries);
const port = parentPort!;
let lastPost = 0;

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'exit') {
    port.close();
    return;
  }
  entries.then((all) => run(msg, all), (e: unknown) => {
    port.postMessage({ type: 'failed', key: msg.key, message: `cannot load the catalogue ${catalogue}: ${(e as Error).stack ?? String(e)}` } satisfies FromWorker);
  });
});

function run(msg: Extract<ToWorker, { type: 'run' }>, all: readonly CatalogueEntry[]): void {
  const entry = all.find((e) => e.key === msg.key);
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
}
