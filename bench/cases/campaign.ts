// The campaign: claim runs per second of the default catalogue with 1 and with 2 worker threads, and
// the resident memory of a long campaign (a claim run 100,000 times in one process: the arena is reset
// after every case, so memory must stay flat after warm-up).
import { runCampaignInWorkers } from '../../src/campaign/pool.js';
import { runClaim } from '../../src/campaign/run-claim.js';
import { CATALOGUE } from '../../properties/catalogue.js';
import type { BenchContext } from '../engine.js';
import type { BenchResult, CaseOutcome } from '../types.js';
import { CATALOGUE as CAMPAIGN } from '../../src/cli/catalogue-root.js';

function row(impl: BenchResult['impl'], size: number[], ms: number, perSecond: number, notes: string[]): BenchResult {
  return { op: 'campaign', impl, size, medianMs: ms, minMs: ms, maxMs: ms, reps: 1, batch: 1, flops: null, gflops: null, nsPerElem: null, perSecond, reference: null, maxRelDiff: null, residual: null, agrees: true, speedup: {}, notes };
}

export async function runCampaignBench(ctx: BenchContext): Promise<CaseOutcome> {
  const results: BenchResult[] = [];
  // Enough runs per claim that worker start-up (a second or two under tsx) does not dominate.
  const runs = ctx.quick ? 20 : 10000;
  const options = { seed: 1, claims: null, runs, shard: null, build: 'simd' as const, timeBudgetMs: null };
  const throughput: number[] = [];
  let costs: Record<string, number> | undefined;
  for (const workers of [1, 2]) {
    ctx.log(`campaign with ${workers} worker(s)`);
    const start = performance.now();
    // The second campaign schedules longest-first from the first one's timings, as aon verify does
    // from the previous report in its output directory.
    const report = await runCampaignInWorkers(costs ? { ...options, costs } : options, CAMPAIGN, workers);
    costs = report.timing.perClaimMs;
    const ms = performance.now() - start;
    const total = report.claims.reduce((s, c) => s + c.runs, 0);
    throughput.push(total / (ms / 1000));
    results.push(row('wasm-simd', [workers], ms, total / (ms / 1000), [
      `${workers} worker${workers > 1 ? 's' : ''}: ${total} claim runs in ${(ms / 1000).toFixed(1)} s = ${(total / (ms / 1000)).toFixed(0)} runs/s`,
      ...(workers === 2 ? [`throughput ${((throughput[1] ?? 0) / (throughput[0] ?? 1)).toFixed(2)}× the single worker`] : []),
    ]));
  }
  const cases = ctx.quick ? 2000 : 100_000;
  const entry = CATALOGUE.find((e) => e.key === 'C6')!;
  ctx.log(`campaign memory over ${cases} cases`);
  const samples: number[] = [];
  const start = performance.now();
  runClaim(entry.claim, {
    seed: 3, numRuns: cases, core: ctx.cores['wasm-simd'],
    onRun: (done) => { if (done % Math.max(1, Math.floor(cases / 20)) === 0) samples.push(process.memoryUsage().rss); },
  });
  const ms = performance.now() - start;
  // Warm-up: the first quarter (JIT, heap sizing); growth is measured from there to the end.
  const warm = samples[Math.floor(samples.length / 4)] ?? samples[0] ?? 0;
  const last = samples.at(-1) ?? warm;
  const growth = warm > 0 ? (last - warm) / warm : 0;
  results.push(row('wasm-simd', [cases], ms, cases / (ms / 1000), [
    `C6 × ${cases} cases: resident memory ${(warm / 2 ** 20).toFixed(0)} MiB after warm-up, ${(last / 2 ** 20).toFixed(0)} MiB at the end (${(100 * growth).toFixed(1)}% growth)`,
  ]));
  return { results, skipped: [] };
}
