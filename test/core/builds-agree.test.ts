// The SIMD and scalar builds compute the same things in a different summation order, so they agree to
// within the rounding bound of the operation, not bit for bit. The bounds used here:
// - gemm and dot: both results are within γ_k Σ|a||b| of the exact value, so within twice that of each
//   other (k = inner dimension);
// - element-wise kernels and log-softmax: both builds use the same table-driven exp and the same 4-way
//   summation order, so they agree exactly.
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import type { Core } from '../../src/wasm/core.js';
import { fromArray, empty } from '../../src/matrix/create.js';
import { multiply, dot } from '../../src/matrix/blas.js';
import { logSoftmaxRows } from '../../src/matrix/dist.js';
import { rng, randomArray } from '../helpers/random.js';
import { gamma } from '../helpers/reference.js';

const simd = loadCore({ build: 'simd' });
const scalar = loadCore({ build: 'scalar' });

function onBoth<T>(f: (core: Core) => T): [T, T] {
  return [simd.scope(() => f(simd)), scalar.scope(() => f(scalar))];
}

describe('SIMD and scalar builds agree', () => {
  it('gemm to within 2 γ_k Σ|a||b| per entry', () => {
    const next = rng(11);
    for (const [m, n, k] of [[33, 47, 129], [128, 128, 128], [5, 300, 513]] as const) {
      const a = randomArray(next, m * k), b = randomArray(next, k * n);
      const [x, y] = onBoth((c) => multiply(empty(c, m, n), fromArray(c, m, k, a), fromArray(c, k, n, b)).toFloat64Array());
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let abs = 0;
          for (let p = 0; p < k; p++) abs += Math.abs(a[i * k + p]! * b[p * n + j]!);
          expect(Math.abs(x[i * n + j]! - y[i * n + j]!)).toBeLessThanOrEqual(2 * gamma(k) * abs);
        }
      }
    }
  });

  it('dot to within 2 γ_n Σ|x y|', () => {
    const next = rng(12);
    const x = randomArray(next, 1001), y = randomArray(next, 1001);
    const [d1, d2] = onBoth((c) => dot(fromArray(c, 1001, 1, x), fromArray(c, 1001, 1, y)));
    const abs = x.reduce((s, v, i) => s + Math.abs(v * y[i]!), 0);
    expect(Math.abs(d1 - d2)).toBeLessThanOrEqual(2 * gamma(1001) * abs);
  });

  it('log-softmax exactly (the same exp and the same summation order in both builds)', () => {
    const next = rng(13);
    const z = randomArray(next, 7 * 300).map((v) => 100 * v);
    const [p, q] = onBoth((c) => logSoftmaxRows(empty(c, 7, 300), fromArray(c, 7, 300, z)).toFloat64Array());
    expect(Array.from(p)).toEqual(Array.from(q));
  });
});
