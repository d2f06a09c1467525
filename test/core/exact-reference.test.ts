// Every operation of the core against the exact rational reference on small integer matrices. The
// exact value, rounded to f64, is what a correctly rounded computation would return; the core's
// result must lie within the forward-error bound of the operation:
// - gemm, transpose, log-odds: exact (integer partial sums below 2^53);
// - det: |Δ| ≤ c·n·ε·Π‖a_i‖ (Hadamard's bound on |det|, the scale LU's rounding errors are proportional
//   to, since a relative error bound in |det| itself fails near singular matrices);
// - solve, inverse, pinv, lstsq: relative error ≤ c·n·ε·cond(A), with cond(A) = ‖A‖‖A⁻¹‖ (or ‖A‖‖A⁺‖)
//   computed exactly from the rational inverse;
// - rank: exact agreement on matrices whose non-zero singular values are bounded away from zero (integer
//   matrices of small size and entries: σ_min ≥ 1/σ_max^{r−1}).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadCore } from '../../src/wasm/loader.js';
import { fromArray, empty } from '../../src/matrix/create.js';
import { multiply, transpose } from '../../src/matrix/blas.js';
import { det, solve, inverse, pinv, lstsq, rank } from '../../src/matrix/derived.js';
import { RationalMatrix } from '../../src/exact/index.js';

const EPS = 2 ** -52;
/** Safety factor on the textbook bounds (they hold with c = 1 for a first-order analysis). */
const C = 8;

const intMatrix = (maxN: number, k = 4) =>
  fc.record({
    m: fc.integer({ min: 1, max: maxN }),
    n: fc.integer({ min: 1, max: maxN }),
    entries: fc.array(fc.integer({ min: -k, max: k }), { minLength: maxN * maxN, maxLength: maxN * maxN }),
  });

const frob = (m: RationalMatrix) => Math.sqrt(m.toF64Rows().flat().reduce((s, v) => s + v * v, 0));
const maxAbsDiff = (a: ArrayLike<number>, b: number[]) => b.reduce((s, v, i) => Math.max(s, Math.abs((a[i] as number) - v)), 0);

for (const build of ['simd', 'scalar'] as const) {
  describe(`core against exact rationals (${build})`, () => {
    const core = loadCore({ build });

    it('gemm and transpose are exact on integers', () => {
      fc.assert(fc.property(intMatrix(9), intMatrix(9), ({ m, n, entries }, b) => core.scope(() => {
        const A = entries.slice(0, m * n), B = b.entries.slice(0, n * b.n);
        const got = multiply(empty(core, m, b.n), fromArray(core, m, n, A), fromArray(core, n, b.n, B)).data;
        const want = RationalMatrix.fromF64Array(m, n, A).mul(RationalMatrix.fromF64Array(n, b.n, B)).toF64Rows().flat();
        expect(Array.from(got)).toEqual(want);
        const T = transpose(empty(core, n, m), fromArray(core, m, n, A)).data;
        expect(Array.from(T)).toEqual(RationalMatrix.fromF64Array(m, n, A).transpose().toF64Rows().flat());
      })), { seed: 1, numRuns: 100 });
    });

    it('rank agrees exactly', () => {
      fc.assert(fc.property(intMatrix(7, 2), fc.integer({ min: 0, max: 7 }), ({ m, n, entries }, r) => core.scope(() => {
        // A product through dimension r: rank ≤ r, often rank-deficient.
        const L = RationalMatrix.fromF64Array(m, r, entries.slice(0, m * r));
        const R = RationalMatrix.fromF64Array(r, n, entries.slice(20, 20 + r * n).concat(new Array(Math.max(0, r * n - (entries.length - 20))).fill(1)));
        const A = r === 0 ? RationalMatrix.zeros(m, n) : L.mul(R);
        const Af = A.toF64Rows().flat();
        expect(rank(fromArray(core, m, n, Af), 1e-10)).toBe(A.rank());
      })), { seed: 2, numRuns: 150 });
    });

    it('det, solve and inverse within c·n·ε·cond(A) of the exact values', () => {
      fc.assert(fc.property(intMatrix(7), ({ n, entries }) => core.scope(() => {
        const A = RationalMatrix.fromF64Array(n, n, entries.slice(0, n * n));
        const Af = A.toF64Rows().flat();
        const Am = fromArray(core, n, n, Af);
        const exactDet = A.det().toF64();
        // Hadamard: |det| ≤ Π‖row‖; LU's rounding errors in det scale with that product.
        const hadamard = A.toF64Rows().reduce((p, row) => p * Math.sqrt(row.reduce((s, v) => s + v * v, 0)), 1);
        expect(Math.abs(det(Am) - exactDet)).toBeLessThanOrEqual(C * n * EPS * hadamard);
        if (exactDet === 0) return;
        const inv = A.inverse();
        const cond = frob(A) * frob(inv);
        const got = inverse(Am).data;
        const want = inv.toF64Rows().flat();
        expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(C * n * EPS * cond * frob(inv));
        const b = RationalMatrix.fromF64Array(n, 1, entries.slice(0, n).map((v, i) => v + i));
        const x = A.solve(b).toF64Rows().flat();
        const xs = solve(Am, fromArray(core, n, 1, b.toF64Rows().flat())).data;
        expect(maxAbsDiff(xs, x)).toBeLessThanOrEqual(C * n * EPS * cond * Math.max(1, Math.sqrt(x.reduce((s, v) => s + v * v, 0))));
      })), { seed: 3, numRuns: 150 });
    });

    it('pinv and minimum-norm least squares within c·max(m,n)·ε·cond(A) of the exact values', () => {
      fc.assert(fc.property(intMatrix(6, 3), ({ m, n, entries }) => core.scope(() => {
        const A = RationalMatrix.fromF64Array(m, n, entries.slice(0, m * n));
        if (A.rank() === 0) return;
        const P = A.pinv();
        const cond = frob(A) * frob(P);
        const Af = A.toF64Rows().flat();
        // Rank decided well above rounding and well below the smallest non-zero σ of a small integer matrix.
        const got = pinv(fromArray(core, m, n, Af), 1e-10).data;
        expect(maxAbsDiff(got, P.toF64Rows().flat())).toBeLessThanOrEqual(C * Math.max(m, n) * EPS * cond * frob(P));
        const b = RationalMatrix.fromF64Array(m, 1, entries.slice(0, m));
        const xs = lstsq(fromArray(core, m, n, Af), fromArray(core, m, 1, b.toF64Rows().flat()), 1e-10).data;
        expect(maxAbsDiff(xs, P.mul(b).toF64Rows().flat())).toBeLessThanOrEqual(C * Math.max(m, n) * EPS * cond * Math.max(1, frob(P) * frob(b)));
      })), { seed: 4, numRuns: 150 });
    });
  });
}
