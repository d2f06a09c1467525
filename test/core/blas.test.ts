import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import { checkGemm, checkGemmExactIntegers, checkLogSoftmax, checkLogOdds } from './checks.js';
import { fromArray, fromRows, empty, zeros } from '../../src/matrix/create.js';
import { dot, normFro, relMaxDiff, transpose, addScaled, scale } from '../../src/matrix/blas.js';
import { mul } from '../../src/matrix/convenience.js';
import { rng, randomArray } from '../helpers/random.js';

for (const build of ['simd', 'scalar', 'debug'] as const) {
  describe(`BLAS-like kernels (${build} build)`, () => {
    const core = loadCore({ build });

    it('gemm matches the reference within γ_k Σ|a||b| for every transpose and tile edge', () => {
      expect(checkGemm(core, 1)).toEqual([]);
    });

    it('gemm is exact on small integers', () => {
      expect(checkGemmExactIntegers(core, 2)).toEqual([]);
    });

    it('gemm with beta = 0 ignores NaN already in C, and k = 0 scales C', () => {
      core.scope(() => {
        const a = fromRows(core, [[1, 2]]), b = fromRows(core, [[3], [4]]);
        const c = fromRows(core, [[NaN]]);
        expect(mul(a, b).toArray()).toEqual([[11]]);
        core.call('gemm', 0, 0, 1, 1, 2, 1, a.ptr, 2, b.ptr, 1, 0, c.ptr, 1);
        expect(c.get(0, 0)).toBe(11);
        core.call('gemm', 0, 0, 1, 1, 0, 1, a.ptr, 1, b.ptr, 1, 2, c.ptr, 1);
        expect(c.get(0, 0)).toBe(22);
      });
    });

    it('dot, norms, transpose, axpy and scal agree with plain JavaScript', () => {
      core.scope(() => {
        const next = rng(3);
        const x = randomArray(next, 37), y = randomArray(next, 37);
        const X = fromArray(core, 37, 1, x), Y = fromArray(core, 37, 1, y);
        const d = x.reduce((s, v, i) => s + v * y[i]!, 0);
        expect(Math.abs(dot(X, Y) - d)).toBeLessThan(37 * 2 ** -52 * 37);
        const nf = Math.sqrt(x.reduce((s, v) => s + v * v, 0));
        expect(Math.abs(normFro(X) - nf)).toBeLessThan(40 * 2 ** -52 * nf);
        // The scaled norm neither overflows nor underflows.
        expect(normFro(fromRows(core, [[3e200, 4e200]]))).toBeCloseTo(5e200, -190);
        expect(normFro(fromRows(core, [[3e-200, 4e-200]]))).toBeCloseTo(5e-200, 210);
        // A subnormal maximum: its reciprocal overflows, so the kernel must divide instead.
        expect(normFro(fromRows(core, [[3e-310, 4e-310]]))).toBeCloseTo(5e-310, 320);
        expect(normFro(fromRows(core, [[1e-310]]))).toBe(1e-310);
        const A = fromArray(core, 5, 7, randomArray(next, 35));
        const T = transpose(empty(core, 7, 5), A);
        for (let i = 0; i < 5; i++) for (let j = 0; j < 7; j++) expect(T.get(j, i)).toBe(A.get(i, j));
        const Z = addScaled(empty(core, 37, 1), X, Y, 2);
        for (let i = 0; i < 37; i++) expect(Z.get(i, 0)).toBe(x[i]! + 2 * y[i]!);
        const S = scale(empty(core, 37, 1), X, -3);
        for (let i = 0; i < 37; i++) expect(S.get(i, 0)).toBe(-3 * x[i]!);
      });
    });

    it('rel_max_diff is max|a−b| / (1 + max(|a|, |b|)) and rejects NaN', () => {
      core.scope(() => {
        const a = fromRows(core, [[1, -10], [3, 4]]), b = fromRows(core, [[1, -10.5], [3, 4]]);
        expect(relMaxDiff(a, b)).toBe(0.5 / 11.5);
        expect(relMaxDiff(a, a)).toBe(0);
        expect(() => relMaxDiff(a, fromRows(core, [[1, NaN], [3, 4]]))).toThrow(/nonfinite/);
      });
    });

    it('log-softmax is stable at logit scale 1e3 and rows sum to one', () => {
      expect(checkLogSoftmax(core, 4)).toEqual([]);
    });

    it('log-odds are exact column differences in token order, pivot left out', () => {
      expect(checkLogOdds(core, 5)).toEqual([]);
    });

    it('a zero matrix has zero norm', () => {
      core.scope(() => expect(normFro(zeros(core, 3, 4))).toBe(0));
    });
  });
}
