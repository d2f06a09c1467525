// The JSON report: machine, methodology, results, skipped rows. Also the registry of runnable ops, so
// the CLI and the test run exactly the same case functions.
import { writeFileSync } from 'node:fs';
import type { BenchContext } from './engine.js';
import { runGemm } from './cases/gemm.js';
import { runLogSoftmax } from './cases/logsoftmax.js';
import { runQr, runQrp, runSvd } from './cases/decomp.js';
import { runC6 } from './cases/c6.js';
import { runCampaignBench } from './cases/campaign.js';
import { runCompareReal, runCompareLlama } from './cases/compare-real.js';
import type { BenchOp, CaseOutcome, Machine, Report } from './types.js';
import type { TimingOptions } from './timing.js';
import { AGREE_TOL } from './verify.js';

export const CASES: Record<BenchOp, (ctx: BenchContext) => CaseOutcome | Promise<CaseOutcome>> = {
  gemm: runGemm,
  logsoftmax: runLogSoftmax,
  qr: runQr,
  qrp: runQrp,
  svd: runSvd,
  'c6-decision': runC6,
  campaign: runCampaignBench,
  'compare-real': runCompareReal,
  'compare-llama': runCompareLlama,
};

export async function runOps(ctx: BenchContext, ops: readonly BenchOp[]): Promise<CaseOutcome> {
  const all: CaseOutcome = { results: [], skipped: [] };
  for (const op of ops) {
    const { results, skipped } = await CASES[op](ctx);
    all.results.push(...results);
    all.skipped.push(...skipped);
  }
  return all;
}

export function methodology(t: TimingOptions): string {
  return [
    `One process, operands resident (Wasm memory for the cores) and allocated once per size; only kernel calls are timed.`,
    `Per implementation and size: one verification run, ${t.warmupRuns} warm-up runs, then samples until ≥ ${t.minTimeMs} ms`,
    `and ≥ ${t.minReps} samples (at most ${t.maxReps}; calls batched so a sample lasts ≥ ${t.minSampleMs} ms; ${t.budgetMs / 1000} s budget);`,
    `medianMs is the median per call. Flops: gemm 2mnk, QR 2mn² − 2n³/3, SVD nominal 6mn² + 20n³; log-softmax in ns/element.`,
    `Results cross-checked against the reference (wasm-simd where available) with max|a − b| / (1 + max|·|) ≤ ${AGREE_TOL}.`,
  ].join(' ');
}

export function buildReport(machine: Machine, outcome: CaseOutcome, quick: boolean, timing: TimingOptions): Report {
  return { machine, quick, methodology: methodology(timing), results: outcome.results, skipped: outcome.skipped };
}

export function writeReport(file: string, report: Report): void {
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
