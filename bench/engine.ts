// Runs one op: every size, every implementation. Per size it prepares each implementation's operands once
// (resident in Wasm memory for the cores), runs it once to cross-check the result against the
// reference's, times it (bench/timing.ts), checks the result did not change across repetitions, and
// releases the operands. Speed-ups over the baselines are filled in at the end.
import type { Core } from '../src/wasm/core.js';
import { BASELINES, type BenchResult, type CaseOutcome, type Impl, type Op, type Skipped } from './types.js';
import type { TimingOptions } from './timing.js';
import { measure, timeOnce } from './timing.js';
import { AGREE_TOL, crossCheck, relMaxDiff } from './verify.js';
import type { Cores } from './cores.js';

export interface BenchContext {
  cores: Cores;
  timing: TimingOptions;
  quick: boolean;
  /** Progress lines; the CLI sends them to stderr so the tables on stdout stay clean when piped. */
  log: (line: string) => void;
}

/** One implementation, set up for one size. */
export interface Prepared {
  /** The timed part: the kernel call(s) and nothing else (operands are already in place). */
  run(): void;
  /** The result of the last run in a canonical form comparable across implementations, copied to JS. */
  output(): Float64Array;
  /** A check that needs no reference (decompositions: reconstruction error), relative; not timed. */
  residual?(): number;
  /** Release the operands (reset the core's arena to where prepare found it). */
  dispose(): void;
}

export interface Contender<In> {
  readonly impl: Impl;
  /** Why this implementation cannot run (an export missing from the built module), or null. */
  unavailable(): string | null;
  prepare(input: In): Prepared;
  /** Said once per result row, e.g. what the timing includes beyond the kernel. */
  readonly note?: string;
}

export interface SizeCase<In> {
  size: number[];
  make(): In;
  /** Flop count (bench/flops.ts), for GFLOP/s; null when the op is reported per element. */
  flops: number | null;
  /** Element count, for ns/element; null when the op is reported in GFLOP/s. */
  elements: number | null;
}

export interface CaseSpec<In> {
  op: Op;
  sizes: readonly SizeCase<In>[];
  contenders: readonly Contender<In>[];
  /** Rows known not to exist (e.g. ml-matrix has no pivoted QR), reported as skipped with this reason. */
  absent?: readonly { impl: Impl; reason: string }[];
}

/** Take an arena mark now; the returned function frees everything allocated since (a Prepared.dispose). */
export function arena(core: Core): () => void {
  const mark = core.mark();
  return () => core.reset(mark);
}

function units(sc: SizeCase<unknown>): number | null {
  return sc.flops ?? sc.elements;
}

function fmtSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function runCase<In>(ctx: BenchContext, spec: CaseSpec<In>): CaseOutcome {
  const results: BenchResult[] = [];
  const skipped: Skipped[] = [];
  const available = spec.contenders.filter((c) => {
    const reason = c.unavailable();
    if (reason !== null) for (const sc of spec.sizes) skipped.push({ op: spec.op, impl: c.impl, size: sc.size, reason });
    return reason === null;
  });
  for (const a of spec.absent ?? []) for (const sc of spec.sizes) skipped.push({ op: spec.op, impl: a.impl, size: sc.size, reason: a.reason });

  // The SIMD core is the reference when it can run; otherwise the first implementation that can.
  const reference = available.find((c) => c.impl === 'wasm-simd') ?? available[0];
  const ordered = reference ? [reference, ...available.filter((c) => c !== reference)] : [];
  // ms per flop (or per element) at the last size measured, to predict whether the next size fits the budget.
  const rate = new Map<Impl, number>();

  for (const sc of spec.sizes) {
    const input = sc.make();
    let refOutput: Float64Array | null = null;
    let refImpl: Impl | null = null;
    for (const c of ordered) {
      const u = units(sc);
      const r = rate.get(c.impl);
      if (u !== null && r !== undefined && 2 * r * u > ctx.timing.budgetMs) {
        skipped.push({
          op: spec.op, impl: c.impl, size: sc.size,
          reason: `predicted ${fmtSeconds(r * u)} per call from the smaller size: over the ${fmtSeconds(ctx.timing.budgetMs)} budget`,
        });
        continue;
      }
      ctx.log(`${spec.op} ${sc.size.join('×')} ${c.impl}`);
      let p: Prepared | null = null;
      try {
        p = c.prepare(input);
        const prepared = p;
        const firstMs = timeOnce(() => prepared.run());
        const first = p.output();
        const residual = p.residual ? p.residual() : null;
        const timing = measure(() => prepared.run(), ctx.timing, firstMs);
        const last = p.output();

        const notes: string[] = c.note ? [c.note] : [];
        let agrees = true;
        let maxRelDiff: number | null = null;
        if (refOutput === null) {
          // This is the reference (runs first); a reference that is not the SIMD core is worth saying.
          refOutput = first;
          refImpl = c.impl;
          if (c.impl !== 'wasm-simd') notes.push(`reference for the cross-check (wasm-simd cannot run ${spec.op})`);
        } else {
          const check = crossCheck(refOutput, first);
          maxRelDiff = check.maxRelDiff;
          if (!check.agrees) {
            agrees = false;
            notes.push(`disagrees with ${refImpl}: max rel diff ${maxRelDiff.toExponential(2)} > ${AGREE_TOL}`);
          }
        }
        if (residual !== null && !(residual <= AGREE_TOL)) {
          agrees = false;
          notes.push(`reconstruction residual ${residual.toExponential(2)} > ${AGREE_TOL}`);
        }
        if (!(relMaxDiff(first, last) <= AGREE_TOL)) {
          // Same operands, different answer: the kernel overwrote an input or keeps state between calls.
          agrees = false;
          notes.push('result changed across repetitions');
        }

        const per = u === null ? null : timing.medianMs / u;
        if (per !== null) rate.set(c.impl, per);
        results.push({
          op: spec.op,
          impl: c.impl,
          size: sc.size,
          medianMs: timing.medianMs,
          minMs: timing.minMs,
          maxMs: timing.maxMs,
          reps: timing.reps,
          batch: timing.batch,
          flops: sc.flops,
          gflops: sc.flops === null ? null : sc.flops / (timing.medianMs * 1e6),
          nsPerElem: sc.elements === null ? null : (timing.medianMs * 1e6) / sc.elements,
          reference: refImpl === c.impl ? null : refImpl,
          maxRelDiff,
          residual,
          agrees,
          speedup: {},
          notes,
        });
      } catch (e) {
        // One failing implementation (a core error, a trap) must not take the whole bench down.
        skipped.push({ op: spec.op, impl: c.impl, size: sc.size, reason: `failed: ${(e as Error).message}` });
      } finally {
        p?.dispose();
      }
    }
  }

  for (const r of results) {
    for (const b of BASELINES[spec.op] ?? []) {
      if (b === r.impl) continue;
      const base = results.find((x) => x.impl === b && sameSize(x.size, r.size));
      if (base) r.speedup[b] = base.medianMs / r.medianMs;
    }
  }
  return { results, skipped };
}

function sameSize(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
