// Warm-up, adaptive repetition and the median. The median, not the mean: a GC pause or a scheduler
// hiccup lands in one sample and moves the mean, not the median.
import { performance } from 'node:perf_hooks';

export interface TimingOptions {
  /** Untimed runs first: JIT tiering of the JS baselines, Wasm tier-up (Liftoff → TurboFan), warm caches. */
  warmupRuns: number;
  /** Keep sampling until this much time was spent in timed samples … */
  minTimeMs: number;
  /** … and at least this many samples were taken, whichever comes later … */
  minReps: number;
  /** … but never more samples than this. */
  maxReps: number;
  /** Batch calls of tiny kernels until one sample lasts this long, well above timer resolution and jitter. */
  minSampleMs: number;
  /** Wall-clock budget for one implementation at one size, warm-ups included; slow baselines get fewer reps. */
  budgetMs: number;
}

export const FULL_TIMING: TimingOptions = {
  warmupRuns: 2,
  minTimeMs: 300,
  minReps: 5,
  maxReps: 200,
  minSampleMs: 2,
  budgetMs: 20_000,
};

/** For tests and smoke runs: the numbers mean little, the code paths are the same. */
export const QUICK_TIMING: TimingOptions = {
  warmupRuns: 1,
  minTimeMs: 5,
  minReps: 3,
  maxReps: 20,
  minSampleMs: 0.2,
  budgetMs: 2_000,
};

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  reps: number;
  batch: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Time one call of `fn`, in ms. */
export function timeOnce(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * Median time of one call of `fn`. `priorRunMs` is the duration of a run the caller already made (the
 * verification run): when the kernel is slow (≥ 1 s, or warm-ups would eat the budget), that run counts
 * as the warm-up.
 */
export function measure(fn: () => void, o: TimingOptions, priorRunMs?: number): Timing {
  const start = performance.now();
  // A run of a second or more has long since tiered up, and warm-ups that would eat the budget cost reps.
  const slow = priorRunMs !== undefined && (priorRunMs >= 1000 || priorRunMs * (o.warmupRuns + o.minReps) > o.budgetMs);
  let estimate = priorRunMs ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < (slow ? 0 : o.warmupRuns); i++) estimate = timeOnce(fn);
  if (!Number.isFinite(estimate)) estimate = timeOnce(fn);

  // Batch size from the last warm-up: enough calls that a sample reaches minSampleMs.
  const batch = estimate >= o.minSampleMs ? 1 : Math.min(1 << 20, Math.ceil(o.minSampleMs / Math.max(estimate, 1e-5)));

  const samples: number[] = [];
  let sampled = 0;
  for (;;) {
    const t0 = performance.now();
    for (let b = 0; b < batch; b++) fn();
    const dt = performance.now() - t0;
    samples.push(dt / batch);
    sampled += dt;
    if (samples.length >= o.maxReps) break;
    if (samples.length >= o.minReps && sampled >= o.minTimeMs) break;
    // Stop early rather than overrun the budget with the next sample (at least one sample is always taken).
    if (performance.now() - start + dt > o.budgetMs) break;
  }
  return {
    medianMs: median(samples),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
    reps: samples.length,
    batch,
  };
}
