// Operations derived from the decompositions (solve, inverse, det, logdet, pinv, lstsq, rank, col_basis,
// null_basis, projector, principal_angles, cond2) on both builds: residual/backward-error checks on
// random matrices, constructed matrices with known rank, angles and singular values, edge cases
// (singular, zero, overflowing determinants) and every bad-argument path. Tolerances: see ./raw.ts;
// where a result's accuracy depends on conditioning, the bound carries κ = σ₁/σ_r explicitly.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import {
  BUILDS, S, EPS, C_TOL, type Raw, type ExportCase, loadRaw, rng, randn, mul, tr, fro, diff, eye, cols,
  orthonormal, snapshot, sameSnapshot, materialize, rejections, nonfiniteInputs, withSingularValues,
  randomOrthonormal,
} from './raw.js';

const SEED = 777_2024;
const dimArb = (max: number) => fc.integer({ min: 1, max });

function lowRank(next: () => number, m: number, n: number, r: number): Float64Array {
  return mul(randn(next, m * r), randn(next, r * n), m, r, n);
}

/** σ of A from the core's svd_thin (already tested in decomp.test.ts). */
function sigmas(core: Raw, m: number, n: number, A: Float64Array): Float64Array {
  const k = Math.min(m, n);
  return core.scoped(() => {
    const pA = core.put(A), pU = core.allocF64(m * k), pS = core.allocF64(k), pV = core.allocF64(n * k);
    expect(core.call('svd_thin', m, n, pA, pU, pS, pV)).toBe(S.OK);
    return core.get(pS, k);
  });
}

/** Call an export whose f64 inputs are the given arrays; returns status and a reader for outputs. */
function call(core: Raw, name: string, build: (put: (a: Float64Array) => number, out: (count: number) => number) => number[]) {
  const outs: number[] = [];
  const args = build((a) => core.put(a), (count) => { const p = core.alloc(count * 8); outs.push(p); return p; });
  const top = core.heapTop();
  const st = core.call(name, ...args);
  expect(core.heapTop(), `${name} resets the arena`).toBe(top);
  return { st, outs };
}

function pinvOf(core: Raw, m: number, n: number, A: Float64Array, rtol = -1) {
  return core.scoped(() => {
    const { st, outs } = call(core, 'pinv', (put, out) => [m, n, put(A), rtol, out(n * m)]);
    return { st, X: core.get(outs[0]!, n * m) };
  });
}

function scalarI32(core: Raw, name: string, args: (put: (a: Float64Array) => number) => number[]): { st: number; v: number } {
  return core.scoped(() => {
    const o = core.alloc(8);
    const st = core.call(name, ...args((a) => core.put(a)), o);
    return { st, v: core.getI32(o, 1)[0]! };
  });
}

function scalarF64(core: Raw, name: string, args: (put: (a: Float64Array) => number) => number[]): { st: number; v: number } {
  return core.scoped(() => {
    const o = core.alloc(8);
    const st = core.call(name, ...args((a) => core.put(a)), o);
    return { st, v: core.get(o, 1)[0]! };
  });
}

function basis(core: Raw, name: 'col_basis' | 'null_basis', m: number, n: number, A: Float64Array, rtol = -1) {
  return core.scoped(() => {
    const cap = name === 'col_basis' ? m * Math.min(m, n) : n * n;
    const pA = core.put(A), pO = core.allocF64(cap), pD = core.alloc(8);
    const st = core.call(name, m, n, pA, rtol, pO, pD);
    const d = core.getI32(pD, 1)[0]!;
    const rows = name === 'col_basis' ? m : n;
    return { st, d, B: core.get(pO, rows * d) };
  });
}

function angles(core: Raw, m: number, p: number, q: number, A: Float64Array, B: Float64Array, rtol = -1) {
  return core.scoped(() => {
    const pA = core.put(A), pB = core.put(B), pO = core.allocF64(Math.min(p, q)), pC = core.alloc(8);
    const st = core.call('principal_angles', m, p, q, pA, pB, rtol, pO, pC);
    const c = core.getI32(pC, 1)[0]!;
    return { st, c, th: core.get(pO, c) };
  });
}

/**
 * The four Penrose conditions for X = A⁺ (A m × n of rank r, κ = σ₁/σ_r): AXA = A, XAX = X,
 * (AX)ᵀ = AX, (XA)ᵀ = XA. Perturbation theory of the pseudo-inverse puts the error of X at ~ε·κ·‖X‖,
 * so each residual is bounded by C_TOL · max(m, n) · ε · κ times the natural scale of the product.
 */
function penroseProblems(A: Float64Array, X: Float64Array, m: number, n: number, kappa: number): string[] {
  const out: string[] = [];
  const tol = C_TOL * Math.max(m, n) * EPS * kappa;
  const AX = mul(A, X, m, n, m), XA = mul(X, A, n, m, n);
  const nA = fro(A), nX = fro(X);
  const e1 = fro(diff(mul(AX, A, m, m, n), A)) / nA;
  const e2 = nX === 0 ? 0 : fro(diff(mul(XA, X, n, n, m), X)) / nX;
  const e3 = fro(diff(AX, tr(AX, m, m)));
  const e4 = fro(diff(XA, tr(XA, n, n)));
  if (!(e1 <= tol)) out.push(`‖AXA − A‖/‖A‖ = ${e1} > ${tol}`);
  if (!(e2 <= tol)) out.push(`‖XAX − X‖/‖X‖ = ${e2} > ${tol}`);
  if (!(e3 <= tol)) out.push(`‖AX − (AX)ᵀ‖ = ${e3} > ${tol}`);
  if (!(e4 <= tol)) out.push(`‖XA − (XA)ᵀ‖ = ${e4} > ${tol}`);
  return out;
}

/** Subspaces with prescribed principal angles: A = Q[:, :c] G, B = (Q[:, :c] cos θ + Q[:, c:2c] sin θ) H. */
function withAngles(core: Raw, next: () => number, m: number, theta: number[], mixA: Float64Array | null, mixB: Float64Array | null) {
  const c = theta.length;
  const Q = randomOrthonormal(core, next, m, 2 * c);
  const Qa = cols(Q, m, 2 * c, 0, c);
  const Qb = new Float64Array(m * c);
  for (let i = 0; i < m; i++) for (let j = 0; j < c; j++) {
    Qb[i * c + j] = Math.cos(theta[j]!) * Q[i * 2 * c + j]! + Math.sin(theta[j]!) * Q[i * 2 * c + c + j]!;
  }
  return { A: mixA ? mul(Qa, mixA, m, c, c) : Qa, B: mixB ? mul(Qb, mixB, m, c, c) : Qb };
}

const DERIVED_CASES: ExportCase[] = [
  { name: 'solve', args: [4, 3, 0, 0, 0], dims: [0, 1], ptrs: [
    { at: 2, type: 'f64', count: 16, role: 'in' }, { at: 3, type: 'f64', count: 12, role: 'in' }, { at: 4, type: 'f64', count: 12, role: 'out' }] },
  { name: 'inverse', args: [4, 0, 0], dims: [0], ptrs: [
    { at: 1, type: 'f64', count: 16, role: 'in' }, { at: 2, type: 'f64', count: 16, role: 'out' }] },
  { name: 'det', args: [4, 0, 0], dims: [0], ptrs: [
    { at: 1, type: 'f64', count: 16, role: 'in' }, { at: 2, type: 'f64', count: 1, role: 'out' }] },
  { name: 'logdet', args: [4, 0, 0, 0], dims: [0], ptrs: [
    { at: 1, type: 'f64', count: 16, role: 'in' }, { at: 2, type: 'f64', count: 1, role: 'out' }, { at: 3, type: 'f64', count: 1, role: 'out' }] },
  { name: 'pinv', args: [5, 3, 0, -1, 0], dims: [0, 1], rtol: 3, ptrs: [
    { at: 2, type: 'f64', count: 15, role: 'in' }, { at: 4, type: 'f64', count: 15, role: 'out' }] },
  { name: 'lstsq', args: [5, 3, 2, 0, 0, -1, 0], dims: [0, 1, 2], rtol: 5, ptrs: [
    { at: 3, type: 'f64', count: 15, role: 'in' }, { at: 4, type: 'f64', count: 10, role: 'in' }, { at: 6, type: 'f64', count: 6, role: 'out' }] },
  { name: 'rank', args: [3, 5, 0, -1, 0], dims: [0, 1], rtol: 3, ptrs: [
    { at: 2, type: 'f64', count: 15, role: 'in' }, { at: 4, type: 'i32', count: 1, role: 'out' }] },
  { name: 'col_basis', args: [5, 3, 0, -1, 0, 0], dims: [0, 1], rtol: 3, ptrs: [
    { at: 2, type: 'f64', count: 15, role: 'in' }, { at: 4, type: 'f64', count: 15, role: 'out' }, { at: 5, type: 'i32', count: 1, role: 'out' }] },
  { name: 'null_basis', args: [3, 5, 0, -1, 0, 0], dims: [0, 1], rtol: 3, ptrs: [
    { at: 2, type: 'f64', count: 15, role: 'in' }, { at: 4, type: 'f64', count: 25, role: 'out' }, { at: 5, type: 'i32', count: 1, role: 'out' }] },
  { name: 'projector', args: [5, 3, 0, -1, 0], dims: [0, 1], rtol: 3, ptrs: [
    { at: 2, type: 'f64', count: 15, role: 'in' }, { at: 4, type: 'f64', count: 25, role: 'out' }] },
  { name: 'principal_angles', args: [6, 2, 3, 0, 0, -1, 0, 0], dims: [0, 1, 2], rtol: 5, ptrs: [
    { at: 3, type: 'f64', count: 12, role: 'in' }, { at: 4, type: 'f64', count: 18, role: 'in' },
    { at: 6, type: 'f64', count: 2, role: 'out' }, { at: 7, type: 'i32', count: 1, role: 'out' }] },
  { name: 'cond2', args: [5, 3, 0, 0], dims: [0, 1], ptrs: [
    { at: 2, type: 'f64', count: 15, role: 'in' }, { at: 3, type: 'f64', count: 1, role: 'out' }] },
];

for (const build of BUILDS) {
  describe(`derived operations (${build})`, () => {
    let core: Raw;
    beforeAll(async () => { core = await loadRaw(build); });

    it('solve and inverse: normwise backward error ≤ C_TOL · n · ε (random shapes, 256 × 256)', () => {
      const check = (n: number, nrhs: number, seed: number) => core.scoped(() => {
        const next = rng(seed);
        const A = randn(next, n * n), B = randn(next, n * nrhs);
        const { st, outs } = call(core, 'solve', (put, out) => [n, nrhs, put(A), put(B), out(n * nrhs)]);
        expect(st).toBe(S.OK);
        const X = core.get(outs[0]!, n * nrhs);
        // Rigal–Gaches backward error ‖AX − B‖ / (‖A‖‖X‖ + ‖B‖); LU with partial pivoting keeps it O(nε).
        const eta = fro(diff(mul(A, X, n, n, nrhs), B)) / (fro(A) * fro(X) + fro(B));
        expect(eta).toBeLessThanOrEqual(C_TOL * n * EPS);
        const inv = call(core, 'inverse', (put, out) => [n, put(A), out(n * n)]);
        expect(inv.st).toBe(S.OK);
        const Xi = core.get(inv.outs[0]!, n * n);
        expect(fro(diff(mul(A, Xi, n, n, n), eye(n))) / (fro(A) * fro(Xi))).toBeLessThanOrEqual(C_TOL * n * EPS);
      });
      fc.assert(fc.property(dimArb(40), dimArb(5), fc.integer(), (n, r, seed) => { check(n, r, seed); }), { seed: SEED, numRuns: 40 });
      check(256, 3, 1);
    });

    it('solve / inverse: E_SINGULAR on an exact zero pivot, output untouched', () => {
      core.scoped(() => {
        const A = Float64Array.of(1, 2, 3, 2, 4, 6, 1, 0, 1);
        const pA = core.put(A), pB = core.put(Float64Array.of(1, 2, 3)), pX = core.put(Float64Array.of(7, 7, 7));
        const pI = core.put(new Float64Array(9).fill(7));
        const top = core.heapTop();
        expect(core.call('solve', 3, 1, pA, pB, pX)).toBe(S.E_SINGULAR);
        expect(core.call('inverse', 3, pA, pI)).toBe(S.E_SINGULAR);
        // The failure happens after the workspace was taken: the arena must be back at its entry mark.
        expect(core.heapTop()).toBe(top);
        expect(Array.from(core.get(pX, 3))).toEqual([7, 7, 7]);
        expect(Array.from(core.get(pI, 9))).toEqual(new Array(9).fill(7));
      });
    });

    it('det and logdet: exact small cases, singular, no spurious overflow, consistency', () => {
      // L U with integer factors: det = Π u_ii exactly; pivoting reorders but the value is small-integer exact.
      const A = mul(Float64Array.of(1, 0, 0, 2, 1, 0, -1, 3, 1), Float64Array.of(2, 1, 1, 0, -3, 2, 0, 0, 5), 3, 3, 3);
      const d = scalarF64(core, 'det', (put) => [3, put(A)]);
      expect(d.st).toBe(S.OK);
      expect(Math.abs(d.v - -30)).toBeLessThanOrEqual(1e-13 * 30);
      expect(scalarF64(core, 'det', (put) => [3, put(Float64Array.of(1, 2, 3, 2, 4, 6, 1, 0, 1))]).v).toBe(0);
      const ld = (n: number, M: Float64Array) => core.scoped(() => {
        const pA = core.put(M), pL = core.alloc(8), pS = core.alloc(8);
        expect(core.call('logdet', n, pA, pL, pS)).toBe(S.OK);
        return { l: core.get(pL, 1)[0]!, s: core.get(pS, 1)[0]! };
      });
      expect(ld(3, A)).toEqual({ l: expect.closeTo(Math.log(30), 14), s: -1 });
      expect(ld(3, Float64Array.of(1, 2, 3, 2, 4, 6, 1, 0, 1))).toEqual({ l: -Infinity, s: 0 });
      // diag(1e200, 1e200, 1e-200, 1e-200): the running product would overflow; det is 1.
      const D = new Float64Array(16);
      [1e200, 1e200, 1e-200, 1e-200].forEach((v, i) => { D[i * 5] = v; });
      expect(Math.abs(scalarF64(core, 'det', (put) => [4, put(D)]).v - 1)).toBeLessThanOrEqual(8 * EPS);
      // 2·I of order 1100: det overflows to +∞ (correctly), logdet = 1100 ln 2.
      const n = 1100, T = new Float64Array(n * n);
      for (let i = 0; i < n; i++) T[i * n + i] = i === 0 ? -2 : 2;
      expect(scalarF64(core, 'det', (put) => [n, put(T)]).v).toBe(-Infinity);
      const big = ld(n, T);
      expect(big.s).toBe(-1);
      expect(Math.abs(big.l - n * Math.LN2)).toBeLessThanOrEqual(16 * EPS * n * Math.LN2);
      // Random: exp(logdet)·sign = det (relative, both from one LU).
      fc.assert(fc.property(dimArb(30), fc.integer(), (m, seed) => {
        const M = randn(rng(seed), m * m);
        const dv = scalarF64(core, 'det', (put) => [m, put(M)]).v;
        const r = ld(m, M);
        expect(Math.abs(r.s * Math.exp(r.l) - dv)).toBeLessThanOrEqual(1e-12 * Math.abs(dv));
      }), { seed: SEED + 1, numRuns: 30 });
    });

    it('pinv: the four Penrose conditions (random full-rank and constructed rank-deficient, tall and wide)', () => {
      fc.assert(fc.property(dimArb(40), dimArb(40), fc.integer({ min: 0, max: 40 }), fc.integer(), (m, n, r0, seed) => {
        const next = rng(seed);
        const r = Math.min(r0, m, n);
        const A = r0 % 2 === 0 ? randn(next, m * n) : lowRank(next, m, n, r);
        const s = sigmas(core, m, n, A);
        const rk = scalarI32(core, 'rank', (put) => [m, n, put(A), -1]).v;
        const kappa = rk === 0 ? 1 : s[0]! / s[rk - 1]!;
        const { st, X } = pinvOf(core, m, n, A);
        expect(st).toBe(S.OK);
        expect(penroseProblems(A, X, m, n, kappa)).toEqual([]);
      }), { seed: SEED + 2, numRuns: 50 });
      const big = randn(rng(9), 256 * 200);
      const s = sigmas(core, 256, 200, big);
      expect(penroseProblems(big, pinvOf(core, 256, 200, big).X, 256, 200, s[0]! / s[199]!)).toEqual([]);
    });

    it('pinv: rtol drops small singular values; zero matrix gives zero', () => {
      const next = rng(31);
      const A = withSingularValues(core, next, 8, 6, [1, 0.5, 1e-3, 1e-9, 1e-12, 1e-15]);
      // rtol = 1e-6 keeps σ = 1, 0.5, 1e-3: the result is the pseudo-inverse of the rank-3 truncation.
      const X = pinvOf(core, 8, 6, A, 1e-6).X;
      expect(fro(X)).toBeLessThan(1e3 * 1.01 * Math.sqrt(3));
      expect(Array.from(pinvOf(core, 3, 4, new Float64Array(12)).X)).toEqual(new Array(12).fill(0));
    });

    it('lstsq: equals A⁺B, satisfies the normal equations, handles rank deficiency', () => {
      fc.assert(fc.property(dimArb(30), dimArb(30), dimArb(4), fc.integer({ min: 0, max: 30 }), fc.integer(), (m, n, nrhs, r0, seed) => {
        const next = rng(seed);
        const r = Math.min(r0, m, n);
        const A = r0 % 2 === 0 ? randn(next, m * n) : lowRank(next, m, n, r);
        const B = randn(next, m * nrhs);
        const X = core.scoped(() => {
          const { st, outs } = call(core, 'lstsq', (put, out) => [m, n, nrhs, put(A), put(B), -1, out(n * nrhs)]);
          expect(st).toBe(S.OK);
          return core.get(outs[0]!, n * nrhs);
        });
        const s = sigmas(core, m, n, A);
        const rk = scalarI32(core, 'rank', (put) => [m, n, put(A), -1]).v;
        const kappa = rk === 0 ? 1 : s[0]! / s[rk - 1]!;
        const P = pinvOf(core, m, n, A).X;
        const ref = mul(P, B, n, m, nrhs);
        const tol = C_TOL * Math.max(m, n) * EPS * kappa;
        expect(fro(diff(X, ref))).toBeLessThanOrEqual(tol * (fro(ref) + 1e-300) + 1e-300);
        // Aᵀ(AX − B) = 0 up to ε κ ‖A‖ (‖A‖‖X‖ + ‖B‖).
        const res = mul(tr(A, m, n), diff(mul(A, X, m, n, nrhs), B), n, m, nrhs);
        expect(fro(res)).toBeLessThanOrEqual(tol * fro(A) * (fro(A) * fro(X) + fro(B)) + 1e-300);
      }), { seed: SEED + 3, numRuns: 40 });
    });

    it('rank: equals r for products of m × r and r × n Gaussian factors; 0 for zero; rtol respected', () => {
      fc.assert(fc.property(dimArb(60), dimArb(60), fc.integer({ min: 0, max: 60 }), fc.integer(), (m, n, r0, seed) => {
        const r = Math.min(r0, m, n);
        const A = lowRank(rng(seed), m, n, r);
        expect(scalarI32(core, 'rank', (put) => [m, n, put(A), -1])).toEqual({ st: S.OK, v: r });
      }), { seed: SEED + 4, numRuns: 60 });
      expect(scalarI32(core, 'rank', (put) => [200, 256, put(lowRank(rng(2), 200, 256, 77)), -1]).v).toBe(77);
      const A = withSingularValues(core, rng(5), 10, 8, [1, 1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12, 1e-14]);
      expect(scalarI32(core, 'rank', (put) => [10, 8, put(A), 1e-5]).v).toBe(3);
      expect(scalarI32(core, 'rank', (put) => [10, 8, put(A), 0]).v).toBe(8);
      expect(scalarI32(core, 'rank', (put) => [10, 8, put(A), Infinity]).v).toBe(0);
      expect(scalarI32(core, 'rank', (put) => [4, 3, put(new Float64Array(12)), -1]).v).toBe(0);
    });

    it('col_basis, null_basis, projector: orthonormal bases of the right dimension (tall and wide)', () => {
      fc.assert(fc.property(dimArb(40), dimArb(40), fc.integer({ min: 0, max: 40 }), fc.integer(), (m, n, r0, seed) => {
        const r = Math.min(r0, m, n);
        const A = lowRank(rng(seed), m, n, r);
        const nA = fro(A);
        const cb = basis(core, 'col_basis', m, n, A);
        expect(cb.st).toBe(S.OK);
        expect(cb.d).toBe(r);
        if (r > 0) {
          expect(orthonormal(cb.B, m, r).ok).toBe(true);
          // A lies in span(B): ‖A − B Bᵀ A‖ ≤ C_TOL · max(m,n) · ε · ‖A‖.
          const BtA = mul(tr(cb.B, m, r), A, r, m, n);
          expect(fro(diff(A, mul(cb.B, BtA, m, r, n)))).toBeLessThanOrEqual(C_TOL * Math.max(m, n) * EPS * nA);
        }
        const nb = basis(core, 'null_basis', m, n, A);
        expect(nb.st).toBe(S.OK);
        expect(nb.d).toBe(n - r);
        if (nb.d > 0) {
          expect(orthonormal(nb.B, n, nb.d).ok).toBe(true);
          expect(fro(mul(A, nb.B, m, n, nb.d))).toBeLessThanOrEqual(C_TOL * Math.max(m, n) * EPS * (nA || 1));
        }
        const P = core.scoped(() => {
          const { st, outs } = call(core, 'projector', (put, out) => [m, n, put(A), -1, out(m * m)]);
          expect(st).toBe(S.OK);
          return core.get(outs[0]!, m * m);
        });
        const tol = C_TOL * Math.max(m, n) * EPS;
        expect(fro(diff(P, tr(P, m, m)))).toBeLessThanOrEqual(tol);
        expect(fro(diff(mul(P, P, m, m, m), P))).toBeLessThanOrEqual(tol * Math.max(1, Math.sqrt(r)));
        expect(fro(diff(mul(P, A, m, m, n), A))).toBeLessThanOrEqual(tol * (nA || 1));
        // trace P = rank
        let t = 0;
        for (let i = 0; i < m; i++) t += P[i * m + i]!;
        expect(Math.abs(t - r)).toBeLessThanOrEqual(tol * m);
      }), { seed: SEED + 5, numRuns: 60 });
      // A wide full-row-rank case where the null space needs the Householder completion: 50 × 256.
      const W = randn(rng(6), 50 * 256);
      const nb = basis(core, 'null_basis', 50, 256, W);
      expect(nb.d).toBe(206);
      expect(orthonormal(nb.B, 256, 206).ok).toBe(true);
      expect(fro(mul(W, nb.B, 50, 256, 206))).toBeLessThanOrEqual(C_TOL * 256 * EPS * fro(W));
    });

    it('principal_angles: constructed angles, including 1e-9 recovered to ~1e-15 absolute', () => {
      const next = rng(41);
      const m = 60;
      const theta = [1e-9, 1e-5, 0.3, Math.PI / 4, 1.2, Math.PI / 2];
      // Exactly representable mixing (powers of two, a permutation): the subspaces are exactly span(Qa), span(Qb).
      const c = theta.length;
      const G = new Float64Array(c * c), H = new Float64Array(c * c);
      for (let i = 0; i < c; i++) { G[i * c + ((i + 2) % c)] = 2 ** (i - 3); H[i * c + i] = 2 ** (2 - i); }
      const { A, B } = withAngles(core, next, m, theta, G, H);
      const r = angles(core, m, c, c, A, B);
      expect(r.st).toBe(S.OK);
      expect(r.c).toBe(c);
      for (let i = 0; i < c; i++) expect(Math.abs(r.th[i]! - theta[i]!), `angle ${i}`).toBeLessThanOrEqual(8 * EPS);
      expect(Math.abs(r.th[0]! - 1e-9)).toBeLessThanOrEqual(2e-15);
      // General (ill-scaled random) mixing perturbs the subspaces by ~κ(G)·ε: tolerance 1e-12.
      const mix = randn(next, c * c), mix2 = randn(next, c * c);
      const g = withAngles(core, next, m, theta, mix, mix2);
      const r2 = angles(core, m, c, c, g.A, g.B);
      for (let i = 0; i < c; i++) expect(Math.abs(r2.th[i]! - theta[i]!)).toBeLessThanOrEqual(1e-12);
    });

    it('principal_angles: different dimensions, rank-deficient inputs, identical subspaces', () => {
      const next = rng(43);
      const m = 40;
      const { A, B } = withAngles(core, next, m, [0.1, 0.7, 1.0], null, null);
      // B gets two extra columns orthogonal to everything else: still 3 angles from A's side.
      const extra = randomOrthonormal(core, next, m, 12).slice(0);
      const Bx = new Float64Array(m * 5);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < 3; j++) Bx[i * 5 + j] = B[i * 3 + j]!;
        for (let j = 0; j < 2; j++) Bx[i * 5 + 3 + j] = extra[i * 12 + 10 + j]!; // nearly random direction
      }
      const r = angles(core, m, 3, 5, A, Bx);
      expect(r.c).toBe(3);
      for (let i = 1; i < r.c; i++) expect(r.th[i]!).toBeGreaterThanOrEqual(r.th[i - 1]!);
      // Adding directions to B can only shrink the angles.
      expect(r.th[2]!).toBeLessThanOrEqual(1.0 + 1e-12);
      // Identical subspaces (A against A times a mixing): all angles ≈ 0, to ε-level.
      const same = angles(core, m, 3, 3, A, mul(A, randn(next, 9), m, 3, 3));
      for (const t of same.th) expect(t).toBeLessThanOrEqual(1e-13);
      // Rank-deficient A (4 columns spanning 2 dimensions): count = min(2, 3).
      const A2 = mul(randn(next, m * 2), randn(next, 2 * 4), m, 2, 4);
      expect(angles(core, m, 4, 3, A2, B).c).toBe(2);
      expect(angles(core, m, 4, 3, new Float64Array(m * 4), B).c).toBe(0);
    });

    it('cond2: known σ (κ from 1 to 1e12), singular and zero matrices → +∞', () => {
      const next = rng(51);
      for (const [m, n, kappa] of [[30, 20, 1], [20, 30, 1e3], [40, 40, 1e8], [64, 32, 1e12]] as const) {
        const k = Math.min(m, n);
        const s = Array.from({ length: k }, (_, i) => kappa ** (-i / (k - 1)));
        const A = withSingularValues(core, next, m, n, s);
        const c = scalarF64(core, 'cond2', (put) => [m, n, put(A)]);
        expect(c.st).toBe(S.OK);
        // The construction itself perturbs σ_min by ~ε·σ₁, i.e. relatively by ε·κ.
        expect(Math.abs(c.v - kappa) / kappa).toBeLessThanOrEqual(C_TOL * Math.max(m, n) * EPS * kappa);
      }
      // Exactly singular in real arithmetic: σ_min is rounding noise (≤ c·ε·σ₁) or 0, so κ ≥ 1/(c·ε).
      const sing = Float64Array.of(1, 2, 2, 4);
      expect(scalarF64(core, 'cond2', (put) => [2, 2, put(sing)]).v).toBeGreaterThanOrEqual(1 / (C_TOL * 2 * EPS));
      // A zero column makes σ_min exactly 0 (the pivoted QR leaves an exact zero row): +∞.
      expect(scalarF64(core, 'cond2', (put) => [3, 2, put(Float64Array.of(1, 0, 2, 0, 3, 0))]).v).toBe(Infinity);
      expect(scalarF64(core, 'cond2', (put) => [3, 2, put(new Float64Array(6))]).v).toBe(Infinity);
      expect(scalarF64(core, 'cond2', (put) => [1, 1, put(Float64Array.of(-5))]).v).toBe(1);
    });

    describe('bad arguments are refused and write nothing', () => {
      for (const c of DERIVED_CASES) {
        it(c.name, () => {
          core.scoped(() => {
            const args = materialize(core, c, 9);
            const base = core.call('heap_base') >>> 0;
            const snap0 = snapshot(core);
            expect(core.call(c.name, ...args)).toBe(S.OK);
            core.bytes().set(snap0.bytes, base);
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
