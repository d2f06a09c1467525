// gemm: C = A·B for square n×n f64 matrices, the kernel every other op leans on.
import { Matrix } from 'ml-matrix';
import { fromArray, empty } from '../../src/matrix/create.js';
import { multiply } from '../../src/matrix/blas.js';
import { arena, runCase, type BenchContext, type Contender } from '../engine.js';
import { gemmFlops } from '../flops.js';
import { uniform } from '../random.js';
import { gemmIkj } from '../baselines/js.js';
import { fromMl, toMl } from '../baselines/ml-matrix.js';
import { WASM_IMPLS, missingExport, type Cores } from '../cores.js';
import type { CaseOutcome } from '../types.js';

export interface GemmInput {
  n: number;
  a: Float64Array;
  b: Float64Array;
}

export const GEMM_SIZES = [64, 256, 512];
/** Small, but past the core's 2×8 register tile so its edge and main paths both run. */
export const GEMM_QUICK_SIZES = [16, 40];

export function gemmContenders(cores: Cores): Contender<GemmInput>[] {
  const wasm = WASM_IMPLS.map((impl): Contender<GemmInput> => ({
    impl,
    unavailable: () => missingExport(cores[impl], 'gemm', impl),
    prepare: ({ n, a, b }) => {
      const core = cores[impl];
      const dispose = arena(core);
      const A = fromArray(core, n, n, a), B = fromArray(core, n, n, b), C = empty(core, n, n);
      return { run: () => void multiply(C, A, B), output: () => C.toFloat64Array(), dispose };
    },
  }));
  const js: Contender<GemmInput> = {
    impl: 'js',
    unavailable: () => null,
    prepare: ({ n, a, b }) => {
      const c = new Float64Array(n * n);
      return { run: () => gemmIkj(n, n, n, a, b, c), output: () => c.slice(), dispose: () => {} };
    },
  };
  const ml: Contender<GemmInput> = {
    impl: 'ml-matrix',
    unavailable: () => null,
    note: 'mmul allocates its result on every call (its API has no output argument)',
    prepare: ({ n, a, b }) => {
      const A = toMl(n, n, a), B = toMl(n, n, b);
      let C: Matrix | null = null;
      return {
        run: () => {
          C = A.mmul(B);
        },
        output: () => (C ? fromMl(C) : new Float64Array(0)),
        dispose: () => {},
      };
    },
  };
  return [...wasm, js, ml];
}

export function runGemm(ctx: BenchContext, contenders = gemmContenders(ctx.cores)): CaseOutcome {
  const sizes = (ctx.quick ? GEMM_QUICK_SIZES : GEMM_SIZES).map((n, i) => ({
    size: [n, n, n],
    make: (): GemmInput => ({ n, a: uniform(100 + i, n * n), b: uniform(200 + i, n * n) }),
    flops: gemmFlops(n, n, n),
    elements: null,
  }));
  return runCase(ctx, { op: 'gemm', sizes, contenders });
}
