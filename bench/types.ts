// The vocabulary shared by the bench's cases, its JSON report and its tables. The enums are wider than
// what this bench measures (numpy, c6-decision, campaign): reports from other tools (a numpy reference
// script, the campaign timings) use the same schema so they can be merged and tabulated together.

export const OPS = ['gemm', 'qr', 'qrp', 'svd', 'logsoftmax', 'c6-decision', 'campaign', 'compare-real', 'compare-llama'] as const;
export type Op = (typeof OPS)[number];

/** The ops this bench can run (the rest of OPS come from other tools). */
export const BENCH_OPS = ['gemm', 'logsoftmax', 'qr', 'qrp', 'svd', 'c6-decision', 'campaign'] as const satisfies readonly Op[];
/**
 * Ops run only when named with --ops: real model sizes, minutes each and gigabytes of temporary files
 * (compare-real: GPT-2-sized pairs; compare-llama: one Llama-3-8B-shaped pair, measured once).
 */
export const ON_REQUEST_OPS = ['compare-real', 'compare-llama'] as const satisfies readonly Op[];
export type BenchOp = (typeof BENCH_OPS)[number] | (typeof ON_REQUEST_OPS)[number];

export const IMPLS = ['wasm-simd', 'wasm-scalar', 'js', 'ml-matrix', 'numpy'] as const;
export type Impl = (typeof IMPLS)[number];

/** The baselines every row is compared with, per op, in column order. */
export const BASELINES: Partial<Record<Op, readonly Impl[]>> = {
  gemm: ['js', 'ml-matrix', 'wasm-scalar'],
  logsoftmax: ['js', 'wasm-scalar'],
  qr: ['ml-matrix', 'wasm-scalar'],
  qrp: ['wasm-scalar'],
  svd: ['ml-matrix', 'wasm-scalar'],
  'c6-decision': ['numpy', 'wasm-scalar'],
  campaign: [],
  'compare-real': ['numpy'],
  'compare-llama': [],
};

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
}

/** One implementation of one op at one size. Times are per kernel call, in milliseconds. */
export interface BenchResult {
  op: Op;
  impl: Impl;
  /** gemm [m, n, k]; qr/qrp/svd [m, n]; logsoftmax [rows, V]. */
  size: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Timed samples behind the median. */
  reps: number;
  /** Kernel calls per timed sample (tiny kernels are batched so a sample is well above timer resolution). */
  batch: number;
  /** The documented flop count (bench/flops.ts) behind gflops; null where the op is reported per element. */
  flops: number | null;
  gflops: number | null;
  /** Per-element cost, for the memory-bound ops (log-softmax). */
  nsPerElem: number | null;
  /** Throughput for end-to-end ops: ~EL decisions per second (c6-decision), claim runs per second (campaign). */
  perSecond?: number | null;
  /** The implementation this result was cross-checked against; null for the reference itself. */
  reference: Impl | null;
  /** max|ref − this| / (1 + max|·|) against the reference's result (bench/verify.ts); null for the reference. */
  maxRelDiff: number | null;
  /** Implementation-independent check where there is one, e.g. ‖A − QR‖ relative (bench/verify.ts). */
  residual: number | null;
  /** False when any check failed: a fast-but-wrong kernel must not win silently. */
  agrees: boolean;
  /** Speed-up of this result over each baseline measured at the same size: baseline median / this median. */
  speedup: Partial<Record<Impl, number>>;
  notes: string[];
}

/** A row that was not measured, and why (export missing from the built core, too slow, no such routine). */
export interface Skipped {
  op: Op;
  impl: Impl;
  size: number[];
  reason: string;
}

export interface CaseOutcome {
  results: BenchResult[];
  skipped: Skipped[];
}

export interface Report {
  machine: Machine;
  quick: boolean;
  methodology: string;
  /** 1-minute load average before and after the run (bench/machine.ts): high means noisy timings. */
  loadAverage?: [number, number];
  results: BenchResult[];
  skipped: Skipped[];
}
