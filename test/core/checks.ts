// Checks of the BLAS-like and distribution kernels, shared by the core tests (on the real builds) and
// the mutation tests (on deliberately broken builds): each returns the list of problems it found.
import type { Core } from '../../src/wasm/core.js';
import { fromArray, empty } from '../../src/matrix/create.js';
import { multiply } from '../../src/matrix/blas.js';
import { logSoftmaxRows, logOdds } from '../../src/matrix/dist.js';
import { refGemm, refLogSoftmax } from '../helpers/reference.js';
import { rng, randomArray, randomInts } from '../helpers/random.js';

/** Sizes that hit every edge of the 2×8 register tile and the 64/256 cache blocks. */
export const GEMM_SIZES: [number, number, number][] = [
  [1, 1, 1], [2, 8, 3], [3, 9, 5], [7, 13, 11], [17, 31, 29], [64, 64, 64], [65, 257, 130], [1, 300, 2], [300, 1, 7],
];

export function checkGemm(core: Core, seed: number, sizes = GEMM_SIZES): string[] {
  const problems: string[] = [];
  const next = rng(seed);
  for (const [m, n, k] of sizes) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        core.scope(() => {
          const a = randomArray(next, m * k), b = randomArray(next, k * n), c0 = randomArray(next, m * n);
          const A = fromArray(core, ta ? k : m, ta ? m : k, a);
          const B = fromArray(core, tb ? n : k, tb ? k : n, b);
          const C = fromArray(core, m, n, c0);
          const alpha = 0.75, beta = -0.5;
          multiply(C, A, B, { transA: ta, transB: tb, alpha, beta });
          const { C: ref, bound } = refGemm(ta, tb, m, n, k, a, b);
          const got = C.data;
          for (let i = 0; i < m * n; i++) {
            const want = alpha * ref[i]! + beta * c0[i]!;
            // The bound of refGemm, scaled by alpha, plus one rounding for each of the two scalings.
            const tol = Math.abs(alpha) * bound[i]! + 4 * 2 ** -52 * (Math.abs(want) + Math.abs(beta * c0[i]!));
            if (!(Math.abs(got[i]! - want) <= tol)) {
              problems.push(`gemm ${m}×${n}×${k} ta=${ta} tb=${tb}: entry ${i} is ${got[i]}, want ${want} ± ${tol}`);
              return;
            }
          }
        });
      }
    }
  }
  return problems;
}

/** Small-integer operands: every product and partial sum is exact, so the result must be bit-exact. */
export function checkGemmExactIntegers(core: Core, seed: number): string[] {
  const problems: string[] = [];
  const next = rng(seed);
  for (const [m, n, k] of GEMM_SIZES) {
    core.scope(() => {
      const a = randomInts(next, m * k), b = randomInts(next, k * n);
      const C = multiply(empty(core, m, n), fromArray(core, m, k, a), fromArray(core, k, n, b));
      const { C: ref } = refGemm(false, false, m, n, k, a, b);
      const got = C.data;
      for (let i = 0; i < m * n; i++) {
        if (got[i] !== ref[i]) {
          problems.push(`integer gemm ${m}×${n}×${k}: entry ${i} is ${got[i]}, exact value ${ref[i]}`);
          return;
        }
      }
    });
  }
  return problems;
}

/** Log-softmax rows against Math.exp/Math.log, at logit scales up to 1e3 (theory.md §5). */
export function checkLogSoftmax(core: Core, seed: number): string[] {
  const problems: string[] = [];
  const next = rng(seed);
  for (const [n, V, scale] of [[1, 1, 1], [3, 7, 1], [5, 100, 30], [4, 1000, 1000], [2, 9, 1e-3]] as const) {
    core.scope(() => {
      const z = randomArray(next, n * V).map((x) => x * scale);
      const out = logSoftmaxRows(empty(core, n, V), fromArray(core, n, V, z));
      const ref = refLogSoftmax(n, V, z);
      const got = out.data;
      for (let i = 0; i < n * V; i++) {
        // Both sides compute z − lse; lse carries a few ulps of max|z| + log V from exp/log and the sum.
        const tol = 8 * 2 ** -52 * (scale + Math.log(V) + Math.abs(ref[i]!)) + 1e-300;
        if (!(Math.abs(got[i]! - ref[i]!) <= tol)) {
          problems.push(`log_softmax ${n}×${V} scale ${scale}: entry ${i} is ${got[i]}, want ${ref[i]}`);
          return;
        }
      }
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < V; j++) s += Math.exp(got[i * V + j]!);
        if (!(Math.abs(s - 1) <= 1e-13 * V)) problems.push(`log_softmax row ${i} sums to ${s}`);
      }
    });
  }
  return problems;
}

/** Log-odds against a pivot are differences of columns, exactly. */
export function checkLogOdds(core: Core, seed: number): string[] {
  const problems: string[] = [];
  const next = rng(seed);
  for (const [n, V, pivot] of [[1, 2, 0], [3, 5, 4], [6, 9, 3]] as const) {
    core.scope(() => {
      const z = randomArray(next, n * V);
      const L = logOdds(empty(core, n, V - 1), fromArray(core, n, V, z), pivot).data;
      for (let i = 0; i < n; i++) {
        let c = 0;
        for (let y = 0; y < V; y++) {
          if (y === pivot) continue;
          const want = z[i * V + y]! - z[i * V + pivot]!;
          if (L[i * (V - 1) + c] !== want) problems.push(`log_odds[${i}, ${c}] is ${L[i * (V - 1) + c]}, want ${want}`);
          c++;
        }
      }
    });
  }
  return problems;
}
