// The blocked Householder QR (assembly/decomp/blocked.ts: four reflectors per pass over the trailing
// columns, compact WY through gemm once both dimensions reach 512) against an unblocked reference
// (dgeqr2 + dorg2r written out here in plain JavaScript) and against the identities a QR must satisfy,
// on both builds. Shapes sit on and around the block boundaries: the 4-reflector groups (3, 4, 5, 7, 8,
// 9), the 32-column gemm blocks (31, 32, 33, 67 = 2·32 + 3, primes) and the 512 threshold of the gemm
// path (512, 513, 515 = 16·32 + 3, wide and tall). Tolerances are the size-derived bounds of ./raw.ts.
import { describe, it, expect, beforeAll } from 'vitest';
import {
  BUILDS, S, EPS, C_TOL, type Raw, loadRaw, rng, randn, mul, fro, reconstructs, orthonormal, permuteCols,
  isPermutation, withSingularValues,
} from './raw.js';
import { itLong } from '../helpers/long.js';

/** Unblocked Householder QR (LAPACK dgeqr2 / dorg2r) of a row-major m × n matrix; R's diagonal made ≥ 0. */
function referenceQr(A: Float64Array, m: number, n: number): { Q: Float64Array; R: Float64Array } {
  const k = Math.min(m, n);
  const W = Float64Array.from(A);
  const tau = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let xn = 0;
    for (let r = i + 1; r < m; r++) xn = Math.hypot(xn, W[r * n + i]!);
    const alpha = W[i * n + i]!;
    if (xn === 0) continue;
    const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xn);
    tau[i] = (beta - alpha) / beta;
    for (let r = i + 1; r < m; r++) W[r * n + i] = W[r * n + i]! / (alpha - beta);
    W[i * n + i] = beta;
    for (let j = i + 1; j < n; j++) {
      let d = W[i * n + j]!;
      for (let r = i + 1; r < m; r++) d += W[r * n + i]! * W[r * n + j]!;
      const f = tau[i]! * d;
      W[i * n + j] = W[i * n + j]! - f;
      for (let r = i + 1; r < m; r++) W[r * n + j] = W[r * n + j]! - f * W[r * n + i]!;
    }
  }
  const Q = new Float64Array(m * k);
  for (let i = 0; i < k; i++) Q[i * k + i] = 1;
  for (let i = k - 1; i >= 0; i--) {
    const t = tau[i]!;
    if (t === 0) continue;
    for (let j = i; j < k; j++) {
      let d = Q[i * k + j]!;
      for (let r = i + 1; r < m; r++) d += W[r * n + i]! * Q[r * k + j]!;
      const f = t * d;
      Q[i * k + j] = Q[i * k + j]! - f;
      for (let r = i + 1; r < m; r++) Q[r * k + j] = Q[r * k + j]! - f * W[r * n + i]!;
    }
  }
  const R = new Float64Array(k * n);
  for (let i = 0; i < k; i++) {
    const s = W[i * n + i]! < 0 ? -1 : 1;
    for (let j = i; j < n; j++) R[i * n + j] = s * W[i * n + j]!;
    if (s < 0) for (let r = 0; r < m; r++) Q[r * k + i] = -Q[r * k + i]!;
  }
  return { Q, R };
}

function run(core: Raw, m: number, n: number, A: Float64Array, pivoted: boolean) {
  const k = Math.min(m, n);
  return core.scoped(() => {
    const pA = core.put(A), pQ = core.allocF64(m * k), pR = core.allocF64(k * n), pP = core.alloc(4 * n);
    const top = core.heapTop();
    const st = pivoted ? core.call('qr_pivoted', m, n, pA, pQ, pR, pP) : core.call('qr', m, n, pA, pQ, pR);
    expect(core.heapTop()).toBe(top);
    expect(core.get(pA, m * n)).toEqual(A);
    return { st, k, Q: core.get(pQ, m * k), R: core.get(pR, k * n), perm: core.getI32(pP, n) };
  });
}

/** Violations of A P = Q R, QᵀQ = I, R upper triangular with a non-negative (pivoted: non-increasing) diagonal. */
function problems(A: Float64Array, m: number, n: number, r: ReturnType<typeof run>, pivoted: boolean): string[] {
  const { k, Q, R, perm } = r;
  if (r.st !== S.OK) return [`status ${r.st}`];
  const out: string[] = [];
  if (pivoted && !isPermutation(perm, n)) return ['perm is not a permutation'];
  const AP = pivoted ? permuteCols(A, m, n, perm) : A;
  const rec = reconstructs(AP, Q, R, m, k, n);
  if (!rec.ok) out.push(`‖AP − QR‖ = ${rec.err} > ${rec.tol}`);
  const orth = orthonormal(Q, m, k);
  if (!orth.ok) out.push(`‖QᵀQ − I‖ = ${orth.err} > ${orth.tol}`);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < Math.min(i, n); j++) if (R[i * n + j] !== 0) out.push(`R[${i},${j}] ≠ 0 below the diagonal`);
    if (!(R[i * n + i]! >= 0)) out.push(`R[${i},${i}] = ${R[i * n + i]} < 0`);
  }
  if (pivoted) {
    const slack = 8 * Math.sqrt(EPS), abs = C_TOL * Math.max(m, n) * EPS * fro(A);
    for (let i = 0; i + 1 < k; i++) {
      if (R[(i + 1) * n + i + 1]! > R[i * n + i]! * (1 + slack) + abs) out.push(`|R| diagonal increases at ${i}`);
    }
  }
  return out;
}

/** max |X − Y| over ‖A‖_F, for comparing R factors of a matrix whose condition number is at most 2. */
function relDiff(X: ArrayLike<number>, Y: ArrayLike<number>, scale: number): number {
  let d = 0;
  for (let i = 0; i < X.length; i++) d = Math.max(d, Math.abs(X[i]! - Y[i]!));
  return d / scale;
}

const SMALL: [number, number][] = [
  [1, 1], [1, 7], [7, 1], [2, 2], [3, 3], [4, 4], [5, 5], [8, 4], [9, 5], [4, 9], [8, 8], [9, 9],
  [12, 7], [31, 31], [32, 32], [33, 33], [64, 31], [64, 32], [64, 33], [100, 67], [67, 100],
  [131, 97], [97, 131], [257, 61], [1031, 37],
];
/** The gemm path (both dimensions ≥ 512): block boundaries at multiples of 32. */
const LARGE: [number, number][] = [[512, 512], [513, 530]];

describe.each(BUILDS)('blocked Householder QR (%s build)', (build) => {
  let core: Raw;
  beforeAll(async () => { core = await loadRaw(build); });

  it('agrees with the unblocked reference and satisfies the QR identities around the block boundaries', () => {
    const next = rng(9001);
    for (const [m, n] of SMALL) {
      const k = Math.min(m, n);
      // Singular values in [1, 2]: κ ≤ 2, so R is determined to the backward-error level.
      const s = Array.from({ length: k }, (_, i) => 2 - i / Math.max(1, k));
      const A = withSingularValues(core, next, m, n, s);
      const r = run(core, m, n, A, false);
      expect(problems(A, m, n, r, false), `${m}×${n}`).toEqual([]);
      const ref = referenceQr(A, m, n);
      const tol = 4 * C_TOL * Math.max(m, n) * EPS;
      expect(relDiff(r.R, ref.R, fro(A)), `${m}×${n} R vs reference`).toBeLessThanOrEqual(tol);
      expect(relDiff(r.Q, ref.Q, 1), `${m}×${n} Q vs reference`).toBeLessThanOrEqual(tol);
    }
  });

  itLong('gemm path (≥ 512 × 512): identities, and R against the reference', () => {
    const next = rng(9002);
    for (const [m, n] of LARGE) {
      const A = randn(next, m * n);
      const r = run(core, m, n, A, false);
      expect(problems(A, m, n, r, false), `${m}×${n}`).toEqual([]);
    }
    // One full comparison with the reference on a well-conditioned matrix crossing 16 blocks + 3.
    const [m, n] = [530, 515];
    const s = Array.from({ length: n }, (_, i) => 2 - i / n);
    const A = withSingularValues(core, next, m, n, s);
    const r = run(core, m, n, A, false);
    const ref = referenceQr(A, m, n);
    const tol = 4 * C_TOL * Math.max(m, n) * EPS;
    expect(relDiff(r.R, ref.R, fro(A))).toBeLessThanOrEqual(tol);
  });

  itLong('pivoted QR around the boundaries: identities, full and deficient rank', () => {
    const next = rng(9003);
    for (const [m, n] of [...SMALL, [520, 515] as [number, number]]) {
      const A = randn(next, m * n);
      expect(problems(A, m, n, run(core, m, n, A, true), true), `${m}×${n}`).toEqual([]);
      const rk = Math.max(1, Math.min(m, n) >> 1);
      const L = mul(randn(next, m * rk), randn(next, rk * n), m, rk, n);
      expect(problems(L, m, n, run(core, m, n, L, true), true), `${m}×${n} rank ${rk}`).toEqual([]);
    }
  });

  itLong('rank-deficient, zero and all-ones matrices on both paths', () => {
    const next = rng(9004);
    // The JavaScript checks cost O(m·n·k): the large shape (gemm path) gets the rank-5 matrix only.
    for (const [m, n] of [[67, 33], [33, 67], [520, 515]] as const) {
      const k = Math.min(m, n);
      const rk = 5;
      const L = mul(randn(next, m * rk), randn(next, rk * n), m, rk, n);
      const zero = new Float64Array(m * n), ones = new Float64Array(m * n).fill(1);
      const cases = m >= 512 ? [['rank 5', L]] as const : [['rank 5', L], ['zero', zero], ['ones', ones]] as const;
      for (const [label, A] of cases) {
        for (const pivoted of [false, true]) {
          const r = run(core, m, n, A, pivoted);
          expect(problems(A, m, n, r, pivoted), `${m}×${n} ${label} pivoted=${pivoted}`).toEqual([]);
          for (const v of r.Q) expect(Number.isFinite(v)).toBe(true);
        }
      }
      // The zero matrix: Q = [I; 0] exactly (every reflector is the identity; ±0 alike), R = 0.
      const r = run(core, m, n, zero, false);
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) expect(r.Q[i * k + j] === (i === j ? 1 : 0)).toBe(true);
      expect(r.R.every((v) => v === 0)).toBe(true);
    }
  });
});

describe('blocked Householder QR: the two builds agree', () => {
  itLong('R of full-rank matrices on both paths', async () => {
    const [a, b] = await Promise.all(BUILDS.map((bd) => loadRaw(bd)));
    const next = rng(9005);
    for (const [m, n] of [[1031, 37], [131, 97], [544, 513]] as const) {
      const A = randn(next, m * n);
      const ra = run(a!, m, n, A, false), rb = run(b!, m, n, A, false);
      // Gaussian matrices of these shapes are well conditioned (κ ≲ 10³ for 544 × 513).
      expect(relDiff(ra.R, rb.R, fro(A))).toBeLessThanOrEqual(1e3 * C_TOL * Math.max(m, n) * EPS);
    }
  });
});
