// The fast paths of the core against plain references, on both builds:
// - row log-softmax / logsumexp: the table + polynomial exp of assembly/dist/exp.ts (f64x2 in the SIMD
//   build, the same operations on f64 in the scalar build), the pseudo-max row maximum, the vectorised
//   row validation, against the textbook Math.exp / Math.log computation in JavaScript;
// - gemm at every transpose, padded leading dimensions and sizes that hit every edge of the 2×8 tile
//   and of the cache blocks, against a plain triple loop with its rounding bound.
// No timing here: speed is measured only in the bench.
//
// Error measure for log-softmax. A plain relative error |got − ref| / |ref| is not a property of either
// computation: z − lse cancels when z ≈ lse, and two correct Math.exp paths that merely sum in another
// order already differ there by many orders of magnitude more than 1e-15 relative. The measure used is
// the mixed one the subtraction z − lse allows (as gl-matrix's equals):
//   out: |got − ref| / max(1, |ref|, |z|, |lse|),   logsumexp: |got − ref| / max(1, |ref|, |max z|),
// and both must stay ≤ 1e-15 (measured: about 4.5e-16, i.e. 2 ulps at 1).
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import type { Core } from '../../src/wasm/core.js';
import { rng } from '../helpers/random.js';
import { gamma } from '../helpers/reference.js';

const BOUND = 1e-15;
const builds = ['simd', 'scalar'] as const;
const cores = { simd: loadCore({ build: 'simd' }), scalar: loadCore({ build: 'scalar' }) };

/** Textbook log-softmax and logsumexp (Math.exp, left-to-right sum), row by row. */
function refRows(n: number, V: number, z: Float64Array): { out: Float64Array; lse: Float64Array; mx: Float64Array } {
  const out = new Float64Array(n * V), lse = new Float64Array(n), mxs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let j = 0; j < V; j++) mx = Math.max(mx, z[i * V + j]!);
    let s = 0;
    for (let j = 0; j < V; j++) s += Math.exp(z[i * V + j]! - mx);
    const l = mx + Math.log(s);
    lse[i] = l;
    mxs[i] = mx;
    for (let j = 0; j < V; j++) out[i * V + j] = z[i * V + j]! - l;
  }
  return { out, lse, mx: mxs };
}

/** Runs log_softmax_rows and logsumexp_rows on a fresh copy of z; returns the outputs and statuses. */
function runRows(core: Core, n: number, V: number, z: Float64Array) {
  return core.scope(() => {
    const Z = core.allocBytes(n * V * 8), O = core.allocBytes(n * V * 8), L = core.allocBytes(Math.max(n, 1) * 8);
    core.f64.set(z, Z / 8);
    const s1 = core.invoke('log_softmax_rows', [n, V, Z, O]);
    const s2 = core.invoke('logsumexp_rows', [n, V, Z, L]);
    const f = core.f64;
    return { s1, s2, out: f.slice(O / 8, O / 8 + n * V), lse: f.slice(L / 8, L / 8 + n) };
  });
}

/** Rows at a logit scale, with −∞ entries, and the maximum moved to chosen positions. */
function makeRows(next: () => number, n: number, V: number, scale: number): Float64Array {
  const z = new Float64Array(n * V);
  for (let i = 0; i < n * V; i++) z[i] = (2 * next() - 1) * scale;
  for (let i = 0; i < n; i++) {
    const row = i * V;
    // The maximum first, last, in the vectorised body, in the scalar tail, or wherever it falls.
    const where = [0, V - 1, Math.floor(V / 2), V - 1 - (V % 4 > 0 ? next() * (V % 4) : 0), -1][i % 5]!;
    if (where >= 0) z[row + Math.floor(where)] = 1.5 * scale;
    // Some −∞ entries (never all of them: the first finite entry stays).
    if (V > 1 && i % 3 === 0) {
      const count = 1 + Math.floor(next() * Math.min(V - 1, 5));
      for (let c = 0; c < count; c++) {
        const j = Math.floor(next() * V);
        if (z[row + j] !== 1.5 * scale) z[row + j] = -Infinity;
      }
    }
  }
  return z;
}

function maxErrors(n: number, V: number, z: Float64Array, out: Float64Array, lse: Float64Array) {
  const ref = refRows(n, V, z);
  let outErr = 0, lseErr = 0;
  const problems: string[] = [];
  for (let i = 0; i < n; i++) {
    const l = ref.lse[i]!;
    lseErr = Math.max(lseErr, Math.abs(lse[i]! - l) / Math.max(1, Math.abs(l), Math.abs(ref.mx[i]!)));
    for (let j = 0; j < V; j++) {
      const k = i * V + j, r = ref.out[k]!, g = out[k]!;
      if (r === -Infinity || g === -Infinity) {
        if (r !== g) problems.push(`row ${i} entry ${j}: got ${g}, want ${r}`);
        continue;
      }
      outErr = Math.max(outErr, Math.abs(g - r) / Math.max(1, Math.abs(r), Math.abs(z[k]!), Math.abs(l)));
    }
  }
  return { outErr, lseErr, problems };
}

const ROW_LENGTHS = [1, 2, 3, 4, 5, 7, 8, 9, 13, 31, 100, 1001, 4099];

for (const build of builds) {
  describe(`fast log-softmax and logsumexp (${build} build)`, () => {
    const core = cores[build];

    it(`stay within ${BOUND} (mixed relative error) of Math.exp over many rows at scales 1, 30 and 1000`, () => {
      const next = rng(2024);
      let worstOut = 0, worstLse = 0, rows = 0;
      for (const scale of [1, 30, 1000]) {
        for (const V of ROW_LENGTHS) {
          const n = Math.max(5, Math.min(200, Math.floor(40000 / V)));
          const z = makeRows(next, n, V, scale);
          const { s1, s2, out, lse } = runRows(core, n, V, z);
          expect([s1, s2]).toEqual([0, 0]);
          const { outErr, lseErr, problems } = maxErrors(n, V, z, out, lse);
          expect(problems).toEqual([]);
          worstOut = Math.max(worstOut, outErr);
          worstLse = Math.max(worstLse, lseErr);
          rows += n;
        }
      }
      expect(rows).toBeGreaterThan(5000);
      expect(worstOut).toBeLessThanOrEqual(BOUND);
      expect(worstLse).toBeLessThanOrEqual(BOUND);
    });

    it('handles the range ends exactly: V = 1, lone finite entries, −∞, far-below entries', () => {
      // V = 1: log-softmax is 0, logsumexp the entry itself.
      for (const v of [0, -3.5, 1e300, -1e300]) {
        const r = runRows(core, 1, 1, new Float64Array([v]));
        expect([r.s1, r.s2, r.out[0], r.lse[0]]).toEqual([0, 0, 0, v]);
      }
      for (const V of [2, 3, 4, 5, 8, 9, 1001]) {
        for (const pos of [0, 1, V - 1, Math.floor(V / 2)]) {
          if (pos >= V) continue;
          // One finite entry among −∞: probability 1 exactly.
          const z = new Float64Array(V).fill(-Infinity);
          z[pos] = 7.25;
          let r = runRows(core, 1, V, z);
          expect(r.lse[0]).toBe(7.25);
          for (let j = 0; j < V; j++) expect(r.out[j]).toBe(j === pos ? 0 : -Infinity);
          // Entries more than 745 below the maximum add nothing (their exp underflows to 0 in Math.exp).
          const w = new Float64Array(V).fill(-800);
          w[pos] = 0;
          if (V > 2) w[(pos + 1) % V] = -1e300;
          r = runRows(core, 1, V, w);
          expect(r.lse[0]).toBe(0);
          for (let j = 0; j < V; j++) expect(r.out[j]).toBe(w[j]);
        }
      }
    });

    it('rejects NaN, +∞ and all-(−∞) rows wherever they sit (vectorised body or tail)', () => {
      for (const V of [1, 2, 3, 4, 5, 7, 8, 9, 33]) {
        for (let pos = 0; pos < V; pos++) {
          for (const bad of [NaN, Infinity]) {
            const z = new Float64Array(2 * V).fill(0.5);
            z[V + pos] = bad;
            const r = runRows(core, 2, V, z);
            expect([r.s1, r.s2]).toEqual([5, 5]);
          }
        }
        const z = new Float64Array(2 * V).fill(-Infinity);
        z[0] = 1;
        expect(runRows(core, 2, V, z).s1).toBe(5);
        // −∞ entries alone are fine, and in place (out = Z) gives the same as out of place.
        z.fill(-Infinity);
        z[V - 1] = 1;
        z[V] = 2;
        expect(runRows(core, 2, V, z).s1).toBe(0);
        const inPlace = core.scope(() => {
          const Z = core.allocBytes(2 * V * 8);
          core.f64.set(z, Z / 8);
          expect(core.invoke('log_softmax_rows', [2, V, Z, Z])).toBe(0);
          return core.f64.slice(Z / 8, Z / 8 + 2 * V);
        });
        expect(Array.from(inPlace)).toEqual(Array.from(runRows(core, 2, V, z).out));
      }
    });
  });
}

describe('both builds run the same exp and the same summation order', () => {
  it('log-softmax and logsumexp agree bit for bit between the SIMD and scalar builds', () => {
    const next = rng(77);
    for (const scale of [1, 30, 1000]) {
      for (const V of ROW_LENGTHS) {
        const n = Math.max(3, Math.min(50, Math.floor(10000 / V)));
        const z = makeRows(next, n, V, scale);
        const a = runRows(cores.simd, n, V, z), b = runRows(cores.scalar, n, V, z);
        expect(Array.from(a.out)).toEqual(Array.from(b.out));
        expect(Array.from(a.lse)).toEqual(Array.from(b.lse));
      }
    }
  });
});

/** C = alpha · op(A) · op(B) + beta · C through the raw ABI, with padded leading dimensions. */
function gemmCase(core: Core, next: () => number, ta: boolean, tb: boolean, m: number, n: number, k: number, pad: number): string | null {
  const aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
  const lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
  const a = new Float64Array(aRows * lda).map(() => 2 * next() - 1);
  const b = new Float64Array(bRows * ldb).map(() => 2 * next() - 1);
  const c0 = new Float64Array(m * ldc).map(() => 2 * next() - 1);
  const alpha = 1.25, beta = m % 2 === 0 ? 0 : -0.5;
  const got = core.scope(() => {
    const A = core.allocBytes(a.length * 8), B = core.allocBytes(b.length * 8), C = core.allocBytes(c0.length * 8);
    core.f64.set(a, A / 8);
    core.f64.set(b, B / 8);
    core.f64.set(c0, C / 8);
    core.call('gemm', ta ? 1 : 0, tb ? 1 : 0, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
    return core.f64.slice(C / 8, C / 8 + c0.length);
  });
  const g = gamma(k + 2);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < ldc; j++) {
      const at = i * ldc + j;
      if (j >= n) {
        // Padding columns of C are never written.
        if (!Object.is(got[at], c0[at])) return `${m}×${n}×${k} ta=${ta} tb=${tb} pad=${pad}: padding C[${i}, ${j}] changed`;
        continue;
      }
      let s = 0, abs = 0;
      for (let p = 0; p < k; p++) {
        const x = ta ? a[p * lda + i]! : a[i * lda + p]!;
        const y = tb ? b[j * ldb + p]! : b[p * ldb + j]!;
        s += x * y;
        abs += Math.abs(x * y);
      }
      const want = alpha * s + (beta === 0 ? 0 : beta * c0[at]!);
      const tol = 2 * g * abs * Math.abs(alpha) + 4 * 2 ** -52 * (Math.abs(want) + Math.abs(beta * c0[at]!));
      if (!(Math.abs(got[at]! - want) <= tol)) {
        return `${m}×${n}×${k} ta=${ta} tb=${tb} pad=${pad}: C[${i}, ${j}] = ${got[at]}, want ${want} ± ${tol}`;
      }
    }
  }
  return null;
}

for (const build of builds) {
  describe(`gemm fast paths (${build} build)`, () => {
    const core = cores[build];

    it('every transpose and padded leading dimension at edge sizes (1, primes, tile and block edges)', () => {
      const next = rng(5);
      const sizes: [number, number, number][] = [
        [1, 1, 1], [1, 7, 3], [2, 8, 1], [3, 9, 2], [5, 11, 13], [13, 17, 7], [16, 16, 16], [17, 15, 31],
        [31, 37, 41], [32, 32, 32], [64, 64, 64], [63, 65, 67], [66, 24, 257], [129, 9, 5], [7, 263, 3],
      ];
      const problems: string[] = [];
      for (const [m, n, k] of sizes) {
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            for (const pad of [0, 3]) {
              const p = gemmCase(core, next, ta, tb, m, n, k, pad);
              if (p) problems.push(p);
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });
  });
}
