// Runs a campaign's claims on K worker threads. The main thread stays free, so progress shows live and
// Ctrl-C can stop the workers and still write a partial report. Results are placed in catalogue order,
// and every claim's seed depends only on the campaign seed and its key, so the report does not depend
// on K or on scheduling.
import { Worker } from 'node:worker_threads';
import { loadCore } from '../wasm/loader.js';
import { assembleReport, campaignEntries, type CampaignCatalogue, type CampaignOptions, type ProgressEvent } from './campaign.js';
import type { ClaimRecord, Report } from '../report/types.js';
import type { FromWorker, ToWorker, WorkerData } from './worker.js';

export interface PoolControl {
  /** Resolves when asked to stop (Ctrl-C): running claims are abandoned, the report is partial. */
  stop: Promise<void>;
}

function workerUrl(): { url: URL; execArgv: string[] } {
  const here = import.meta.url;
  // Under vitest or tsx the sources are TypeScript: the worker needs tsx's loader to import them.
  if (here.endsWith('.ts')) return { url: new URL('./ts-worker.mjs', here), execArgv: [] };
  return { url: new URL('./worker.js', here), execArgv: [] };
}

export async function runCampaignInWorkers(o: CampaignOptions, catalogue: CampaignCatalogue, workers: number, onProgress?: (e: ProgressEvent) => void, control?: PoolControl): Promise<Report> {
  const entries = campaignEntries(o, catalogue);
  const startedAt = new Date();
  const deadline = o.timeBudgetMs === null ? null : Date.now() + o.timeBudgetMs;
  const records: ClaimRecord[] = [];
  const perClaimMs: Record<string, number> = {};
  const queue = entries.map((e) => e.key);
  if (o.costs) {
    // Longest first (LPT). Claims without a cost go first too: nothing is known about them.
    const cost = (k: string) => o.costs?.[k] ?? Infinity;
    queue.sort((a, b) => cost(b) - cost(a));
  }
  const { url, execArgv } = workerUrl();
  const k = Math.max(1, Math.min(workers, entries.length));
  const pool: Worker[] = [];
  let partial = false;
  let stopped = false;

  await new Promise<void>((resolve, reject) => {
    let busy = 0;
    const finishIfDone = () => {
      if (busy === 0 && (queue.length === 0 || stopped)) resolve();
    };
    const feed = (w: Worker) => {
      const key = queue.shift();
      if (key === undefined || stopped) {
        finishIfDone();
        return;
      }
      if (deadline !== null && Date.now() >= deadline) {
        partial = true;
        queue.length = 0;
        finishIfDone();
        return;
      }
      busy++;
      w.postMessage({ type: 'run', key, deadline } satisfies ToWorker);
    };
    control?.stop.then(() => {
      stopped = true;
      partial = true;
      for (const w of pool) void w.terminate();
      resolve();
    });
    for (let i = 0; i < k; i++) {
      const w = new Worker(url, { workerData: { options: o, catalogue: catalogue.module } satisfies WorkerData, execArgv });
      pool.push(w);
      w.on('message', (m: FromWorker) => {
        if (m.type === 'progress') onProgress?.(m.event);
        else if (m.type === 'done') {
          busy--;
          records.push(m.record);
          perClaimMs[m.key] = Math.round(m.ms);
          if (m.record.note?.startsWith('interrupted by the time budget')) partial = true;
          onProgress?.({ kind: 'end', key: m.key, record: m.record, ms: m.ms });
          feed(w);
        } else {
          busy--;
          reject(new Error(`worker failed on ${m.key}: ${m.message}`));
        }
      });
      w.on('error', (e) => { if (!stopped) reject(e); });
      w.on('online', () => feed(w));
    }
  }).finally(async () => {
    await Promise.all(pool.map((w) => w.terminate()));
  });

  // Identity of the build comes from a core of the same build in this thread.
  const core = loadCore({ build: o.build });
  return assembleReport(o, catalogue, records, perClaimMs, startedAt, partial, core);
}
