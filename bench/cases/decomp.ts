// Decompositions of tall matrices: Householder QR, column-pivoted QR, thin SVD. The core's exports for
// these may not be built yet: such rows are skipped with the reason, and ml-matrix then becomes the
// reference, still checked on its own by the reconstruction residual.
//
// What is compared across implementations: QR's R with row signs made canonical (R is unique up to
// them), pivoted QR's R and permutation, SVD's singular values (singular vectors are unique only up to
// signs and rotations within repeated σ, so they are covered by the residual ‖A − U diag(S) Vᵀ‖ instead).
import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';
import { fromArray, empty } from '../../src/matrix/create.js';
import { arena, runCase, type BenchContext, type Contender } from '../engine.js';
import { householderQrFlops, svdFlops } from '../flops.js';
import { uniform } from '../random.js';
import { fromMl, toMl } from '../baselines/ml-matrix.js';
import { WASM_IMPLS, missingExport, type Cores } from '../cores.js';
import { canonicalR, qrResidual, svdResidual } from '../verify.js';
import type { CaseOutcome } from '../types.js';

export interface DecompInput {
  m: number;
  n: number;
  a: Float64Array;
}

type Shapes = readonly (readonly [number, number])[];
export const QR_SIZES: Shapes = [[1024, 64]];
export const SVD_SIZES: Shapes = [[512, 64], [4096, 128]];
export const QR_QUICK_SIZES: Shapes = [[64, 8]];
export const SVD_QUICK_SIZES: Shapes = [[48, 6], [96, 12]];

function concat(...parts: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function qrContenders(cores: Cores): Contender<DecompInput>[] {
  const wasm = WASM_IMPLS.map((impl): Contender<DecompInput> => ({
    impl,
    unavailable: () => missingExport(cores[impl], 'qr', impl),
    prepare: ({ m, n, a }) => {
      const core = cores[impl];
      const dispose = arena(core);
      const k = Math.min(m, n);
      // Raw call with outputs allocated once: src/matrix/decompose.ts's qr() allocates Q and R per call.
      const A = fromArray(core, m, n, a), Q = empty(core, m, k), R = empty(core, k, n);
      return {
        run: () => core.call('qr', m, n, A.ptr, Q.ptr, R.ptr),
        output: () => canonicalR(k, n, R.toFloat64Array()),
        residual: () => qrResidual(m, n, k, a, Q.toFloat64Array(), R.toFloat64Array()),
        dispose,
      };
    },
  }));
  const ml: Contender<DecompInput> = {
    impl: 'ml-matrix',
    unavailable: () => null,
    note: 'QrDecomposition copies A; the time includes forming Q and R, as the core does',
    prepare: ({ m, n, a }) => {
      const M = toMl(m, n, a);
      let Q: Matrix | null = null, R: Matrix | null = null;
      return {
        run: () => {
          const d = new QrDecomposition(M);
          Q = d.orthogonalMatrix;
          R = d.upperTriangularMatrix;
        },
        output: () => (R ? canonicalR(n, n, fromMl(R)) : new Float64Array(0)),
        residual: () => (Q && R ? qrResidual(m, n, n, a, fromMl(Q), fromMl(R)) : Number.POSITIVE_INFINITY),
        dispose: () => {},
      };
    },
  };
  return [...wasm, ml];
}

export function qrpContenders(cores: Cores): Contender<DecompInput>[] {
  return WASM_IMPLS.map((impl): Contender<DecompInput> => ({
    impl,
    unavailable: () => missingExport(cores[impl], 'qr_pivoted', impl),
    prepare: ({ m, n, a }) => {
      const core = cores[impl];
      const dispose = arena(core);
      const k = Math.min(m, n);
      const A = fromArray(core, m, n, a), Q = empty(core, m, k), R = empty(core, k, n);
      const perm = core.allocBytes(Math.max(n, 1) * 4, 'perm');
      const permArray = (): Int32Array => core.i32.slice(perm >>> 2, (perm >>> 2) + n);
      return {
        run: () => core.call('qr_pivoted', m, n, A.ptr, Q.ptr, R.ptr, perm),
        output: () => concat(canonicalR(k, n, R.toFloat64Array()), permArray()),
        residual: () => qrResidual(m, n, k, a, Q.toFloat64Array(), R.toFloat64Array(), permArray()),
        dispose,
      };
    },
  }));
}

export function svdContenders(cores: Cores): Contender<DecompInput>[] {
  const wasm = WASM_IMPLS.map((impl): Contender<DecompInput> => ({
    impl,
    unavailable: () => missingExport(cores[impl], 'svd_thin', impl),
    prepare: ({ m, n, a }) => {
      const core = cores[impl];
      const dispose = arena(core);
      const k = Math.min(m, n);
      const A = fromArray(core, m, n, a), U = empty(core, m, k), S = empty(core, k, 1), V = empty(core, n, k);
      return {
        run: () => core.call('svd_thin', m, n, A.ptr, U.ptr, S.ptr, V.ptr),
        output: () => S.toFloat64Array(),
        residual: () => svdResidual(m, n, k, a, U.toFloat64Array(), S.toFloat64Array(), V.toFloat64Array()),
        dispose,
      };
    },
  }));
  const ml: Contender<DecompInput> = {
    impl: 'ml-matrix',
    unavailable: () => null,
    note: 'SingularValueDecomposition with U and V, as the core computes them',
    prepare: ({ m, n, a }) => {
      const M = toMl(m, n, a);
      let d: SingularValueDecomposition | null = null;
      return {
        run: () => {
          d = new SingularValueDecomposition(M, {
            computeLeftSingularVectors: true,
            computeRightSingularVectors: true,
            autoTranspose: false,
          });
        },
        output: () => (d ? Float64Array.from(d.diagonal) : new Float64Array(0)),
        residual: () => {
          if (!d) return Number.POSITIVE_INFINITY;
          const U = d.leftSingularVectors, V = d.rightSingularVectors;
          const k = Math.min(m, n);
          // U is m×k and V n×n for m ≥ n; take V's first k columns should its width ever differ.
          const v = fromMl(V.subMatrix(0, n - 1, 0, k - 1));
          return svdResidual(m, n, k, a, fromMl(U.subMatrix(0, m - 1, 0, k - 1)), d.diagonal, v);
        },
        dispose: () => {},
      };
    },
  };
  return [...wasm, ml];
}

function decompSizes(shapes: Shapes, flops: (m: number, n: number) => number, seed: number) {
  return shapes.map(([m, n], i) => ({
    size: [m, n],
    make: (): DecompInput => ({ m, n, a: uniform(seed + i, m * n) }),
    flops: flops(m, n),
    elements: null,
  }));
}

export function runQr(ctx: BenchContext, contenders = qrContenders(ctx.cores)): CaseOutcome {
  const sizes = decompSizes(ctx.quick ? QR_QUICK_SIZES : QR_SIZES, householderQrFlops, 400);
  return runCase(ctx, { op: 'qr', sizes, contenders });
}

export function runQrp(ctx: BenchContext, contenders = qrpContenders(ctx.cores)): CaseOutcome {
  const sizes = decompSizes(ctx.quick ? QR_QUICK_SIZES : QR_SIZES, householderQrFlops, 400);
  return runCase(ctx, {
    op: 'qrp',
    sizes,
    contenders,
    absent: [{ impl: 'ml-matrix', reason: 'ml-matrix has no column-pivoted QR' }],
  });
}

export function runSvd(ctx: BenchContext, contenders = svdContenders(ctx.cores)): CaseOutcome {
  const sizes = decompSizes(ctx.quick ? SVD_QUICK_SIZES : SVD_SIZES, svdFlops, 500);
  return runCase(ctx, { op: 'svd', sizes, contenders });
}
