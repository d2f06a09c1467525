// The decompositions of the core (qr, qr_pivoted, svd_thin, eig_sym, lu) on both builds: backward error
// and orthogonality on random matrices (fast-check draws the shape and a seed for the entries, so
// failures shrink to small shapes), fixed large cases up to 256 × 256 and 4096 × 128, rank-deficient and
// zero matrices, and every bad-argument path. Tolerances: see the acceptance checks in ./raw.ts.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import {
  BUILDS, S, EPS, C_TOL, type Raw, type ExportCase, loadRaw, rng, randn, mul, tr, fro, diff, eye, scaleCols,
  reconstructs, orthonormal, permuteCols, isPermutation, snapshot, sameSnapshot, materialize, rejections,
  nonfiniteInputs, withSingularValues,
} from './raw.js';
import { itLong } from '../helpers/long.js';

const SEED = 20240611;
const dimArb = (max: number) => fc.integer({ min: 1, max });

function runQr(core: Raw, m: number, n: number, A: Float64Array, pivoted: boolean) {
  const k = Math.min(m, n);
  return core.scoped(() => {
    const pA = core.put(A), pQ = core.allocF64(m * k), pR = core.allocF64(k * n), pP = core.alloc(4 * n);
    const top = core.heapTop();
    const st = pivoted ? core.call('qr_pivoted', m, n, pA, pQ, pR, pP) : core.call('qr', m, n, pA, pQ, pR);
    // The call resets the arena to its entry mark and leaves its input alone.
    expect(core.heapTop()).toBe(top);
    expect(Array.from(core.get(pA, m * n))).toEqual(Array.from(A));
    return { st, k, Q: core.get(pQ, m * k), R: core.get(pR, k * n), perm: core.getI32(pP, n) };
  });
}

function runSvd(core: Raw, m: number, n: number, A: Float64Array) {
  const k = Math.min(m, n);
  return core.scoped(() => {
    const pA = core.put(A), pU = core.allocF64(m * k), pS = core.allocF64(k), pV = core.allocF64(n * k);
    const top = core.heapTop();
    const st = core.call('svd_thin', m, n, pA, pU, pS, pV);
    expect(core.heapTop()).toBe(top);
    return { st, k, U: core.get(pU, m * k), S: core.get(pS, k), V: core.get(pV, n * k) };
  });
}

function runSvdRight(core: Raw, m: number, n: number, A: Float64Array) {
  const k = Math.min(m, n);
  return core.scoped(() => {
    const pA = core.put(A), pS = core.allocF64(k), pV = core.allocF64(n * k);
    const top = core.heapTop();
    const st = core.call('svd_right', m, n, pA, pS, pV);
    expect(core.heapTop()).toBe(top);
    expect(Array.from(core.get(pA, m * n))).toEqual(Array.from(A));
    return { st, k, S: core.get(pS, k), V: core.get(pV, n * k) };
  });
}

/** Aᵀ of a row-major m × n A. */
function transposeOf(A: Float64Array, m: number, n: number): Float64Array {
  const T = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) T[j * m + i] = A[i * n + j]!;
  return T;
}

function runEig(core: Raw, n: number, A: Float64Array) {
  return core.scoped(() => {
    const pA = core.put(A), pW = core.allocF64(n), pV = core.allocF64(n * n);
    const top = core.heapTop();
    const st = core.call('eig_sym', n, pA, pW, pV);
    expect(core.heapTop()).toBe(top);
    return { st, W: core.get(pW, n), V: core.get(pV, n * n) };
  });
}

function runLu(core: Raw, n: number, A: Float64Array) {
  return core.scoped(() => {
    const pA = core.put(A), pLU = core.allocF64(n * n), pP = core.alloc(4 * n);
    const st = core.call('lu', n, pA, pLU, pP);
    return { st, LU: core.get(pLU, n * n), perm: core.getI32(pP, n) };
  });
}

/** Everything a QR result must satisfy; returns the list of violations (empty = accepted). */
function qrProblems(A: Float64Array, m: number, n: number, r: ReturnType<typeof runQr>, pivoted: boolean): string[] {
  const { k, Q, R, perm } = r;
  const out: string[] = [];
  if (r.st !== S.OK) return [`status ${r.st}`];
  if (pivoted && !isPermutation(perm, n)) out.push('perm is not a permutation');
  const AP = pivoted ? permuteCols(A, m, n, perm) : A;
  const rec = reconstructs(AP, Q, R, m, k, n);
  if (!rec.ok) out.push(`‖AP − QR‖ = ${rec.err} > ${rec.tol}`);
  const orth = orthonormal(Q, m, k);
  if (!orth.ok) out.push(`‖QᵀQ − I‖ = ${orth.err} > ${orth.tol}`);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < Math.min(i, n); j++) if (R[i * n + j] !== 0) out.push(`R[${i},${j}] = ${R[i * n + j]} below the diagonal`);
    if (!(R[i * n + i]! >= 0)) out.push(`R[${i},${i}] = ${R[i * n + i]} < 0`);
  }
  if (pivoted) {
    // Pivot choice uses downdated norms, whose relative error the dlaqp2 safeguard keeps ≲ √ε: the
    // diagonal is non-increasing up to that, plus an absolute ε‖A‖ for the rank-deficient tail.
    const slack = 8 * Math.sqrt(EPS), abs = C_TOL * Math.max(m, n) * EPS * fro(A);
    for (let i = 0; i + 1 < k; i++) {
      if (R[(i + 1) * n + i + 1]! > R[i * n + i]! * (1 + slack) + abs) out.push(`|R| diagonal increases at ${i}`);
    }
  }
  return out;
}

function svdProblems(A: Float64Array, m: number, n: number, r: ReturnType<typeof runSvd>): string[] {
  const { k, U, S: s, V } = r;
  if (r.st !== S.OK) return [`status ${r.st}`];
  const out: string[] = [];
  const rec = reconstructs(A, scaleCols(U, m, k, s), tr(V, n, k), m, k, n);
  if (!rec.ok) out.push(`‖A − UΣVᵀ‖ = ${rec.err} > ${rec.tol}`);
  const ou = orthonormal(U, m, k), ov = orthonormal(V, n, k);
  if (!ou.ok) out.push(`‖UᵀU − I‖ = ${ou.err} > ${ou.tol}`);
  if (!ov.ok) out.push(`‖VᵀV − I‖ = ${ov.err} > ${ov.tol}`);
  for (let i = 0; i < k; i++) {
    if (!(s[i]! >= 0)) out.push(`σ${i} = ${s[i]} < 0`);
    if (i > 0 && s[i]! > s[i - 1]!) out.push(`σ not descending at ${i}`);
  }
  return out;
}

function eigProblems(A: Float64Array, n: number, r: ReturnType<typeof runEig>): string[] {
  if (r.st !== S.OK) return [`status ${r.st}`];
  const { W, V } = r;
  const out: string[] = [];
  // The decomposition is of the symmetric part; ‖AV − VW‖ ≤ C_TOL · n · ε · ‖A‖_F.
  const Sym = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Sym[i * n + j] = (A[i * n + j]! + A[j * n + i]!) / 2;
  const err = fro(diff(mul(Sym, V, n, n, n), scaleCols(V, n, n, W)));
  const tol = C_TOL * n * EPS * fro(Sym);
  if (!(err <= tol)) out.push(`‖AV − VW‖ = ${err} > ${tol}`);
  const o = orthonormal(V, n, n);
  if (!o.ok) out.push(`‖VᵀV − I‖ = ${o.err} > ${o.tol}`);
  for (let i = 1; i < n; i++) if (W[i]! < W[i - 1]!) out.push(`W not ascending at ${i}`);
  return out;
}

function luProblems(A: Float64Array, n: number, r: ReturnType<typeof runLu>): string[] {
  if (r.st !== S.OK) return [`status ${r.st}`];
  const { LU, perm } = r;
  const out: string[] = [];
  if (!isPermutation(perm, n)) return ['perm is not a permutation'];
  const L = eye(n), U = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (j < i) L[i * n + j] = LU[i * n + j]!; else U[i * n + j] = LU[i * n + j]!;
    if (j < i && Math.abs(LU[i * n + j]!) > 1) out.push(`|L[${i},${j}]| > 1 despite partial pivoting`);
  }
  const PA = new Float64Array(n * n);
  for (let i = 0; i < n; i++) PA.set(A.subarray(perm[i]! * n, perm[i]! * n + n), i * n);
  // Higham Thm 9.3: |PA − LU| ≤ γ_n |L||U|, so compare against ‖|L||U|‖_F.
  const absLU = mul(L.map(Math.abs), U.map(Math.abs), n, n, n);
  const err = fro(diff(PA, mul(L, U, n, n, n)));
  const tol = C_TOL * n * EPS * fro(absLU);
  if (!(err <= tol)) out.push(`‖PA − LU‖ = ${err} > ${tol}`);
  return out;
}

/** A random m × n matrix of rank r: the product of Gaussian m × r and r × n factors. */
function lowRank(next: () => number, m: number, n: number, r: number): Float64Array {
  return mul(randn(next, m * r), randn(next, r * n), m, r, n);
}

const DECOMP_CASES: ExportCase[] = [
  { name: 'qr', args: [5, 3, 0, 0, 0], dims: [0, 1], ptrs: [
    { at: 2, type: 'f64', count: 15, role: 'in' }, { at: 3, type: 'f64', count: 15, role: 'out' }, { at: 4, type: 'f64', count: 9, role: 'out' }] },
  { name: 'qr_pivoted', args: [3, 5, 0, 0, 0, 0], dims: [0, 1], ptrs: [
    { at: 2, type: 'f64', count: 15, role: 'in' }, { at: 3, type: 'f64', count: 9, role: 'out' },
    { at: 4, type: 'f64', count: 15, role: 'out' }, { at: 5, type: 'i32', count: 5, role: 'out' }] },
  { name: 'svd_thin', args: [4, 6, 0, 0, 0, 0], dims: [0, 1], ptrs: [
    { at: 2, type: 'f64', count: 24, role: 'in' }, { at: 3, type: 'f64', count: 16, role: 'out' },
    { at: 4, type: 'f64', count: 4, role: 'out' }, { at: 5, type: 'f64', count: 24, role: 'out' }] },
  { name: 'svd_right', args: [4, 6, 0, 0, 0], dims: [0, 1], ptrs: [
    { at: 2, type: 'f64', count: 24, role: 'in' }, { at: 3, type: 'f64', count: 4, role: 'out' }, { at: 4, type: 'f64', count: 24, role: 'out' }] },
  { name: 'eig_sym', args: [4, 0, 0, 0], dims: [0], ptrs: [
    { at: 1, type: 'f64', count: 16, role: 'in' }, { at: 2, type: 'f64', count: 4, role: 'out' }, { at: 3, type: 'f64', count: 16, role: 'out' }] },
  { name: 'lu', args: [4, 0, 0, 0], dims: [0], ptrs: [
    { at: 1, type: 'f64', count: 16, role: 'in' }, { at: 2, type: 'f64', count: 16, role: 'out' }, { at: 3, type: 'i32', count: 4, role: 'out' }] },
];

for (const build of BUILDS) {
  describe(`decompositions (${build})`, () => {
    let core: Raw;
    beforeAll(async () => { core = await loadRaw(build); });

    it('qr: A = QR, QᵀQ = I, R upper triangular with R[i,i] ≥ 0 (random shapes)', () => {
      fc.assert(fc.property(dimArb(40), dimArb(40), fc.integer(), (m, n, seed) => {
        const A = randn(rng(seed), m * n);
        expect(qrProblems(A, m, n, runQr(core, m, n, A, false), false)).toEqual([]);
      }), { seed: SEED, numRuns: 60 });
    });

    it('qr_pivoted: AP = QR, |R| diagonal non-increasing (random shapes, full and deficient rank)', () => {
      fc.assert(fc.property(dimArb(40), dimArb(40), fc.integer({ min: 0, max: 40 }), fc.integer(), (m, n, r0, seed) => {
        const next = rng(seed);
        const r = Math.min(r0, m, n);
        const A = r0 % 3 === 0 ? randn(next, m * n) : lowRank(next, m, n, r);
        expect(qrProblems(A, m, n, runQr(core, m, n, A, true), true)).toEqual([]);
      }), { seed: SEED + 1, numRuns: 60 });
    });

    itLong('qr and qr_pivoted on 256 × 256, 4096 × 128 and 100 × 300', () => {
      for (const [m, n] of [[256, 256], [4096, 128], [100, 300]] as const) {
        const A = randn(rng(m * 31 + n), m * n);
        expect(qrProblems(A, m, n, runQr(core, m, n, A, false), false)).toEqual([]);
        expect(qrProblems(A, m, n, runQr(core, m, n, A, true), true)).toEqual([]);
      }
    });

    it('qr: the diagonal of R is non-negative, so QR of a full-rank matrix is unique (build-independent)', () => {
      const A = randn(rng(7), 30 * 20);
      const r = runQr(core, 30, 20, A, false);
      // Uniqueness: R equals the Cholesky factor of AᵀA up to rounding; compare R's diagonal with it.
      const G = mul(tr(A, 30, 20), A, 20, 30, 20);
      expect(Math.abs(r.R[0]! - Math.sqrt(G[0]!))).toBeLessThan(1e-13 * Math.sqrt(G[0]!));
    });

    it('a deliberately corrupted R is rejected by the same reconstruction check', () => {
      const m = 64, n = 48;
      const A = randn(rng(99), m * n);
      const r = runQr(core, m, n, A, false);
      expect(qrProblems(A, m, n, r, false)).toEqual([]);
      // A broken kernel: one entry of R off by a relative 1e-6 (e.g. a dropped term in an update).
      const R = r.R.slice();
      R[1 * n + 5]! += 1e-6 * Math.abs(R[1 * n + 5]!) + 1e-6;
      expect(reconstructs(A, r.Q, R, m, r.k, n).ok).toBe(false);
      expect(qrProblems(A, m, n, { ...r, R }, false).length).toBeGreaterThan(0);
      // And a Q whose columns lost orthogonality (a reflector applied twice) fails the other check.
      const Q = r.Q.slice();
      for (let i = 0; i < m; i++) Q[i * r.k]! += 1e-9 * Q[i * r.k + 1]!;
      expect(orthonormal(Q, m, r.k).ok).toBe(false);
    });

    it('svd_thin: A = UΣVᵀ, orthonormal U and V, σ descending (random shapes)', () => {
      fc.assert(fc.property(dimArb(48), dimArb(48), fc.integer(), (m, n, seed) => {
        const A = randn(rng(seed), m * n);
        expect(svdProblems(A, m, n, runSvd(core, m, n, A))).toEqual([]);
      }), { seed: SEED + 2, numRuns: 60 });
    });

    it('svd_thin: rank-deficient and zero matrices keep U and V orthonormal', () => {
      fc.assert(fc.property(dimArb(30), dimArb(30), fc.integer({ min: 0, max: 30 }), fc.integer(), (m, n, r0, seed) => {
        const r = Math.min(r0, m, n);
        const A = lowRank(rng(seed), m, n, r);
        const res = runSvd(core, m, n, A);
        expect(svdProblems(A, m, n, res)).toEqual([]);
        // The trailing k − r singular values are rounding noise: ≤ c · max(m,n) · ε · σ₁.
        for (let i = r; i < res.k; i++) expect(res.S[i]!).toBeLessThanOrEqual(C_TOL * Math.max(m, n) * EPS * (res.S[0]! || 1));
      }), { seed: SEED + 3, numRuns: 60 });
      const Z = new Float64Array(7 * 5);
      const z = runSvd(core, 7, 5, Z);
      expect(Array.from(z.S)).toEqual([0, 0, 0, 0, 0]);
      expect(svdProblems(Z, 7, 5, z)).toEqual([]);
      expect(svdProblems(Z, 5, 7, runSvd(core, 5, 7, Z))).toEqual([]);
    });

    it('svd_right: S and V of svd_thin bit for bit; for a wide A, svd_right(Aᵀ).V is svd_thin(A).U bit for bit', () => {
      fc.assert(fc.property(dimArb(40), dimArb(40), fc.integer({ min: 0, max: 40 }), fc.integer(), (m, n, r0, seed) => {
        const next = rng(seed);
        const A = r0 % 3 === 0 ? randn(next, m * n) : lowRank(next, m, n, Math.min(r0, m, n));
        const full = runSvd(core, m, n, A), right = runSvdRight(core, m, n, A);
        expect(right.st).toBe(full.st);
        expect(Array.from(right.S)).toEqual(Array.from(full.S));
        expect(Array.from(right.V)).toEqual(Array.from(full.V));
        // The left vectors by the transpose (what rank.ts rankedColumnSpace relies on for wide matrices).
        if (m < n) {
          const t = runSvdRight(core, n, m, transposeOf(A, m, n));
          expect(Array.from(t.S)).toEqual(Array.from(full.S));
          expect(Array.from(t.V)).toEqual(Array.from(full.U));
        }
      }), { seed: SEED + 9, numRuns: 60 });
      const Z = new Float64Array(7 * 5);
      const z = runSvdRight(core, 7, 5, Z);
      expect(Array.from(z.S)).toEqual([0, 0, 0, 0, 0]);
      expect(Array.from(z.V)).toEqual(Array.from(runSvd(core, 7, 5, Z).V));
    });

    it('svd_thin: known singular values (κ up to 1e12) are recovered to ε·σ₁ absolute', () => {
      const next = rng(1234);
      for (const [m, n] of [[60, 40], [40, 60], [50, 50]] as const) {
        const k = Math.min(m, n);
        const s = Array.from({ length: k }, (_, i) => 10 ** (-12 * i / (k - 1)));
        const A = withSingularValues(core, next, m, n, s);
        const res = runSvd(core, m, n, A);
        expect(svdProblems(A, m, n, res)).toEqual([]);
        for (let i = 0; i < k; i++) expect(Math.abs(res.S[i]! - s[i]!)).toBeLessThanOrEqual(C_TOL * Math.max(m, n) * EPS);
      }
    });

    itLong('svd_thin on 256 × 256, 4096 × 128 and 128 × 1000', () => {
      for (const [m, n] of [[256, 256], [4096, 128], [128, 1000]] as const) {
        const A = randn(rng(m + n), m * n);
        const res = runSvd(core, m, n, A);
        expect(svdProblems(A, m, n, res)).toEqual([]);
      }
    });

    it('structured rank-one matrices: residuals decay into subnormals without NaN (all ones, 200 × 150)', () => {
      // Pivoted QR of an all-ones matrix leaves rounding residue that shrinks ~1e-15 per step, reaching
      // subnormal numbers after ~20 steps: norms and reflectors must stay finite there.
      for (const [m, n] of [[200, 150], [150, 200]] as const) {
        const A = new Float64Array(m * n).fill(1);
        const q = runQr(core, m, n, A, true);
        expect(qrProblems(A, m, n, q, true)).toEqual([]);
        const res = runSvd(core, m, n, A);
        expect(svdProblems(A, m, n, res)).toEqual([]);
        expect(Math.abs(res.S[0]! - Math.sqrt(m * n))).toBeLessThanOrEqual(C_TOL * Math.max(m, n) * EPS * Math.sqrt(m * n));
        expect(res.S[1]!).toBeLessThanOrEqual(C_TOL * Math.max(m, n) * EPS * res.S[0]!);
      }
    });

    it('svd_thin: tiny shapes and scaling extremes', () => {
      const one = runSvd(core, 1, 1, Float64Array.of(-3));
      expect(Array.from(one.S)).toEqual([3]);
      expect(one.U[0]! * one.V[0]!).toBe(-1);
      for (const scale of [1e-300, 1e300, 2 ** -1060]) {
        const A = randn(rng(5), 12 * 9).map((v) => v * scale);
        const res = runSvd(core, 12, 9, A);
        expect(res.st).toBe(S.OK);
        const B = A.map((v) => v / scale);
        const ref = runSvd(core, 12, 9, B);
        // Subnormal results carry fewer bits: allow a few units of 2^-1074 (the subnormal spacing) too.
        const ulpFloor = 4 * 2 ** -1074 / scale;
        for (let i = 0; i < 9; i++) expect(Math.abs(res.S[i]! / scale - ref.S[i]!)).toBeLessThanOrEqual(1e-14 * ref.S[0]! + ulpFloor);
      }
    });

    it('eig_sym: AV = VW, VᵀV = I, W ascending (random shapes, symmetric part of a general A)', () => {
      fc.assert(fc.property(dimArb(40), fc.integer(), (n, seed) => {
        const A = randn(rng(seed), n * n);
        expect(eigProblems(A, n, runEig(core, n, A))).toEqual([]);
      }), { seed: SEED + 4, numRuns: 60 });
    });

    it('eig_sym: known spectra (repeated, zero and graded eigenvalues) and 256 × 256', () => {
      const next = rng(77);
      const n = 30;
      const w = Array.from({ length: n }, (_, i) => (i < 10 ? 0 : i < 20 ? 2 : -(10 ** -(i - 20))));
      const Qo = withSingularValues(core, next, n, n, new Array(n).fill(1)); // a random orthogonal matrix
      const A = mul(scaleCols(Qo, n, n, w), tr(Qo, n, n), n, n, n);
      const r = runEig(core, n, A);
      expect(eigProblems(A, n, r)).toEqual([]);
      const sorted = w.slice().sort((a, b) => a - b);
      for (let i = 0; i < n; i++) expect(Math.abs(r.W[i]! - sorted[i]!)).toBeLessThanOrEqual(C_TOL * n * EPS * 2);
      expect(eigProblems(eye(5), 5, runEig(core, 5, eye(5)))).toEqual([]);
      expect(eigProblems(new Float64Array(9), 3, runEig(core, 3, new Float64Array(9)))).toEqual([]);
      const big = randn(rng(256), 256 * 256);
      const rb = runEig(core, 256, big);
      expect(eigProblems(big, 256, rb)).toEqual([]);
    });

    it('lu: PA = LU with |L| ≤ 1 (random shapes, 256 × 256), singular matrices still factor', () => {
      fc.assert(fc.property(dimArb(40), fc.integer(), (n, seed) => {
        const A = randn(rng(seed), n * n);
        expect(luProblems(A, n, runLu(core, n, A))).toEqual([]);
      }), { seed: SEED + 5, numRuns: 60 });
      const big = randn(rng(3), 256 * 256);
      expect(luProblems(big, 256, runLu(core, 256, big))).toEqual([]);
      const sing = lowRank(rng(4), 6, 6, 3);
      sing.fill(0, 0, 6); // a zero first row does not stop the factorization
      const zero = runLu(core, 4, new Float64Array(16));
      expect(zero.st).toBe(S.OK);
      expect(Array.from(zero.perm)).toEqual([0, 1, 2, 3]);
      expect(luProblems(sing, 6, runLu(core, 6, sing))).toEqual([]);
      const exact = runLu(core, 3, Float64Array.of(1, 2, 3, 2, 4, 6, 1, 0, 1)); // rank 2
      expect(exact.st).toBe(S.OK);
      expect([0, 1, 2].some((i) => exact.LU[i * 3 + i] === 0)).toBe(true);
    });

    it('both builds agree on the decompositions to rounding', async () => {
      const other = await loadRaw(build === 'release' ? 'scalar' : 'release');
      const A = randn(rng(11), 50 * 30);
      const a = runSvd(core, 50, 30, A), b = runSvd(other, 50, 30, A);
      for (let i = 0; i < 30; i++) expect(Math.abs(a.S[i]! - b.S[i]!)).toBeLessThanOrEqual(C_TOL * 50 * EPS * a.S[0]!);
      // QR with a non-negative diagonal is unique: the factors agree entrywise.
      const qa = runQr(core, 50, 30, A, false), qb = runQr(other, 50, 30, A, false);
      expect(fro(diff(qa.R, qb.R))).toBeLessThanOrEqual(C_TOL * 50 * EPS * fro(A) * 10);
    });

    describe('bad arguments are refused and write nothing', () => {
      for (const c of DECOMP_CASES) {
        it(c.name, () => {
          core.scoped(() => {
            const args = materialize(core, c, 5);
            const snap0 = snapshot(core);
            expect(core.call(c.name, ...args)).toBe(S.OK);
            // restore sentinels so every rejection starts from the same bytes
            core.bytes().set(snap0.bytes, core.call('heap_base') >>> 0);
            for (const rj of rejections(core, c, args)) {
              const snap = snapshot(core);
              expect(core.call(c.name, ...rj.args), rj.label).toBe(rj.want);
              expect(sameSnapshot(core, snap), rj.label).toBe(true);
            }
            for (const nf of nonfiniteInputs(core, c, args)) {
              const undo = nf.set();
              const snap = snapshot(core);
              expect(core.call(c.name, ...args), nf.label).toBe(S.E_NONFINITE);
              expect(sameSnapshot(core, snap), nf.label).toBe(true);
              undo();
            }
          });
        });
      }
    });
  });
}
