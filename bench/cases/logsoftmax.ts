// Row-wise log-softmax of n×V logits: memory-bound plus one exp per entry, so it is reported per element.
import { fromArray, empty } from '../../src/matrix/create.js';
import { logSoftmaxRows } from '../../src/matrix/dist.js';
import { arena, runCase, type BenchContext, type Contender } from '../engine.js';
import { uniform } from '../random.js';
import { logSoftmaxRowsJs } from '../baselines/js.js';
import { WASM_IMPLS, missingExport, type Cores } from '../cores.js';
import type { CaseOutcome } from '../types.js';

export interface LogSoftmaxInput {
  rows: number;
  v: number;
  z: Float64Array;
}

/** 256 rows: 256k entries (2 MiB, cache-resident) at V = 1000, 2M entries (16 MiB, streamed) at V = 8192. */
export const LOGSOFTMAX_SIZES: readonly (readonly [number, number])[] = [[256, 1000], [256, 8192]];
export const LOGSOFTMAX_QUICK_SIZES: readonly (readonly [number, number])[] = [[4, 100], [3, 1000]];

/** Logits in [−10, 10): exp spans 9 decades, so the max shift and the exp's range reduction both matter. */
const LOGIT_SCALE = 10;

export function logSoftmaxContenders(cores: Cores): Contender<LogSoftmaxInput>[] {
  const wasm = WASM_IMPLS.map((impl): Contender<LogSoftmaxInput> => ({
    impl,
    unavailable: () => missingExport(cores[impl], 'log_softmax_rows', impl),
    prepare: ({ rows, v, z }) => {
      const core = cores[impl];
      const dispose = arena(core);
      // Out of place, so the input is the same on every repetition.
      const Z = fromArray(core, rows, v, z), out = empty(core, rows, v);
      return { run: () => void logSoftmaxRows(out, Z), output: () => out.toFloat64Array(), dispose };
    },
  }));
  const js: Contender<LogSoftmaxInput> = {
    impl: 'js',
    unavailable: () => null,
    note: 'Math.exp',
    prepare: ({ rows, v, z }) => {
      const out = new Float64Array(rows * v);
      return { run: () => logSoftmaxRowsJs(rows, v, z, out), output: () => out.slice(), dispose: () => {} };
    },
  };
  return [...wasm, js];
}

export function runLogSoftmax(ctx: BenchContext, contenders = logSoftmaxContenders(ctx.cores)): CaseOutcome {
  const sizes = (ctx.quick ? LOGSOFTMAX_QUICK_SIZES : LOGSOFTMAX_SIZES).map(([rows, v], i) => ({
    size: [rows, v],
    make: (): LogSoftmaxInput => ({ rows, v, z: uniform(300 + i, rows * v, LOGIT_SCALE) }),
    flops: null,
    elements: rows * v,
  }));
  return runCase(ctx, { op: 'logsoftmax', sizes, contenders });
}
