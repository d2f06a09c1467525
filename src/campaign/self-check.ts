// Known-answer checks of the pieces of the tool a campaign's random instances never reach: the model
// readers (the input of compare, audit and replay) on byte orders and memory orders no generated model has
// (the campaign builds its models in memory and writes them little-endian), with the precision each
// stored type is judged at, exact rational arithmetic and the exact model checks
// on cases whose answer is known by hand, and the Wasm kernels of both builds (SIMD and scalar: a report
// may be replayed on a runtime without SIMD) against a plain loop. `aon verify` runs them first: a
// campaign on a broken reader, exact core or kernel proves nothing, so a failure stops it (exit 70).
// Each answer here is written down independently of the code it checks (its own .npy encoder, its own
// products), and the whole takes milliseconds.
import { buildStoredZip } from '../io/zip.js';
import { parseModel } from '../io/read-model.js';
import { precisionOfDtype } from '../engine/tolerance.js';
import { Rational, RationalMatrix } from '../exact/index.js';
import { exactModel, sameDistribution, fDiverse, gDiverse } from '../certify/exact-model.js';
import { certificate, check } from '../certify/certificate.js';
import { loadCore, simdSupported, type BuildChoice } from '../wasm/loader.js';
import { fromArray, empty } from '../matrix/create.js';
import { mul } from '../matrix/convenience.js';
import { logOdds, logSoftmaxRows } from '../matrix/dist.js';
import { decideRank } from '../engine/rank.js';
import { fitLinear } from '../engine/fit.js';

export interface SelfCheckFailure {
  what: string;
  detail: string;
}

/** A .npy file (version 1.0) written byte by byte: the preamble, a dict header padded to 64 bytes, the data. */
function npyFile(dict: string, dataBytes: number, write: (view: DataView, at: number) => void): Uint8Array {
  const header = dict + ' '.repeat(63 - ((10 + dict.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + dataBytes);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let k = 0; k < header.length; k++) out[10 + k] = header.charCodeAt(k);
  write(view, 10 + header.length);
  return out;
}

/** A float matrix: descr such as '>f8', C or Fortran order. */
function npy(descr: string, rows: number, cols: number, values: number[], fortran: boolean): Uint8Array {
  const size = Number(descr.slice(2)), little = descr[0] === '<';
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${rows}, ${cols}), }`;
  return npyFile(dict, rows * cols * size, (view, start) => {
    for (let k = 0; k < rows * cols; k++) {
      // Fortran order stores column by column.
      const i = fortran ? k % rows : Math.floor(k / cols), j = fortran ? Math.floor(k / rows) : k % cols;
      const v = values[i * cols + j] as number, at = start + k * size;
      if (size === 8) view.setFloat64(at, v, little);
      else view.setFloat32(at, v, little);
    }
  });
}

function pivotNpy(p: number): Uint8Array {
  return npyFile(`{'descr': '<i8', 'fortran_order': False, 'shape': (), }`, 8, (view, at) => view.setBigInt64(at, BigInt(p), true));
}

// Entries whose bytes differ under either byte order; G's are exact in f32.
const F = [1.5, -2.25, 0.1, 3.125e-3, 7, -1 / 3];
const G = [0.375, -1.25, 6.5, 0.0078125, -3, 12.75, 2.5, -0.625, 1, 40, -0.5, 0.25];

function readers(fail: (what: string, detail: string) => void): void {
  const cases: [string, string, boolean, string, boolean][] = [
    ['>f8', 'C', false, '>f4', true],
    ['<f8', 'Fortran', true, '<f4', false],
    ['>f8', 'Fortran', true, '<f8', true],
  ];
  for (const [fd, fo, fFortran, gd, gFortran] of cases) {
    const name = `self-check-${fd}-${fo}.npz`;
    const bytes = buildStoredZip([
      { name: 'F.npy', data: npy(fd, 2, 3, F, fFortran) },
      { name: 'G.npy', data: npy(gd, 4, 3, G, gFortran) },
      { name: 'pivot.npy', data: pivotNpy(1) },
    ], name);
    const what = `reader: .npz with F '${fd}' ${fo} order, G '${gd}' ${gFortran ? 'Fortran' : 'C'} order`;
    try {
      const m = parseModel(bytes, name);
      const same = (x: Float64Array, want: number[], f32: boolean) => want.every((v, k) => x[k] === (f32 ? Math.fround(v) : v));
      if (!same(m.F.data, F, fd.endsWith('4')) || !same(m.G.data, G, gd.endsWith('4')) || m.pivot !== 1) {
        fail(what, `read F = [${Array.from(m.F.data).join(', ')}], G = [${Array.from(m.G.data).join(', ')}], pivot ${m.pivot}`);
      }
      // What compare judges the model at: the unit roundoff of each factor's stored type.
      const u = precisionOfDtype(m.dtype), want = (d: string) => (d.endsWith('4') ? 2 ** -24 : 2 ** -53);
      if (u.F !== want(fd) || u.G !== want(gd)) fail(`${what}: precision`, `dtype '${m.dtype}' gives unit roundoff F ${u.F}, G ${u.G}; want ${want(fd)}, ${want(gd)}`);
    } catch (e) {
      fail(what, (e as Error).message);
    }
  }
}

function exactArithmetic(fail: (what: string, detail: string) => void): void {
  const q = (n: number, d: number) => Rational.of(n, d);
  if (!q(1, 2).add(q(1, 3)).eq(q(5, 6))) fail('exact: 1/2 + 1/3 = 5/6', `got ${q(1, 2).add(q(1, 3)).toString()}`);
  if (q(1, 3).cmp(q(1, 2)) !== -1 || q(-1, 2).cmp(q(-1, 3)) !== -1) fail('exact: 1/3 < 1/2 and −1/2 < −1/3', 'comparison is wrong');
  if (Rational.ZERO.eq(q(1, 2)) || q(2, 4).eq(q(1, 3))) fail('exact: 0 ≠ 1/2 and 2/4 ≠ 1/3', 'equality is wrong');
  const A = RationalMatrix.fromRows([[1, 2, 3], [0, 1, 1]]);
  if (A.rowSpaceContains(RationalMatrix.fromRows([[0, 0, 1]]))) fail('exact: (0, 0, 1) is not in the row space of [[1, 2, 3], [0, 1, 1]]', 'reported inside');
  if (!A.rowSpaceContains(RationalMatrix.fromRows([[1, 3, 4]]))) fail('exact: (1, 3, 4) is in the row space of [[1, 2, 3], [0, 1, 1]]', 'reported outside');
  // Two models whose log-odds have the same rank but differ: not the same distribution.
  const dense = (rows: number, cols: number, data: number[]) => ({ rows, cols, data: Float64Array.from(data) });
  const a = exactModel({ F: dense(2, 2, [1, 0, 0, 1]), G: dense(3, 2, [0, 0, 1, 0, 0, 1]), pivot: 0 });
  const b = exactModel({ F: dense(2, 2, [2, 0, 0, 1]), G: dense(3, 2, [0, 0, 1, 0, 0, 1]), pivot: 0 });
  if (sameDistribution(a, b)) fail('exact: models with L = I and L = diag(2, 1) differ in distribution', 'reported the same');
  if (!sameDistribution(a, a)) fail('exact: a model has its own distribution', 'reported different');
  // Pivot 1: G₀ has rows g(0) − g(1) = (−1, 0) and g(2) − g(1) = (−1, 1), rank 2; with pivot 0 the same G gives rank 2 too, so check the rows.
  const c = exactModel({ F: dense(1, 2, [1, 1]), G: dense(3, 2, [0, 0, 1, 0, 0, 1]), pivot: 1 });
  if (!c.G0.equals(RationalMatrix.fromRows([[-1, 0], [-1, 1]]))) fail('exact: G₀ against pivot 1', `got ${c.G0.toString()}`);
  if (fDiverse(c) || !gDiverse(c)) fail('exact: F = [1 1] is not f-diverse, G₀ of rank 2 is g-diverse', 'diversity is wrong');
  // A certificate for a property that holds must not verify a counterexample.
  const cert = certificate([check('P = P̃', sameDistribution(a, a))], !sameDistribution(a, a), 'self-check');
  if (cert.verified) fail('certify: a certificate of a property that holds does not verify a counterexample', 'verified');
}

function kernels(build: BuildChoice, fail: (what: string, detail: string) => void): void {
  const core = loadCore({ build });
  core.scope(() => {
    // Shapes that leave partial micro-kernel tiles on every side; both transposition flags of A.
    const m = 13, n = 11, k = 9;
    const a = Array.from({ length: m * k }, (_, i) => ((i * 7919) % 23) / 7 - 1.5);
    const b = Array.from({ length: k * n }, (_, i) => ((i * 104729) % 19) / 5 - 1.75);
    const ref = new Float64Array(m * n);
    let scale = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0, abs = 0;
      for (let p = 0; p < k; p++) { s += (a[i * k + p] as number) * (b[p * n + j] as number); abs += Math.abs((a[i * k + p] as number) * (b[p * n + j] as number)); }
      ref[i * n + j] = s;
      scale = Math.max(scale, abs);
    }
    const at = new Float64Array(k * m);
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) at[p * m + i] = a[i * k + p] as number;
    const tol = 4 * k * 2 ** -53 * scale;
    for (const [label, x] of [
      ['A B', mul(fromArray(core, m, k, a), fromArray(core, k, n, b))],
      ['Aᵀ B with A stored transposed', mul(fromArray(core, k, m, at), fromArray(core, k, n, b), { transA: true })],
    ] as const) {
      const got = x.toFloat64Array();
      const worst = got.reduce((w, v, i) => Math.max(w, Math.abs(v - (ref[i] as number))), 0);
      if (!(worst <= tol)) fail(`kernels (${core.build} build): gemm ${label}, ${m}×${k} times ${k}×${n}`, `off by ${worst.toExponential(2)} > ${tol.toExponential(2)}`);
    }
    // Log-odds against pivot 2 and log-softmax of rows with large entries (the max shift matters).
    const z = [1000, 1001, 1003, -2, 0.5, 4, 7, -1, 3, 2, 0, -5];
    const Z = fromArray(core, 2, 6, z);
    const lo = logOdds(empty(core, 2, 5), Z, 2).toFloat64Array();
    const want: number[] = [];
    for (let r = 0; r < 2; r++) for (let j = 0; j < 6; j++) if (j !== 2) want.push((z[r * 6 + j] as number) - (z[r * 6 + 2] as number));
    if (!want.every((v, i) => v === lo[i])) fail(`kernels (${core.build} build): log-odds against pivot 2`, `got [${Array.from(lo).join(', ')}]`);
    const ls = logSoftmaxRows(empty(core, 2, 6), Z).toFloat64Array();
    for (let r = 0; r < 2; r++) {
      const row = z.slice(r * 6, r * 6 + 6), mx = Math.max(...row);
      const lse = mx + Math.log(row.reduce((s, v) => s + Math.exp(v - mx), 0));
      for (let j = 0; j < 6; j++) {
        if (!(Math.abs((ls[r * 6 + j] as number) - ((row[j] as number) - lse)) <= 1e-12 * (1 + Math.abs(row[j] as number)))) {
          fail(`kernels (${core.build} build): log-softmax of a row with entries near 1000`, `entry (${r}, ${j}) = ${ls[r * 6 + j]}, want ${(row[j] as number) - lse}`);
          return;
        }
      }
    }
  });
}

/**
 * The engine's decisions at the edge of their floors, on cases whose answer is known by construction: a
 * diagonal matrix (its spectrum is exact) with σ₃/σ₁ = 1e-11, four decades above the f64 floor, has rank 3;
 * a fit missing the column space of a well-conditioned design by 3e-12 (relative) fails, and the exact
 * fit holds. The campaign's generators leave spectral gaps of 1e5 and more, so floors loosened by a few
 * decades pass them unnoticed; these cases are where such floors give the wrong answer.
 */
function decisions(fail: (what: string, detail: string) => void): void {
  const core = loadCore();
  core.scope(() => {
    const X = fromArray(core, 6, 4, [1, 0, 0, 0, 0, 1e-3, 0, 0, 0, 0, 1e-11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const r = decideRank(X);
    if (r.rank !== 3 || !r.conclusive) fail('decisions: rank of diag(1, 1e-3, 1e-11, 0) stored in f64', `rank ${r.rank}${r.conclusive ? '' : ' (inconclusive)'}, floor ${r.floor.toExponential(2)}; want 3, conclusive`);
    // Columns c₁ = (1, 0, 1, 1, 2, 0), c₂ = (0, 1, 1, −1, 0, 2); v = (1, 1, −1, 0, 0, 0) is orthogonal to both.
    const D = fromArray(core, 6, 2, [1, 0, 0, 1, 1, 1, 1, -1, 2, 0, 0, 2]);
    const onto = [1, 2, 3, -1, 2, 4], s = 1.2e-11, v = [1, 1, -1, 0, 0, 0];
    const exact = fitLinear(D, fromArray(core, 6, 1, onto));
    if (!exact.holds || !exact.conclusive) fail('decisions: a consistent least-squares fit', `holds ${exact.holds}, conclusive ${exact.conclusive}, residual ${exact.residual.toExponential(2)} against ${exact.tol.toExponential(2)}`);
    const off = fitLinear(D, fromArray(core, 6, 1, onto.map((y, i) => y + s * (v[i] as number))));
    if (off.holds || !off.conclusive) fail('decisions: a fit missing the column space by 3e-12 (relative)', `holds ${off.holds}, conclusive ${off.conclusive}, residual ${off.residual.toExponential(2)} against ${off.tol.toExponential(2)}`);
  });
}

/** Every known-answer check; an empty list when all pass. */
export function selfCheck(): SelfCheckFailure[] {
  const failures: SelfCheckFailure[] = [];
  const fail = (what: string, detail: string) => failures.push({ what, detail });
  const guard = (what: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      fail(what, `threw ${(e as Error).message}`);
    }
  };
  guard('reader', () => readers(fail));
  guard('exact', () => exactArithmetic(fail));
  guard('decisions', () => decisions(fail));
  for (const build of simdSupported() ? (['simd', 'scalar'] as const) : (['scalar'] as const)) guard(`kernels (${build})`, () => kernels(build, fail));
  return failures;
}
