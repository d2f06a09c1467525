// Writes conformance/vectors/v1.json: the golden vectors for every export of assembly/manifest.json.
//
//   npx tsx conformance/generate.ts          (rewrite the vectors)
//   npx tsx conformance/generate.ts --check  (regenerate in memory and fail if the stored file differs)
//
// Where the result is exact (integer BLAS, log-odds, transpose, …) the expectation comes from the BigInt
// rational reference (src/exact), rounded once to f64, and both builds must produce exactly it. Where it
// is not (decompositions, log-softmax, …) the expectation is the bit pattern each build produces in Node
// (`expectBuild.release` / `expectBuild.scalar`), and `ref` documents the reference value and the
// tolerance the generator checked it against. Error cases pin the status code and that nothing was
// written (every output buffer still holds its initial contents).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Matrix, SingularValueDecomposition, EigenvalueDecomposition } from 'ml-matrix';
import { Rational, RationalMatrix } from '../src/exact/index.js';
import { reference as gapScanReference, type Block as GapBlock } from '../test/blocked/gap-scan-reference.js';
// @ts-ignore: plain JS module
import { runCase, f64ToHex, hexToF64, SENTINEL } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const VERSION = 1;

type Arg = number | { f64: string } | { buf: string; add?: number } | { rel: number } | { abs: number } | { memEnd: number };
interface Buf {
  name: string;
  type: 'f64' | 'i32';
  init?: (string | number)[];
  len?: number;
  role: 'in' | 'out' | 'inout';
}
interface Ref {
  source: string;
  tol: number;
  values?: Record<string, string[]>;
  note?: string;
}
interface Def {
  id: string;
  export: string;
  bufs?: Buf[];
  args: Arg[];
  status?: number; // expected return (status) for matrix exports; default 0
  ret?: unknown; // expected return for identity exports ({rel}, {memBytes}, number, or 'per-build')
  exact?: Record<string, (string | number)[]>; // exact expected outputs (f64 as hex, i32 as numbers)
  ref?: Ref;
  refCheck?: (out: Record<string, (string | number)[]>) => void;
  note?: string;
}

// ---------------------------------------------------------------- data helpers
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let seed = 20251124;
const ints = (n: number, lo = -9, hi = 9): number[] => {
  const r = rng(seed++);
  return Array.from({ length: n }, () => lo + Math.floor(r() * (hi - lo + 1)));
};
const reals = (n: number, scale = 1): number[] => {
  const r = rng(seed++);
  // Dyadic rationals with 20 fractional bits: exact in f64, not trivially structured.
  return Array.from({ length: n }, () => (Math.round((r() * 2 - 1) * 2 ** 20) / 2 ** 20) * scale);
};
const hx = (xs: number[]): string[] => xs.map(f64ToHex);
const F = (x: number): { f64: string } => ({ f64: f64ToHex(x) });
const fin = (name: string, xs: number[]): Buf => ({ name, type: 'f64', init: hx(xs), role: 'in' });
const fio = (name: string, xs: number[]): Buf => ({ name, type: 'f64', init: hx(xs), role: 'inout' });
const fout = (name: string, len: number): Buf => ({ name, type: 'f64', len, role: 'out' });
const iout = (name: string, len: number): Buf => ({ name, type: 'i32', len, role: 'out' });
const B = (name: string, add?: number): Arg => (add ? { buf: name, add } : { buf: name });
const rm = (r: number, c: number, xs: number[]): RationalMatrix => {
  const rows: number[][] = [];
  for (let i = 0; i < r; i++) rows.push(xs.slice(i * c, (i + 1) * c));
  return r === 0 ? RationalMatrix.fromRows([]) : RationalMatrix.fromRows(rows);
};
const flat = (M: RationalMatrix): Rational[] => {
  const out: Rational[] = [];
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) out.push(M.get(i, j));
  return out;
};
const exactHex = (qs: Rational[]): string[] => qs.map((q) => f64ToHex(q.toF64()));
const dec = (xs: number[]): string[] => xs.map((x) => (Number.isFinite(x) ? x.toPrecision(17) : String(x)));
const ratDec = (qs: Rational[]): string[] => qs.map((q) => q.toString());
const transposeArr = (r: number, c: number, xs: number[]): number[] => {
  const out: number[] = [];
  for (let j = 0; j < c; j++) for (let i = 0; i < r; i++) out.push(xs[i * c + j]!);
  return out;
};
/** An r×c integer matrix of rank ≤ k (product of r×k and k×c integer factors). */
const lowRank = (r: number, c: number, k: number): number[] => {
  const L = rm(r, k, ints(r * k, -3, 3));
  const R = rm(k, c, ints(k * c, -3, 3));
  return flat(L.mul(R)).map((q) => q.toF64());
};
const symmetric = (n: number): number[] => {
  const a = ints(n * n);
  const out = new Array<number>(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = i <= j ? a[i * n + j]! : a[j * n + i]!;
  return out;
};
/** An integer matrix with a nonzero determinant (diagonally dominated). */
const invertible = (n: number): number[] => {
  const a = ints(n * n, -4, 4);
  for (let i = 0; i < n; i++) a[i * n + i] = 9 * n * (i % 2 === 0 ? 1 : -1) + a[i * n + i]!;
  return a;
};

const defs: Def[] = [];
const add = (d: Def): void => {
  defs.push(d);
};

// ---------------------------------------------------------------- arena and identity
add({ id: 'alloc/24-bytes-at-start', export: 'alloc', args: [24], ret: { rel: 0 } });
add({ id: 'alloc/after-a-buffer', export: 'alloc', bufs: [fin('A', [1, 2, 3])], args: [8], ret: { rel: 32 } });
add({ id: 'alloc/oom-returns-0', export: 'alloc', args: [-1], ret: 0, note: 'alloc(0xffffffff): past 4 GiB, returns 0 without growing' });
add({ id: 'mark/empty', export: 'mark', args: [], ret: { rel: 0 } });
add({ id: 'mark/after-two-buffers', export: 'mark', bufs: [fin('A', [1]), fin('B', [1, 2, 3])], args: [], ret: { rel: 48 } });
add({ id: 'reset/to-start', export: 'reset', bufs: [fin('A', [1, 2, 3, 4])], args: [{ rel: 0 }], ret: 0 });
add({ id: 'reset/misaligned-mark', export: 'reset', bufs: [fin('A', [1, 2, 3, 4])], args: [{ rel: 8 }], ret: 'per-build' });
add({ id: 'reset/below-heap-base', export: 'reset', args: [{ abs: 16 }], ret: 'per-build' });
add({ id: 'heap_base/value', export: 'heap_base', args: [], ret: 'per-build' });
add({ id: 'heap_top/empty', export: 'heap_top', args: [], ret: { rel: 0 } });
add({ id: 'heap_top/after-buffer', export: 'heap_top', bufs: [fin('A', [1, 2, 3, 4, 5])], args: [], ret: { rel: 48 } });
add({ id: 'memory_bytes/equals-buffer', export: 'memory_bytes', args: [], ret: { memBytes: true } });
add({ id: 'build_flags/value', export: 'build_flags', args: [], ret: 'per-build' });
add({ id: 'abi_version/value', export: 'abi_version', args: [], ret: 1 });
add({ id: 'last_abort_line/no-trap', export: 'last_abort_line', args: [], ret: 0 });

// ---------------------------------------------------------------- gemm (exact: integer data)
function gemmCase(id: string, tA: number, tB: number, m: number, n: number, k: number, alpha: number, beta: number, pad = 0): void {
  const ar = tA ? k : m, ac = tA ? m : k, br = tB ? n : k, bc = tB ? k : n;
  const lda = Math.max(1, ac) + pad, ldb = Math.max(1, bc) + pad, ldc = Math.max(1, n) + pad;
  const a = ints(Math.max(0, ar > 0 ? (ar - 1) * lda + ac : 0));
  const b = ints(Math.max(0, br > 0 ? (br - 1) * ldb + bc : 0));
  const c0 = ints(Math.max(0, m > 0 ? (m - 1) * ldc + n : 0));
  const dense = (xs: number[], r: number, c: number, ld: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out.push(xs[i * ld + j]!);
    return out;
  };
  let opA = rm(ar, ac, dense(a, ar, ac, lda));
  let opB = rm(br, bc, dense(b, br, bc, ldb));
  if (tA) opA = opA.transpose();
  if (tB) opB = opB.transpose();
  const expected = c0.map((x) => Rational.fromF64(beta === 0 ? 0 : x).mul(Rational.fromF64(beta)));
  if (m > 0 && n > 0) {
    const P = k > 0 ? opA.mul(opB) : null;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const v = P ? P.get(i, j).mul(Rational.fromF64(alpha)) : Rational.ZERO;
        expected[i * ldc + j] = expected[i * ldc + j]!.add(v);
      }
  }
  // Padding entries of C (j ≥ n) must stay untouched.
  for (let i = 0; i < m; i++) for (let j = n; j < ldc && i * ldc + j < c0.length; j++) expected[i * ldc + j] = Rational.fromF64(c0[i * ldc + j]!);
  add({
    id: `gemm/${id}`,
    export: 'gemm',
    bufs: [fin('A', a), fin('B', b), fio('C', c0)],
    args: [tA, tB, m, n, k, F(alpha), B('A'), lda, B('B'), ldb, F(beta), B('C'), ldc],
    exact: { C: exactHex(expected) },
  });
}
gemmCase('1x1x1', 0, 0, 1, 1, 1, 1, 0);
gemmCase('2x8x3-one-tile', 0, 0, 2, 8, 3, 1, 0);
gemmCase('3x9x5-off-tile', 0, 0, 3, 9, 5, 1, 0);
gemmCase('7x13x11-primes', 0, 0, 7, 13, 11, 2, 0);
gemmCase('17x19x5-primes-beta', 0, 0, 17, 19, 5, -1, 3);
gemmCase('5x17x23-nt', 0, 1, 5, 17, 23, 1, 0);
gemmCase('9x7x13-tn', 1, 0, 9, 7, 13, 1, 0.5);
gemmCase('11x3x7-tt', 1, 1, 11, 3, 7, 0.25, 0);
gemmCase('16x16x16-full-tiles', 0, 0, 16, 16, 16, 1, 0);
gemmCase('6x10x4-padded-ld', 0, 0, 6, 10, 4, 1, 1, 3);
gemmCase('k0-scales-C', 0, 0, 3, 5, 0, 1, 2);
gemmCase('m0-empty', 0, 0, 0, 5, 3, 1, 0);
gemmCase('n0-empty', 0, 0, 4, 0, 3, 1, 0);
const gemmErr = (id: string, status: number, over: Partial<Record<number, Arg>>, bufs?: Buf[]): void => {
  const base: Arg[] = [0, 0, 2, 3, 4, F(1), B('A'), 4, B('B'), 3, F(0), B('C'), 3];
  for (const [i, v] of Object.entries(over)) base[Number(i)] = v!;
  add({ id: `gemm/err-${id}`, export: 'gemm', bufs: bufs ?? [fin('A', ints(8)), fin('B', ints(12)), fout('C', 6)], args: base, status });
};
gemmErr('dim-negative-m', 1, { 2: -1 });
gemmErr('dim-lda-too-small', 1, { 7: 3 });
gemmErr('bounds-below-heap', 2, { 6: { abs: 8 } });
gemmErr('bounds-past-end', 2, { 11: { memEnd: -16 } });
gemmErr('align-A', 3, { 6: B('A', 4) });
gemmErr('overlap-C-is-A', 4, { 11: B('A'), 12: 4 }, [fin('A', ints(8)), fin('B', ints(12)), fout('C', 6)]);
gemmErr('arg-transA-2', 9, { 0: 2 });

// ---------------------------------------------------------------- gemv, level 1 (exact)
function gemvCase(id: string, trans: number, m: number, n: number, alpha: number, beta: number): void {
  const a = ints(m * n), xl = trans ? m : n, yl = trans ? n : m;
  const x = ints(xl), y0 = ints(yl);
  let A = rm(m, n, a);
  if (trans) A = A.transpose();
  const Ax = yl > 0 && xl > 0 ? flat(A.mul(rm(xl, 1, x))) : new Array<Rational>(yl).fill(Rational.ZERO);
  const exp = Ax.map((v, i) => v.mul(Rational.fromF64(alpha)).add(Rational.fromF64(beta === 0 ? 0 : y0[i]!).mul(Rational.fromF64(beta))));
  add({
    id: `gemv/${id}`,
    export: 'gemv',
    bufs: [fin('A', a), fin('x', x), fio('y', y0)],
    args: [trans, m, n, F(alpha), B('A'), n, B('x'), F(beta), B('y')],
    exact: { y: exactHex(exp) },
  });
}
gemvCase('1x1', 0, 1, 1, 1, 0);
gemvCase('7x13', 0, 7, 13, 2, 0);
gemvCase('17x5-beta', 0, 17, 5, 1, -2);
gemvCase('13x11-trans', 1, 13, 11, -1, 1);
gemvCase('3x9-trans', 1, 3, 9, 0.5, 0);
add({ id: 'gemv/err-arg-trans-2', export: 'gemv', bufs: [fin('A', ints(6)), fin('x', ints(3)), fout('y', 2)], args: [2, 2, 3, F(1), B('A'), 3, B('x'), F(0), B('y')], status: 9 });
add({ id: 'gemv/err-dim-lda', export: 'gemv', bufs: [fin('A', ints(6)), fin('x', ints(3)), fout('y', 2)], args: [0, 2, 3, F(1), B('A'), 2, B('x'), F(0), B('y')], status: 1 });
add({ id: 'gemv/err-overlap-y-is-x', export: 'gemv', bufs: [fin('A', ints(4)), fin('x', ints(2))], args: [0, 2, 2, F(1), B('A'), 2, B('x'), F(0), B('x')], status: 4 });

for (const n of [0, 1, 2, 17, 64]) {
  const x = ints(n), y = ints(n);
  const s = x.reduce((acc, v, i) => acc.add(Rational.of(v * y[i]!)), Rational.ZERO);
  add({ id: `dot/n${n}`, export: 'dot', bufs: [fin('x', x), fin('y', y), fout('out', 1)], args: [n, B('x'), B('y'), B('out')], exact: { out: exactHex([s]) } });
}
add({ id: 'dot/err-dim-negative', export: 'dot', bufs: [fin('x', [1]), fin('y', [1]), fout('out', 1)], args: [-1, B('x'), B('y'), B('out')], status: 1 });
add({ id: 'dot/err-align-out', export: 'dot', bufs: [fin('x', [1]), fin('y', [1]), fout('out', 2)], args: [1, B('x'), B('y'), B('out', 4)], status: 3 });
for (const n of [0, 1, 13]) {
  const x = ints(n), y = ints(n);
  add({ id: `axpy/n${n}`, export: 'axpy', bufs: [fin('x', x), fio('y', y)], args: [n, F(3), B('x'), B('y')], exact: { y: hx(x.map((v, i) => 3 * v + y[i]!)) } });
  const s = ints(n);
  add({ id: `scal/n${n}`, export: 'scal', bufs: [fio('x', s)], args: [n, F(-0.5), B('x')], exact: { x: hx(s.map((v) => -0.5 * v)) } });
  const c = reals(n + 6).slice(0, n);
  add({ id: `copy/n${n}`, export: 'copy', bufs: [fin('src', c), fout('dst', n)], args: [n, B('src'), B('dst')], exact: { dst: hx(c) } });
}
add({ id: 'axpy/err-overlap-shifted', export: 'axpy', bufs: [fio('x', ints(5))], args: [4, F(1), B('x'), B('x', 8)], status: 4 });
add({ id: 'scal/err-bounds-below-heap', export: 'scal', args: [2, F(1), { abs: 16 }], status: 2 });
add({ id: 'copy/err-overlap-shifted', export: 'copy', bufs: [fio('x', ints(5))], args: [4, B('x'), B('x', 8)], status: 4 });
for (const [m, n] of [[1, 1], [3, 8], [17, 7], [0, 4]] as const) {
  const a = reals(m * n);
  add({ id: `transpose/${m}x${n}`, export: 'transpose', bufs: [fin('A', a), fout('out', m * n)], args: [m, n, B('A'), B('out')], exact: { out: hx(transposeArr(m, n, a)) } });
}
add({ id: 'transpose/err-overlap-in-place', export: 'transpose', bufs: [fio('A', ints(6))], args: [2, 3, B('A'), B('A')], status: 4 });

for (const [m, n] of [[1, 1], [5, 7], [13, 2]] as const) {
  const a = ints(m * n), b = ints(m * n);
  let md = Rational.ZERO, ma = Rational.ZERO;
  for (let i = 0; i < m * n; i++) {
    const d = Rational.of(Math.abs(a[i]! - b[i]!));
    if (d.cmp(md) > 0) md = d;
    for (const v of [Math.abs(a[i]!), Math.abs(b[i]!)]) if (Rational.of(v).cmp(ma) > 0) ma = Rational.of(v);
  }
  const r = md.div(Rational.ONE.add(ma));
  add({ id: `rel_max_diff/${m}x${n}`, export: 'rel_max_diff', bufs: [fin('A', a), fin('B', b), fout('out', 1)], args: [m, n, B('A'), B('B'), B('out')], exact: { out: exactHex([r]) } });
}
add({ id: 'rel_max_diff/err-align', export: 'rel_max_diff', bufs: [fin('A', ints(5)), fin('B', ints(4)), fout('out', 1)], args: [2, 2, B('A', 4), B('B'), B('out')], status: 3 });

// ---------------------------------------------------------------- norms (reference + per-build bits)
const fro = (xs: number[]): number => Math.sqrt(xs.reduce((s, v) => s.add(Rational.fromF64(v).mul(Rational.fromF64(v))), Rational.ZERO).toF64());
for (const [id, m, n, a] of [
  ['1x1', 1, 1, [-3]],
  ['3-4-5', 1, 2, [3, 4]],
  ['7x11', 7, 11, reals(77)],
  ['17x3-huge', 17, 3, reals(51, 1e300)],
  ['5x5-tiny', 5, 5, reals(25, 1e-300)],
] as [string, number, number, number[]][]) {
  const big = Math.abs(a[0]!) > 1e100 ? 1e300 : Math.abs(a[0]!) < 1e-100 && a[0] !== 0 ? 1e-300 : 1;
  const refv = fro(a.map((v) => v / big)) * big;
  add({
    id: `norm_fro/${id}`,
    export: 'norm_fro',
    bufs: [fin('A', a), fout('out', 1)],
    args: [m, n, B('A'), B('out')],
    ref: { source: 'exact sum of squares, one sqrt', tol: 1e-14, values: { out: dec([refv]) } },
  });
}
add({ id: 'norm_fro/err-dim-negative', export: 'norm_fro', bufs: [fin('A', [1]), fout('out', 1)], args: [-1, 1, B('A'), B('out')], status: 1 });

// ---------------------------------------------------------------- distributions
const lse = (row: number[]): number => {
  const mx = Math.max(...row);
  if (mx === -Infinity) return -Infinity;
  return mx + Math.log(row.reduce((s, v) => s + Math.exp(v - mx), 0));
};
const rows = (n: number, V: number, xs: number[]): number[][] => Array.from({ length: n }, (_, i) => xs.slice(i * V, (i + 1) * V));
function distInputs(): [string, number, number, number[]][] {
  const withNegInf = reals(14, 3);
  withNegInf[2] = -Infinity;
  withNegInf[9] = -Infinity;
  return [
    ['1x1', 1, 1, [0.75]],
    ['3x7', 3, 7, reals(21, 4)],
    ['2x17', 2, 17, reals(34, 10)],
    ['4x33-logit-scale-1e3', 4, 33, reals(132, 1e3)],
    ['2x7-neg-inf', 2, 7, withNegInf],
  ];
}
for (const [id, n, V, z] of distInputs()) {
  const ls = rows(n, V, z).map(lse);
  const lsm = rows(n, V, z).flatMap((r, i) => r.map((v) => v - ls[i]!));
  add({ id: `log_softmax_rows/${id}`, export: 'log_softmax_rows', bufs: [fin('Z', z), fout('out', n * V)], args: [n, V, B('Z'), B('out')], ref: { source: 'JS z - logsumexp', tol: 1e-12, values: { out: dec(lsm) } } });
  add({ id: `logsumexp_rows/${id}`, export: 'logsumexp_rows', bufs: [fin('Z', z), fout('out', n)], args: [n, V, B('Z'), B('out')], ref: { source: 'JS max + log Σ exp', tol: 1e-12, values: { out: dec(ls) } } });
}
{
  const z = reals(15, 2);
  add({ id: 'log_softmax_rows/3x5-in-place', export: 'log_softmax_rows', bufs: [fio('Z', z)], args: [3, 5, B('Z'), B('Z')], note: 'out may be Z' });
}
add({ id: 'log_softmax_rows/err-nonfinite-nan', export: 'log_softmax_rows', bufs: [fin('Z', [0, NaN, 1, 2]), fout('out', 4)], args: [2, 2, B('Z'), B('out')], status: 5 });
add({ id: 'log_softmax_rows/err-overlap-shifted', export: 'log_softmax_rows', bufs: [fio('Z', ints(5))], args: [2, 2, B('Z'), B('Z', 8)], status: 4 });
add({ id: 'logsumexp_rows/err-dim-V0', export: 'logsumexp_rows', bufs: [fin('Z', [1]), fout('out', 1)], args: [1, 0, B('Z'), B('out')], status: 1 });
add({ id: 'logsumexp_rows/err-nonfinite-posinf', export: 'logsumexp_rows', bufs: [fin('Z', [0, Infinity]), fout('out', 1)], args: [1, 2, B('Z'), B('out')], status: 5 });

for (const [id, n, V, pivot] of [['1x2-p0', 1, 2, 0], ['3x7-p3', 3, 7, 3], ['2x17-p16', 2, 17, 16], ['5x1-p0-empty', 5, 1, 0]] as const) {
  const z = reals(n * V, 50);
  const exp: Rational[] = [];
  for (let i = 0; i < n; i++)
    for (let y = 0; y < V; y++) if (y !== pivot) exp.push(Rational.fromF64(z[i * V + y]!).sub(Rational.fromF64(z[i * V + pivot]!)));
  add({ id: `log_odds/${id}`, export: 'log_odds', bufs: [fin('Z', z), fout('out', Math.max(n * (V - 1), 1))], args: [n, V, B('Z'), pivot, B('out')], exact: { out: exactHex(exp).concat(n * (V - 1) === 0 ? [SENTINEL] : []) } });
}
add({ id: 'log_odds/err-arg-pivot-out-of-range', export: 'log_odds', bufs: [fin('Z', ints(6)), fout('out', 4)], args: [2, 3, B('Z'), 3, B('out')], status: 9 });
add({ id: 'log_odds/err-nonfinite', export: 'log_odds', bufs: [fin('Z', [1, 2, NaN, 4, 5, 6]), fout('out', 4)], args: [2, 3, B('Z'), 0, B('out')], status: 5 });

for (const [id, n, V, p, q] of [
  ['1x1', 1, 1, [0], [0]],
  ['3x7', 3, 7, reals(21, 3), reals(21, 3)],
  ['2x17-same', 2, 17, reals(34, 5), null],
  ['2x5-zero-prob', 2, 5, [0, -Infinity, 1, 2, 3, -1, 0, 1, -Infinity, 2], reals(10, 2)],
] as [string, number, number, number[], number[] | null][]) {
  const P = rows(n, V, p).flatMap((r) => r.map((v) => v - lse(r)));
  const Q = q ? rows(n, V, q).flatMap((r) => r.map((v) => v - lse(r))) : P.slice();
  const kl = rows(n, V, P).map((r, i) => r.reduce((s, lp, j) => (lp === -Infinity ? s : s + Math.exp(lp) * (lp - Q[i * V + j]!)), 0));
  const tv = rows(n, V, P).map((r, i) => 0.5 * r.reduce((s, lp, j) => s + Math.abs(Math.exp(lp) - Math.exp(Q[i * V + j]!)), 0));
  add({ id: `kl_rows/${id}`, export: 'kl_rows', bufs: [fin('logP', P), fin('logQ', Q), fout('out', n)], args: [n, V, B('logP'), B('logQ'), B('out')], ref: { source: 'JS Σ p (log p − log q)', tol: 1e-12, values: { out: dec(kl) } } });
  add({ id: `tv_rows/${id}`, export: 'tv_rows', bufs: [fin('logP', P), fin('logQ', Q), fout('out', n)], args: [n, V, B('logP'), B('logQ'), B('out')], ref: { source: 'JS ½ Σ |p − q|', tol: 1e-12, values: { out: dec(tv) } } });
}
add({ id: 'kl_rows/err-overlap-out-in-P', export: 'kl_rows', bufs: [fio('logP', [-1, -1, -1, -1]), fin('logQ', [-1, -1, -1, -1])], args: [2, 2, B('logP'), B('logQ'), B('logP')], status: 4 });
add({ id: 'tv_rows/err-dim-negative', export: 'tv_rows', bufs: [fin('logP', [0]), fin('logQ', [0]), fout('out', 1)], args: [-2, 1, B('logP'), B('logQ'), B('out')], status: 1 });

// ---------------------------------------------------------------- decompositions (per-build bits)
const shapes: [number, number][] = [[1, 1], [3, 3], [7, 5], [5, 7], [17, 3], [2, 8], [13, 13]];
const svals = (m: number, n: number, a: number[]): number[] => new SingularValueDecomposition(new Matrix(rows(m, n, a))).diagonal;
for (const [m, n] of shapes) {
  const k = Math.min(m, n);
  const a = ints(m * n);
  add({ id: `qr/${m}x${n}`, export: 'qr', bufs: [fin('A', a), fout('Q', m * k), fout('R', k * n)], args: [m, n, B('A'), B('Q'), B('R')], ref: { source: 'property', tol: 1e-12, note: 'A = QR, QᵀQ = I, diag R ≥ 0 (checked by the ABI tests)' } });
  add({ id: `qr_r/${m}x${n}`, export: 'qr_r', bufs: [fin('A', a), fout('R', k * n)], args: [m, n, B('A'), B('R')], ref: { source: 'property', tol: 1e-12, note: 'the R of qr on the same A, bit for bit (same reflectors; checked by test/blocked)' } });
  add({ id: `qr_pivoted/${m}x${n}`, export: 'qr_pivoted', bufs: [fin('A', a), fout('Q', m * k), fout('R', k * n), iout('perm', n)], args: [m, n, B('A'), B('Q'), B('R'), B('perm')], ref: { source: 'property', tol: 1e-12, note: 'AP = QR, |diag R| non-increasing' } });
  const sv = svals(m, n, a).slice(0, k).sort((x, y) => y - x);
  add({ id: `svd_thin/${m}x${n}`, export: 'svd_thin', bufs: [fin('A', a), fout('U', m * k), fout('S', k), fout('V', n * k)], args: [m, n, B('A'), B('U'), B('S'), B('V')], ref: { source: 'ml-matrix SVD', tol: 1e-10, values: { S: dec(sv) } } });
  add({ id: `svd_right/${m}x${n}`, export: 'svd_right', bufs: [fin('A', a), fout('S', k), fout('V', n * k)], args: [m, n, B('A'), B('S'), B('V')], ref: { source: 'ml-matrix SVD', tol: 1e-10, values: { S: dec(sv) }, note: 'S and V of svd_thin on the same A, bit for bit (checked by test/core/decomp)' } });
}
{
  const a = lowRank(6, 5, 2);
  add({ id: 'svd_thin/6x5-rank2', export: 'svd_thin', bufs: [fin('A', a), fout('U', 30), fout('S', 5), fout('V', 25)], args: [6, 5, B('A'), B('U'), B('S'), B('V')], ref: { source: 'ml-matrix SVD', tol: 1e-10, values: { S: dec(svals(6, 5, a)) } } });
}
add({ id: 'svd_thin/err-dim-m0', export: 'svd_thin', bufs: [fin('A', [1]), fout('U', 1), fout('S', 1), fout('V', 1)], args: [0, 1, B('A'), B('U'), B('S'), B('V')], status: 1 });
add({ id: 'svd_thin/err-nonfinite', export: 'svd_thin', bufs: [fin('A', [1, 2, Infinity, 4]), fout('U', 4), fout('S', 2), fout('V', 4)], args: [2, 2, B('A'), B('U'), B('S'), B('V')], status: 5 });
add({ id: 'svd_right/err-nonfinite', export: 'svd_right', bufs: [fin('A', [1, 2, NaN, 4]), fout('S', 2), fout('V', 4)], args: [2, 2, B('A'), B('S'), B('V')], status: 5 });
add({ id: 'svd_right/err-overlap-V-is-A', export: 'svd_right', bufs: [fio('A', [1, 2, 3, 4]), fout('S', 2)], args: [2, 2, B('A'), B('S'), B('A')], status: 4 });
add({ id: 'svd_thin/err-overlap-U-is-A', export: 'svd_thin', bufs: [fio('A', [1, 2, 3, 4]), fout('S', 2), fout('V', 4)], args: [2, 2, B('A'), B('A'), B('S'), B('V')], status: 4 });
add({ id: 'qr/err-align-R', export: 'qr', bufs: [fin('A', [1, 2, 3, 4]), fout('Q', 4), fout('R', 5)], args: [2, 2, B('A'), B('Q'), B('R', 4)], status: 3 });
add({ id: 'qr_r/err-overlap-R-is-A', export: 'qr_r', bufs: [fio('A', [1, 2, 3, 4])], args: [2, 2, B('A'), B('A')], status: 4 });
add({ id: 'qr_pivoted/err-align-perm', export: 'qr_pivoted', bufs: [fin('A', [1, 2, 3, 4]), fout('Q', 4), fout('R', 4), iout('perm', 3)], args: [2, 2, B('A'), B('Q'), B('R'), B('perm', 2)], status: 3 });
for (const n of [1, 2, 5, 13]) {
  const a = symmetric(n);
  const ev = new EigenvalueDecomposition(new Matrix(rows(n, n, a)), { assumeSymmetric: true }).realEigenvalues.sort((x, y) => x - y);
  add({ id: `eig_sym/n${n}`, export: 'eig_sym', bufs: [fin('A', a), fout('W', n), fout('V', n * n)], args: [n, B('A'), B('W'), B('V')], ref: { source: 'ml-matrix symmetric eigen', tol: 1e-10, values: { W: dec(ev) } } });
}
add({ id: 'eig_sym/err-dim-n0', export: 'eig_sym', bufs: [fin('A', [1]), fout('W', 1), fout('V', 1)], args: [0, B('A'), B('W'), B('V')], status: 1 });
add({ id: 'eig_sym/err-nonfinite', export: 'eig_sym', bufs: [fin('A', [NaN, 0, 0, 1]), fout('W', 2), fout('V', 4)], args: [2, B('A'), B('W'), B('V')], status: 5 });
for (const n of [1, 3, 7, 13]) {
  const a = ints(n * n);
  add({ id: `lu/n${n}`, export: 'lu', bufs: [fin('A', a), fout('LU', n * n), iout('perm', n)], args: [n, B('A'), B('LU'), B('perm')], ref: { source: 'property', tol: 1e-12, note: 'PA = LU' } });
}
add({ id: 'lu/err-bounds-past-end', export: 'lu', bufs: [fin('A', [1, 2, 3, 4]), iout('perm', 2)], args: [2, B('A'), { memEnd: -8 }, B('perm')], status: 2 });

// ---------------------------------------------------------------- derived
for (const [n, nrhs] of [[1, 1], [3, 2], [7, 1], [13, 3]] as const) {
  const a = invertible(n), x = ints(n * nrhs);
  const A = rm(n, n, a);
  const b = nrhs > 0 ? flat(A.mul(rm(n, nrhs, x))).map((q) => q.toF64()) : [];
  add({ id: `solve/n${n}-nrhs${nrhs}`, export: 'solve', bufs: [fin('A', a), fin('B', b), fout('X', Math.max(n * nrhs, 1))], args: [n, nrhs, B('A'), B('B'), B('X')], ref: { source: 'exact rational solution', tol: 1e-12, values: { X: x.map(String) } } });
}
{
  // A rational (non-integer) solution, rounded once.
  const a = [3, 1, 0, 1, 4, 1, 0, 1, 5], b = [1, 2, 3];
  const X = flat(rm(3, 3, a).solve(rm(3, 1, b)));
  add({ id: 'solve/n3-rational-solution', export: 'solve', bufs: [fin('A', a), fin('B', b), fout('X', 3)], args: [3, 1, B('A'), B('B'), B('X')], ref: { source: 'exact rational solution', tol: 1e-14, values: { X: ratDec(X) } } });
}
add({ id: 'solve/err-dim-nrhs0', export: 'solve', bufs: [fin('A', [1, 0, 0, 1]), fin('B', [1, 1]), fout('X', 2)], args: [2, 0, B('A'), B('B'), B('X')], status: 1 });
add({ id: 'solve/err-singular', export: 'solve', bufs: [fin('A', [1, 2, 2, 4]), fin('B', [1, 1]), fout('X', 2)], args: [2, 1, B('A'), B('B'), B('X')], status: 6 });
add({ id: 'solve/err-nonfinite', export: 'solve', bufs: [fin('A', [1, 0, 0, 1]), fin('B', [1, NaN]), fout('X', 2)], args: [2, 1, B('A'), B('B'), B('X')], status: 5 });
for (const [id, n, a] of [['n1', 1, [4]], ['n2-unimodular', 2, [2, 1, 1, 1]], ['n5', 5, invertible(5)], ['n9', 9, invertible(9)]] as [string, number, number[]][]) {
  const inv = flat(rm(n, n, a).inverse());
  add({ id: `inverse/${id}`, export: 'inverse', bufs: [fin('A', a), fout('out', n * n)], args: [n, B('A'), B('out')], ref: { source: 'exact rational inverse', tol: 1e-12, values: { out: ratDec(inv) } } });
}
add({ id: 'inverse/err-singular', export: 'inverse', bufs: [fin('A', [1, 2, 3, 2, 4, 6, 1, 1, 1]), fout('out', 9)], args: [3, B('A'), B('out')], status: 6 });
for (const [id, n, a] of [['n1', 1, [-7]], ['n2', 2, [3, 8, 4, 6]], ['n3', 3, ints(9)], ['n7', 7, ints(49)], ['n11', 11, ints(121, -3, 3)], ['n4-singular', 4, lowRank(4, 4, 3)]] as [string, number, number[]][]) {
  const d = rm(n, n, a).det();
  add({ id: `det/${id}`, export: 'det', bufs: [fin('A', a), fout('out', 1)], args: [n, B('A'), B('out')], ref: { source: 'exact rational determinant', tol: 1e-12, values: { out: [d.toString()] } } });
  const la = d.isZero() ? -Infinity : Math.log(Math.abs(d.toF64()));
  add({ id: `logdet/${id}`, export: 'logdet', bufs: [fin('A', a), fout('logAbs', 1), fout('sign', 1)], args: [n, B('A'), B('logAbs'), B('sign')], ref: { source: 'log |exact det|', tol: 1e-12, values: { logAbs: dec([la]), sign: [String(d.sign())] } } });
}
add({ id: 'det/err-dim-n0', export: 'det', bufs: [fin('A', [1]), fout('out', 1)], args: [0, B('A'), B('out')], status: 1 });
add({ id: 'logdet/err-overlap', export: 'logdet', bufs: [fin('A', [1, 2, 3, 4]), fout('logAbs', 1)], args: [2, B('A'), B('logAbs'), B('logAbs')], status: 4 });
for (const [id, m, n, a] of [['1x1', 1, 1, [2]], ['3x5', 3, 5, ints(15)], ['7x4', 7, 4, ints(28)], ['4x4-rank2', 4, 4, lowRank(4, 4, 2)]] as [string, number, number, number[]][]) {
  const P = flat(rm(m, n, a).pinv());
  add({ id: `pinv/${id}`, export: 'pinv', bufs: [fin('A', a), fout('out', n * m)], args: [m, n, B('A'), F(-1), B('out')], ref: { source: 'exact rational pseudo-inverse', tol: 1e-10, values: { out: ratDec(P) } } });
}
add({ id: 'pinv/err-arg-rtol-nan', export: 'pinv', bufs: [fin('A', [1, 2]), fout('out', 2)], args: [1, 2, B('A'), F(NaN), B('out')], status: 9 });
for (const [id, m, n, nrhs, a] of [['5x3x2-over', 5, 3, 2, ints(15)], ['7x7x1-square', 7, 7, 1, invertible(7)], ['4x6x1-under', 4, 6, 1, ints(24)], ['6x4x2-rank2', 6, 4, 2, lowRank(6, 4, 2)]] as [string, number, number, number, number[]][]) {
  const b = ints(m * nrhs);
  const X = flat(rm(m, n, a).pinv().mul(rm(m, nrhs, b)));
  add({ id: `lstsq/${id}`, export: 'lstsq', bufs: [fin('A', a), fin('B', b), fout('X', n * nrhs)], args: [m, n, nrhs, B('A'), B('B'), F(-1), B('X')], ref: { source: 'exact A⁺B', tol: 1e-10, values: { X: ratDec(X) } } });
}
add({ id: 'lstsq/err-dim-nrhs-negative', export: 'lstsq', bufs: [fin('A', [1]), fin('B', [1]), fout('X', 1)], args: [1, 1, -1, B('A'), B('B'), F(-1), B('X')], status: 1 });
for (const [id, m, n, a] of [['1x1-zero', 1, 1, [0]], ['1x1', 1, 1, [5]], ['5x7-rank3', 5, 7, lowRank(5, 7, 3)], ['13x11-full', 13, 11, ints(143)], ['8x8-rank1', 8, 8, lowRank(8, 8, 1)]] as [string, number, number, number[]][]) {
  const r = rm(m, n, a).rank();
  add({ id: `rank/${id}`, export: 'rank', bufs: [fin('A', a), iout('out', 1)], args: [m, n, B('A'), F(-1), B('out')], exact: { out: [r] } });
}
add({ id: 'rank/err-arg-rtol-nan', export: 'rank', bufs: [fin('A', [1]), iout('out', 1)], args: [1, 1, B('A'), F(NaN), B('out')], status: 9 });
for (const [id, m, n, a] of [['5x7-rank3', 5, 7, lowRank(5, 7, 3)], ['4x2-full', 4, 2, ints(8)], ['1x1', 1, 1, [3]]] as [string, number, number, number[]][]) {
  const r = rm(m, n, a).rank();
  add({ id: `col_basis/${id}`, export: 'col_basis', bufs: [fin('A', a), fout('out', m * Math.min(m, n)), iout('dim', 1)], args: [m, n, B('A'), F(-1), B('out'), B('dim')], ref: { source: 'exact rank', tol: 0, values: { dim: [String(r)] } } });
  add({ id: `null_basis/${id}`, export: 'null_basis', bufs: [fin('A', a), fout('out', n * n), iout('dim', 1)], args: [m, n, B('A'), F(-1), B('out'), B('dim')], ref: { source: 'exact nullity', tol: 0, values: { dim: [String(n - r)] } } });
  const P = rm(m, n, a).mul(rm(m, n, a).pinv());
  add({ id: `projector/${id}`, export: 'projector', bufs: [fin('A', a), fout('out', m * m)], args: [m, n, B('A'), F(-1), B('out')], ref: { source: 'exact A A⁺', tol: 1e-10, values: { out: ratDec(flat(P)) } } });
}
add({ id: 'col_basis/err-overlap-dim-in-out', export: 'col_basis', bufs: [fin('A', [1, 2]), fout('out', 2)], args: [2, 1, B('A'), F(-1), B('out'), B('out')], status: 4 });
add({ id: 'null_basis/err-dim-n0', export: 'null_basis', bufs: [fin('A', [1]), fout('out', 1), iout('dim', 1)], args: [1, 0, B('A'), F(-1), B('out'), B('dim')], status: 1 });
add({ id: 'projector/err-nonfinite', export: 'projector', bufs: [fin('A', [1, NaN]), fout('out', 4)], args: [2, 1, B('A'), F(-1), B('out')], status: 5 });
{
  const m = 7;
  const A = reals(m * 3, 2), Bm = reals(m * 2, 2);
  add({ id: 'principal_angles/7-3-2', export: 'principal_angles', bufs: [fin('A', A), fin('B', Bm), fout('out', 2), iout('count', 1)], args: [m, 3, 2, B('A'), B('B'), F(-1), B('out'), B('count')] });
  const E = [1, 0, 0, 1, 0, 0, 0, 0, 0, 0]; // e1, e2 in R^5 as 5×2
  const G = [0, 1, 1, 1, 0, 0, 0, 0, 0, 0]; // (0,1,0,0,0)… spans e1+e2… and e2
  const O = [0, 0, 0, 0, 1, 0, 0, 1, 0, 0]; // e3, e4
  add({ id: 'principal_angles/same-subspace', export: 'principal_angles', bufs: [fin('A', E), fin('B', G), fout('out', 2), iout('count', 1)], args: [5, 2, 2, B('A'), B('B'), F(-1), B('out'), B('count')], ref: { source: 'exact', tol: 1e-14, values: { out: ['0', '0'], count: ['2'] } } });
  add({ id: 'principal_angles/orthogonal', export: 'principal_angles', bufs: [fin('A', E), fin('B', O), fout('out', 2), iout('count', 1)], args: [5, 2, 2, B('A'), B('B'), F(-1), B('out'), B('count')], ref: { source: 'exact', tol: 1e-14, values: { out: dec([Math.PI / 2, Math.PI / 2]), count: ['2'] } } });
  add({ id: 'principal_angles/1-1-1', export: 'principal_angles', bufs: [fin('A', [3]), fin('B', [-2]), fout('out', 1), iout('count', 1)], args: [1, 1, 1, B('A'), B('B'), F(-1), B('out'), B('count')], ref: { source: 'exact', tol: 0, values: { out: ['0'], count: ['1'] } } });
}
add({ id: 'principal_angles/err-arg-rtol-nan', export: 'principal_angles', bufs: [fin('A', [1]), fin('B', [1]), fout('out', 1), iout('count', 1)], args: [1, 1, 1, B('A'), B('B'), F(NaN), B('out'), B('count')], status: 9 });
for (const [id, m, n, a] of [['1x1', 1, 1, [-4]], ['3x3-scaled-identity', 3, 3, [2, 0, 0, 0, 2, 0, 0, 0, 2]], ['7x5', 7, 5, ints(35)], ['4x4-singular', 4, 4, lowRank(4, 4, 2)]] as [string, number, number, number[]][]) {
  const s = svals(m, n, a);
  add({ id: `cond2/${id}`, export: 'cond2', bufs: [fin('A', a), fout('out', 1)], args: [m, n, B('A'), B('out')], ref: { source: 'ml-matrix SVD σ₁/σ_k', tol: 1e-8, values: { out: dec([s[s.length - 1]! < 1e-12 * s[0]! ? Infinity : s[0]! / s[s.length - 1]!]) } } });
}
add({ id: 'cond2/err-nonfinite', export: 'cond2', bufs: [fin('A', [1, Infinity]), fout('out', 1)], args: [1, 2, B('A'), B('out')], status: 5 });

// ---------------------------------------------------------------- TSQR step (last: its draws leave the cases above as they were)
{
  // tsqr_load writes b rows into an n-column buffer (ld apart) at row r0; everything else stays (exact).
  const [b, n, ld, r0] = [3, 4, 6, 2];
  const a = reals(b * n), w = ints(n * ld);
  const out = w.slice();
  for (let i = 0; i < b; i++) for (let j = 0; j < n; j++) out[j * ld + r0 + i] = a[i * n + j]!;
  add({ id: 'tsqr_load/3x4-ld6-r0-2', export: 'tsqr_load', bufs: [fin('A', a), fio('Wt', w)], args: [b, n, B('A'), B('Wt'), ld, r0], exact: { Wt: hx(out) } });
  add({ id: 'tsqr_load/err-arg-past-ld', export: 'tsqr_load', bufs: [fin('A', a), fio('Wt', w)], args: [b, n, B('A'), B('Wt'), ld, 4], status: 9 });
  add({ id: 'tsqr_load/err-nonfinite', export: 'tsqr_load', bufs: [fin('A', [1, NaN]), fio('Wt', [0, 0, 0, 0])], args: [1, 2, B('A'), B('Wt'), 2, 0], status: 5 });
}
for (const [m, n, k, ld] of [[7, 3, 0, 7], [7, 3, 3, 8], [4, 6, 2, 5], [40, 37, 37, 41], [80, 40, 40, 80]] as const) {
  // The block column-contiguously (column j at j·ld); the top k rows upper trapezoidal, garbage below their
  // diagonal (the step must ignore it), rows past m untouched.
  const w = ints(n * ld);
  add({ id: `tsqr_step/${m}x${n}-k${k}`, export: 'tsqr_step', bufs: [fio('Wt', w)], args: [m, n, k, B('Wt'), ld], ref: { source: 'property', tol: 1e-12, note: 'the R of qr on the stacked block up to row signs and rounding (checked by test/blocked/tsqr-step)' } });
}
add({ id: 'tsqr_step/err-arg-k', export: 'tsqr_step', bufs: [fio('Wt', ints(6))], args: [3, 2, 3, B('Wt'), 3], status: 9 });
add({ id: 'tsqr_step/err-dim-ld', export: 'tsqr_step', bufs: [fio('Wt', ints(6))], args: [3, 2, 0, B('Wt'), 2], status: 1 });
add({ id: 'tsqr_step/err-nonfinite', export: 'tsqr_step', bufs: [fio('Wt', [1, 2, 3, Infinity, 5, 6])], args: [3, 2, 0, B('Wt'), 3], status: 5 });

// ---------------------------------------------------------------- gap scan (last, for the same reason)
function gapScanCase(id: string, k: GapBlock): void {
  const bufs = [fin('LA', k.LA), fin('LB', k.LB), fin('fA', k.fA), fin('fB', k.fB), fin('gA', k.gA), fin('gB', k.gB), fout('out', 6)];
  const ref = gapScanReference(k);
  add({ id: `gap_scan/${id}`, export: 'gap_scan', bufs, args: [k.n, k.b, B('LA'), B('LB'), B('fA'), B('fB'), B('gA'), B('gB'), F(k.pA), F(k.pB), k.skip, B('out')], ref: { source: 'the JavaScript loop it replaced (test/blocked/gap-scan-reference.ts): same IEEE operations, so bit for bit', tol: 0, values: { out: dec(ref) } } });
}
{
  // Small integers: equal entries (0/0 → 0), zero floors (x/0 → ∞) and tied ratios; odd width, pivot inside.
  const [n, b] = [5, 7];
  const small = (len: number, lo: number, hi: number): number[] => ints(len, lo, hi);
  gapScanCase('1x1', { n: 1, b: 1, LA: [3], LB: [1], fA: [0.5], fB: [0.25], gA: [1], gB: [2], pA: 1, pB: 0.5, skip: -1 });
  gapScanCase('5x7-skip-3-ties', { n, b, LA: small(n * b, -2, 2), LB: small(n * b, -2, 2), fA: small(n, 1, 2), fB: small(n, 1, 2), gA: small(b, 1, 2), gB: small(b, 1, 2), pA: 1, pB: 2, skip: 3 });
  gapScanCase('3x5-zero-floors-inf', { n: 3, b: 5, LA: small(15, -1, 1), LB: small(15, -1, 1), fA: [0, 1, 0], fB: [0, 0, 1], gA: [0, 1, 0, 2, 0], gB: [0, 0, 1, 0, 3], pA: 0, pB: 0, skip: -1 });
  gapScanCase('2x1-only-the-pivot', { n: 2, b: 1, LA: [1, 2], LB: [3, 4], fA: [1, 1], fB: [1, 1], gA: [1], gB: [1], pA: 1, pB: 1, skip: 0 });
  gapScanCase('6x9-skip-0-reals', { n: 6, b: 9, LA: reals(54, 4), LB: reals(54, 4), fA: reals(6).map(Math.abs), fB: reals(6).map(Math.abs), gA: reals(9).map(Math.abs), gB: reals(9).map(Math.abs), pA: 0.75, pB: 1.25, skip: 0 });
}
{
  const gbufs = [fin('LA', [1, 2]), fin('LB', [2, 1]), fin('fA', [1]), fin('fB', [1]), fin('gA', [1, 1]), fin('gB', [1, 1]), fout('out', 6)];
  const gargs = (over: Partial<Record<number, Arg>>): Arg[] => {
    const a: Arg[] = [1, 2, B('LA'), B('LB'), B('fA'), B('fB'), B('gA'), B('gB'), F(1), F(1), -1, B('out')];
    for (const [i, v] of Object.entries(over)) a[Number(i)] = v!;
    return a;
  };
  add({ id: 'gap_scan/err-dim-negative-n', export: 'gap_scan', bufs: gbufs, args: gargs({ 0: -1 }), status: 1 });
  add({ id: 'gap_scan/err-arg-skip-past-b', export: 'gap_scan', bufs: gbufs, args: gargs({ 10: 2 }), status: 9 });
  add({ id: 'gap_scan/err-bounds-out-past-end', export: 'gap_scan', bufs: gbufs, args: gargs({ 11: { memEnd: -16 } }), status: 2 });
  add({ id: 'gap_scan/err-align-gB', export: 'gap_scan', bufs: gbufs, args: gargs({ 7: B('gB', 4) }), status: 3 });
  add({ id: 'gap_scan/err-overlap-out-in-LB', export: 'gap_scan', bufs: [fio('LB', [2, 1, 0, 0, 0, 0, 0]), ...gbufs.filter((b) => b.name !== 'LB' && b.name !== 'out')], args: gargs({ 11: B('LB', 8) }), status: 4 });
}

// ---------------------------------------------------------------- TSQR step on two R factors (last: its draws leave the cases above as they were)
for (const [m, n, k, ld] of [[2, 1, 1, 2], [6, 3, 3, 7], [5, 4, 4, 6], [7, 4, 2, 8], [80, 40, 40, 81]] as const) {
  // Both the top k rows and the rows below are upper trapezoidal, with garbage below both diagonals (the
  // step must ignore it); [5, 4, 4] has a one-row bottom, [7, 4, 2] a short top (the dense step), [80, 40]
  // takes the compact-WY update.
  const w = ints(n * ld);
  add({ id: `tsqr_step_tt/${m}x${n}-k${k}`, export: 'tsqr_step_tt', bufs: [fio('Wt', w)], args: [m, n, k, B('Wt'), ld], ref: { source: 'property', tol: 1e-12, note: 'the R of qr on the stacked block up to row signs and rounding (checked by test/core/tsqr-tt)' } });
}
add({ id: 'tsqr_step_tt/err-arg-k', export: 'tsqr_step_tt', bufs: [fio('Wt', ints(6))], args: [3, 2, 3, B('Wt'), 3], status: 9 });
add({ id: 'tsqr_step_tt/err-dim-ld', export: 'tsqr_step_tt', bufs: [fio('Wt', ints(6))], args: [3, 2, 0, B('Wt'), 2], status: 1 });
// Column 1 of a 3 × 2 block with k = 1: ∞ in bottom row 1, inside the bottom's trapezoid.
add({ id: 'tsqr_step_tt/err-nonfinite', export: 'tsqr_step_tt', bufs: [fio('Wt', [1, 2, 3, 4, 5, Infinity])], args: [3, 2, 1, B('Wt'), 3], status: 5 });

// ---------------------------------------------------------------- run through both builds in Node
const manifest = JSON.parse(readFileSync(join(root, 'assembly/manifest.json'), 'utf8')) as { abiVersion: number; exports: { name: string; results: string[] }[] };
async function instantiate(file: string) {
  const { instance } = await WebAssembly.instantiate(readFileSync(join(root, 'build', file)), {});
  const core = instance.exports as Record<string, (...a: number[]) => number> & { memory: WebAssembly.Memory };
  return { core, start: core.mark!() };
}
const builds = { release: await instantiate('release.wasm'), scalar: await instantiate('scalar.wasm') };
const problems: string[] = [];
const cases: object[] = [];
const identity = new Set(['alloc', 'mark', 'reset', 'heap_base', 'heap_top', 'memory_bytes', 'build_flags', 'abi_version', 'last_abort_line']);
const stats = { exact: 0, identicalAcrossBuilds: 0, perBuild: 0, error: 0, identity: 0 };

for (const d of defs) {
  const bufs = (d.bufs ?? []).map((b) => ({ name: b.name, type: b.type, ...(b.init ? { init: b.init } : { len: b.len }) }));
  const c = { id: d.id, export: d.export, bufs, args: d.args };
  const got = { release: runCase(builds.release.core, c, builds.release.start), scalar: runCase(builds.scalar.core, c, builds.scalar.start) };
  const entry: Record<string, unknown> = { id: d.id, export: d.export };
  if (d.note) entry.note = d.note;
  entry.bufs = bufs;
  entry.args = d.args;
  if (identity.has(d.export)) {
    stats.identity++;
    if (d.ret === 'per-build') {
      entry.expectBuild = { release: { ret: got.release.ret }, scalar: { ret: got.scalar.ret } };
    } else {
      entry.expect = { ret: d.ret };
    }
    entry.source = d.ret === 'per-build' ? 'node-per-build' : 'abi-contract';
    cases.push(entry);
    continue;
  }
  const want = d.status ?? 0;
  for (const b of ['release', 'scalar'] as const) {
    if (got[b].ret !== want) problems.push(`${d.id}: ${b} returned ${JSON.stringify(got[b].ret)}, expected status ${want}`);
  }
  const outs = (d.bufs ?? []).filter((b) => b.role !== 'in').map((b) => b.name);
  if (want !== 0) {
    // Nothing written: every output keeps its initial contents.
    stats.error++;
    const out: Record<string, unknown> = {};
    for (const b of d.bufs ?? []) if (b.role !== 'in') out[b.name] = b.init ?? (b.type === 'i32' ? new Array(b.len).fill(-559038737) : new Array(b.len).fill(SENTINEL));
    for (const bn of ['release', 'scalar'] as const)
      for (const name of Object.keys(out)) if (JSON.stringify(got[bn].out[name]) !== JSON.stringify(out[name])) problems.push(`${d.id}: ${bn} wrote ${name} on an error`);
    entry.expect = { ret: want, out };
    entry.source = 'abi-contract (status, nothing written)';
  } else if (d.exact) {
    stats.exact++;
    for (const bn of ['release', 'scalar'] as const)
      for (const [name, vals] of Object.entries(d.exact)) {
        const g = got[bn].out[name] as unknown[];
        if (JSON.stringify(g) !== JSON.stringify(vals)) problems.push(`${d.id}: ${bn} ${name} differs from the exact value\n  exact ${JSON.stringify(vals).slice(0, 300)}\n  got   ${JSON.stringify(g).slice(0, 300)}`);
      }
    const out: Record<string, unknown> = {};
    for (const name of outs) out[name] = d.exact[name] ?? got.release.out[name];
    entry.expect = { ret: 0, out };
    entry.source = 'exact (src/exact, rounded once)';
  } else {
    const pick = (bn: 'release' | 'scalar'): Record<string, unknown> => Object.fromEntries(outs.map((n) => [n, got[bn].out[n]]));
    const r = pick('release'), s = pick('scalar');
    if (JSON.stringify(r) === JSON.stringify(s)) {
      stats.identicalAcrossBuilds++;
      entry.expect = { ret: 0, out: r };
      entry.source = 'node (both builds produce these bits)';
    } else {
      stats.perBuild++;
      entry.expectBuild = { release: { ret: 0, out: r }, scalar: { ret: 0, out: s } };
      entry.source = 'node (per build)';
    }
    if (d.ref) {
      entry.ref = d.ref;
      // Sanity: the pinned bits are within the documented tolerance of the reference.
      for (const [name, vals] of Object.entries(d.ref.values ?? {})) {
        for (const bn of ['release', 'scalar'] as const) {
          const g = got[bn].out[name] as (string | number)[];
          vals.forEach((v, i) => {
            const refv = v.includes('/') ? Rational.parse(v).toF64() : Number(v);
            const gv = typeof g[i] === 'string' ? hexToF64(g[i] as string) : (g[i] as number);
            const ok = refv === gv || Math.abs(refv - gv) <= d.ref!.tol * Math.max(1, Math.abs(refv));
            if (!ok) problems.push(`${d.id}: ${bn} ${name}[${i}] = ${gv}, reference ${refv} (tol ${d.ref!.tol})`);
          });
        }
      }
    }
  }
  cases.push(entry);
}

const covered = new Set(cases.map((c) => (c as { export: string }).export));
for (const e of manifest.exports) if (!covered.has(e.name)) problems.push(`export ${e.name} has no vector`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const vectors = {
  format: 'all-or-none conformance vectors',
  version: VERSION,
  abiVersion: manifest.abiVersion,
  f64: 'IEEE-754 bit patterns as 16 hex digits (most significant first); NaNs compare as 7ff8000000000000',
  builds: ['release', 'scalar'],
  generatedBy: 'npx tsx conformance/generate.ts',
  cases,
};
const text = JSON.stringify(vectors, null, 0).replace(/\{"id":/g, '\n{"id":') + '\n';
const file = join(here, 'vectors', `v${VERSION}.json`);
if (process.argv.includes('--check')) {
  const old = readFileSync(file, 'utf8');
  if (old !== text) {
    console.error(`${file} is stale: run npx tsx conformance/generate.ts`);
    process.exit(1);
  }
  console.log('vectors up to date');
} else {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`${cases.length} cases (${JSON.stringify(stats)}), ${(text.length / 1024).toFixed(0)} KiB → ${file}`);
}
